"""Layout of the integration plan printout (KotoL 681/2023 § 16) that the client signs: A4, same engine."""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from koto_tui.i18n import format_long_date, format_short_date, translation
from koto_tui.printing.fonts import registry
from koto_tui.printing.interview import (
    FRAME_WIDTH,
    GRID,
    LANGUAGE,
    MARGIN,
    _canvas_maker,
    _Footer,
    _label_value_table,
    _name_and_title,
    _signatures_grid,
    _styles,
    _value,
)
from koto_tui.printing.text import clean, plain_markup, text_flowables


@dataclass(frozen=True)
class PlanGoalLine:
    """A goal as printed: its area, whether long-term or for the period, and the text."""

    area: str
    term: str
    text: str


@dataclass(frozen=True)
class PlanMeasureLine:
    """A row of the measures table."""

    name: str
    provider: str
    dates: str
    hours: str
    responsible: str
    details: str
    """Status, goal served, language, whether it binds the client, notes (one line of text)."""


@dataclass(frozen=True)
class PlanApproval:
    """The coordinator's approval as printed."""

    name: str
    title: str
    on: date


@dataclass(frozen=True)
class PlanPrintout:
    """Everything the plan printout shows."""

    municipality: str
    unit: str
    title: str
    client_name: str
    birth_date: date | None
    identity_code: str | None
    plan_date: date
    start: date
    end: date
    version: int
    version_reason: str
    counsellor_name: str
    counsellor_title: str
    place: str
    goals: tuple[PlanGoalLine, ...]
    measures: tuple[PlanMeasureLine, ...]
    rights: tuple[str, ...]
    """The client's rights and obligations, each a paragraph of fixed text."""
    enrolment_target: date
    review_date: date | None
    follow_up: str
    other_content: str
    approval: PlanApproval | None
    document_id: str
    printed_on: date
    """The day of printing: pre-filled beside the signature lines."""
    interpreter: str | None = None
    copy_of: date | None = None


def render_plan(doc: PlanPrintout) -> bytes:
    """Render the plan printout and return the PDF bytes."""
    registry()
    t = translation(LANGUAGE)
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=18 * mm, bottomMargin=20 * mm,
        title=clean(doc.title),  # the document type only: never the client's name
        author="koto", creator="koto", producer="koto", subject="", lang=LANGUAGE, invariant=1,
    )
    version = t.gettext("version {number}").format(number=doc.version)
    footer = _Footer(f"{clean(doc.document_id)} · {version} · {format_short_date(doc.plan_date, LANGUAGE)}",
                     t.gettext("COPY / printed {date}").format(date=format_short_date(doc.copy_of, LANGUAGE))
                     if doc.copy_of else None)
    template.build(_story(doc, t), canvasmaker=_canvas_maker(footer))
    return buffer.getvalue()


def _story(doc: PlanPrintout, t: gettext.NullTranslations) -> list[Flowable]:
    styles = _styles()
    story: list[Flowable] = [
        *text_flowables(doc.municipality, styles["municipality"]),
        *text_flowables(doc.unit, styles["unit"]),
        *text_flowables(doc.title, styles["title"]),
        _details(doc, t),
    ]
    story += _heading(t.gettext("Goals"))
    if not doc.goals:
        story.append(Paragraph(plain_markup(t.gettext("No goals written.")), styles["small"]))
    for goal in doc.goals:
        story.extend(text_flowables(f"{goal.area} · {goal.term}", styles["label"]))
        story.extend(_value(goal.text, styles["body"]))
    story += _heading(t.gettext("Agreed measures and services"))
    story.append(_measures_table(doc, t))
    story += _heading(t.gettext("Follow-up"))
    story.append(_label_value_table(_follow_up_rows(doc, t)))
    if doc.other_content.strip():
        story += _heading(t.gettext("Other content"))
        story.extend(_value(doc.other_content, styles["body"]))
    story += _heading(t.gettext("Your rights and obligations"))
    for paragraph in doc.rights:
        story.extend(text_flowables(paragraph, styles["body"]))
        story.append(Spacer(1, 3))
    story += _heading(t.gettext("Approval"))
    story.append(_approval(doc, t))
    story.append(_signatures(doc, t))
    return story


