"""A one-page handout: the opening text in the client's language (marked when it is a draft)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from koto_tui.i18n import translation
from koto_tui.printing.fonts import registry
from koto_tui.printing.interview import _styles, a4_template, draft_note
from koto_tui.printing.paper import paper_for
from koto_tui.printing.text import text_flowables


@dataclass(frozen=True)
class Handout:
    """What the handout shows: the municipality, the title and paragraphs in one language."""

    municipality: str
    unit: str
    language: str
    title: str
    paragraphs: tuple[str, ...]
    draft: bool


def render_handout(doc: Handout) -> bytes:
    """The handout as PDF bytes (A4; the metadata names the document type only)."""
    registry()
    buffer = io.BytesIO()
    a4_template(buffer, doc.title, doc.language).build(_story(doc))
    return buffer.getvalue()


def _story(doc: Handout) -> list[Flowable]:
    styles = _styles()
    story: list[Flowable] = [*text_flowables(doc.municipality, styles["municipality"]),
                             *text_flowables(doc.unit, styles["unit"]),
                             *text_flowables(doc.title, styles["title"])]
    paper = paper_for(doc.language)
    if doc.draft and paper.language is not None:  # the note in Finnish and in the handout's language
        story += draft_note(paper, form_draft=True)
    elif doc.draft:
        note = translation("fi").gettext("DRAFT TRANSLATION: not yet checked by a qualified translator.")
        story += text_flowables(note, styles["small"])
    story.append(Spacer(1, 4 * mm))
    for paragraph in doc.paragraphs:
        story += text_flowables(paragraph, styles["body"])
        story.append(Spacer(1, 3 * mm))
    return story
