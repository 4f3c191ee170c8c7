"""User text on paper: cleaning, escaping into Paragraph markup, one font per word, right-to-left lines.

Paragraph text is markup, so every piece of user text is escaped here before any tag is added.
Right-to-left: reportlab does not reorder words when shaping is on, so a paragraph containing
right-to-left letters is broken into lines in logical order by :class:`BidiParagraph`, and then the
words of each line are put in visual order (Unicode bidi rule L2 applied to whole words, with the
levels resolved by python-bidi); harfbuzz orders the glyphs inside each word. A word whose characters
have different levels ("(۲۰۲۶)." in Persian text: the digits run left to right) is split into runs at
the level changes, the runs are ordered the same way, and each is shaped in its own direction.

A character that no shipped font has is printed as U+FFFD REPLACEMENT CHARACTER (a black diamond with
a question mark, from DejaVu Sans) instead of an empty box: visibly not what was typed, and reported
beforehand by the print preview (``koto_tui.printing.preview.unrenderable``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, NamedTuple
from xml.sax.saxutils import escape

from bidi import algorithm as uba
from bidi import get_base_level
from bidi.mirror import MIRRORED
from reportlab.lib.abag import ABag
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import shapeFragWord
from reportlab.platypus import Flowable, Paragraph, Spacer
from reportlab.platypus.paragraph import _HSFrag, _InjectedFrag, _processed_frags, _SplitFrag

from koto_tui.printing.fonts import BOLD_FONT, font_runs, missing_characters

REPLACEMENT = "\ufffd"  # printed for a character no shipped font has


class Token(NamedTuple):
    """A run of text without spaces that one font draws; *joined* when it continues the previous word.

    *cut* marks a piece of a word too long for a line: it continues the word, but a line may end before it.
    """

    font: str
    text: str
    joined: bool = False
    cut: bool = False


# Embedding, override and isolate controls are dropped: they only matter for display trickery
# ("Trojan source") and would shift character indices in the bidi levels.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
# The whitespace reportlab splits words on (NO-BREAK SPACE stays inside a word).
_WORD_SPLIT = re.compile(r"[\t \u1680\u2000-\u200b\u202f\u205f\u3000]+")
_DIRECTION_MARKS = frozenset("\u200e\u200f\u061c")  # LRM, RLM, ALM: a direction, no glyph
_WORD_END_INVISIBLE = re.compile(r"[\u00ad\u034f\u061c\u180e\u200c-\u200f\u2060-\u2064\ufe00-\ufe0f\ufeff]+$")


def words(line: str) -> list[str]:
    """The words of one line, with no invisible character at a word's end.

    reportlab 5.1 draws a word that ends in a zero-width character (a direction mark, a joiner, a word
    joiner) as if the space after it were not there ("Lan\u200e · 2.12" printed "Lan· 2.12"). Such a
    character does nothing at a word's end except for a direction mark, which takes effect from the start
    of the next word instead (the space between is neutral either way); the others are dropped.
    """
    result: list[str] = []
    carried = ""
    for word in _WORD_SPLIT.split(printable(line)):
        word = carried + word
        end = _WORD_END_INVISIBLE.search(word)
        carried = "".join(c for c in end.group() if c in _DIRECTION_MARKS) if end else ""
        word = word[: end.start()] if end else word
        if word:
            result.append(word)
    return result
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


def printable(text: str) -> str:
    """*text* with every character that no shipped font has replaced by U+FFFD (never an empty box)."""
    missing = missing_characters(text)
    if not missing:
        return text
    return "".join(REPLACEMENT if char in missing else char for char in text)


def plain_markup(text: str) -> str:
    """Escaped markup for short one-line text in the base fonts (fixed texts, ids)."""
    return escape(printable(clean(text).replace("\n", " ")))


def line_tokens(line: str, bold: bool = False) -> list[Token]:
    """The tokens of one line: its words, each split into runs a single font covers."""
    tokens: list[Token] = []
    for word in words(line):
        runs = font_runs(word, bold)
        tokens.extend(Token(font, text, index > 0) for index, (font, text) in enumerate(runs))
    return tokens


def tokens_text(tokens: list[Token]) -> str:
    """The text of *tokens* in their order: a space between words, none inside one."""
    parts = [("" if not index or token.joined else " ") + token.text for index, token in enumerate(tokens)]
    return "".join(parts)


def tokens_markup(tokens: list[Token], base_font: str) -> str:
    """Paragraph markup for *tokens*: escaped text, consecutive runs of one font in one font tag.

    The runs of one word touch (reportlab shapes each with its own font, see ``fonts``); the space
    between words stays outside the font tags, in the paragraph's own font. When a word holds runs of
    both directions, every run gets its own tag, so that each is shaped apart in its own direction.
    """
    separate = any(
        token.joined and has_rtl(token.text) != has_rtl(tokens[index - 1].text)
        for index, token in enumerate(tokens)
        if index
    )
    parts: list[str] = []
    current: str | None = None
    for index, token in enumerate(tokens):
        space = "" if index == 0 or token.joined else " "
        if separate or token.font != current:
            if current is not None and (separate or current != base_font):
                parts.append("</font>")
            parts.append(space)
            if separate or token.font != base_font:
                parts.append(f'<font name="{token.font}">')
            current, space = token.font, ""
        parts.append(space + escape(token.text))
    if current is not None and (separate or current != base_font):
        parts.append("</font>")
    return "".join(parts)


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
    levels: list[int | None] = [None] * len(text)
    for char in storage["chars"]:
        levels[char["index"]] = int(char["level"])
    return _fill_removed(levels, int(rtl))


def _fill_removed(levels: list[int | None], default: int) -> list[int]:
    """Give the characters bidi rule X9 removed (joiners, soft hyphens) the level of the one before.

    A zero-width non-joiner inside a Persian word must stay inside the word's run.
    """
    first = next((level for level in levels if level is not None), default)
    filled: list[int] = []
    for level in levels:
        filled.append(level if level is not None else (filled[-1] if filled else first))
    return filled


def bidi_tokens(line: str, bold: bool, rtl: bool) -> tuple[list[Token], list[int]]:
    """The tokens of a line with right-to-left letters and the bidi level of each.

    Each word is split into runs where the font or the resolved level changes.
    """
    line_words = words(line)
    levels = _char_levels(" ".join(line_words), rtl)
    tokens: list[Token] = []
    token_levels: list[int] = []
    offset = 0
    for word in line_words:
        joined = False
        for font, text in font_runs(word, bold):
            for start, end in _level_runs(levels[offset : offset + len(text)]):
                tokens.append(Token(font, text[start:end], joined))
                token_levels.append(levels[offset + start])
                joined = True
            offset += len(text)
        offset += 1  # the space between words
    return tokens, token_levels


def _level_runs(levels: list[int]) -> list[tuple[int, int]]:
    """(start, end) ranges of equal levels."""
    runs: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(levels) + 1):
        if index == len(levels) or levels[index] != levels[start]:
            runs.append((start, index))
            start = index
    return runs


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
    """A paragraph with right-to-left words: lines broken in logical order, words drawn in visual order.

    ``logical_text`` is its text in logical (reading) order, for the print preview.
    """

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

    @property
    def logical_text(self) -> str:
        """The paragraph's text in logical order, as typed (after cleaning)."""
        return tokens_text(self.tokens)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Break into lines for *availWidth* and lay each line out as a one-line Paragraph."""
        self._cut_long_tokens(availWidth)
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
        for index, (font, text, joined, cut) in enumerate(self.tokens):
            if joined and not cut:  # a run inside a word: no space, and no line break before it
                used += token_width(font, text, size)
                continue
            space = 0.0 if cut else max(stringWidth(" ", font, size),
                                        stringWidth(" ", self.style.fontName, size))
            need = self._word_width(index, size) + (space if index > start else 0.0)
            if index > start and used + need > width - 0.5:
                breaks.append((start, index))
                start, used = index, 0.0
            used += token_width(font, text, size) + (space if index > start else 0.0)
        breaks.append((start, len(self.tokens)))
        return breaks

    def _cut_long_tokens(self, width: float) -> None:
        """Cut every run wider than a line into pieces that fit, and let a line break between the runs of a
        word wider than a line, in logical order (a long word breaks here, never in the drawn line)."""
        size = self.style.fontSize
        if all(token_width(token.font, token.text, size) <= width - 0.5 for token in self.tokens):
            self.tokens = _open_wide_words(self.tokens, size, width - 0.5)
            return
        tokens: list[Token] = []
        levels: list[int] = []
        for token, level in zip(self.tokens, self.levels, strict=True):
            pieces = _cut(token, width - 0.5, size)
            tokens += pieces
            levels += [level] * len(pieces)
        self.tokens, self.levels = _open_wide_words(tokens, size, width - 0.5), levels

    def _word_width(self, index: int, size: float) -> float:
        """The width of the whole word starting at token *index* (all its runs)."""
        width = token_width(self.tokens[index].font, self.tokens[index].text, size)
        for font, text, joined, cut in self.tokens[index + 1 :]:
            if not joined or cut:
                break
            width += token_width(font, text, size)
        return width

    def _markup(self, start: int, end: int) -> str:
        """Markup of the tokens start..end in visual order (runs of one word touch when side by side)."""
        line, levels = _rejoin_pieces(self.tokens[start:end], self.levels[start:end])
        order = visual_order(levels)
        words = _word_numbers(line)
        tokens = [
            line[index]._replace(
                text=_drawn_text(line[index].text, levels[index]),
                joined=position > 0
                and words[index] == words[order[position - 1]]
                and abs(index - order[position - 1]) == 1,
            )
            for position, index in enumerate(order)
        ]
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
        if count == len(self._lines):  # fits at this width: a table asks for two parts all the same
            return [self, Spacer(0, 0)]
        cut = self._lines[count][0]
        head = BidiParagraph(self.tokens[:cut], self.levels[:cut], self.style, self.rtl)
        tail = BidiParagraph(self.tokens[cut:], self.levels[cut:], self.style, self.rtl)
        return [head, tail]


def _open_wide_words(tokens: list[Token], size: float, width: float) -> list[Token]:
    """*tokens* with a line break allowed between the runs of each word wider than *width* (a word of
    letters, digits and brackets at several bidi levels, each run narrower than a line)."""
    result = list(tokens)
    start = 0
    for index in range(1, len(tokens) + 1):
        if index < len(tokens) and tokens[index].joined:
            continue
        if sum(token_width(token.font, token.text, size) for token in tokens[start:index]) > width:
            result[start + 1 : index] = [token._replace(cut=True) for token in tokens[start + 1 : index]]
        start = index
    return result


def _rejoin_pieces(tokens: list[Token], levels: list[int]) -> tuple[list[Token], list[int]]:
    """The tokens of one line with the pieces of a cut word that share the line, font and level joined
    again in logical order (set side by side in visual order, a right-to-left word's pieces were shaped
    as one run in the wrong order)."""
    line: list[Token] = []
    line_levels: list[int] = []
    for token, level in zip(tokens, levels, strict=True):
        if line and token.cut and token.font == line[-1].font and level == line_levels[-1]:
            line[-1] = line[-1]._replace(text=line[-1].text + token.text)
            continue
        line.append(token)
        line_levels.append(level)
    return line, line_levels


def _cut(token: Token, width: float, size: float) -> list[Token]:
    """*token* cut between characters (never before a mark) into pieces that each fit in *width*."""
    if token_width(token.font, token.text, size) <= width:
        return [token]
    pieces: list[Token] = []
    start, used = 0, 0.0
    for index, char in enumerate(token.text):
        advance = stringWidth(char, token.font, size)
        if index > start and used + advance > width * 0.9 and not unicodedata.combining(char):
            pieces.append(_piece(token, start, index, bool(pieces)))
            start, used = index, 0.0
        used += advance
    pieces.append(_piece(token, start, len(token.text), bool(pieces)))
    return pieces


def _piece(token: Token, start: int, end: int, cut: bool) -> Token:
    """The characters start..end of *token*; a piece after the first is *cut* from the one before."""
    return Token(token.font, token.text[start:end], cut or token.joined, cut)


def _drawn_text(text: str, level: int) -> str:
    """A run as handed to the shaper: a right-to-left run without letters is mirrored and reversed here.

    harfbuzz lays out (and mirrors) only runs with right-to-left letters from right to left; a run of
    brackets or punctuation at a right-to-left level, such as ")." after Persian digits, would not be.
    """
    if level % 2 == 0 or has_rtl(text):
        return text
    return "".join(MIRRORED.get(char, char) for char in reversed(text))


def _word_numbers(tokens: list[Token]) -> list[int]:
    """For each token, the number of the word it belongs to."""
    numbers: list[int] = []
    for index, token in enumerate(tokens):
        numbers.append(numbers[-1] if index and token.joined else (numbers[-1] + 1 if numbers else 0))
    return numbers


class TextParagraph(Paragraph):  # type: ignore[misc]  # reportlab is untyped
    """A Paragraph of one line of user text that keeps its text in logical order, also across pages.

    After a page split reportlab's parts hold shaped glyph strings (private-use code points, visual
    order of Indic vowel signs), so ``split`` hands each part its share of ``logical_text`` by words.
    A word that reportlab itself breaks over the page boundary is counted on the first page.
    """

    logical_text = ""
    _continued = False  # the part begins with the rest of a word that the previous part counted

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """reportlab's split, with the logical text shared out between the parts."""
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if len(parts) != 2 or not all(isinstance(part, TextParagraph) for part in parts):
            for part in parts:
                part.logical_text = self.logical_text
            return parts
        head, tail = parts
        words = self.logical_text.split(" ")
        counted, open_word = _word_count(head.frags)
        counted = max(0, counted - (1 if self._continued else 0))
        head.logical_text = " ".join(words[:counted])
        tail.logical_text = " ".join(words[counted:])
        tail._continued = open_word and bool(tail.frags) and isinstance(_first_word(tail.frags), _SplitFrag)
        return parts


