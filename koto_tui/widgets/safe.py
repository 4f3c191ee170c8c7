"""User text for the TUI: never markup, and the display rule of `koto_tui.text` for unsafe characters.

`plain` is for everything drawn (Static, Label, options; `cell` for one-line table cells): rich
Text, shown literally, with control and bidi characters made visible (a cell also without the emoji marks
whose width terminals count differently). `field_value` is for what goes into an Input or TextArea, which
cannot hold Text: the same characters are removed instead, as the parsers do when the value is saved, so
what is shown is what will be stored.
"""

from __future__ import annotations

from rich.text import Text

from koto_tui.text import cell_text, has_unsafe, printable, removed, shown, terminal_clean

__all__ = ["cell", "field_value", "has_unsafe", "notice", "plain", "printable", "terminal_clean"]


def plain(value: object, style: str = "", *, lines: bool = True) -> Text:
    """User text as a rich Text: `[bold]` shown literally, ESC as ␛, U+202E as `<U+202E>`."""
    return Text(shown(str(value), lines=lines), style=style)


def cell(value: object, style: str = "") -> Text:
    """User text for one line (a table cell): as `plain`, with a line break shown as ␊, and its width the
    same in Rich's cells as in a terminal's (`koto_tui.text.steady`), so the columns after it line up."""
    return Text(cell_text(str(value)), style=style)


def field_value(value: object, *, lines: bool = False) -> str:
    """User text for an Input (one line) or a TextArea (*lines*): unsafe characters removed."""
    return removed(str(value), lines=lines)


def notice(value: object) -> str:
    """User text for a notification (a str, given with markup=False): the display rule applied."""
    return shown(str(value))
