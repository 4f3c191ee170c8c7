"""The print preview, headless: the text of each page in reading order, and the characters no font has.

A printout module lets the preview watch its layout with one call before it builds::

    def render_plan(doc: PlanPrintout, on_text: TextHook | None = None) -> bytes:
        template = SimpleDocTemplate(buffer, ...)
        watch_pages(template, on_text)      # no-op when on_text is None
        template.build(story, ...)

and the preview renders through it::

    preview = build_preview(lambda hook: render_plan(doc, on_text=hook), {"Goal": goal_text, ...})

``watch_pages`` sets the template's ``afterFlowable``: for each flowable laid out it calls the hook once
with the page number and the flowable's text in logical order (``logical_texts``: user text from
``text.text_flowables`` carries ``logical_text``; other Paragraphs give their plain text; tables and
containers are read cell by cell). The PDF itself stays in visual order for paper; the preview shows
Arabic, Persian and the Indic scripts as they were typed, which a terminal can show.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reportlab.platypus import Paragraph, Table
from reportlab.platypus.doctemplate import BaseDocTemplate

from koto_tui.i18n import _
from koto_tui.printing.fonts import missing_characters
from koto_tui.printing.text import clean

if TYPE_CHECKING:
    from koto_tui.printing.interview import InterviewPrintout
    from koto_tui.printing.plan import PlanPrintout

TextHook = Callable[[int, str], None]
"""Called once per flowable laid out: (page number from 1, its text in logical order, "" if none)."""


@dataclass(frozen=True)
class Unrenderable:
    """Characters that no shipped font has, where they are: printed as U+FFFD instead of an empty box."""

    label: str
    """Where the text is, for the counsellor (a field label)."""
    characters: tuple[str, ...]
    """The characters in order of first appearance."""
    names: tuple[str, ...]
    """For each character its code point and Unicode name, e.g. 'U+4E2D CJK UNIFIED IDEOGRAPH-4E2D'."""


@dataclass(frozen=True)
class Preview:
    """What the printout holds: its page count, each page's texts in reading order, and what cannot print."""

    pages: int
    page_texts: list[list[str]]
    unrenderable: list[Unrenderable]
    pdf: bytes = field(default=b"", repr=False)
    """The rendered PDF, so that what was previewed is what gets saved or printed."""
    draft: bool = False
    """True when the printout is a draft (watermarked, no signature lines): the preview says so."""


def unrenderable(texts: Mapping[str, str]) -> list[Unrenderable]:
    """The characters of each labelled text that no shipped font can draw (control characters are dropped)."""
    found: list[Unrenderable] = []
    for label, text in texts.items():
        cleaned = clean(text)
        missing = missing_characters(cleaned)
        if missing:
            characters = tuple(dict.fromkeys(char for char in cleaned if char in missing))
            found.append(Unrenderable(label, characters, tuple(character_name(c) for c in characters)))
    return found


