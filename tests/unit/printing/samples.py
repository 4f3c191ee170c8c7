"""Printouts that stress the layout in every shipped script: long unbreakable words in narrow cells,
labels kept with their text (a second wrap), page splits, and (for the length tests) maximum-length fields."""

from __future__ import annotations

from datetime import date

from reportlab.lib.pagesizes import A4

from koto_tui.printing import InterviewPrintout, PrintField, PrintSection
from koto_tui.printing.page import MARGIN
from koto_tui.printing.plan import PlanApproval, PlanGoalLine, PlanMeasureLine, PlanPrintout
from tests.unit.printing.test_scripts import SCRIPTS

#: The text column every glyph must stay in: (left, right) in points.
FRAME = (MARGIN, A4[0] - MARGIN)
#: The paper language printed under the Finnish for each script (None: Finnish only).
PAPER_LANGUAGE = {"arabic": "ar", "dari": "prs", "farsi": "fa", "amharic": "am", "tigrinya": "ti",
                  "thai": "th", "khmer": "km", "bengali": "bn", "hindi": "hi", "russian": "ru",
                  "ukrainian": "uk", "vietnamese": "vi", "somali": "so", "estonian": "et"}


def unbroken(key: str, times: int) -> str:
    """The script's answer with its spaces taken out, *times* over: one word far wider than a column."""
    return "".join(SCRIPTS[key].answer.split()) * times


def interview(key: str, **changes: object) -> InterviewPrintout:
    """An assessment printout in the script of *key*: long words in the details table and under labels,
    and a long answer split over pages."""
    script = SCRIPTS[key]
    long_answer = " ".join([script.answer] * 60)
    fields = (
        PrintField(script.answer, unbroken(key, 6), label_second=unbroken(key, 2)),
        PrintField("Pitkä vastaus", long_answer),
        PrintField(unbroken(key, 3), f"{script.name} {unbroken(key, 4)}"),
    )
    values: dict[str, object] = dict(
        municipality="Mikkelin kaupunki", unit="Kotoutumispalvelut", title="Arviointi",
        client_name=f"{script.name} {unbroken(key, 2)}", birth_date=date(1990, 1, 5), identity_code=None,
        interview_date=date(2026, 11, 27), counsellor_name="Liisa Virtanen", counsellor_title="ohjaaja",
        place="Mikkeli", sections=(PrintSection(script.name, fields, title_second=unbroken(key, 2)),),
        document_id="KOTO-2026-000123", form_id="assessment", form_version="3",
        interpreter=f"{script.name} {unbroken(key, 2)}", copy_of=date(2026, 12, 1),
        second_language=PAPER_LANGUAGE.get(key),
    )
    values.update(changes)
    return InterviewPrintout(**values)  # type: ignore[arg-type]


def plan(key: str, **changes: object) -> PlanPrintout:
    """A plan printout in the script of *key*: long unbreakable words in every cell of the measures table."""
    script = SCRIPTS[key]
    word = unbroken(key, 2)
    measures = tuple(
        PlanMeasureLine(name=f"{script.name} {word}", provider=word, dates="1.1.2027 – 30.6.2027",
                        hours="400", responsible=word, details=f"{script.answer} {word}")
        for _ in range(3))
    values: dict[str, object] = dict(
        municipality="Mikkelin kaupunki", unit="Kotoutumispalvelut", title="Kotoutumissuunnitelma",
        client_name=script.name, birth_date=date(1990, 1, 5), identity_code=None,
        plan_date=date(2026, 11, 27),
        start=date(2026, 12, 1), end=date(2027, 11, 30), version=2, version_reason=unbroken(key, 2),
        counsellor_name="Liisa Virtanen", counsellor_title="ohjaaja", place="Mikkeli",
        goals=(PlanGoalLine("Kieli", "Pitkän aikavälin", unbroken(key, 5)),
               PlanGoalLine("Työ", "Suunnitelmakausi", " ".join([script.answer] * 40))),
        measures=measures, rights=(), enrolment_target=date(2027, 6, 1), review_date=date(2027, 6, 1),
        follow_up=unbroken(key, 3), other_content=" ".join([script.answer] * 30),
        approval=PlanApproval("Kaisa Koordinaattori", "koordinaattori", date(2026, 11, 28)),
        document_id="KOTO-P-2026-000045", printed_on=date(2026, 12, 1), interpreter=word,
        copy_of=date(2026, 12, 1), second_language=PAPER_LANGUAGE.get(key),
    )
    values.update(changes)
    return PlanPrintout(**values)  # type: ignore[arg-type]
