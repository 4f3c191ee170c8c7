"""Cleaning, escaping, per-word fonts and right-to-left word order."""

from __future__ import annotations

import pytest
from reportlab.lib.abag import ABag
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.ttfonts import shapeFragWord
from reportlab.platypus import Paragraph

from koto_tui.printing import missing_characters
from koto_tui.printing.fonts import BASE_FONT, BOLD_FONT, font_runs, registry
from koto_tui.printing.text import (
    BidiParagraph,
    clean,
    line_flowable,
    line_tokens,
    text_flowables,
    token_levels,
    tokens_markup,
    visual_order,
)

STYLE = ParagraphStyle("test", fontName=BASE_FONT, fontSize=10, leading=13, shaping=1)


def test_clean_strips_controls_but_keeps_newline_and_tab() -> None:
    assert clean("a\x00b\x1b[31mc\x7f\x85d\r\ne\tf\u202eg") == "ab[31mc\nd\ne\tfg"


def test_markup_escapes_user_text() -> None:
    markup = tokens_markup(line_tokens('<b>&amp; <img src="/etc/passwd">'), BASE_FONT)
    assert markup == '&lt;b&gt;&amp;amp; &lt;img src="/etc/passwd"&gt;'
    Paragraph(markup, STYLE)  # parses without error


@pytest.mark.parametrize(
    ("word", "font"),
    [
        ("Nguyễn", "koto-DejaVuSans"),
        ("Коваленко", "koto-DejaVuSans"),
        ("(أحمد)", "koto-DejaVuSans"),
        ("สมชาย", "koto-NotoSansThai-Regular"),
        ("አበበ", "koto-NotoSansEthiopic-Regular"),
        ("សុខា", "koto-NotoSansKhmer-Regular"),
        ("রহিম", "koto-NotoSansBengali-Regular"),
        ("राम", "koto-NotoSansDevanagari-Regular"),
    ],
)
def test_each_word_gets_one_covering_font(word: str, font: str) -> None:
    assert font_runs(word) == [(font, word)]


def test_bold_chain_falls_back_to_regular_where_no_bold_ships() -> None:
    assert font_runs("Olena", bold=True) == [(BOLD_FONT, "Olena")]
    assert font_runs("សុខា", bold=True) == [("koto-NotoSansKhmer-Regular", "សុខា")]


def test_word_no_font_covers_is_split_into_runs() -> None:
    assert font_runs("(ሰላም)") == [
        (BASE_FONT, "("),
        ("koto-NotoSansEthiopic-Regular", "ሰላም"),
        (BASE_FONT, ")"),
    ]


def test_missing_characters_are_reported_not_fatal() -> None:
    text = "Olena \u4e2d\u6587 \U000e0100 \u200d"
    assert missing_characters(text) == {"\u4e2d", "\u6587"}
    assert missing_characters("Олена محمد สมชาย አበበ সুখ राम Արամ Nguyễn") == set()
    assert text_flowables(text, STYLE)  # lays out without raising


def test_visual_order_reverses_rtl_runs() -> None:
    assert visual_order([1, 1, 1]) == [2, 1, 0]
    assert visual_order([0, 1, 1, 0]) == [0, 2, 1, 3]
    assert visual_order([1, 2, 2, 1]) == [3, 1, 2, 0]  # LTR words keep their order inside RTL
    assert visual_order([]) == []


def test_levels_of_words_in_rtl_and_ltr_paragraphs() -> None:
    assert token_levels(["محمد", "رضا", "Ali", "2019", "."], rtl=True) == [1, 1, 2, 2, 1]
    assert token_levels(["Nimi:", "محمد", "رضا"], rtl=False) == [0, 1, 1]


def test_rtl_line_is_right_aligned_in_visual_order() -> None:
    flowable = line_flowable("محمد رضا احمدی", STYLE)
    assert isinstance(flowable, BidiParagraph)
    assert flowable.rtl
    flowable.wrap(400, 100)
    assert len(flowable._lines) == 1
    assert flowable._markup(0, 3) == "احمدی رضا محمد"


def test_ltr_text_uses_a_plain_paragraph() -> None:
    assert isinstance(line_flowable("Olena Kovalenko", STYLE), Paragraph)


def test_long_rtl_text_wraps_and_splits_between_lines() -> None:
    flowable = line_flowable(" ".join(["می‌خواهم در فنلاند کار کنم"] * 30), STYLE)
    _, height = flowable.wrap(200, 1000)
    assert height >= 5 * STYLE.leading
    head, tail = flowable.split(200, 2.5 * STYLE.leading)
    assert head.wrap(200, 1000)[1] == pytest.approx(2 * STYLE.leading)
    assert len(head.tokens) + len(tail.tokens) == len(flowable.tokens)


def test_discretionary_ligatures_are_off() -> None:
    registry()
    font = "koto-NotoSansArabic-Regular"
    word = [0.0, (ABag(fontName=font, fontSize=10), "محمد")]
    with_dlig = shapeFragWord(list(word), features={"kern": True, "liga": True, "dlig": True})
    assert len(with_dlig[1][1]) == 1  # the font's single-glyph "muhammad" ligature with vowel marks
    assert len(shapeFragWord(list(word))[1][1]) == 4  # reportlab's defaults, as Paragraph uses them


def test_blank_lines_and_empty_text() -> None:
    assert text_flowables("  \n \n", STYLE) == []
    assert len(text_flowables("a\n\nb", STYLE)) == 3
