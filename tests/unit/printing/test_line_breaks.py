"""A long word broken over lines in a narrow cell keeps what must stay together: no line starts with a
sentence mark (Khmer khan, Devanagari danda, Ethiopic full stop, a full stop or comma), and no Thai line
ends with a vowel that is written before the consonant it belongs to (เ แ โ ใ ไ)."""

from __future__ import annotations

import pytest

from koto_tui.printing import render_interview
from koto_tui.printing.plan import render_plan
from tests.unit.printing.samples import interview, plan
from tests.unit.printing.test_scripts import drawn_lines

#: Characters a line never starts with (UAX #14 classes BA, CL, EX, IS among the scripts koto ships).
NO_START = frozenset("\u17d4\u17d5\u0964\u0965\u1361\u1362\u1363\u1364\u1365\u1366\u0589.,;:!?)")
#: Characters a line never ends with: the Thai and Lao vowels written before their consonant, "(".
NO_END = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4(")


def bad_breaks(pdf: bytes) -> list[str]:
    """The drawn lines that start with a sentence mark or end with a preposed vowel."""
    return [line.text for line in drawn_lines(pdf)
            if line.text and (line.text[0] in NO_START or line.text[-1] in NO_END)]


@pytest.mark.parametrize("key", ["thai", "khmer", "hindi", "amharic", "vietnamese", "estonian"])
def test_a_long_word_is_not_broken_before_a_sentence_mark_or_after_a_preposed_vowel(key: str) -> None:
    assert bad_breaks(render_interview(interview(key))) + bad_breaks(render_plan(plan(key))) == []
