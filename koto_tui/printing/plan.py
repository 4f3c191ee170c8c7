"""Layout of the integration plan printout (KotoL 681/2023 § 16) that the client signs: A4, same engine."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from koto_tui.i18n import format_long_date, format_short_date
from koto_tui.printing.fonts import registry
from koto_tui.printing.interview import (
    GRID,
    _label_value_table,
    _name_and_title,
    _styles,
    _value,
    a4_template,
    document_header,
    draft_note,
)
from koto_tui.printing.page import CELL_FONT, FRAME_WIDTH, PageMarks, numbered_canvas
from koto_tui.printing.paper import P_, Paper, paper_for
from koto_tui.printing.preview import TextHook, watch_pages
from koto_tui.printing.signing import (
    PLAN_STATEMENT,
    PLAN_WITH_INTERPRETER,
    draft_lines,
    signature_block,
    split_tail,
    with_draft_note,
)
from koto_tui.printing.styles import Caption, caption
from koto_tui.printing.text import clean, text_flowables


@dataclass(frozen=True)
class PlanGoalLine:
    """A goal as printed: its area, whether long-term or for the period (fixed texts), and the text."""

    area: Caption
    term: Caption
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
    by_drafter: bool = False
    """The drafter approved their own plan (the municipality allows one-person approval)."""
    via: str = ""
    """The sender whose laptop the approval was made on, when the plan arrived by import."""


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
    """The client's rights and obligations: msgids of fixed paragraphs (printed in both languages)."""
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
    second_language: str | None = None
    """The client's language for the fixed texts under the document language's (None: that one only)."""
    document_language: str = "fi"
    """The municipality's document language: fixed texts, labels and dates ("fi" or "sv")."""
    confidentiality: str = ""
    """The legal basis of the "SALASSA PIDETTÄVÄ" marking (from the municipality's data)."""


def render_plan(doc: PlanPrintout, on_text: TextHook | None = None) -> bytes:
    """Render the plan printout and return the PDF bytes; *on_text* sees each page's text."""
    registry()
    t = paper_for(doc.second_language, doc.document_language)
    buffer = io.BytesIO()
    template = a4_template(buffer, doc.title, t.primary)
    version = t.main(P_("version {number}"), number=doc.version)
    marks = PageMarks(f"{clean(doc.document_id)} · {version} · {format_short_date(doc.plan_date, t.primary)}",
                      t.joined(P_("COPY / printed {date}"), date=format_short_date(doc.copy_of, t.primary))
                      if doc.copy_of else None, () if doc.approval else draft_lines(t),
                      document_header(t, doc.municipality, doc.title, doc.client_name, doc.plan_date,
                                      doc.confidentiality))
    watch_pages(template, on_text)
    template.build(_story(doc, t), canvasmaker=numbered_canvas(marks))
    return buffer.getvalue()


def _story(doc: PlanPrintout, t: Paper) -> list[Flowable]:
    styles = _styles()
    story: list[Flowable] = [
        *text_flowables(doc.municipality, styles["municipality"]),
        *text_flowables(doc.unit, styles["unit"]),
        *caption((doc.title, t.in_second(P_("Integration plan"))), styles["title"]),
        *draft_note(t),
        _details(doc, t),
    ]
    story += caption(t.both(P_("Goals")), styles["section"])
    if not doc.goals:
        story += caption(t.both(P_("No goals written.")), styles["small"])
    for goal in doc.goals:
        story += caption(_pair(goal.area, goal.term), styles["label"])
        story += _value(goal.text, styles["body"])
    story += caption(t.both(P_("Agreed measures and services")), styles["section"])
    story.append(_measures_table(doc, t))
    story += caption(t.both(P_("Your rights and obligations")), styles["section"])
    for paragraph in doc.rights:
        first, second = t.both(paragraph)
        story += text_flowables(first, styles["body"])
        if second:
            story += text_flowables(second, styles["second-body"])
        story.append(Spacer(1, 4))
    story += caption(t.both(P_("Follow-up")), styles["section"])
    story.append(_label_value_table(_follow_up_rows(doc, t)))
    if doc.other_content.strip():
        story += caption(t.both(P_("Other content")), styles["section"])
        story += _value(doc.other_content, styles["body"])
    story += caption(t.both(P_("Approval")), styles["section"])
    story.append(_approval(doc, t))
    if doc.approval is None:
        return with_draft_note(story, t)
    content, keep = split_tail(story)  # the approval stays with the signatures
    return [*content, _signatures(doc, t, keep)]


