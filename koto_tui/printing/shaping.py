"""koto's changes to reportlab 5.1's shaping internals, in one place (reportlab is pinned below 5.2 for them).

Each text is shaped once: a word is shaped run by run, each run with its own font, and a run that holds
glyphs already (a ``ShapedStr``, from a word broken over lines and wrapped again) is never shaped again;
the pieces of such a word keep their glyphs when reportlab joins them back. Vertical glyph offsets are
explicit: every ``Ts`` koto's text object writes is recorded, so the baseline is restored after each
raised or lowered glyph run. And a table row split across pages is measured at the width it is drawn at.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator
from contextvars import ContextVar
from itertools import accumulate
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import shapeFragWord
from reportlab.pdfgen import textobject
from reportlab.platypus import paragraph, tables

from koto_tui.printing import linebreak, textlayer

_split_cell = tables.Table._splitCell
_unsplit = paragraph._shyUnsplit
_iterate = paragraph._fragWordIter
_split_word = paragraph._splitFragWord
#: The width of a whole line while reportlab breaks a word too long for one (points).
_LINE_WIDTH: ContextVar[float] = ContextVar("koto_line_width", default=math.inf)
#: What a line never starts with: the Khmer khan and koun, the Devanagari dandas, the Ethiopic word space
#: and sentence marks, the Armenian full stop and Latin closing punctuation (UAX #14 BA, CL, EX and IS).
_NO_BREAK_BEFORE = frozenset("\u17d4\u17d5\u0964\u0965\u1361\u1362\u1363\u1364\u1365\u1366\u0589.,;:!?)")
#: The vowel signs drawn before their consonant: shaped first, they start the consonant's cluster.
_PRE_BASE = frozenset("\u093f\u09bf\u09c7\u09c8\u17c1\u17c2\u17c3")
#: What a line never ends with: the Thai and Lao vowels written before their consonant, and "(".
_NO_BREAK_AFTER = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4(")


def install() -> None:
    """Put the wrappers where reportlab looks them up (called once, when the fonts are registered)."""
    paragraph.shapeFragWord = _shape_runs_apart
    paragraph._shyUnsplit = _unsplit_keeping_glyphs
    paragraph._fragWordIter = _pieces_keeping_glyphs
    paragraph._splitFragWord = _split_word_knowing_the_line
    textobject.PDFTextObject.setRise = _set_rise
    tables.Table._splitCell = _split_cell_inside_padding
    textlayer.install()


def _split_cell_inside_padding(self: Any, value: Any, style: Any, old: float, new: float,
                               width: float) -> Any:
    """``Table._splitCell`` (a row split across pages) with the cell's text width, not the column's.

    reportlab 5.1 splits a cell's paragraphs at the column width, padding included, so the part kept on
    the page is measured wider than it is drawn and runs below the page's bottom edge. Given the width
    inside the padding it measures each part at (at most) the width it is drawn at.
    """
    return _split_cell(self, value, style, old, new, width - style.leftPadding - style.rightPadding)


def _pieces_keeping_glyphs(word: list[Any]) -> Iterator[tuple[Any, float, Any]]:
    """reportlab's ``_fragWordIter`` (the pieces a too-long word may be broken between), with the pieces
    that must stay together on one line joined: see ``_clusters`` and ``_joins``."""
    held: tuple[Any, float, Any] | None = None
    for piece in _clusters(word):
        if held is not None and _joins(held, piece):
            held = (held[0], held[1] + piece[1], held[2] + piece[2])
            continue
        if held is not None:
            yield held
        held = piece
    if held is not None:
        yield held


def _joins(before: tuple[Any, float, Any], after: tuple[Any, float, Any]) -> bool:
    """Whether a line may not break between two pieces of one word: before a sentence mark, a closing
    parenthesis or a vowel sign drawn after its consonant, or after a Thai or Lao preposed vowel or "("."""
    first, last = after[2][:1], before[2][-1:]
    if before[0] is not after[0] or not first or not last:
        return False
    return first in _NO_BREAK_BEFORE or last in _NO_BREAK_AFTER or _follows_its_letter(first)


def _follows_its_letter(char: str) -> bool:
    """Whether *char* is a mark or vowel sign drawn after its letter (not one drawn before it, like ি)."""
    return unicodedata.category(char).startswith("M") and char not in _PRE_BASE


def _clusters(word: list[Any]) -> Iterator[tuple[Any, float, Any]]:
    """The pieces of a word, for shaped runs whole glyph clusters (whole dictionary words in Thai, Lao,
    Khmer and Burmese, see :func:`_break_points`).

    The original iterates a shaped run character by character, which gives plain strings of glyph code
    points (shaped again into .notdef boxes on the next wrap) and breaks between a letter and its marks.
    Here a shaped run yields whole glyph clusters as ``ShapedStr`` slices with their shaped widths.
    """
    for style, text in word[1:]:
        if not isinstance(text, ttfonts.ShapedStr) or hasattr(style, "cbDefn") or not text:
            yield from _iterate([0, (style, text)])
            continue
        start = 0
        for end in _break_points(text, style):
            yield style, _advance(text.__shapeData__[start:end], style), text[start:end]
            start = end


def _break_points(text: Any, style: Any) -> list[int]:
    """The glyph indices of a shaped run where a piece ends (its last is the run's end): after each glyph
    cluster; in a script written without spaces only between dictionary words, except inside a word
    wider than a whole line, which is broken between its clusters."""
    data = text.__shapeData__
    ends = [end for end in range(1, len(data) + 1)
            if end == len(data) or _starts_cluster(data[end], data[end - 1])]
    sources = [getattr(item, "koto_text", "") or "" for item in data]
    run = "".join(sources)
    if not linebreak.needs_dictionary(run):
        return ends
    offsets = list(accumulate(map(len, sources), initial=0))
    starts = linebreak.word_starts(run)
    words = [end for end in ends if end == len(data) or offsets[end] in starts]
    line = _LINE_WIDTH.get()
    points: list[int] = []
    for start, end in zip([0, *words], words, strict=False):
        if _advance(data[start:end], style) > line:  # fall back to clusters inside a word too wide
            points += [inner for inner in ends if start < inner < end]
        points.append(end)
    return points


def _advance(data: Any, style: Any) -> float:
    """The advance width of shaped glyphs in points."""
    return float(sum(item.x_advance for item in data) * style.fontSize / 1000)


def _split_word_knowing_the_line(w: Any, maxWidth: float, maxWidths: list[float], lineno: int) -> Any:
    """reportlab's ``_splitFragWord`` (a word too long for a line broken into pieces), telling
    :func:`_break_points` how wide a whole line is."""
    token = _LINE_WIDTH.set(maxWidths[min(len(maxWidths) - 1, lineno + 1)])
    try:
        return _split_word(w, maxWidth, maxWidths, lineno)
    finally:
        _LINE_WIDTH.reset(token)


def _starts_cluster(glyph: Any, previous: Any) -> bool:
    """Whether a line may break before *glyph*: it advances and is not part of the previous cluster."""
    return bool(glyph.x_advance) and glyph.cluster != previous.cluster


def _unsplit_keeping_glyphs(text: Any, rest: Any = None) -> Any:
    """reportlab's ``_shyUnsplit`` (joining the pieces of a word broken over lines), keeping shaped glyphs.

    The original strips a trailing hyphen with ``str.rstrip``, which turns a ``ShapedStr`` into a plain
    string of glyph code points: the next wrap would shape those again into .notdef boxes.
    """
    if not isinstance(text, ttfonts.ShapedStr) or hasattr(text, "_shyIndices"):
        return _unsplit(text, rest)
    kept = text[: len(text.rstrip("-"))]
    return kept + rest if rest else kept


def _shape_runs_apart(word: list[Any], *args: Any, **kwargs: Any) -> Any:
    """reportlab's ``shapeFragWord``, shaping each run once and with its own font.

    reportlab shapes a whole space-free word with the font of its first fragment, which would draw the
    Ethiopic letters of ``(ሰላም)`` with DejaVu glyph numbers, and in one direction, which would reverse
    the digits of a Persian word. And when a paragraph is wrapped again (a label kept with its text, a
    table cell, a page split) the pieces of a word it broke over lines hold glyphs, not characters:
    shaping those again turns them into .notdef boxes. So a run that is already a ``ShapedStr`` is kept
    as it is and only plain runs are shaped. Paragraph looks the function up in its own module, so
    :func:`install` puts this wrapper there; a plain one-run word goes straight through.
    """
    frags = word[1:]
    if isinstance(word, ttfonts.ShapedFragWord) or any(hasattr(style, "cbDefn") for style, _ in frags):
        return _shape(word, *args, **kwargs)
    shaped_before = [isinstance(text, ttfonts.ShapedStr) for _, text in frags]
    if len(frags) <= 1 and not any(shaped_before):
        return _shape(word, *args, **kwargs)
    width, parts, changed = 0.0, [], False
    for frag, before in zip(frags, shaped_before, strict=True):
        shaped = [_shaped_width([frag]), frag]
        if not before:
            shaped = _shape(shaped, *args, **kwargs)
        changed = changed or before or isinstance(shaped, ttfonts.ShapedFragWord)
        width += shaped[0]
        parts.extend(shaped[1:])
    return ttfonts.makeShapedFragWord(word)([width, *parts]) if changed else word


def _shape(word: list[Any], *args: Any, **kwargs: Any) -> Any:
    """reportlab's ``shapeFragWord``, with each glyph told the characters it stands for (the text layer)."""
    shaped = shapeFragWord(word, *args, **kwargs)
    textlayer.note_sources(word, shaped)
    return shaped


def _set_rise(self: Any, rise: float) -> None:
    """``PDFTextObject.setRise`` that always records the rise it sets (explicit offsets per glyph run).

    reportlab 5.1 replaces a ``Ts`` directly after another without recording the new rise, so after a
    Khmer cluster with a subscript and a below-vowel it believes the baseline is restored and draws the
    rest of the line lowered.
    """
    code = f"{fp_str(rise)} Ts"
    if self._code and self._code[-1].endswith(" Ts"):
        self._code[-1] = code
    else:
        self._code.append(code)
    self._y += self._rise - rise
    self._rise = rise


def _shaped_width(group: list[Any]) -> float:
    """The advance width of (style, text) fragments that were shaped before (or plain, by metrics)."""
    width = 0.0
    for style, text in group:
        data = getattr(text, "__shapeData__", None)
        if data is None:
            width += pdfmetrics.stringWidth(text, style.fontName, style.fontSize)
        else:
            width += sum(item.x_advance for item in data) * style.fontSize / 1000
    return width
