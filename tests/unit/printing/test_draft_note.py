"""The note that a draft is not for signing ends the draft, kept with its last lines: never alone on a page,
and never a page more than the draft had when the note simply followed the content."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, KeepTogether, Spacer

from koto_tui.printing import render_interview, signing
from koto_tui.printing.page import TOP_MARGIN
from koto_tui.printing.paper import Paper
from koto_tui.printing.plan import render_plan
from koto_tui.printing.styles import caption, styles
from tests.unit.printing.pdfcheck import read_glyphs
from tests.unit.printing.samples import interview, plan
from tests.unit.printing.test_scripts import SCRIPTS

BOTTOM = 20 * 72 / 25.4  # the frame's bottom edge: below it only the footer


def drafts() -> dict[str, Callable[[str], bytes]]:
    """The two kinds of draft, by name: an assessment not finalised, a plan not approved."""
    return {
        "assessment": lambda key: render_interview(interview(key, final=False)),
        "plan": lambda key: render_plan(plan(key, approval=None)),
    }


def body_of_last_page(pdf: bytes) -> str:
    """The text inside the text frame of the last page, without spaces (no header, footer, watermark)."""
    glyphs, _ = read_glyphs(pdf)
    last = max(glyph.page for glyph in glyphs)
    inside = [g.char for g in glyphs
              if g.page == last and not g.rotated and BOTTOM - 3 < g.baseline < A4[1] - TOP_MARGIN + 3]
    return "".join(inside).replace(" ", "")


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _note_after_the_content(story: list[Flowable], t: Paper) -> list[Flowable]:
    """The layout before the fix: the note simply followed the content (and could stand alone)."""
    return [*story, KeepTogether([Spacer(1, 10), *caption(t.both(signing.DRAFT), styles()["section"])])]


@pytest.mark.parametrize("kind", ["assessment", "plan"])
@pytest.mark.parametrize("key", list(SCRIPTS))
def test_the_draft_note_is_never_alone_on_a_page_and_adds_no_page(
        key: str, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    render = drafts()[kind]
    pdf = render(key)
    body = body_of_last_page(pdf)
    assert "LUONNOS–EIALLEKIRJOITETTAVA" in body
    assert not body.startswith("LUONNOS"), body[:80]
    if kind == "plan":  # the section heading stays with the approval status that goes with the note
        assert "Hyväksyntä" in body and "eiolevielähyväksynyt" in body
    module = "koto_tui.printing.interview" if kind == "assessment" else "koto_tui.printing.plan"
    monkeypatch.setattr(f"{module}.with_draft_note", _note_after_the_content)
    assert pages(pdf) <= pages(render(key))
