"""The text layer of shaped runs: copy-paste and text extraction give the characters typed, in order.

A shaped run is drawn as glyph ids; the subset's ToUnicode map can only name one character per glyph, so a
Thai vowel moved by harfbuzz comes back as a private-use code point, a Bengali vowel sign drawn before its
consonant comes back first, and a conjunct comes back as one code point. So each shaped run whose glyphs
do not read as its text is drawn inside a marked-content span whose ``/ActualText`` is the run's text in
logical order (ISO 32000-1 14.9.4), which pdftotext, Acrobat and screen readers use instead of the glyphs.

The text comes from the shaping itself: every glyph harfbuzz makes is told the characters of its cluster
(the first glyph of a cluster carries them, the others nothing), and those notes travel with the glyph's
shape data through reportlab's line breaking, splitting and joining of a run. Right-to-left words get no
span: poppler reverses a span's text in a right-to-left line, and reads their visual-order glyphs right
(docs/printing.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.pdfbase import ttfonts
from reportlab.pdfgen import textobject

_format_text: Callable[[Any, str], str] = textobject.PDFTextObject._formatText


def install() -> None:
    """Make reportlab's text object draw the text of shaped runs (called once, with the shaping changes)."""
    textobject.PDFTextObject._formatText = _format_with_text


class _Shaping:
    """One call of the shaper: the glyphs it made share this note (and its direction)."""

    __slots__ = ("rtl",)

    def __init__(self, rtl: bool) -> None:
        self.rtl = rtl


def note_sources(word: list[Any], shaped: list[Any]) -> None:
    """Tell each glyph of *shaped* (what harfbuzz made of the frag word *word*) the characters it stands for.

    harfbuzz's clusters are character indices into the word's text; a cluster's characters go to the
    first of its glyphs in drawing order. A right-to-left word's glyphs come in visual order.
    """
    if shaped is word:
        return
    text = "".join(run for style, run in word[1:] if not hasattr(style, "cbDefn"))
    data = [item for _, run in shaped[1:] for item in getattr(run, "__shapeData__", None) or ()]
    starts = sorted({item.cluster for item in data if 0 <= item.cluster < len(text)})
    if not starts:
        return
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    shaping = _Shaping(data[0].cluster > data[-1].cluster)
    seen: set[int] = set()
    for item in data:
        if item.cluster in ends:
            item.koto_text = "" if item.cluster in seen else text[item.cluster : ends[item.cluster]]
            item.koto_shaping = shaping
            seen.add(item.cluster)


def segments(run: str) -> list[tuple[int, int, str | None]]:
    """(start, end, text) for the pieces of a shaped *run* that one shaping made, in drawing order.

    *text* is the piece's characters in logical order, or None for glyphs the shaper did not make
    (spaces and hyphens reportlab added: their code points are their text).
    """
    data = getattr(run, "__shapeData__", None) or ()
    pieces: list[tuple[int, int, str | None]] = []
    start = 0
    for end in range(1, len(data) + 1):
        shaping = getattr(data[start], "koto_shaping", None)
        if end < len(data) and getattr(data[end], "koto_shaping", None) is shaping:
            continue
        known = shaping is not None and not shaping.rtl
        pieces.append((start, end, "".join(item.koto_text for item in data[start:end]) if known else None))
        start = end
    return pieces


def pdf_text_string(text: str) -> str:
    """*text* as a PDF text string: UTF-16BE with its byte order mark, in hexadecimal."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _format_with_text(self: Any, text: str) -> str:
    """reportlab's ``_formatText``, with each shaped word whose glyphs do not read as its text in a span.

    The span's ``/ActualText`` is the word's text; the glyphs are drawn exactly as before, piece by piece.
    """
    if not isinstance(text, ttfonts.ShapedStr):
        return _format_text(self, text)
    pieces = segments(text)
    if all(actual is None or actual == text[start:end] for start, end, actual in pieces):
        return _format_text(self, text)
    code: list[str] = []
    for start, end, actual in pieces:
        drawn = _format_text(self, text[start:end])
        if actual is not None and actual != text[start:end]:
            drawn = f"/Span <</ActualText {pdf_text_string(actual)}>> BDC {drawn} EMC"
        code.append(drawn)
    return " ".join(code)
