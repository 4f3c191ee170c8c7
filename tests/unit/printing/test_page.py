"""The texts on every page (reprint marker, footer, page numbers) take the body text's path."""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import pytest
from bidi.algorithm import get_display
from pypdf import PdfReader

from koto_tui.printing import render_interview
from koto_tui.printing.paper import P_, paper_for
from tests.unit.printing.samples import interview
from tests.unit.printing.test_scripts import drawn_lines


def marker(lang: str) -> str:
    return paper_for(lang).joined(P_("COPY / printed {date}"), date="1.12.2026")


@pytest.mark.parametrize(("key", "lang"), [("arabic", "ar"), ("dari", "prs")])
def test_the_reprint_marker_reads_right_to_left_in_arabic_script(key: str, lang: str) -> None:
    pdf = render_interview(interview(key, copy_of=date(2026, 12, 1)))
    lines = [unicodedata.normalize("NFKC", line.text) for line in drawn_lines(pdf)]
    expected = unicodedata.normalize("NFKC", get_display(marker(lang)))
    assert expected != unicodedata.normalize("NFKC", marker(lang))
    marked = [line for line in lines if "KOPIO" in line]
    assert marked
    assert all(line == expected for line in marked)


@pytest.mark.parametrize(("key", "font"), [("thai", "koto-NotoSansThai"), ("khmer", "koto-NotoSansKhmer"),
                                           ("amharic", "koto-NotoSansEthiopic")])
def test_the_reprint_marker_draws_the_clients_script_in_its_font(key: str, font: str) -> None:
    pdf = render_interview(interview(key, copy_of=date(2026, 12, 1)))
    marked = [line for line in drawn_lines(pdf) if line.text.startswith("KOPIO")]
    assert marked
    for line in marked:
        assert any(name.startswith(font) and gid > 0 for name, gid in line.glyphs)
        assert all(gid != 0 for _, gid in line.glyphs)


def test_no_unembedded_font_is_referenced() -> None:
    from koto_tui.printing.handout import Handout, render_handout
    from koto_tui.printing.plan import render_plan
    from koto_tui.printing.report import ReportDocument, ReportTable, render_report
    from tests.unit.printing.samples import plan

    report = ReportDocument("Mikkeli", "Koto", "Seuranta", "2026", "1.12.2026",
                            (ReportTable("Taulu", ("Kuukausi", "Määrä"), (("1/2026", 3),)),),
                            chart=(("1/2026", 3, 2),), chart_legend=("A", "P"))
    for pdf in (render_interview(interview("thai")), render_plan(plan("arabic")), render_report(report),
                render_handout(Handout("M", "U", "th", "T", ("ก",), True))):
        assert b"/Type1" not in pdf and b"/Helvetica" not in pdf
        assert b"/FontFile2" in pdf  # every font is embedded (a subset of a shipped TrueType)


def test_the_report_right_aligns_numbers_hides_small_counts_and_numbers_its_pages() -> None:
    from koto_tui.printing.page import FRAME_WIDTH, MARGIN
    from koto_tui.printing.report import ReportDocument, ReportTable, render_report
    from tests.unit.printing.pdfcheck import read_glyphs

    rows = tuple((f"{month}/2026", 0, count, 12.5) for month, count in enumerate((1, 4, 5, 37), 1))
    headers = ("Kuukausi", "Arvioinnit", "Suunnitelmat", "Päivää")
    report = ReportDocument("Mikkeli", "Koto", "Seuranta", "2026", "1.12.2026",
                            (ReportTable("Taulu", headers, rows),))
    pdf = render_report(report)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert text.count("< 5") == 2 and "37" in text and " 1\n" not in text
    assert "1/1" in text
    glyphs, _ = read_glyphs(pdf)
    last_digits = [g for g in glyphs if g.char == "5" and g.right > MARGIN + FRAME_WIDTH - 10]
    assert last_digits  # "12,5" ends at the right edge of the last column


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u200d", "\u200c", "\u2060", "\ufeff"],
                         ids=["LRM", "RLM", "ZWJ", "ZWNJ", "WJ", "BOM"])
def test_an_invisible_character_at_a_word_end_keeps_the_space_after_it(mark: str) -> None:
    # Seen on paper: every page header read "Lan· 2.12.2026" (the header puts an LRM after the name).
    from reportlab.pdfgen.canvas import Canvas

    from koto_tui.printing.page import draw_text, page_style
    from tests.unit.printing.pdfcheck import read_glyphs

    style = page_style("header-2", size=8)
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    draw_text(canvas, f"Lan{mark} · 2.12.2026", style, 50, 700, 300)
    canvas.save()
    glyphs, _ = read_glyphs(buffer.getvalue())
    last_letter = next(g for g in glyphs if g.char == "n")
    dot = next(g for g in glyphs if g.char == "·")
    assert dot.left - last_letter.right >= 0.2 * style.fontSize  # a space's width, not touching
