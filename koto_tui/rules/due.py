"""What falls due for a counsellor, and by when: each due-date rule in one place, citing its section.

The store gathers the facts (``AssessmentFacts``, ``PlanFacts``, …) in a few set-based queries; every rule
below turns one kind of fact into ``Due`` items. The worklist package groups and filters them. Rules reuse
the window of ``rules.eligibility`` and the plan limits of ``rules.plan`` so that a limit is written once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from koto_tui.i18n import _, format_short_date, language, ngettext
from koto_tui.rules.consent import PARTIES
from koto_tui.rules.eligibility import WINDOW_WARNING_DAYS, window_end
from koto_tui.rules.law import SECTION_9, SECTION_14, SECTION_16
from koto_tui.rules.plan import ENROLMENT_MONTHS, FIRST_PLAN_MAX_MONTHS, add_months

#: Show a dated item this many days ahead (a product choice, not a legal limit; § 14 uses its own 90).
LOOKAHEAD_DAYS = 60
#: An interview left unfinished this many days is listed (the default of the setting below).
DEFAULT_STALE_DAYS = 14
#: The setting (F8 / ``Store.set_setting``) for the days an unfinished interview may wait.
STALE_SETTING = "worklist_stale_days"
#: The assessment form whose answers carry the § 14 window and the plan decision.
ASSESSMENT_FORM = "assessment"
#: No section of Act 681/2023 sets these: the municipality's own follow-up (no citation is shown).
PRACTICE = ""
#: An import with conflicts stays on the list this many days after it was made (a product choice: koto
#: does not know when the conflicts were compared by hand).
IMPORT_SHOWN_DAYS = 30
#: The client id of an item about no one client (an import's conflicts).
NO_CLIENT = 0


class Kind(StrEnum):
    """The kinds of item on the worklist (a filter, and the key in ``koto worklist --json``)."""

    WINDOW_CLOSING = "window_closing"
    PLAN_TO_DRAW_UP = "plan_to_draw_up"
    FIRST_PLAN_LIMIT = "first_plan_limit"
    REVIEW_DUE = "review_due"
    ENROLMENT_TARGET = "enrolment_target"
    PLAN_ENDING = "plan_ending"
    AWAITING_APPROVAL = "awaiting_approval"
    RETURNED = "returned"
    UNFINISHED_INTERVIEW = "unfinished_interview"
    NOT_EXPORTED = "not_exported"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    MEETING = "meeting"
    ASSESSMENT_TO_START = "assessment_to_start"
    IMPORT_CONFLICTS = "import_conflicts"


class Target(StrEnum):
    """Where Enter on the item goes."""

    CLIENT = "client"
    INTERVIEW = "interview"
    PLAN = "plan"
    IMPORT = "import"


#: Who an item is for when it is nobody's own: the coordinators (plans waiting for approval).
COORDINATORS = "coordinator"


@dataclass(frozen=True)
class Due:
    """One thing to do for one client by one date, with the rule behind it."""

    kind: Kind
    client_id: int
    due: date
    what: str
    """What is due, in the UI language (dates and counts filled in)."""
    rule: str
    """The rule's name, in the UI language."""
    section: str
    """The citation (``KotoL 681/2023 § 14``)."""
    target: Target
    target_id: int
    owner: str | None
    """The user the item is for (the interview's counsellor, the plan's drafter), or ``COORDINATORS``."""


@dataclass(frozen=True)
class AssessmentFacts:
    """One interview as the rules need it (the answers read from the store)."""

    interview_id: int
    client_id: int
    form_id: str
    counsellor_id: str | None
    completed_on: date | None
    """The day it was finalised; None while it is in progress."""
    last_change: date
    window_event_date: date | None
    window_exempt: bool
    """KotoL 681/2023 § 14: a trafficking victim reached only later (the window does not apply)."""
    plan_needed: bool | None
    planned_plan_date: date | None
    jobseeker: bool | None
    plan_made: bool
    """The client has a plan started after (or from) this assessment."""
    exported: bool
    """The record is in an export file (toward KOTO-AJ) or marked as entered there."""
    newest: bool
    """The client's newest interview of this form (older ones are not followed up)."""