def _word_count(frags: list[Any]) -> tuple[int, bool]:
    """How many words reportlab's processed *frags* hold, grouping the pieces of a word split over lines.

    Returns the count and whether the last word may continue in the next part.
    """
    if not _processed_frags(frags):
        return len("".join(getattr(frag, "text", "") for frag in frags).split()), False
    count, open_word = 0, False
    for frag in frags:
        if isinstance(frag, _InjectedFrag):
            continue
        if isinstance(frag, _SplitFrag):
            open_word = not isinstance(frag, _HSFrag)
            count += 0 if open_word else 1
        else:
            count += 2 if open_word else 1
            open_word = False
    return count + (1 if open_word else 0), open_word


def _first_word(frags: list[Any]) -> Any:
    """The first processed frag that is not a line-break marker."""
    return next((frag for frag in frags if not isinstance(frag, _InjectedFrag)), None)


def line_flowable(line: str, style: ParagraphStyle) -> Flowable:
    """One line of user text (no newline) as a Paragraph, or a BidiParagraph when it has RTL letters.

    Either way the flowable's ``logical_text`` is the line in logical order, as the print preview shows it.
    """
    bold = style.fontName == BOLD_FONT
    if not has_rtl(line):
        tokens = line_tokens(line, bold)
        paragraph = TextParagraph(tokens_markup(tokens, style.fontName), style)
        paragraph.logical_text = tokens_text(tokens)
        return paragraph
    rtl = get_base_level(line) == 1
    return BidiParagraph(*bidi_tokens(line, bold, rtl), style, rtl)


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