def _heading(text: str) -> list[Flowable]:
    return [Paragraph(plain_markup(text), _styles()["section"])]


def _details(doc: PlanPrintout, t: gettext.NullTranslations) -> Table:
    rows: list[tuple[str, str]] = [(t.gettext("Client"), doc.client_name)]
    if doc.birth_date is not None:
        rows.append((t.gettext("Date of birth"), format_short_date(doc.birth_date, LANGUAGE)))
    if doc.identity_code is not None:
        rows.append((t.gettext("Personal identity code"), doc.identity_code))
    rows.append((t.gettext("Plan period"), f"{format_short_date(doc.start, LANGUAGE)} – "
                                          f"{format_short_date(doc.end, LANGUAGE)}"))
    version = t.gettext("version {number}").format(number=doc.version)
    if doc.version_reason.strip():
        version += f", {doc.version_reason}"
    rows.append((t.gettext("Date of the plan"), f"{format_long_date(doc.plan_date, LANGUAGE)} ({version})"))
    rows.append((t.gettext("Counsellor"), _name_and_title(doc.counsellor_name, doc.counsellor_title)))
    if doc.interpreter is not None:
        rows.append((t.gettext("Interpreter"), doc.interpreter))
    return _label_value_table(rows)


def _measures_table(doc: PlanPrintout, t: gettext.NullTranslations) -> Flowable:
    styles = _styles()
    if not doc.measures:
        return Paragraph(plain_markup(t.gettext("No measures agreed.")), styles["small"])
    head = [Paragraph(plain_markup(text), styles["cell-label"]) for text in (
        t.gettext("Service or measure"), t.gettext("Provider"), t.gettext("Dates"), t.gettext("Hours"),
        t.gettext("Responsible party"))]
    rows: list[list[object]] = [head]
    for m in doc.measures:
        first = [*text_flowables(m.name, styles["label"]), *text_flowables(m.details, styles["small"])]
        rows.append([first, *(text_flowables(text, styles["body"])
                              for text in (m.provider, m.dates, m.hours, m.responsible))])
    widths = [0.29, 0.23, 0.16, 0.09, 0.23]
    table = Table(rows, colWidths=[FRAME_WIDTH * w for w in widths], hAlign="LEFT", repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _follow_up_rows(doc: PlanPrintout, t: gettext.NullTranslations) -> list[tuple[str, str]]:
    rows = [(t.gettext("Enrol in the agreed services by"), format_short_date(doc.enrolment_target, LANGUAGE))]
    rows.append((t.gettext("Review of the plan"),
                 format_short_date(doc.review_date, LANGUAGE) if doc.review_date else "–"))
    rows.append((t.gettext("How follow-up is agreed"), doc.follow_up or "–"))
    return rows


def _approval(doc: PlanPrintout, t: gettext.NullTranslations) -> Flowable:
    if doc.approval is None:
        return Paragraph(plain_markup(t.gettext("Not yet approved by the integration coordinator.")),
                         _styles()["label"])
    a = doc.approval
    return _label_value_table([
        (t.gettext("Approved by"), _name_and_title(a.name, a.title)),
        (t.gettext("Date of approval"), format_short_date(a.on, LANGUAGE)),
    ])


def _signatures(doc: PlanPrintout, t: gettext.NullTranslations) -> Flowable:
    signers = [(t.gettext("Client"), doc.client_name),
               (t.gettext("Counsellor"), _name_and_title(doc.counsellor_name, doc.counsellor_title)),
               (t.gettext("Interpreter"), doc.interpreter or "")]
    return _signatures_grid(signers, doc.place, doc.printed_on, t)
