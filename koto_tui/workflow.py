"""What a counsellor does, on top of the store, the form engine and printing (headless, no textual)."""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from koto_tui import clock
from koto_tui.assessment import eligibility_of, has_rules, summary_rows
from koto_tui.engine import AnswerContext, Form, Question, Scope, display_answer, load_form
from koto_tui.engine.loader import parsed_form
from koto_tui.engine.translations import FormTranslation, Review, translation_for
from koto_tui.files import write_private
from koto_tui.i18n import P_, format_short_date, translation
from koto_tui.i18n.languages import language_name
from koto_tui.model import Amendment, Consent, Interview, InterviewStatus
from koto_tui.municipality import document_language, shipped_municipality
from koto_tui.printing import InterviewPrintout, PrintField, PrintSection, render_interview
from koto_tui.printing.paper import NATIONAL, Paper, paper_for, second_language
from koto_tui.record_names import HOW, MODES, ROLES, interpreter_text
from koto_tui.resources import form_files, forms_dir
from koto_tui.rules.consent import PARTIES
from koto_tui.store import Store

ASSESSMENT_FORM = "assessment"


def register_shipped_forms(store: Store, folder: Path | None = None) -> dict[str, Form]:
    """Load the shipped and the municipality's own forms, keep their text in the database; newest per id."""
    newest: dict[str, Form] = {}
    for path in sorted(folder.glob("*.yaml")) if folder else form_files():
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
    return parsed_form(interview.form_id, interview.form_version, source)




@dataclass(frozen=True)
class PrintRequest:
    """What to print and where."""

    interview_id: int
    out: Path | None = None
    include_identity_code: bool = False
    include_sensitive: bool = False


def default_print_path(store: Store, interview: Interview) -> Path:
    """prints/<document id>-<timestamp>.pdf in the data directory (no client name in file names)."""
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    return store.paths.prints / f"{interview.document_id}-{stamp}.pdf"


def _value_text(scope: Scope, question: Question, include_sensitive: bool) -> str:
    """An answer as printed: a group lists only its entries' printable nested answers."""
    if not question.is_group:
        value = scope.calculated(question.id) if question.is_calculated else scope.answers[question.id]
        return display_answer(question, value, document_language())
    lines = []
    entries = scope.answers.get(question.id)
    for number, entry in enumerate(entries if isinstance(entries, list) else [], 1):
        parts = [f"{q.label.get(document_language())}: {display_answer(q, entry[q.id], document_language())}"
                 for q in question.questions
                 if q.id in entry and scope.printable(q.id, include_sensitive, entry=entry)]
        lines.append(f"{number}. " + "; ".join(parts))
    return "\n".join(lines)


def _printed(scope: Scope, question: Question, include_sensitive: bool) -> bool:
    """Visible, answered (or calculable) and not sensitive unless chosen; hidden answers stay off paper."""
    if question.is_calculated:
        return scope.visible(question.id) and scope.calculated(question.id) is not None
    return question.answerable and scope.printable(question.id, include_sensitive)


def _answer_sections(form: Form, answers: dict[str, object], context: AnswerContext,
                     include_sensitive: bool, second: FormTranslation | None = None) -> list[PrintSection]:
    """The answers by section; labels and titles also in the client's language when translated."""
    scope = form.scope(answers, context)  # each condition evaluated once for the whole printout
    sections = [PrintSection(
        title=section.title.get(document_language()),
        title_second=second.sections.get(section.id) if second else None,
        fields=tuple(PrintField(q.label.get(document_language()),
                                _value_text(scope, q, include_sensitive),
                                label_second=second.label(q) if second else None)
                     for q in section.questions if _printed(scope, q, include_sensitive)))
        for section in form.sections]
    return [s for s in sections if s.fields]


def _rules_section(answers: dict[str, object], today: date, sheet: Paper) -> PrintSection:
    """Who is responsible, where it is recorded, the window, and the rules' findings."""
    paper = translation(document_language())
    # The findings are instructions to the counsellor ("Record which event…"): never on the client's paper.
    result = replace(eligibility_of(answers, today), findings=())
    rows = summary_rows(result, paper.gettext, document_language())
    title, title_second = sheet.both(P_("Responsibility and time limits (KotoL 681/2023 § 14)"))
    return PrintSection(title, tuple(PrintField(label, value) for label, value in rows), title_second)


def _amendments_section(amendments: list[Amendment], sheet: Paper) -> PrintSection | None:
    if not amendments:
        return None
    paper = translation(document_language())
    fields = tuple(PrintField(
        f"{format_short_date(date.fromisoformat(a.opened_at[:10]), document_language())} {a.user_name}",
        paper.gettext("{reason} (changed answers: {n})").format(reason=a.reason, n=len(a.changed)))
        for a in amendments)
    title, title_second = sheet.both(P_("Amendments after finalising"))
    return PrintSection(title, fields, title_second)


def _titled(sheet: Paper, msgid: str, fields: tuple[PrintField, ...]) -> PrintSection:
    """A section whose title is a fixed text, printed in both languages."""
    title, title_second = sheet.both(msgid)
    return PrintSection(title, fields, title_second)


