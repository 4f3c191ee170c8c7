"""Layout of the dated assessment printout that the client signs (A4, the document language's fixed texts)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from koto_tui.i18n import format_long_date, format_short_date
from koto_tui.i18n.languages import language_name, own_name
from koto_tui.printing.fonts import registry
from koto_tui.printing.metadata import PRODUCER
from koto_tui.printing.page import (
    CELL_FONT,
    FRAME_WIDTH,
    MARGIN,
    TOP_MARGIN,
    A4Document,
    Header,
    PageMarks,
    numbered_canvas,
)
from koto_tui.printing.paper import P_, Paper, paper_for
from koto_tui.printing.preview import TextHook, watch_pages
from koto_tui.printing.signing import (
    ASSESSMENT_STATEMENT,
    ASSESSMENT_WITH_INTERPRETER,
    draft_lines,
    signature_block,
    split_tail,
    with_draft_note,
)
from koto_tui.printing.styles import Caption, caption, styles
from koto_tui.printing.text import clean, text_flowables

_styles = styles  # the name the other printouts import
LABEL_WIDTH = 48 * mm
GRID = colors.HexColor("#b0b0b0")


@dataclass(frozen=True)
class PrintField:
    """One answered question: its label and the answer as human text (may be multi-line)."""

    label: str
    value: str
    label_second: str | None = None
    """The label in the client's language, when the form has a translation for it."""


@dataclass(frozen=True)
class PrintSection:
    """A titled group of answered questions."""

    title: str
    fields: tuple[PrintField, ...]
    title_second: str | None = None


@dataclass(frozen=True)
class InterviewPrintout:
    """Everything the assessment printout shows; the caller decides what is included."""

    municipality: str
    unit: str
    title: str
    client_name: str
    birth_date: date | None
    identity_code: str | None
    interview_date: date
    counsellor_name: str
    counsellor_title: str
    place: str
    sections: tuple[PrintSection, ...]
    document_id: str
    form_id: str
    form_version: str
    interpreter: str | None = None
    copy_of: date | None = None
    second_language: str | None = None
    """The client's language for the fixed texts under the document language's (None: that one only)."""
    document_language: str = "fi"
    """The municipality's document language: fixed texts, labels and dates ("fi" or "sv")."""
    second_form_draft: bool = False
    """True when the form's translation into the client's language is a draft."""
    title_second: str | None = None
    """The form's title in the client's language."""
    final: bool = True
    """False for an assessment not yet finalised: a draft, watermarked on every page, never signed."""
    confidentiality: str = ""
    """The legal basis of the "SALASSA PIDETTÄVÄ" marking (from the municipality's data)."""


#: Printed in the header instead of the legal basis of the secrecy marking when the municipality's data
#: has none (data/municipality.yaml ``confidentiality``): visibly missing, never a blank.
BASIS_MISSING = P_("legal basis missing: the municipality must add it")


def a4_template(buffer: io.BytesIO, title: str, lang: str = "fi") -> A4Document:
    """The A4 page of every printout; the metadata holds the document type only, never a client's name."""
    return A4Document(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP_MARGIN,
        bottomMargin=20 * mm,
        title=clean(title), author="koto", creator="koto", producer=PRODUCER, subject="", lang=lang,
        invariant=1,
    )


def render_interview(doc: InterviewPrintout, on_text: TextHook | None = None) -> bytes:
    """Render the assessment printout and return the PDF bytes; *on_text* sees each page's text."""
    registry()
    t = paper_for(doc.second_language, doc.document_language)
    buffer = io.BytesIO()
    template = a4_template(buffer, doc.title, t.primary)
    watch_pages(template, on_text)
    template.build(_story(doc, t), canvasmaker=numbered_canvas(_page_marks(doc, t)))
    return buffer.getvalue()


def _story(doc: InterviewPrintout, t: Paper) -> list[Flowable]:
    """All flowables of the printout in reading order."""
    styles = _styles()
    story: list[Flowable] = [
        *text_flowables(doc.municipality, styles["municipality"]),
        *text_flowables(doc.unit, styles["unit"]),
        *caption((doc.title, doc.title_second), styles["title"]),
        *draft_note(t, doc.second_form_draft),
        _details_table(doc, t),
    ]
    for section in doc.sections:
        story.extend(_section(section, t))
    if not doc.final:
        return with_draft_note(story, t)
    content, keep = split_tail(story)  # the last content lines stay with the signatures
    return [*content, _signatures(doc, t, keep)]