def _pair(area: Caption, term: Caption) -> Caption:
    """'Area · term' in the document language, and in the client's language when both have a translation."""
    (area_fi, area_2), (term_fi, term_2) = (
        (x, None) if isinstance(x, str) else x for x in (area, term))
    return f"{area_fi} · {term_fi}", f"{area_2} · {term_2}" if area_2 and term_2 else None


def _details(doc: PlanPrintout, t: Paper) -> Table:
    rows: list[tuple[Caption, str]] = [(t.both(P_("Client")), doc.client_name)]
    if doc.birth_date is not None:
        rows.append((t.both(P_("Date of birth")), format_short_date(doc.birth_date, t.primary)))
    if doc.identity_code is not None:
        rows.append((t.both(P_("Personal identity code")), doc.identity_code))
    rows.append((t.both(P_("Plan period")), f"{format_short_date(doc.start, t.primary)} – "
                                            f"{format_short_date(doc.end, t.primary)}"))
    version = t.main(P_("version {number}"), number=doc.version)
    if doc.version_reason.strip():
        version += f", {doc.version_reason}"
    rows.append((t.both(P_("Date of the plan")), f"{format_long_date(doc.plan_date, t.primary)} ({version})"))
    rows.append((t.both(P_("Counsellor")), _name_and_title(doc.counsellor_name, doc.counsellor_title)))
    if doc.interpreter is not None:
        rows.append((t.both(P_("Interpreter")), doc.interpreter))
    return _label_value_table(rows)


def _measures_table(doc: PlanPrintout, t: Paper) -> Flowable:
    styles = _styles()
    if not doc.measures:
        return KeepTogether(caption(t.both(P_("No measures agreed.")), styles["small"]))
    head = [caption(t.both(text), styles["cell-label"]) for text in (
        P_("Service or measure"), P_("Provider"), P_("Dates"), P_("Hours"), P_("Responsible party"))]
    rows: list[list[Any]] = [head]
    for m in doc.measures:
        first = [*text_flowables(m.name, styles["label"]), *text_flowables(m.details, styles["small"])]
        rows.append([first, *(text_flowables(text, styles["body"])
                              for text in (m.provider, m.dates, m.hours, m.responsible))])
    widths = [0.28, 0.22, 0.15, 0.11, 0.24]
    table = Table(rows, colWidths=[FRAME_WIDTH * w for w in widths], hAlign="LEFT", repeatRows=1,
                  splitInRow=1)
    table.setStyle(TableStyle([
        CELL_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _follow_up_rows(doc: PlanPrintout, t: Paper) -> list[tuple[Caption, str]]:
    return [
        (t.both(P_("Enrol in the agreed services by")), format_short_date(doc.enrolment_target, t.primary)),
        (t.both(P_("Review of the plan")),
         format_short_date(doc.review_date, t.primary) if doc.review_date else "–"),
        (t.both(P_("How follow-up is agreed")), doc.follow_up or "–"),
    ]


def _approval(doc: PlanPrintout, t: Paper) -> Flowable:
    if doc.approval is None:
        return KeepTogether(caption(t.both(P_("Not yet approved by the integration coordinator.")),
                                    _styles()["label"]))
    a = doc.approval
    rows = [(t.both(P_("Approved by")), _name_and_title(a.name, a.title)),
            (t.both(P_("Date of approval")), format_short_date(a.on, t.primary))]
    if a.via:  # approved elsewhere and imported: never printed as if approved here
        rows.append((t.both(P_("Approved on the laptop of")), a.via))
    table = _label_value_table(rows)
    if not a.by_drafter:
        return table
    note = caption(t.both(P_("Approved by the drafter of the plan (the municipality allows one-person "
                             "approval).")), _styles()["small"])
    return KeepTogether([table, *note])


def _signatures(doc: PlanPrintout, t: Paper, keep: list[Flowable]) -> Flowable:
    signers: list[tuple[Caption, str]] = [
        (t.both(P_("Client")), doc.client_name),
        (t.both(P_("Counsellor")), _name_and_title(doc.counsellor_name, doc.counsellor_title)),
    ]
    if doc.interpreter:  # only when an interpreter took part
        signers.append((t.both(P_("Interpreter")), doc.interpreter))
    statement = PLAN_WITH_INTERPRETER if doc.interpreter else PLAN_STATEMENT
    return signature_block(signers, doc.place, doc.printed_on, t, statement, keep)