@dataclass(frozen=True)
class PlanFacts:
    """One plan that has not ended, as the rules need it."""

    plan_id: int
    client_id: int
    creator_id: str | None
    drafter_id: str | None
    """Who made the current version (a returned plan goes back to them)."""
    first_plan: bool
    start: date
    end: date
    next_review: date | None
    in_force: bool
    submitted_on: date | None
    """The day the current version was submitted, while it waits for approval."""
    returned_on: date | None
    """The day the coordinator returned the current version with comments, when that is the last decision."""
    measures_not_started: int
    """Agreed measures still only planned (not enrolled, ongoing, completed or interrupted)."""


@dataclass(frozen=True)
class ConsentFacts:
    """A consent the client withdrew (the client's latest decision about that party)."""

    client_id: int
    party: str
    withdrawn_on: date


@dataclass(frozen=True)
class MeetingFacts:
    """The next meeting the counsellor set on the client."""

    client_id: int
    day: date
    time: str
    place: str
    interpreter_agency: str
    booking_reference: str
    set_by: str | None


@dataclass(frozen=True)
class ClientFacts:
    """A client no assessment was started for (the window's date is recorded in the assessment)."""

    client_id: int
    added_on: date
    added_by: str | None


@dataclass(frozen=True)
class ImportFacts:
    """An import that reported conflicts (records left as they were, to be compared by hand)."""

    import_id: int
    day: date
    conflicts: int
    user_id: str | None


@dataclass(frozen=True)
class Facts:
    """Everything the rules read, gathered by the store."""

    today: date
    assessments: tuple[AssessmentFacts, ...] = ()
    plans: tuple[PlanFacts, ...] = ()
    consents: tuple[ConsentFacts, ...] = ()
    meetings: tuple[MeetingFacts, ...] = ()
    not_assessed: tuple[ClientFacts, ...] = ()
    imports: tuple[ImportFacts, ...] = ()
    stale_days: int = DEFAULT_STALE_DAYS


@lru_cache(maxsize=4096)
def _short_date(day: date, lang: str) -> str:
    """A short date in *lang*, kept: babel takes ~0.1 ms a date, and a long list repeats its dates."""
    return format_short_date(day, lang)


def short_date(day: date) -> str:
    """*day* as a short date in the UI language."""
    return _short_date(day, language())


def _soon(due: date, today: date, days: int = LOOKAHEAD_DAYS) -> bool:
    """Whether *due* is within *days* of *today* (or already past)."""
    return due <= today + timedelta(days=days)


def _days(n: int) -> str:
    """'1 day' / '2 days' in the UI language."""
    return ngettext("{n} day", "{n} days", n).format(n=n)


def _window(facts: Facts) -> Iterator[Due]:
    """KotoL 681/2023 § 14: the assessment is made within three years; finish it before the window closes."""
    for a in facts.assessments:
        if a.form_id != ASSESSMENT_FORM or not a.newest or a.completed_on is not None:
            continue
        if a.window_event_date is None or a.window_exempt:
            continue
        end = window_end(a.window_event_date)
        left = (end - facts.today).days
        if left < WINDOW_WARNING_DAYS:
            what = _("Finish the assessment: the three-year window ends on {date} ({left} left)").format(
                date=short_date(end), left=_days(left)) if left >= 0 else _(
                "Finish the assessment: the three-year window ended on {date}").format(
                date=short_date(end))
            yield Due(Kind.WINDOW_CLOSING, a.client_id, end, what, _("assessment within three years"),
                      SECTION_14, Target.INTERVIEW, a.interview_id, a.counsellor_id)


def _plan_to_draw_up(facts: Facts) -> Iterator[Due]:
    """KotoL 681/2023 § 16: a plan is drawn up when the finalised assessment finds it needed."""
    for a in facts.assessments:
        if a.completed_on is None or not a.newest or a.plan_needed is not True or a.plan_made:
            continue
        due = a.planned_plan_date or a.completed_on
        if _soon(due, facts.today):
            what = _("Draw up the integration plan the assessment of {date} found needed").format(
                date=short_date(a.completed_on))
            yield Due(Kind.PLAN_TO_DRAW_UP, a.client_id, due, what, _("plan after the assessment"),
                      SECTION_16, Target.CLIENT, a.client_id, a.counsellor_id)