def _details_table(doc: InterviewPrintout, t: Paper) -> Table:
    """The client, interview and counsellor details as a two-column table."""
    rows: list[tuple[Caption, str]] = [(t.both(P_("Client")), doc.client_name)]
    if doc.birth_date is not None:
        rows.append((t.both(P_("Date of birth")), format_short_date(doc.birth_date, t.primary)))
    if doc.identity_code is not None:
        rows.append((t.both(P_("Personal identity code")), doc.identity_code))
    rows.append((t.both(P_("Date of interview")), format_long_date(doc.interview_date, t.primary)))
    rows.append((t.both(P_("Counsellor")), _name_and_title(doc.counsellor_name, doc.counsellor_title)))
    if doc.interpreter is not None:
        rows.append((t.both(P_("Interpreter")), doc.interpreter))
    return _label_value_table(rows)


def _name_and_title(name: str, title: str) -> str:
    """'Name, title', or the name alone when there is no title."""
    return f"{name}, {title}" if title.strip() else name


def draft_note(t: Paper, form_draft: bool = False) -> list[Flowable]:
    """The note that the client-language texts are a draft translation (nothing when checked or none)."""
    if t.language is None or not (t.draft or form_draft):
        return []
    msgid = P_("The texts in {language} are a draft translation, not yet checked by a qualified translator.")
    first = t.main(msgid, language=language_name(t.language, t.primary))
    second = t.in_second(msgid, language=own_name(t.language))
    return [*caption((first, second), _styles()["small"]), Spacer(1, 4)]


def _label_value_table(rows: Sequence[tuple[Caption, str]]) -> Table:
    """A bordered table of label / value rows whose values wrap."""
    styles = _styles()
    data = [
        [caption(label, styles["cell-label"]), _value(value, styles["body"])] for label, value in rows
    ]
    table = Table(data, colWidths=[LABEL_WIDTH, FRAME_WIDTH - LABEL_WIDTH], hAlign="LEFT", splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                CELL_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID),
                ("LINEABOVE", (0, 0), (-1, 0), 0.5, GRID),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    return table


def _value(value: str, style: ParagraphStyle) -> list[Flowable]:
    """A value's flowables, or a dash for an empty answer."""
    return text_flowables(value, style) or [Paragraph("–", style)]


def _section(section: PrintSection, t: Paper) -> list[Flowable]:
    """A section heading followed by its label-above-value pairs."""
    styles = _styles()
    flowables: list[Flowable] = caption((section.title, section.title_second), styles["section"])
    if not section.fields:
        flowables.extend(caption(t.both(P_("No answers.")), styles["small"]))
    for field in section.fields:
        flowables.extend(caption((field.label, field.label_second), styles["label"]))
        flowables.extend(_value(field.value, styles["body"]))
    return flowables


def _signatures(doc: InterviewPrintout, t: Paper, keep: Sequence[Flowable]) -> Flowable:
    """The signature block kept on one page with *keep* and the statement of what is signed."""
    signers = [
        (t.both(P_("Client")), doc.client_name),
        (t.both(P_("Counsellor")), _name_and_title(doc.counsellor_name, doc.counsellor_title)),
    ]
    if doc.interpreter is not None:
        signers.append((t.both(P_("Interpreter")), doc.interpreter))
    statement = ASSESSMENT_WITH_INTERPRETER if doc.interpreter is not None else ASSESSMENT_STATEMENT
    return signature_block(signers, doc.place, doc.interview_date, t, statement, keep)


def _page_marks(doc: InterviewPrintout, t: Paper) -> PageMarks:
    """The header, the footer's identifiers, the copy marker of a reprint and a draft's watermark."""
    version = t.main(P_("version {number}"), number=clean(doc.form_version))
    ids = f"{clean(doc.document_id)} · {clean(doc.title)}, {version}"  # the form's own title, not its id
    marker = None
    if doc.copy_of is not None:
        marker = t.joined(P_("COPY / printed {date}"), date=format_short_date(doc.copy_of, t.primary))
    header = document_header(t, doc.municipality, doc.title, doc.client_name, doc.interview_date,
                             doc.confidentiality)
    return PageMarks(ids, marker, () if doc.final else draft_lines(t), header)


def document_header(t: Paper, municipality: str, document: str, client: str, day: date,
                    confidentiality: str) -> Header:
    """The running header of an assessment or a plan."""
    basis = confidentiality.strip() or t.main(BASIS_MISSING)
    return Header(municipality, document, client, format_short_date(day, t.primary),
                  t.joined(P_("CONFIDENTIAL")), basis, t.main(P_("page {page} ({pages})")))