def character_name(char: str) -> str:
    """'U+XXXX NAME' for *char*, or the code point alone when Unicode gives it no name (private use)."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    return f"{code} {name}" if name else code


def logical_texts(flowable: Any) -> list[str]:
    """The texts a flowable draws, in reading order and logical character order (tables cell by cell)."""
    text = getattr(flowable, "logical_text", None)
    if isinstance(text, str):
        return [text] if text.strip() else []
    if isinstance(flowable, Paragraph):
        plain = str(flowable.getPlainText())
        return [plain] if plain.strip() else []
    if isinstance(flowable, str):
        return [flowable] if flowable.strip() else []
    if isinstance(flowable, Table):
        return [text for row in flowable._cellvalues for cell in row for text in logical_texts(cell)]
    if isinstance(flowable, (list, tuple)):
        return [text for item in flowable for text in logical_texts(item)]
    content = getattr(flowable, "_content", None)  # KeepTogether and other containers
    return logical_texts(content) if isinstance(content, (list, tuple)) else []


def watch_pages(template: BaseDocTemplate, hook: TextHook | None) -> None:
    """Make *template* call *hook* with (page number, logical text) after it lays out each flowable.

    The template's own ``afterFlowable`` (a table of contents, say) is still called first.
    """
    if hook is None:
        return
    previous = template.afterFlowable

    def after_flowable(flowable: Any) -> None:
        previous(flowable)
        hook(int(template.page), "\n".join(logical_texts(flowable)))

    template.afterFlowable = after_flowable


class PageRecorder:
    """A :data:`TextHook` that collects the texts of each page."""

    def __init__(self) -> None:
        self._pages: dict[int, list[str]] = {}

    def __call__(self, page: int, text: str) -> None:
        """Record the non-empty lines of *text* on *page* (an empty text still marks the page as used)."""
        self._pages.setdefault(page, []).extend(line for line in text.split("\n") if line.strip())

    @property
    def pages(self) -> int:
        """The number of the last page anything was laid out on (0 before rendering)."""
        return max(self._pages, default=0)

    def page_texts(self) -> list[list[str]]:
        """The texts of pages 1..pages in reading order (an empty list for a page without text)."""
        return [list(self._pages.get(number, [])) for number in range(1, self.pages + 1)]


def build_preview(render: Callable[[TextHook], bytes], texts: Mapping[str, str],
                  draft: bool = False) -> Preview:
    """Render once through *render* (given the hook to pass on) and describe the result.

    *texts* maps a label the counsellor recognises to each piece of user text in the printout; it is
    what the unrenderable characters are reported against.
    """
    recorder = PageRecorder()
    pdf = render(recorder)
    return Preview(recorder.pages, recorder.page_texts(), unrenderable(texts), pdf, draft)


def interview_texts(doc: InterviewPrintout) -> dict[str, str]:
    """The user texts of an assessment printout, labelled for the preview's report."""
    texts: dict[str, str] = {}

    def add(label: str, text: str | None) -> None:
        if text:
            key, number = label, 2
            while key in texts:
                key, number = f"{label} ({number})", number + 1
            texts[key] = text

    add(_("Municipality"), doc.municipality)
    add(_("Unit"), doc.unit)
    add(_("Document title"), doc.title)
    add(_("Client"), doc.client_name)
    add(_("Counsellor"), f"{doc.counsellor_name}\n{doc.counsellor_title}")
    add(_("Interpreter"), doc.interpreter)
    add(_("Place of signing"), doc.place)
    for section in doc.sections:
        add(section.title, section.title)
        for item in section.fields:
            add(f"{section.title} › {item.label}", f"{item.label}\n{item.value}")
    return texts


def plan_texts(doc: PlanPrintout) -> dict[str, str]:
    """The user texts of a plan printout, labelled for the preview's report."""
    texts = {_("Municipality"): doc.municipality, _("Unit"): doc.unit, _("Client"): doc.client_name,
             _("Counsellor"): f"{doc.counsellor_name}\n{doc.counsellor_title}",
             _("Place of signing"): doc.place, _("Why this version"): doc.version_reason,
             _("How follow-up is agreed"): doc.follow_up, _("Other content"): doc.other_content}
    if doc.interpreter:
        texts[_("Interpreter")] = doc.interpreter
    for number, goal in enumerate(doc.goals, 1):
        texts[_("Goal {n}").format(n=number)] = goal.text
    for number, m in enumerate(doc.measures, 1):
        texts[_("Measure {n}").format(n=number)] = "\n".join((m.name, m.provider, m.responsible, m.details))
    return {label: text for label, text in texts.items() if text}


def plan_preview(doc: PlanPrintout) -> Preview:
    """The preview of a plan printout (rendered once; the PDF is in the result)."""
    from koto_tui.printing.plan import render_plan  # plan imports this module

    return build_preview(lambda hook: render_plan(doc, on_text=hook), plan_texts(doc), doc.approval is None)


def interview_preview(doc: InterviewPrintout) -> Preview:
    """The preview of an assessment printout (rendered once; the PDF is in the result)."""
    from koto_tui.printing.interview import render_interview  # interview imports this module

    return build_preview(lambda hook: render_interview(doc, on_text=hook), interview_texts(doc),
                         not doc.final)