def _plan_end(facts: Facts) -> Iterator[Due]:
    """KotoL 681/2023 § 16: a first plan lasts at most a year; any plan's end calls for what follows."""
    for p in facts.plans:
        if p.first_plan:
            limit = add_months(p.start, FIRST_PLAN_MAX_MONTHS)
            due = min(p.end, limit)
            what = _("First plan ends on {date}: at most {months} months (until {limit}); agree on what "
                     "follows").format(date=short_date(due), months=FIRST_PLAN_MAX_MONTHS,
                                       limit=short_date(limit))
            item = Due(Kind.FIRST_PLAN_LIMIT, p.client_id, due, what, _("first plan at most a year"),
                       SECTION_16, Target.PLAN, p.plan_id, p.creator_id)
        else:
            what = _("The plan ends on {date}: agree on what follows").format(date=short_date(p.end))
            item = Due(Kind.PLAN_ENDING, p.client_id, p.end, what, _("plan period"), SECTION_16,
                       Target.PLAN, p.plan_id, p.creator_id)
        if _soon(item.due, facts.today):
            yield item


def _review(facts: Facts) -> Iterator[Due]:
    """KotoL 681/2023 § 16: a plan in force is reviewed on its review date (the interval is a setting)."""
    for p in facts.plans:
        if p.in_force and p.next_review is not None and _soon(p.next_review, facts.today):
            what = _("Review the plan (review date {date})").format(date=short_date(p.next_review))
            yield Due(Kind.REVIEW_DUE, p.client_id, p.next_review, what, _("plan review"), SECTION_16,
                      Target.PLAN, p.plan_id, p.creator_id)


def _enrolment(facts: Facts) -> Iterator[Due]:
    """KotoL 681/2023 § 16: the client enrols in the agreed services within six months of the plan."""
    for p in facts.plans:
        target = add_months(p.start, ENROLMENT_MONTHS)
        if p.in_force and p.measures_not_started and _soon(target, facts.today):
            what = ngettext(
                "Enrolment target {date}: {n} agreed service not started yet",
                "Enrolment target {date}: {n} agreed services not started yet",
                p.measures_not_started).format(date=short_date(target), n=p.measures_not_started)
            yield Due(Kind.ENROLMENT_TARGET, p.client_id, target, what, _("services within six months"),
                      SECTION_16, Target.PLAN, p.plan_id, p.creator_id)


def _decisions(facts: Facts) -> Iterator[Due]:
    """KotoL 681/2023 § 16 (Mikkeli practice): the coordinator approves; a returned plan goes back."""
    for p in facts.plans:
        if p.submitted_on is not None:
            what = _("Approve or return the plan (submitted on {date})").format(
                date=short_date(p.submitted_on))
            yield Due(Kind.AWAITING_APPROVAL, p.client_id, facts.today, what, _("plan approval"),
                      SECTION_16, Target.PLAN, p.plan_id, COORDINATORS)
        if p.returned_on is not None:
            what = _("Change the plan as the coordinator asked (returned on {date})").format(
                date=short_date(p.returned_on))
            yield Due(Kind.RETURNED, p.client_id, facts.today, what, _("plan returned with comments"),
                      SECTION_16, Target.PLAN, p.plan_id, p.drafter_id)


def _unfinished(facts: Facts) -> Iterator[Due]:
    """The municipality's follow-up: an interview left unfinished for the set number of days is listed."""
    for a in facts.assessments:
        if a.completed_on is not None:
            continue
        due = a.last_change + timedelta(days=facts.stale_days)
        if due <= facts.today:
            what = _("Unfinished interview, last changed on {date} ({days} ago)").format(
                date=short_date(a.last_change), days=_days((facts.today - a.last_change).days))
            yield Due(Kind.UNFINISHED_INTERVIEW, a.client_id, due, what, _("unfinished interview"),
                      PRACTICE, Target.INTERVIEW, a.interview_id, a.counsellor_id)


def _not_exported(facts: Facts) -> Iterator[Due]:
    """KotoL 681/2023 § 14: the municipality's assessments are recorded in KOTO-AJ (jobseekers' are not)."""
    for a in facts.assessments:
        if a.completed_on is None or a.exported or a.jobseeker is True or a.form_id != ASSESSMENT_FORM:
            continue
        what = _("Export the assessment finalised on {date} toward KOTO-AJ").format(
            date=short_date(a.completed_on))
        yield Due(Kind.NOT_EXPORTED, a.client_id, facts.today, what, _("record in KOTO-AJ"), SECTION_14,
                  Target.INTERVIEW, a.interview_id, a.counsellor_id)


