"""What a counsellor does, on top of the store, the form engine and printing (headless, no textual)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from koto_tui import clock
from koto_tui.engine import Form, display_answer, is_answered, load_form, load_form_text
from koto_tui.files import write_private
from koto_tui.i18n import translation
from koto_tui.i18n.languages import language_name
from koto_tui.model import Interview
from koto_tui.printing import InterviewPrintout, PrintField, PrintSection, render_interview
from koto_tui.resources import forms_dir
from koto_tui.store import Store

ASSESSMENT_FORM = "assessment-basic"
PRINT_LANGUAGE = "fi"


def register_shipped_forms(store: Store, folder: Path | None = None) -> dict[str, Form]:
    """Load every form in forms/, keep its text in the database, and return the newest per form id."""
    newest: dict[str, Form] = {}
    for path in sorted((folder or forms_dir()).glob("*.yaml")):
        form = load_form(path)
        store.interviews.register_form(form.id, form.version, path.read_text(encoding="utf-8"))
        if form.id not in newest or _version_key(form.version) > _version_key(newest[form.id].version):
            newest[form.id] = form
    return newest


def _version_key(version: str) -> tuple[int | str, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.-]", version))


def form_of(store: Store, interview: Interview) -> Form:
    """The form exactly as the interview was taken with it (from the text kept in the database)."""
    source = store.interviews.form_source(interview.form_id, interview.form_version)
    return load_form_text(source, source=f"{interview.form_id} v{interview.form_version}")


@dataclass(frozen=True)
class PrintRequest:
    """What to print and where."""

    interview_id: int
    out: Path | None = None
    include_identity_code: bool = False


def default_print_path(store: Store, interview: Interview) -> Path:
    """prints/<document id>-<timestamp>.pdf in the data directory (no client name in file names)."""
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    return store.paths.prints / f"{interview.document_id}-{stamp}.pdf"


def build_printout(store: Store, interview_id: int, include_identity_code: bool = False) -> InterviewPrintout:
    """Everything the assessment printout shows, with answers as human text in Finnish."""
    interview = store.interviews.get(interview_id)
    client = store.clients.get(interview.client_id).data
    form = form_of(store, interview)
    answers = store.interviews.answers(interview_id)
    profile = store.profile()
    sections = tuple(
        PrintSection(
            title=section.title.get(PRINT_LANGUAGE),
            fields=tuple(
                PrintField(q.label.get(PRINT_LANGUAGE), display_answer(q, answers[q.id], PRINT_LANGUAGE))
                for q in section.questions if q.answerable and is_answered(answers.get(q.id))
            ),
        )
        for section in form.sections
    )
    interpreter = ""  # a signature line for the interpreter is always there, filled in by hand if blank
    if client.interpreter_needed:
        t = translation(PRINT_LANGUAGE)
        interpreter = t.gettext("language: {language}").format(
            language=language_name(client.interpreter_language, PRINT_LANGUAGE))
    return InterviewPrintout(
        municipality=profile.municipality, unit=profile.unit, title=form.title.get(PRINT_LANGUAGE),
        client_name=client.full_name, birth_date=client.birth_date,
        identity_code=client.identity_code if include_identity_code and client.identity_code else None,
        interview_date=interview.interview_date, counsellor_name=interview.counsellor_name,
        counsellor_title=interview.counsellor_title, place=profile.place,
        sections=tuple(s for s in sections if s.fields), document_id=interview.document_id,
        form_id=interview.form_id, form_version=interview.form_version, interpreter=interpreter,
    )


def print_interview(store: Store, request: PrintRequest) -> Path:
    """Render the dated printout, write it owner-only and atomically, and log the print."""
    interview = store.interviews.get(request.interview_id)
    printout = build_printout(store, request.interview_id, request.include_identity_code)
    data = render_interview(printout)
    path = write_private(data, request.out or default_print_path(store, interview))
    store.interviews.record_printout(interview.id, interview.document_id)
    return path
