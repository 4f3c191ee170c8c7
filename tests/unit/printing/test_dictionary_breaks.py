"""Thai and Khmer write no spaces between words: a line breaks between dictionary words (ICU's, from the
icu4py wheel), never inside one, unless a word is wider than a whole line."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, SimpleDocTemplate, Table

from koto_tui.printing.fonts import BASE_FONT, registry
from koto_tui.printing.page import KotoCanvas
from koto_tui.printing.text import line_flowable

#: Each sentence as the words a reader sees in it (what ICU's dictionary finds).
SENTENCES = {
    "thai": ["ฉัน", "อยาก", "เรียน", "ภาษา", "ฟินแลนด์", "และ", "หา", "งาน", "ทำ"],
    "khmer": ["ខ្ញុំ", "ចង់", "រៀន", "ភាសា", "ហ្វាំងឡង់", "និង", "រក", "ការងារ", "ធ្វើ។"],
}


def style() -> ParagraphStyle:
    registry()
    return ParagraphStyle("dictionary", fontName=BASE_FONT, fontSize=10, leading=14, shaping=1)


def printed_in_a_cell(text: str, width: float) -> Flowable:
    """The paragraph of *text* after printing it in a table cell *width* points wide (wrapped twice)."""
    paragraph = line_flowable(text, style())
    table = Table([[paragraph]], colWidths=[width])
    SimpleDocTemplate(io.BytesIO(), pagesize=A4).build([table], canvasmaker=KotoCanvas)
    return paragraph


def line_texts(paragraph: Flowable) -> list[str]:
    """The characters of each line reportlab laid out, in logical order (from the shaped glyphs' notes)."""
    lines = []
    for line in paragraph.blPara.lines:
        parts = []
        for frag in line.words:
            data = getattr(frag.text, "__shapeData__", None) or ()
            parts.append("".join(getattr(item, "koto_text", "") or "" for item in data) or frag.text)
        lines.append("".join(parts))
    return lines


def ends(words: list[str]) -> set[int]:
    """The character offsets where the words end."""
    offsets, total = set(), 0
    for word in words:
        total += len(word)
        offsets.add(total)
    return offsets


@pytest.mark.parametrize("width", [60, 75, 90, 110, 140])
@pytest.mark.parametrize("key", list(SENTENCES))
def test_a_line_in_a_narrow_cell_breaks_only_between_dictionary_words(key: str, width: float) -> None:
    words = SENTENCES[key]
    lines = line_texts(printed_in_a_cell("".join(words), width))
    assert "".join(lines) == "".join(words)
    assert len(lines) > 1
    assert ends(lines) <= ends(words), lines


@pytest.mark.parametrize("key", list(SENTENCES))
def test_a_word_wider_than_a_line_is_still_broken(key: str) -> None:
    word = max(SENTENCES[key], key=len)
    lines = line_texts(printed_in_a_cell(word, 16))
    assert len(lines) > 1
    assert "".join(lines) == word