def _dependent_plans(facts: Facts) -> dict[tuple[int, str], PlanFacts]:
    """The plan whose sharing needs a consent, by (client, party): only the dependency the data records."""
    # KotoL 681/2023 § 9: a registered jobseeker's plan is shared with employment services only with consent
    # (the export holds it back without one). Measures name no party, so no other dependency is known.
    jobseekers = {a.client_id for a in facts.assessments if a.newest and a.jobseeker is True}
    return {(p.client_id, "employment_services"): p for p in facts.plans if p.client_id in jobseekers}


def _consents(facts: Facts) -> Iterator[Due]:
    """KotoL 681/2023 § 9: sharing needs consent; a withdrawn one stops the sharing that depends on it."""
    dependent = _dependent_plans(facts) if facts.consents else {}
    for c in facts.consents:
        plan = dependent.get((c.client_id, c.party))
        if plan is None:
            continue
        what = _("Consent to share with {party} withdrawn on {date}: the plan's sharing depends on it")
        what = what.format(party=_(PARTIES.get(c.party, c.party)), date=short_date(c.withdrawn_on))
        yield Due(Kind.CONSENT_WITHDRAWN, c.client_id, facts.today, what, _("consent to sharing"),
                  SECTION_9, Target.PLAN, plan.plan_id, plan.creator_id)


def _meetings(facts: Facts) -> Iterator[Due]:
    """The next meeting the counsellor set on the client (no legal rule: the day's visits)."""
    for m in facts.meetings:
        if not _soon(m.day, facts.today):
            continue
        parts = [p for p in (m.time, m.place) if p]
        if m.interpreter_agency or m.booking_reference:
            parts.append(_("interpreter {agency} {reference}").format(
                agency=m.interpreter_agency, reference=m.booking_reference).strip())
        what = _("Meeting on {date}").format(date=short_date(m.day)) + (
            ": " + ", ".join(parts) if parts else "")
        yield Due(Kind.MEETING, m.client_id, m.day, what, _("next meeting"), PRACTICE, Target.CLIENT,
                  m.client_id, m.set_by)


def _to_start(facts: Facts) -> Iterator[Due]:
    """KotoL 681/2023 § 14: start the assessment in time; its window date is recorded only in it."""
    texts: dict[date, str] = {}  # one text per day a client was added (90,000 clients on a city's register)
    rule = _("assessment within three years")
    for c in facts.not_assessed:
        waited = (facts.today - c.added_on).days
        if waited < 0:
            continue
        what = texts.get(c.added_on)
        if what is None:
            what = texts[c.added_on] = _(
                "Start the assessment: none yet (client added on {date}, {days} ago); the three-year "
                "window's date is recorded in it").format(date=short_date(c.added_on), days=_days(waited)) \
                if waited else _("Start the assessment: none yet (client added today); the three-year "
                                 "window's date is recorded in it")
        yield Due(Kind.ASSESSMENT_TO_START, c.client_id, facts.today, what, rule, SECTION_14, Target.CLIENT,
                  c.client_id, c.added_by)


def _import_conflicts(facts: Facts) -> Iterator[Due]:
    """The municipality's follow-up: an import's conflicts are compared and corrected by hand."""
    for i in facts.imports:
        if i.conflicts <= 0 or not i.day <= facts.today <= i.day + timedelta(days=IMPORT_SHOWN_DAYS):
            continue
        what = ngettext("Import of {date}: {n} conflict to compare and correct by hand",
                        "Import of {date}: {n} conflicts to compare and correct by hand",
                        i.conflicts).format(date=short_date(i.day), n=i.conflicts)
        yield Due(Kind.IMPORT_CONFLICTS, NO_CLIENT, i.day, what, _("import conflicts"), PRACTICE,
                  Target.IMPORT, i.import_id, i.user_id)


#: Every rule, in the order its items are listed on the same day.
RULES: tuple[Callable[[Facts], Iterator[Due]], ...] = (
    _window, _plan_to_draw_up, _plan_end, _review, _enrolment, _decisions, _unfinished, _not_exported,
    _consents, _meetings, _to_start, _import_conflicts,
)


def due_items(facts: Facts) -> list[Due]:
    """Every item the rules find in *facts*, soonest first (stable within a day: the rules' order)."""
    return sorted((item for rule in RULES for item in rule(facts)), key=lambda item: item.due)
