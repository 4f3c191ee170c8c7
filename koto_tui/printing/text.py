"""User text on paper: cleaning, escaping into Paragraph markup, one font per word, right-to-left lines.

Paragraph text is markup, so every piece of user text is escaped here before any tag is added.
Right-to-left: reportlab does not reorder words when shaping is on, so a paragraph containing
right-to-left letters is broken into lines in logical order by :class:`BidiParagraph`, and then the
words of each line are put in visual order (Unicode bidi rule L2 applied to whole words, with the
levels resolved by python-bidi); harfbuzz orders the glyphs inside each word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from bidi import algorithm as uba
from bidi import get_base_level
from reportlab.lib.abag import ABag
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import shapeFragWord
from reportlab.platypus import Flowable, Paragraph, Spacer

from koto_tui.printing.fonts import BOLD_FONT, font_runs

Token = tuple[str, str]  # (registered font name, text without spaces)

# Embedding, override and isolate controls are dropped: they only matter for display trickery
# ("Trojan source") and would shift character indices in the bidi levels.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
# The whitespace reportlab splits words on (NO-BREAK SPACE stays inside a word).
_WORD_SPLIT = re.compile(r"[\t \u1680\u2000-\u200b\u202f\u205f\u3000]+")
_RTL_CLASSES = frozenset({"R", "AL"})


def clean(text: str) -> str:
    """Normalise line breaks to newline and strip control characters except newline and tab."""
    text = _LINE_BREAKS.sub("\n", text)
    return "".join(char for char in text if _keep(char))


def _keep(char: str) -> bool:
    """Whether a character may reach the paper."""
    if char in "\n\t":
        return True
    return unicodedata.category(char) != "Cc" and char not in _BIDI_CONTROLS


def plain_markup(text: str) -> str:
    """Escaped markup for short one-line text in the base fonts (fixed texts, ids)."""
    return escape(clean(text).replace("\n", " "))


def line_tokens(line: str, bold: bool = False) -> list[Token]:
    """The (font, text) tokens of one line: its words, each split into runs a single font covers."""
    tokens: list[Token] = []
    for word in _WORD_SPLIT.split(line):
        if word:
            tokens.extend(font_runs(word, bold))
    return tokens


def tokens_markup(tokens: list[Token], base_font: str) -> str:
    """Paragraph markup for *tokens*: escaped text, consecutive words of one font in one font tag."""
    parts: list[str] = []
    index = 0
    while index < len(tokens):
        font = tokens[index][0]
        end = index
        while end < len(tokens) and tokens[end][0] == font:
            end += 1
        words = escape(" ".join(text for _, text in tokens[index:end]))
        parts.append(words if font == base_font else f'<font name="{font}">{words}</font>')
        index = end
    return " ".join(parts)


def has_rtl(text: str) -> bool:
    """Whether *text* contains right-to-left letters (Arabic, Persian, Hebrew...)."""
    return any(unicodedata.bidirectional(char) in _RTL_CLASSES for char in text)


def token_levels(words: list[str], rtl: bool) -> list[int]:
    """The resolved bidi embedding level of each word (the highest level among its characters)."""
    text = " ".join(words)
    levels = _char_levels(text, rtl)
    result: list[int] = []
    start = 0
    for word in words:
        result.append(max(levels[start : start + len(word)], default=int(rtl)))
        start += len(word) + 1
    return result


def _char_levels(text: str, rtl: bool) -> list[int]:
    """Per-character levels from python-bidi's pure-Python UBA (rules up to I2; no reordering)."""
    storage: dict[str, Any] = uba.get_empty_storage()
    storage["base_level"] = int(rtl)
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    levels = [int(rtl)] * len(text)
    for char in storage["chars"]:
        levels[char["index"]] = int(char["level"])
    return levels


def visual_order(levels: list[int]) -> list[int]:
    """Indices of the words of one line in visual order (bidi rule L2 applied to whole words)."""
    order = list(range(len(levels)))
    if not levels:
        return order
    lowest = min(levels)
    lowest_odd = lowest if lowest % 2 else lowest + 1
    for level in range(max(levels), lowest_odd - 1, -1):
        start = 0
        while start < len(order):
            if levels[order[start]] < level:
                start += 1
                continue
            end = start
            while end < len(order) and levels[order[end]] >= level:
                end += 1
            order[start:end] = reversed(order[start:end])
            start = end
    return order


