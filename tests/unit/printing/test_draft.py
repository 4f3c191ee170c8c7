"""Draft versus final: an unfinalised assessment or an unapproved plan is watermarked on every page and has
no signature lines; the preview says so; only a final one prints for signature."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from koto_tui.printing import render_interview
from koto_tui.printing.plan import PlanPrintout, render_plan
from koto_tui.printing.preview import interview_preview, plan_preview
from tests.unit.printing.pdfcheck import glyph_defects, read_glyphs
from tests.unit.printing.samples import FRAME, interview, plan

WATERMARK = "LUONNOS – EI ALLEKIRJOITETTAVA"


def watermarked_pages(pdf: bytes) -> list[str]:
    """Per page, the text drawn turned (the watermark), in drawing order."""
    glyphs, _ = read_glyphs(pdf)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return ["".join(g.char for g in glyphs if g.page == page and g.rotated) for page in range(1, pages + 1)]


def text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def unapproved(key: str) -> PlanPrintout:
    return plan(key, approval=None)


@pytest.mark.parametrize("key", ["finnish", "thai", "arabic", "khmer"])
def test_a_draft_assessment_is_watermarked_on_every_page_and_has_no_signature_lines(key: str) -> None:
    pdf = render_interview(interview(key, final=False))
    pages = watermarked_pages(pdf)
    assert pages
    assert all(WATERMARK.replace(" ", "") in page.replace(" ", "") for page in pages)
    assert "Paikka ja aika" not in text(pdf)
    assert glyph_defects(pdf, FRAME) == []


@pytest.mark.parametrize("key", ["finnish", "thai", "arabic"])
def test_an_unapproved_plan_is_watermarked_and_has_no_signature_lines(key: str) -> None:
    pdf = render_plan(unapproved(key))
    pages = watermarked_pages(pdf)
    assert all(WATERMARK.replace(" ", "") in page.replace(" ", "") for page in pages)
    assert "Paikka ja aika" not in text(pdf)
    assert glyph_defects(pdf, FRAME) == []


def test_the_watermark_is_also_in_the_clients_language() -> None:
    pages = watermarked_pages(render_interview(interview("russian", final=False)))
    assert all("ЧЕРНОВИК" in page for page in pages)


def test_a_final_assessment_and_an_approved_plan_print_for_signature() -> None:
    for pdf in (render_interview(interview("finnish")), render_plan(plan("finnish"))):
        assert watermarked_pages(pdf) == [""] * len(watermarked_pages(pdf))
        assert "Paikka ja aika" in text(pdf)


def test_the_preview_says_when_a_printout_is_a_draft() -> None:
    assert interview_preview(interview("finnish", final=False)).draft
    assert not interview_preview(interview("finnish")).draft
    assert plan_preview(unapproved("finnish")).draft
    assert not plan_preview(plan("finnish")).draft
