"""User text made harmless: one rule decides which characters are unsafe, wherever text is stored or shown.

The rule: control characters (C0, DEL, C1), format characters (bidi overrides, embeddings, isolates and
marks, zero-width spaces, soft hyphens, tag characters), line and paragraph separators and lone surrogates
are unsafe; the zero-width joiner and non-joiner are not (Persian and Indic spelling and emoji need them).
A tab counts as a space and a line break is kept where the text may have several lines.
- Stored text (`clean_text`) and editable fields (`removed`) drop the unsafe characters.
- Shown text (`shown`, used by the TUI's `plain` and by the command line's `printable`) makes each one
  visible instead: a C0 control or DEL as its control picture (ESC → ␛), any other as `<U+202E>`.
- A one-line table cell (`cell_text`) is also made `steady`: the marks whose width terminals count
  differently from Rich (which lays out the columns) are dropped, so a column after the text stays put.
- Spacing vowel signs (Devanagari, Bengali, Khmer) are spelling and stay: `terminal_widths` corrects the
  width table Rich measures them with instead (the TUI applies it once, in `koto_tui.widgets.safe`).
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["FORMULA_STARTS", "cell_text", "clean_text", "csv_bytes", "csv_cell", "formula_safe", "has_unsafe",
           "is_unsafe", "printable", "removed", "shown", "steady", "terminal_clean", "terminal_widths",
           "unsafe_pattern"]

#: Format characters that are part of ordinary writing: zero-width non-joiner and joiner.
_KEPT_FORMAT = frozenset("\u200c\u200d")
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


def is_unsafe(ch: str) -> bool:
    """Whether the character *ch* may steer a terminal, reorder text or hide itself."""
    category = unicodedata.category(ch)
    return category in _UNSAFE_CATEGORIES or (category == "Cf" and ch not in _KEPT_FORMAT)


def visible(ch: str) -> str:
    """A visible stand-in for the unsafe character *ch*: its control picture, or its code point."""
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def _lines(text: str) -> str:
    """*text* with Windows line endings made newlines and tabs made spaces (a lone CR stays unsafe)."""
    return text.replace("\r\n", "\n").replace("\t", " ")


def shown(text: str, *, lines: bool = True) -> str:
    """*text* for a screen: every unsafe character made visible, line breaks kept when *lines*."""
    return "".join(ch if ch == "\n" and lines else visible(ch) if is_unsafe(ch) else ch
                   for ch in _lines(text))


#: Marks Rich measures as joining the emoji before them (no cell) where terminals (glibc's wcwidth: tmux,
#: xterm, VTE) give them two cells, or one cell more: the emoji skin-tone modifiers and variation selectors.
_UNSTEADY_MARKS = frozenset(map(chr, range(0x1F3FB, 0x1F400))) | frozenset("\ufe0e\ufe0f")
_ZWJ = "\u200d"


def steady(text: str) -> str:
    """*text* with the same width in Rich's cells and a terminal's: skin-tone modifiers and variation
    selectors dropped, and a zero-width joiner after an emoji (Rich draws the joined emoji in two cells, a
    terminal each one in two), so joined emoji stand side by side; a joiner between letters (Persian,
    Indic) stays. Spacing vowel signs (Devanagari, Bengali, Khmer) are spelling and stay: Rich measures
    them as a terminal does once `terminal_widths` has corrected its table."""
    if text.isascii():
        return text
    kept: list[str] = []
    for ch in text:
        if ch in _UNSTEADY_MARKS or (ch == _ZWJ and kept and unicodedata.category(kept[-1]) == "So"):
            continue
        kept.append(ch)
    return "".join(kept)


#: Spacing marks (Unicode category Mc: Devanagari ि U+093F and ी U+0940, Bengali ি U+09BF, Khmer ា U+17B6 …)
#: take a cell in a terminal (glibc's wcwidth: tmux 3.3, xterm, VTE) and none in Rich's width table (from the
#: wcwidth project), so a row holding one was drawn a cell wider per mark than Rich laid it out.
_TERMINAL_SPACING = "Mc"


def _terminal_cells(code: int) -> int:
    """The cells a terminal gives the spacing mark *code*: two for an East Asian wide one, else one."""
    return 2 if unicodedata.east_asian_width(chr(code)) in ("W", "F") else 1


def terminal_widths(widths: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Rich's width table *widths* (sorted ranges of code points and their cells; one cell where none is
    given) with every spacing mark it counts as no cell given the cells a terminal gives it."""
    corrected: list[tuple[int, int, int]] = []
    for start, end, width in widths:
        run_start = start
        for code in range(start, end + 1) if width == 0 else ():
            if unicodedata.category(chr(code)) == _TERMINAL_SPACING:
                if run_start < code:
                    corrected.append((run_start, code - 1, width))
                corrected.append((code, code, _terminal_cells(code)))
                run_start = code + 1
        if run_start <= end:
            corrected.append((run_start, end, width))
    return corrected


