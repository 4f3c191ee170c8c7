"""Layout of a client's access report (GDPR art. 15): the document language, with the fixed
texts in the client's language too.

The report is built from parts, each a titled group of the printouts' own sections (label above value), so
that the assessments print as on their own printout; the data-protection part is the handout's.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from koto_tui.i18n import format_short_date
from koto_tui.printing.fonts import registry
from koto_tui.printing.handout import Privacy, _privacy
from koto_tui.printing.interview import (
    PrintSection,
    _section,
    _styles,
    a4_template,
    document_header,
    draft_note,
)
from koto_tui.printing.page import PageMarks, numbered_canvas
from koto_tui.printing.paper import P_, Paper, paper_for
from koto_tui.printing.styles import Caption, caption
from koto_tui.printing.text import clean, text_flowables

TITLE = P_("Your personal data held by the integration services")
INTRO = P_("This is your own copy of all the personal data that the integration services hold about you on "
           "this computer, sensitive answers included (GDPR art. 15 and 20). Keep it in a safe place.")
PERSONAL_DATA = P_("Personal data")
CORRECTIONS = P_("Versions and corrections")
DISCLOSURES = P_("Disclosures and printouts")
HANDLING = P_("Who has handled your data")
NEXT_MEETING = P_("Next meeting")
RESTRICTION = P_("Restriction of processing (GDPR art. 18)")
NOT_TAKEN_OVER = P_("Data received from another computer and not taken over")
KOTO_AJ = P_("Entered into the national system KOTO-AJ")
RECORD_IDS = P_("Identifiers of your records in transfers")
PLAN_STEPS = P_("Handling of the plan")
MADE_BY = P_("Made by")
NOT_GIVEN = P_("Not given in the municipality's data.")
NONE = P_("None.")


@dataclass(frozen=True)
class AccessPart:
    """A titled part of the report: its heading and its sections."""

    title: Caption
    sections: tuple[PrintSection, ...]


@dataclass(frozen=True)
class AccessPrintout:
    """Everything the access report shows; values are printed as stored, never translated."""

    municipality: str
    unit: str
    client_name: str
    printed_on: date
    document_id: str
    parts: tuple[AccessPart, ...]
    privacy: Privacy
    missing: tuple[str, ...] = ()
    """Fixed-text msgids of the data-protection items the municipality's data lacks."""
    second_language: str | None = None
    confidentiality: str = ""
    document_language: str = "fi"
    """The municipality's document language: fixed texts, labels and dates ("fi" or "sv")."""
    made_by: str = ""
    """Who made the report: the user's name and title."""



def render_access(doc: AccessPrintout) -> bytes:
    """The access report as PDF bytes (the metadata names the document type only)."""
    registry()
    paper = paper_for(doc.second_language, doc.document_language)
    buffer = io.BytesIO()
    title = paper.main(TITLE)
    header = document_header(paper, doc.municipality, title, doc.client_name, doc.printed_on,
                             doc.confidentiality)
    marks = PageMarks(f"{clean(doc.document_id)} · {format_short_date(doc.printed_on, paper.primary)}",
                      header=header)
    a4_template(buffer, title, paper.primary).build(_story(doc, paper), canvasmaker=numbered_canvas(marks))
    return buffer.getvalue()


def _story(doc: AccessPrintout, paper: Paper) -> list[Flowable]:
    """All flowables in reading order."""
    styles = _styles()
    story: list[Flowable] = [
        *text_flowables(doc.municipality, styles["municipality"]),
        *text_flowables(doc.unit, styles["unit"]),
        *caption(paper.both(TITLE), styles["title"]),
        *draft_note(paper),
        *caption(paper.both(INTRO), styles["body"]),
        Spacer(1, 2 * mm),
    ]
    if doc.made_by:
        story += caption(paper.both(MADE_BY), styles["label"]) + text_flowables(doc.made_by, styles["body"])
    story.append(Spacer(1, 4 * mm))
    for part in doc.parts:
        story += caption(part.title, styles["title"])
        for index, section in enumerate(part.sections):
            empty = not section.fields and not section.title
            if index and not section.title:  # the rows of one kind of record, apart
                story.append(Spacer(1, 2 * mm))
            story += caption(paper.both(NONE), styles["small"]) if empty else _section(section, paper)
        story.append(Spacer(1, 4 * mm))
    story += _privacy(doc.privacy, paper)
    for msgid in doc.missing:
        story += caption(paper.both(msgid), styles["label"])
        story += caption(paper.both(NOT_GIVEN), styles["small"])
    return story
