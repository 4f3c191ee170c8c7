"""Nothing is too long to print: every free-text field at its stated maximum, in Latin, Thai and Arabic.

Long cells are split across rows and pages, long words are broken, and the glyph check finds nothing
outside the text column and no lines drawn over each other.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from koto_tui.printing import PrintField, PrintSection, render_interview
from koto_tui.printing.limits import LINE_MAX, NAME_MAX, TEXT_MAX
from koto_tui.printing.plan import PlanGoalLine, PlanMeasureLine, render_plan
from tests.unit.printing.pdfcheck import glyph_defects
from tests.unit.printing.samples import FRAME, interview, plan
from tests.unit.printing.test_scripts import SCRIPTS

KEYS = ("finnish", "thai", "arabic")


def text(key: str, length: int) -> str:
    """*length* characters: sentences of the script with a long unbroken word in the middle."""
    answer = SCRIPTS[key].answer
    words = " ".join([answer] * (length // (2 * len(answer)) + 1))[: length // 2]
    unbroken = "".join(answer.split()) * (length // 4 // len(answer) + 1)
    return (words + " " + unbroken[: min(length // 4, 400)] + " " + words * 2)[:length]


@pytest.mark.parametrize("key", KEYS)
def test_an_assessment_with_every_field_at_its_maximum_prints(key: str) -> None:
    fields = tuple(PrintField(f"Kysymys {n}", text(key, TEXT_MAX)) for n in range(2))
    doc = interview(key, client_name=text(key, NAME_MAX), interpreter=text(key, NAME_MAX),
                    counsellor_name=text(key, NAME_MAX), counsellor_title=text(key, NAME_MAX),
                    place=text(key, NAME_MAX), municipality=text(key, NAME_MAX), unit=text(key, NAME_MAX),
                    sections=(PrintSection("Osio", fields),))
    pdf = render_interview(doc)
    assert glyph_defects(pdf, FRAME) == []


@pytest.mark.parametrize("key", KEYS)
def test_a_plan_with_every_field_at_its_maximum_prints(key: str) -> None:
    measure = PlanMeasureLine(name=text(key, LINE_MAX), provider=text(key, LINE_MAX), dates="1.1.–30.6.2027",
                              hours="400", responsible=text(key, LINE_MAX), details=text(key, TEXT_MAX))
    doc = plan(key, client_name=text(key, NAME_MAX), counsellor_name=text(key, NAME_MAX),
               counsellor_title=text(key, NAME_MAX), place=text(key, NAME_MAX),
               interpreter=text(key, NAME_MAX),
               version_reason=text(key, LINE_MAX), follow_up=text(key, TEXT_MAX),
               other_content=text(key, TEXT_MAX), municipality=text(key, NAME_MAX), unit=text(key, NAME_MAX),
               goals=(PlanGoalLine("Kieli", "Pitkä", text(key, TEXT_MAX)),), measures=(measure, measure))
    pdf = render_plan(doc)
    assert glyph_defects(pdf, FRAME) == []


def test_names_far_beyond_the_maximum_still_print() -> None:
    """A 3,000-character interpreter's and client's name (the issue's failing case) prints over pages."""
    long_name = text("finnish", 3000)
    pdf = render_interview(interview("finnish", interpreter=long_name, client_name=long_name))
    assert glyph_defects(pdf, FRAME) == []
    pdf = render_plan(plan("finnish", interpreter=long_name, client_name=long_name))
    assert glyph_defects(pdf, FRAME) == []


def test_a_plan_without_an_interpreter_has_no_interpreter_row_or_signature() -> None:
    pdf = render_plan(plan("finnish", interpreter=None))
    assert "Tulkki" not in "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    pdf = render_plan(plan("finnish"))
    assert "Tulkki" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
