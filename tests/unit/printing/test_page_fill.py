"""A label with a long answer starts where there is room: it is kept with the answer's first lines only,
not moved to the next page with the whole answer (which left half of the page before it blank)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from koto_tui.printing import PrintField, PrintSection, render_interview
from tests.unit.printing.samples import interview
from tests.unit.printing.test_scripts import SCRIPTS


def page_texts(pdf: bytes) -> list[str]:
    """The extracted text of each page."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("key", ["dari", "finnish", "thai"])
def test_a_long_answer_starts_on_the_page_with_room_for_its_first_lines(key: str) -> None:
    answer = " ".join([SCRIPTS[key].answer] * 150)
    section = PrintSection("Osio", (PrintField("Lyhyt", "Kyllä"), PrintField("Pitkä vastaus", answer)))
    pages = page_texts(render_interview(interview(key, sections=(section,))))
    assert len(pages) >= 2
    assert "Pitkä vastaus" in pages[0]


def test_a_label_is_not_left_alone_at_the_foot_of_a_page() -> None:
    answer = " ".join([SCRIPTS["finnish"].answer] * 150)
    fields = tuple(PrintField(f"Kysymys {number}", "Vastaus " * 40) for number in range(12))
    section = PrintSection("Osio", (*fields, PrintField("Pitkä vastaus", answer)))
    pages = page_texts(render_interview(interview("finnish", sections=(section,))))
    for page in pages:
        lines = [line for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith("KOTO-")]
        assert not body[-1].startswith(("Kysymys", "Pitkä vastaus")), body[-3:]
