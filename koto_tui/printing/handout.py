"""The opening-text handout in the client's language: what the assessment is for, and how the client's data
is processed (controller, data protection officer, legal basis, retention, the right to complain), with
the municipality, the date and page numbers on every page and the counsellor's contact.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from koto_tui.i18n import format_short_date, translation
from koto_tui.printing.fonts import registry
from koto_tui.printing.interview import _styles, a4_template, draft_note
from koto_tui.printing.page import Header, PageMarks, numbered_canvas
from koto_tui.printing.paper import P_, Paper, paper_for
from koto_tui.printing.styles import caption
from koto_tui.printing.text import text_flowables

PROCESSING = P_("How your data is processed")
LEGAL_BASIS = P_("The legal basis is the municipality's statutory duty to arrange integration services (Act "
                 "681/2023; GDPR art. 6(1)(c) and (e)); the data are used only for those services.")
RIGHTS = P_("You have the right to see the data held about you and get a copy of it, to have wrong data "
            "corrected, and to ask for their restriction or erasure as the law allows (GDPR art. 15–18 and "
            "20). Ask your counsellor.")
#: Printed for a data-protection fact the municipality's data does not give: visibly missing, never a blank.
MISSING = P_("Not filled in: the municipality must add this to its data.")
COMPLAINT = P_("You have the right to lodge a complaint with the Data Protection Ombudsman "
               "(tietosuojavaltuutettu, www.tietosuoja.fi).")


@dataclass(frozen=True)
class Privacy:
    """What the handout says about the processing of personal data, from the municipality's data."""

    controller: str
    controller_contact: str
    data_protection_officer: str
    retention: str


@dataclass(frozen=True)
class Handout:
    """What the handout shows: the municipality, the title and paragraphs in one language, and the
    data-protection facts and the counsellor's contact when given."""

    municipality: str
    unit: str
    language: str
    title: str
    paragraphs: tuple[str, ...]
    draft: bool
    privacy: Privacy | None = None
    counsellor: str = ""
    """The counsellor's name and contact."""
    printed_on: date | None = None
    document_language: str = "fi"
    """The municipality's document language: fixed texts, labels and dates ("fi" or "sv")."""


def render_handout(doc: Handout) -> bytes:
    """The handout as PDF bytes (A4; the metadata names the document type only)."""
    registry()
    buffer = io.BytesIO()
    paper = paper_for(doc.language, doc.document_language)
    day = format_short_date(doc.printed_on, paper.primary) if doc.printed_on else ""
    header = Header(doc.municipality, doc.title, "", day, "", "", paper.main(P_("page {page} ({pages})")))
    marks = PageMarks(doc.unit, header=header)
    a4_template(buffer, doc.title, doc.language).build(_story(doc), canvasmaker=numbered_canvas(marks))
    return buffer.getvalue()


def _story(doc: Handout) -> list[Flowable]:
    styles = _styles()
    story: list[Flowable] = [*text_flowables(doc.municipality, styles["municipality"]),
                             *text_flowables(doc.unit, styles["unit"]),
                             *text_flowables(doc.title, styles["title"])]
    paper = paper_for(doc.language, doc.document_language)
    if doc.draft and paper.language is not None:  # the note in both languages
        story += draft_note(paper, form_draft=True)
    elif doc.draft:
        catalogue = translation(doc.document_language)
        note = catalogue.gettext("DRAFT TRANSLATION: not yet checked by a qualified translator.")
        story += text_flowables(note, styles["small"])
    story.append(Spacer(1, 4 * mm))
    for paragraph in doc.paragraphs:
        story += text_flowables(paragraph, styles["body"])
        story.append(Spacer(1, 3 * mm))
    if doc.privacy is not None:
        story += _privacy(doc.privacy, paper)
    if doc.counsellor.strip():
        story += [*caption(paper.both(P_("Counsellor")), styles["label"]),
                  *text_flowables(doc.counsellor, styles["body"])]
    return story


def _privacy(privacy: Privacy, paper: Paper) -> list[Flowable]:
    """The data-protection facts: fixed texts in both languages, values as given."""
    styles = _styles()
    story: list[Flowable] = caption(paper.both(PROCESSING), styles["section"])
    rows = ((P_("Controller"), (privacy.controller, privacy.controller_contact)),
            (P_("Data protection officer"), (privacy.data_protection_officer,)),
            (P_("Retention"), (privacy.retention,)))
    for label, parts in rows:
        story += caption(paper.both(label), styles["label"])
        given = "\n".join(part for part in parts if part.strip())
        body = styles["body"]
        story += text_flowables(given, body) if given else caption(paper.both(MISSING), body)
    story.append(Spacer(1, 2 * mm))
    for text in (LEGAL_BASIS, RIGHTS, COMPLAINT):
        story += [*caption(paper.both(text), styles["body"]), Spacer(1, 2 * mm)]
    return story