def cell_text(text: str) -> str:
    """*text* for a one-line table cell: every unsafe character (and a line break) made visible, `steady`."""
    return steady(shown(text, lines=False))


def removed(text: str, *, lines: bool = True) -> str:
    """*text* for an editable field: unsafe characters dropped, line breaks kept when *lines*, else spaces."""
    if text.isprintable():  # no unsafe character, line break or tab (none is printable): nothing to do
        return text
    text = _lines(text) if lines else _lines(text).replace("\n", " ")
    return "".join(ch for ch in text if ch == "\n" or not is_unsafe(ch))


#: The planes that hold unsafe characters (Unicode 15: controls and most format characters in the BMP, a
#: few format characters in plane 1, the tag characters in plane 14); the rest hold letters, marks,
#: private use or nothing. tests/unit/test_text.py checks this against every code point.
UNSAFE_PLANES = (0, 1, 14)


@functools.cache
def _unsafe_codes() -> tuple[int, ...]:
    """Every unsafe code point, in order (a fifth of a second, once)."""
    return tuple(c for plane in UNSAFE_PLANES for c in range(plane << 16, (plane + 1) << 16)
                 if is_unsafe(chr(c)))


@functools.cache
def unsafe_pattern(allowed: str = "") -> re.Pattern[str]:
    """A regex for any unsafe character but those in *allowed*: the same rule, to search much text at once."""
    codes = [c for c in _unsafe_codes() if chr(c) not in allowed]
    ranges, start = [], codes[0]
    for previous, code in zip(codes, [*codes[1:], -1], strict=True):
        if code != previous + 1:
            ranges.append(f"\\U{start:08x}" + (f"-\\U{previous:08x}" if previous != start else ""))
            start = code
    return re.compile("[" + "".join(ranges) + "]")


def has_unsafe(text: str) -> bool:
    """Whether *text* holds a character (other than a line break) that `removed` would drop or change."""
    return any(ch != "\n" and is_unsafe(ch) for ch in text.replace("\r\n", "\n"))


def terminal_clean(value: str) -> str:
    """*value* for a multi-line place in the TUI (the display rule, line breaks kept)."""
    return shown(value)


def printable(value: object) -> str:
    """Any value printed by a koto command: one line, every unsafe character made visible."""
    return shown(str(value), lines=False)


def clean_text(text: str) -> str:
    """Text as stored: unsafe characters dropped, tabs made spaces, surrounding space stripped."""
    return removed(text).strip()


#: A spreadsheet runs a cell starting with one of these as a formula (CSV injection); full-width forms too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def formula_safe(text: str) -> str:
    """A cell a spreadsheet shows as text: a formula sign, also after leading space, gets an apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS) else text


def csv_cell(value: object) -> str:
    """Any value as a CSV cell: a number as it is; text with unsafe characters made visible (line breaks
    kept) and a formula neutralised."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return formula_safe(shown("" if value is None else str(value)))


def csv_bytes(rows: Iterable[Iterable[object]]) -> bytes:
    """*rows* as CSV for Finnish spreadsheets (UTF-8 BOM, semicolons), every cell through `csv_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def sentence(message: str) -> str:
    """A message that starts mid-sentence on the command line ("koto: ..."), capitalised for a screen."""
    return message[:1].upper() + message[1:]
