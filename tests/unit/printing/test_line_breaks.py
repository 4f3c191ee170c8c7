"""A long word broken over lines in a narrow cell keeps what must stay together: no line starts with a
sentence mark (Khmer khan, Devanagari danda, Ethiopic full stop, a full stop or comma) or with a vowel sign
drawn after its consonant (Bengali া), and no Thai line ends with a vowel that is written before the
consonant it belongs to (เ แ โ ใ ไ)."""

from __future__ import annotations

import unicodedata

import pytest

from koto_tui.printing import render_interview
from koto_tui.printing.fonts import registry
from koto_tui.printing.interview import _styles
from koto_tui.printing.plan import render_plan
from koto_tui.printing.text import BidiParagraph, line_flowable
from tests.unit.printing.samples import interview, plan
from tests.unit.printing.test_scripts import SCRIPTS, drawn_lines

#: Characters a line never starts with (UAX #14 classes BA, CL, EX, IS among the scripts koto ships).
NO_START = frozenset("\u17d4\u17d5\u0964\u0965\u1361\u1362\u1363\u1364\u1365\u1366\u0589.,;:!?)")
#: Characters a line never ends with: the Thai and Lao vowels written before their consonant, "(".
NO_END = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4(")
#: Vowel signs drawn before their consonant: a line drawn left to right may start with their glyph.
PRE_BASE = frozenset("\u093f\u09bf\u09c7\u09c8\u17c1\u17c2\u17c3")


def starts_with_a_mark(line: str) -> bool:
    """Whether a line drawn left to right starts with a vowel sign or mark that follows its letter."""
    arabic = any(unicodedata.bidirectional(char) in ("AL", "R") for char in line)
    return not arabic and unicodedata.category(line[0]).startswith("M") and line[0] not in PRE_BASE


def bad_breaks(pdf: bytes) -> list[str]:
    """The drawn lines that start with a sentence mark or a following vowel sign, or end with a preposed
    vowel."""
    return [line.text for line in drawn_lines(pdf) if line.text and (
        line.text[0] in NO_START or line.text[-1] in NO_END or starts_with_a_mark(line.text))]


@pytest.mark.parametrize("key", ["thai", "khmer", "hindi", "bengali", "amharic", "vietnamese", "estonian"])
def test_a_long_word_is_not_broken_before_a_sentence_mark_or_after_a_preposed_vowel(key: str) -> None:
    assert bad_breaks(render_interview(interview(key))) + bad_breaks(render_plan(plan(key))) == []


def letters(text: str) -> str:
    """The letters of *text* (NFKC): no marks, digits, punctuation, spaces or format characters."""
    normal = unicodedata.normalize("NFKC", text)
    return "".join(char for char in normal if unicodedata.category(char).startswith("L"))


def read_right_to_left(drawn: str) -> str:
    """The letters of a right-to-left line in reading order (the drawn glyphs are in visual order)."""
    return "".join(letters(glyph) for glyph in reversed(drawn))


@pytest.mark.parametrize("key", ["arabic", "dari", "farsi"])
def test_a_right_to_left_word_is_broken_in_reading_order_and_never_again_in_the_drawn_line(key: str) -> None:
    registry()
    word = "".join(SCRIPTS[key].answer.split()) * 3
    for width in range(60, 260, 20):
        paragraph = line_flowable(word, _styles()["body"])
        assert isinstance(paragraph, BidiParagraph)
        paragraph.wrap(width, 1000)
        drawn_lines_per_line = [len(line[2].blPara.lines) for line in paragraph._lines]
        assert drawn_lines_per_line == [1] * len(paragraph._lines), width


@pytest.mark.parametrize("key", ["arabic", "dari"])  # Farsi's digits are drawn as runs of their own
def test_each_line_of_a_cut_right_to_left_word_reads_in_order(key: str) -> None:
    word = letters(SCRIPTS[key].answer)
    lines = [read_right_to_left(line.text) for line in drawn_lines(render_plan(plan(key)))
             if " " not in line.text and any(unicodedata.bidirectional(char) == "AL" for char in line.text)]
    cut = [line for line in lines if len(line) >= 12 and set(line) <= set(word)]
    assert cut
    assert [line for line in cut if line not in word * 8] == []
