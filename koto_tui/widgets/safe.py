"""User text for the TUI: never markup, and the display rule of `koto_tui.text` for unsafe characters.

`plain` is for everything drawn (Static, Label, options; `cell` for one-line table cells): rich
Text, shown literally, with control and bidi characters made visible (a cell also without the emoji marks
whose width terminals count differently). `field_value` is for what goes into an Input or TextArea, which
cannot hold Text: the same characters are removed instead, as the parsers do when the value is saved, so
what is shown is what will be stored.

Importing this module makes Rich (and so Textual) measure spacing vowel signs as a terminal draws them
(`koto_tui.text.terminal_widths`): a name in Hindi, Bengali or Khmer keeps the columns after it in place.
"""

from __future__ import annotations

from rich._unicode_data import load as load_cell_table
from rich.cells import cached_cell_len, get_character_cell_size
from rich.text import Text

from koto_tui.text import cell_text, has_unsafe, printable, removed, shown, terminal_clean, terminal_widths

__all__ = ["cell", "field_value", "has_unsafe", "notice", "plain", "printable", "terminal_clean"]


def measure_as_terminals() -> None:
    """Correct Rich's width table in place (the one it measures with, for any Unicode version it picks) so
    a spacing mark takes the cells a terminal gives it, and forget the widths it measured before."""
    table = load_cell_table("auto").widths
    if isinstance(table, list):  # as Rich builds it (rich/_unicode_data); tests/unit/test_text.py checks it
        table[:] = terminal_widths(table)
    get_character_cell_size.cache_clear()
    cached_cell_len.cache_clear()


measure_as_terminals()


def plain(value: object, style: str = "", *, lines: bool = True) -> Text:
    """User text as a rich Text: `[bold]` shown literally, ESC as ␛, U+202E as `<U+202E>`."""
    return Text(shown(str(value), lines=lines), style=style)


def cell(value: object, style: str = "") -> Text:
    """User text for one line (a table cell): as `plain`, with a line break shown as ␊, and its width the
    same in Rich's cells as in a terminal's (`koto_tui.text.steady`), so the columns after it line up; cut
    to a column narrower than it (`koto_tui.widgets.fit`), it ends in "…"."""
    return Text(cell_text(str(value)), style=style, overflow="ellipsis")


def field_value(value: object, *, lines: bool = False) -> str:
    """User text for an Input (one line) or a TextArea (*lines*): unsafe characters removed."""
    return removed(str(value), lines=lines)


def notice(value: object) -> str:
    """User text for a notification (a str, given with markup=False): the display rule applied."""
    return shown(str(value))
