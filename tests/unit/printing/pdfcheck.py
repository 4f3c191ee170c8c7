"""Reading a printout's content streams glyph by glyph, and the defects a client would see on paper.

``glyph_defects(pdf, frame)`` interprets every page's content stream (q/Q/cm, BT/ET, Tf, Tm, Td, TD, T*,
Ts, Tc, Tw, Tz, Tj, TJ) and places each glyph: its font (the registered koto font the subset came from),
its glyph id (the subset code through the ToUnicode map and the font's cmap, which also holds the
private-use code points reportlab gives shaped glyphs), its left and right edge and its baseline. It
reports, as short strings a test can list:

- ``notdef``: a .notdef glyph (glyph id 0: an empty box), e.g. already-shaped text shaped again;
- ``lacks``: a character the font that draws it has no glyph for;
- ``rise``: a run drawn off its line's baseline: a text rise (``Ts``) still set when the line ends, or a
  run with a width (a base letter, not a mark) drawn raised or lowered;
- ``outside``: a glyph beyond the left or right edge of the text column (*frame*), or off the page;
- ``overlap``: two lines drawn over each other (baselines closer than half the font size, side by side).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject
from reportlab.pdfbase import pdfmetrics

PRIVATE_USE = range(0xE000, 0xF900)
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """The matrix product m × n (PDF row-vector convention: apply m, then n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


@dataclass(frozen=True)
class Glyph:
    """One glyph as drawn on a page."""

    page: int
    font: str
    char: str
    gid: int
    left: float
    right: float
    baseline: float
    line: float
    """The baseline of the line without the text rise."""
    size: float
    run: int
    """A number shared by the glyphs of one Tj/TJ at one rise."""
    rotated: bool = False
    """Drawn turned (the draft watermark): not part of any line of the text column."""


@dataclass
class _Font:
    name: str
    to_unicode: dict[int, str]
    widths: dict[int, float]


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    font: _Font | None = None
    size: float = 0.0
    rise: float = 0.0
    char_space: float = 0.0
    word_space: float = 0.0
    scale: float = 1.0
    leading: float = 0.0

    def copy(self) -> _State:
        return _State(self.ctm, self.font, self.size, self.rise, self.char_space, self.word_space,
                      self.scale, self.leading)


@dataclass
class _Reader:
    page: int
    fonts: dict[str, _Font]
    glyphs: list[Glyph] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    state: _State = field(default_factory=_State)
    stack: list[_State] = field(default_factory=list)
    tm: Matrix = IDENTITY
    tlm: Matrix = IDENTITY
    runs: int = 0

    def run(self, operations: list[tuple[list[Any], bytes]]) -> None:
        for operands, operator in operations:
            handler = _HANDLERS.get(operator)
            if handler is not None:
                handler(self, operands)

    def line_end(self) -> None:
        if abs(self.state.rise) > 1e-6:
            rise = self.state.rise
            self.defects.append(f"rise: page {self.page}: a line ends with the text raised by {rise:g}")

    def move(self, tx: float, ty: float) -> None:
        self.line_end()
        self.tlm = multiply((1, 0, 0, 1, tx, ty), self.tlm)
        self.tm = self.tlm

    def show(self, items: list[Any]) -> None:
        s, font = self.state, self.state.font
        if font is None:
            return
        self.runs += 1
        start_x = self._x()
        for item in items:
            if isinstance(item, (int, float)) or hasattr(item, "as_numeric"):
                self._advance(-float(item) / 1000 * s.size * s.scale)
                continue
            for code in bytes(getattr(item, "original_bytes", item)):
                self._glyph(font, code)
        if abs(s.rise) > 1e-6 and self._x() - start_x > 0.05 * s.size:
            self.defects.append(f"rise: page {self.page}: letters with a width drawn {s.rise:g} off the "
                                f"baseline ({self._run_text()!r})")

    def _run_text(self) -> str:
        return "".join(g.char for g in self.glyphs if g.run == self.runs and g.page == self.page)

    def _glyph(self, font: _Font, code: int) -> None:
        s = self.state
        char = font.to_unicode.get(code, "")
        width = font.widths.get(code, 0.0) / 1000 * s.size
        left = self._x()
        self._advance((width + s.char_space + (s.word_space if code == 32 else 0)) * s.scale)
        trm = multiply(self.tm, s.ctm)
        baseline = trm[5] + s.rise * s.ctm[3]
        self.glyphs.append(Glyph(self.page, font.name, char, _gid(font.name, char), left,
                                 left + width * s.ctm[0], baseline, trm[5], s.size, self.runs,
                                 abs(trm[1]) > 1e-6))

    def _x(self) -> float:
        return multiply(self.tm, self.state.ctm)[4]

    def _advance(self, tx: float) -> None:
        self.tm = multiply((1, 0, 0, 1, tx, 0), self.tm)


def _gid(font: str, char: str) -> int:
    """The glyph id the character stands for in the registered font (-1: not a koto font)."""
    if font not in pdfmetrics.getRegisteredFontNames() or len(char) != 1:
        return -1
    return int(pdfmetrics.getFont(font).face.charToGlyph.get(ord(char), 0))


def _in_cmap(font: str, char: str) -> bool:
    """Whether the font maps the character to a glyph (perhaps .notdef: reshaped glyphs map there)."""
    return len(char) == 1 and ord(char) in pdfmetrics.getFont(font).face.charToGlyph


def _op_q(r: _Reader, _: list[Any]) -> None:
    r.stack.append(r.state.copy())


def _op_Q(r: _Reader, _: list[Any]) -> None:
    r.state = r.stack.pop()


def _op_cm(r: _Reader, o: list[Any]) -> None:
    r.state.ctm = multiply(tuple(float(x) for x in o), r.state.ctm)  # type: ignore[arg-type]


def _op_BT(r: _Reader, _: list[Any]) -> None:
    r.tm = r.tlm = IDENTITY


def _op_Tm(r: _Reader, o: list[Any]) -> None:
    r.line_end()
    r.tm = r.tlm = tuple(float(x) for x in o)  # type: ignore[assignment]


def _op_Tf(r: _Reader, o: list[Any]) -> None:
    r.state.font, r.state.size = r.fonts.get(str(o[0])), float(o[1])


def _set(name: str, scale: float = 1.0) -> Any:
    def handler(r: _Reader, o: list[Any]) -> None:
        setattr(r.state, name, float(o[0]) * scale)
    return handler


def _op_TD(r: _Reader, o: list[Any]) -> None:
    r.state.leading = -float(o[1])
    r.move(float(o[0]), float(o[1]))


def _op_quote(r: _Reader, o: list[Any]) -> None:
    r.move(0, -r.state.leading)
    r.show([o[-1]])


_HANDLERS = {
    b"q": _op_q, b"Q": _op_Q, b"cm": _op_cm, b"BT": _op_BT, b"ET": lambda r, o: r.line_end(),
    b"Tm": _op_Tm, b"Tf": _op_Tf, b"Ts": _set("rise"), b"Tc": _set("char_space"), b"Tw": _set("word_space"),
    b"Tz": _set("scale", 0.01), b"TL": _set("leading"), b"Td": lambda r, o: r.move(float(o[0]), float(o[1])),
    b"TD": _op_TD, b"T*": lambda r, o: r.move(0, -r.state.leading), b"Tj": lambda r, o: r.show([o[0]]),
    b"TJ": lambda r, o: r.show(list(o[0])), b"'": _op_quote, b'"': _op_quote,
}


def _font(font: DictionaryObject) -> _Font:
    """A page font: the registered koto font name, its code → text map and its widths."""
    base = str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]
    to_unicode: dict[int, str] = {}
    if "/ToUnicode" in font:
        cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
        for code, text in re.findall(r"<([0-9A-Fa-f]{2})> <([0-9A-Fa-f]{4,})>", cmap):
            to_unicode[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    first = int(font.get("/FirstChar", 0))
    widths = {first + index: float(width) for index, width in enumerate(font.get("/Widths", []))}
    return _Font(f"koto-{base}" if "/ToUnicode" in font else base, to_unicode, widths)


def read_glyphs(pdf: bytes) -> tuple[list[Glyph], list[str]]:
    """Every glyph of every page, and the rise defects found while reading."""
    reader = PdfReader(io.BytesIO(pdf))
    glyphs: list[Glyph] = []
    defects: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        fonts = {name: _font(ref.get_object()) for name, ref in page["/Resources"]["/Font"].items()}
        r = _Reader(number, fonts)
        r.run(ContentStream(page.get_contents(), reader).operations)
        glyphs += r.glyphs
        defects += r.defects
    return glyphs, defects


def glyph_defects(pdf: bytes, frame: tuple[float, float], page_height: float = 841.89) -> list[str]:
    """Every defect of *pdf* (see the module docstring); *frame* is the text column's (left, right)."""
    glyphs, defects = read_glyphs(pdf)
    for g in glyphs:
        defects += _glyph_defects(g, frame, page_height)
    return defects + _overlaps(glyphs)


def _glyph_defects(g: Glyph, frame: tuple[float, float], page_height: float) -> list[str]:
    where = f"page {g.page}, {g.font}, {g.char!r}"
    found = []
    if g.gid != -1 and g.char in ("", "\x00"):  # reportlab's code for a character the font lacks
        found.append(f"lacks: {where}")
    elif g.gid == 0 and _in_cmap(g.font, g.char):
        found.append(f"notdef: {where}")
    elif g.gid == 0:
        found.append(f"lacks: {where}")
    if g.left < frame[0] - 0.5 or g.right > frame[1] + 0.5 or not 0 <= g.baseline <= page_height:
        found.append(f"outside: {where} at x {g.left:.1f}–{g.right:.1f}, y {g.baseline:.1f}")
    return found


def _overlaps(glyphs: list[Glyph]) -> list[str]:
    """Runs drawn over each other: on different baselines less than half a font size apart, side by side."""
    runs: dict[tuple[int, int], list[float]] = {}
    for g in glyphs:
        if g.char.strip() and not g.rotated and g.right - g.left > 0.01:  # marks and joiners draw nothing
            extent = runs.setdefault((g.page, g.run), [g.left, g.right, g.line, g.size])
            extent[0], extent[1] = min(extent[0], g.left), max(extent[1], g.right)
    ordered = sorted(runs.items(), key=lambda item: (item[0][0], item[1][2]))
    found = []
    for index, ((page, _), a) in enumerate(ordered):
        for (other_page, _), b in ordered[index + 1:]:
            if other_page != page or b[2] - a[2] >= 0.5 * min(a[3], b[3]):
                break
            if b[2] - a[2] > 0.05 and min(a[1], b[1]) - max(a[0], b[0]) > 1.0:
                found.append(f"overlap: page {page}: runs at y {a[2]:.1f} and {b[2]:.1f}")
    return found
