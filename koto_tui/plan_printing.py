"""The plan printout for the client's signature: what it says, built from the store (headless)."""

from __future__ import annotations

import gettext
from dataclasses import replace
from datetime import date
from pathlib import Path

from koto_tui import clock, planning
from koto_tui.files import write_private
from koto_tui.i18n import P_, format_short_date, translation
from koto_tui.i18n.languages import language_name
from koto_tui.municipality import document_language, shipped_municipality
from koto_tui.plan_names import AREAS, MEASURE_STATUSES, TERMS
from koto_tui.plans import Measure, Plan, PlanContent
from koto_tui.printing.paper import paper_for, second_language
from koto_tui.printing.plan import PlanApproval, PlanGoalLine, PlanMeasureLine, PlanPrintout, render_plan
from koto_tui.record_names import interpreter_text
from koto_tui.rules.consent import fee_notice_applies
from koto_tui.rules.plan import ENROLMENT_MONTHS, add_months
from koto_tui.store import Store

#: KotoL 681/2023 § 16: the plan gives no enforceable right to the services it lists; the authority
#: informs the client of their rights and obligations in writing.
NO_ENFORCEABLE_RIGHT = P_(
    "The plan records the services agreed with you. It does not give an enforceable right to the services "
    "listed; each service decides on admission by its own rules (KotoL 681/2023 § 16). Enrol in the agreed "
    "services within six months of the plan.")
#: Act 380/2023: the jobseeking obligation of a registered jobseeker's plan.
JOBSEEKING_OBLIGATION = P_(
    "As a registered jobseeker you must take part in the measures marked as binding; failing to do so "
    "without a valid reason can affect your unemployment benefit (Laki 380/2023).")
#: KotoL 681/2023 § 32 a: the no-show fee for interpreted appointments (never for under-18s).
FEE_NOTICE = P_(
    "If you miss an appointment booked with an interpreter without cancelling it in advance, you may be "
    "charged a fee (KotoL 681/2023 § 32 a).")
#: KotoL 681/2023 § 16: either party may ask for a review.
REVIEW_RIGHT = P_(
    "The plan is reviewed on the date below, and you may ask for a review at any time if your situation "
    "changes (KotoL 681/2023 § 16).")


def rights(*, jobseeker: bool | None, fee_notice: bool) -> tuple[str, ...]:
    """The rights and obligations paragraphs (msgids) that apply to this client."""
    texts = [NO_ENFORCEABLE_RIGHT]
    if jobseeker:
        texts.append(JOBSEEKING_OBLIGATION)
    if fee_notice:
        texts.append(FEE_NOTICE)
    texts.append(REVIEW_RIGHT)
    return tuple(texts)





def _dates(m: Measure) -> str:
    lang = document_language()
    if m.start and m.end:
        return f"{format_short_date(m.start, lang)} – {format_short_date(m.end, lang)}"
    text = format_short_date(m.start, lang) + " –" if m.start else ""
    if m.duration_months:
        text += " " + translation(document_language()).ngettext(
            "{n} month", "{n} months", m.duration_months).format(n=m.duration_months)
    return text.strip() or "–"


def measure_details(m: Measure, content: PlanContent, paper: gettext.NullTranslations) -> str:
    """The status, the goal served, the language, whether it binds the client, and notes, on one line."""
    parts = [paper.gettext(MEASURE_STATUSES[m.status])]
    goal = content.goal(m.goal_id)
    if goal is not None:
        parts.append(paper.gettext("goal: {goal}").format(goal=goal.text))
    if m.language:
        parts.append(paper.gettext("language: {language}").format(
            language=language_name(m.language, document_language())))
    if m.jobseeking_obligation:
        parts.append(paper.gettext("jobseeking obligation"))
    elif m.binding:
        parts.append(paper.gettext("binding"))
    if m.notes:
        parts.append(m.notes)
    return " · ".join(parts)


def build_plan_printout(store: Store, plan_id: int, version: int | None = None,
                        include_identity_code: bool = False) -> PlanPrintout:
    """Everything the plan printout shows, in the municipality's document language."""
    plan = store.plans.get(plan_id)
    chosen = plan.version(version) if version is not None else plan.current
    content = chosen.content
    client = store.clients.get(plan.client_id).data
    context = planning.context_for(store, plan.client_id, plan.interview_id)
    paper = translation(document_language())
    sheet = paper_for(second_language(client, document_language()), document_language())
    profile = store.profile()
    author = store.users.all(include_removed=True)
    counsellor = next((u for u in author if u.name == chosen.created_by_name), None)
    approval = chosen.approval
    interpreter = interpreter_text((), client, document_language())  # the language the client needs
    return PlanPrintout(
        municipality=profile.municipality, unit=profile.unit, title=paper.gettext("Integration plan"),
        client_name=client.full_name, birth_date=client.birth_date,
        identity_code=client.identity_code if include_identity_code and client.identity_code else None,
        plan_date=date.fromisoformat(chosen.created_at[:10]), start=content.start, end=content.end,
        version=chosen.number, version_reason=chosen.reason, counsellor_name=chosen.created_by_name,
        counsellor_title=counsellor.title if counsellor else "", place=profile.place,
        goals=tuple(PlanGoalLine(sheet.both(AREAS[g.area]), sheet.both(TERMS[g.term]), g.text)
                    for g in content.goals),
        measures=tuple(PlanMeasureLine(
            name=m.name, provider=m.provider, dates=_dates(m), hours=str(m.hours) if m.hours else "–",
            responsible=m.responsible or "–", details=measure_details(m, content, paper))
            for m in content.measures),
        rights=rights(jobseeker=context.jobseeker,
                      fee_notice=client.interpreter_needed and fee_notice_applies(client.birth_date,
                                                                                clock.today())),
        enrolment_target=add_months(content.start, ENROLMENT_MONTHS), review_date=content.review_date,
        follow_up=content.follow_up, other_content=content.other_content,
        approval=PlanApproval(approval.user_name, approval.user_title, approval.on or clock.today(),
                              by_drafter=chosen.approved_by_drafter, via=approval.via) if approval else None,
        document_id=plan.document_id, interpreter=interpreter, printed_on=clock.today(),
        second_language=sheet.language, document_language=sheet.primary,
        confidentiality=shipped_municipality().confidentiality,
    )


def default_plan_path(store: Store, plan: Plan) -> Path:
    """prints/<document id>-v<version>-<timestamp>.pdf (no client name in file names)."""
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    return store.paths.prints / f"{plan.document_id}-v{plan.current.number}-{stamp}.pdf"


def plan_printout(store: Store, plan_id: int, version: int | None = None,
                  include_identity_code: bool = False) -> PlanPrintout:
    """What the printout of a plan version will show; a reprint is marked as a copy, with its date."""
    plan = store.plans.get(plan_id)
    number = version if version is not None else plan.current.number
    printout = build_plan_printout(store, plan_id, number, include_identity_code)
    if store.plans.print_count(plan_id, number):
        printout = replace(printout, copy_of=clock.today())
    return printout


def print_plan(store: Store, plan_id: int, version: int | None = None, out: Path | None = None,
               include_identity_code: bool = False, pdf: bytes | None = None) -> Path:
    """Write a plan version's printout (*pdf* as previewed, else rendered now) owner-only and atomically,
    and log the print in the audit log."""
    plan = store.plans.get(plan_id)
    number = version if version is not None else plan.current.number
    if pdf is None:
        pdf = render_plan(plan_printout(store, plan_id, number, include_identity_code))
    data = pdf
    path = write_private(data, out or default_plan_path(store, plan))
    store.plans.record_printout(plan_id, number, plan.document_id)
    return path