def _record_sections(store: Store, interview_id: int, sheet: Paper) -> list[PrintSection]:
    """Who interpreted and who took part, and the client's consents (printed with the assessment)."""
    paper = translation(document_language())
    sessions = store.record.sessions(interview_id)
    people = store.record.participants(interview_id)
    out = []
    if sessions:
        out.append(_titled(sheet, P_("Interpreting"), tuple(PrintField(
            f"{paper.gettext(MODES.get(s.mode, s.mode))}, "
            f"{language_name(s.language, document_language())}{' (' + s.variant + ')' if s.variant else ''}",
            ", ".join(p for p in (s.interpreter, s.agency, _span(s.started_at, s.ended_at),
                                  _fee(s.fee_informed, paper)) if p),
            label_second=sheet.in_second(MODES[s.mode]) if s.mode in MODES else None)
            for s in sessions)))
    if people:
        out.append(_titled(sheet, P_("Participants"), tuple(PrintField(
            paper.gettext(ROLES.get(p.role, p.role)), ", ".join(x for x in (p.name, p.organisation) if x),
            label_second=sheet.in_second(ROLES[p.role]) if p.role in ROLES else None)
            for p in people)))
    consents = consents_section(store, store.interviews.get(interview_id).client_id, sheet)
    return out + ([consents] if consents else [])


def consents_section(store: Store, client_id: int, sheet: Paper) -> PrintSection | None:
    """The client's consents to sharing, given, refused and withdrawn; None when there are none."""
    paper = translation(document_language())
    consents = store.record.consents(client_id)
    if not consents:
        return None
    return _titled(sheet, P_("Consents to sharing (KotoL 681/2023 § 9)"), tuple(
        PrintField(paper.gettext(PARTIES.get(c.party, c.party)), _consent_text(c, paper),
                   label_second=sheet.in_second(PARTIES[c.party]) if c.party in PARTIES else None)
        for c in consents))


def _fee(told: bool | None, paper: gettext.NullTranslations) -> str:
    if told is None:
        return ""
    return paper.gettext("told about the no-show fee (§ 32 a): {answer}").format(
        answer=paper.gettext("yes") if told else paper.gettext("no"))


def _consent_text(c: Consent, paper: gettext.NullTranslations) -> str:
    lang = document_language()
    text = ", ".join(x for x in (
        paper.gettext("given") if c.given else paper.gettext("refused"),
        format_short_date(c.decided_on, lang), paper.gettext(HOW.get(c.how, c.how)), c.scope) if x)
    if c.withdrawn_on:
        text += "; " + paper.gettext("withdrawn {date}").format(date=format_short_date(c.withdrawn_on, lang))
    return text


def _span(start: str | None, end: str | None) -> str:
    return " – ".join(t.replace("T", " ") for t in (start, end) if t)


def _second_form(form: Form, language: str | None) -> FormTranslation | None:
    """The form's texts in the client's language: its own Finnish or Swedish, else a translation file."""
    if language in NATIONAL:
        questions = [q for top in form.questions() for q in (top, *top.questions)]
        return FormTranslation(form.id, form.version, language, Review("reviewed"), form.title.get(language),
                               sections={s.id: s.title.get(language) for s in form.sections},
                               questions={q.id: {"label": q.label.get(language)} for q in questions})
    return translation_for(form, forms_dir() / "translations", language) if language else None


def build_printout(store: Store, interview_id: int, include_identity_code: bool = False,
                   include_sensitive: bool = False) -> InterviewPrintout:
    """Everything the assessment printout shows, with answers as human text in the document language."""
    interview = store.interviews.get(interview_id)
    client = store.clients.get(interview.client_id).data
    form = form_of(store, interview)
    answers = store.interviews.answers(interview_id)
    context = AnswerContext(today=interview.interview_date, client_birth_date=client.birth_date)
    profile = store.profile()
    sheet = paper_for(second_language(client, document_language()), document_language())
    second = _second_form(form, sheet.language)
    sections = _answer_sections(form, answers, context, include_sensitive, second)
    if has_rules({q.id for q in form.questions()}):
        sections.insert(0, _rules_section(answers, interview.interview_date, sheet))
    sections += _record_sections(store, interview_id, sheet)
    amended = _amendments_section(store.interviews.lifecycle.amendments(interview_id), sheet)
    if amended is not None:
        sections.append(amended)
    # an interpreter row and signature only when an interpreter took part or the client needs one
    interpreter = interpreter_text(store.record.sessions(interview_id), client, sheet.primary)
    return InterviewPrintout(
        municipality=profile.municipality, unit=profile.unit, title=form.title.get(document_language()),
        client_name=client.full_name, birth_date=client.birth_date,
        identity_code=client.identity_code if include_identity_code and client.identity_code else None,
        interview_date=interview.interview_date, counsellor_name=interview.counsellor_name,
        counsellor_title=interview.counsellor_title, place=profile.place,
        sections=tuple(sections), document_id=interview.document_id,
        form_id=interview.form_id, form_version=interview.form_version, interpreter=interpreter,
        second_language=sheet.language, document_language=sheet.primary,
        title_second=second.title if second else None,
        second_form_draft=second is not None and second.review.status != "reviewed",
        final=interview.status is InterviewStatus.COMPLETED,
        confidentiality=shipped_municipality().confidentiality,
    )


def interview_printout(store: Store, request: PrintRequest) -> InterviewPrintout:
    """What the printout will show; a reprint is marked as a copy, with its date."""
    printout = build_printout(store, request.interview_id, request.include_identity_code,
                              request.include_sensitive)
    if store.interviews.print_count(request.interview_id):
        printout = replace(printout, copy_of=clock.today())
    return printout


def print_interview(store: Store, request: PrintRequest, pdf: bytes | None = None) -> Path:
    """Write the dated printout (*pdf* as previewed, else rendered now) owner-only and atomically, and
    log the print in the audit log."""
    interview = store.interviews.get(request.interview_id)
    data = pdf if pdf is not None else render_interview(interview_printout(store, request))
    path = write_private(data, request.out or default_print_path(store, interview))
    store.interviews.record_printout(interview.id, interview.document_id)
    return path