@lru_cache(maxsize=4096)
def token_width(font: str, text: str, size: float) -> float:
    """The width of one word as harfbuzz shapes it (joining forms change Arabic widths)."""
    width = stringWidth(text, font, size)
    shaped = shapeFragWord([width, (ABag(fontName=font, fontSize=size), text)])
    return float(shaped[0])


class BidiParagraph(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A paragraph with right-to-left words: lines broken in logical order, words drawn in visual order."""

    def __init__(self, tokens: list[Token], levels: list[int], style: ParagraphStyle, rtl: bool) -> None:
        super().__init__()
        self.tokens = tokens
        self.levels = levels
        self.style = style
        self.rtl = rtl
        self._line_style = ParagraphStyle(f"{style.name}-bidi", parent=style, spaceBefore=0, spaceAfter=0)
        if rtl:
            self._line_style.alignment = TA_RIGHT
        self._lines: list[tuple[int, int, Paragraph, float]] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Break into lines for *availWidth* and lay each line out as a one-line Paragraph."""
        self._lines = []
        for start, end in self._breaks(availWidth):
            para = Paragraph(self._markup(start, end), self._line_style)
            _, height = para.wrap(availWidth, availHeight)
            self._lines.append((start, end, para, height))
        self.width = availWidth
        self.height = sum(line[3] for line in self._lines)
        return availWidth, self.height

    def _breaks(self, width: float) -> list[tuple[int, int]]:
        """Greedy line breaks in logical order as (start, end) token index ranges."""
        size = self.style.fontSize
        breaks: list[tuple[int, int]] = []
        start, used = 0, 0.0
        for index, (font, text) in enumerate(self.tokens):
            space = max(stringWidth(" ", font, size), stringWidth(" ", self.style.fontName, size))
            need = token_width(font, text, size) + (space if index > start else 0.0)
            if index > start and used + need > width - 0.5:
                breaks.append((start, index))
                start, used = index, token_width(font, text, size)
            else:
                used += need
        breaks.append((start, len(self.tokens)))
        return breaks

    def _markup(self, start: int, end: int) -> str:
        """Markup of the tokens start..end in visual order."""
        order = visual_order(self.levels[start:end])
        tokens = [self.tokens[start + index] for index in order]
        return tokens_markup(tokens, self.style.fontName)

    def draw(self) -> None:
        """Draw the lines top-down."""
        y = self.height
        for _, _, para, height in self._lines:
            y -= height
            para.drawOn(self.canv, 0, y)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Split between lines so that long right-to-left text flows across pages."""
        self.wrap(availWidth, availHeight)
        used, count = 0.0, 0
        for *_, height in self._lines:
            if used + height > availHeight + 1e-6:
                break
            used, count = used + height, count + 1
        if count == 0:
            return []
        if count == len(self._lines):
            return [self]
        cut = self._lines[count][0]
        head = BidiParagraph(self.tokens[:cut], self.levels[:cut], self.style, self.rtl)
        tail = BidiParagraph(self.tokens[cut:], self.levels[cut:], self.style, self.rtl)
        return [head, tail]


def line_flowable(line: str, style: ParagraphStyle) -> Flowable:
    """One line of user text (no newline) as a Paragraph, or a BidiParagraph when it has RTL letters."""
    tokens = line_tokens(line, bold=style.fontName == BOLD_FONT)
    if not has_rtl(line):
        return Paragraph(tokens_markup(tokens, style.fontName), style)
    rtl = get_base_level(line) == 1
    levels = token_levels([text for _, text in tokens], rtl)
    return BidiParagraph(tokens, levels, style, rtl)


def text_flowables(text: str, style: ParagraphStyle) -> list[Flowable]:
    """Multi-line user text as flowables: one per line, half a line of space for each blank line."""
    lines = clean(text).strip().split("\n")
    flowables: list[Flowable] = []
    for line in lines:
        if line.strip():
            flowables.append(line_flowable(line, style))
        else:
            flowables.append(Spacer(1, style.leading / 2))
    return [] if lines == [""] else flowables
