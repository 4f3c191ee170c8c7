"""Drawing up a plan from an assessment: its context, the legal checks, the catalogue and the suggestions.

This is the one place that joins the store, the assessment's answers, the service catalogue, the
responsibility table and the plan rules; the plan screen and the printout call it, never the rules directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from koto_tui import clock
from koto_tui.assessment import eligibility_of, responsibility_table
from koto_tui.catalogue import Catalogue, Service, load_catalogue
from koto_tui.i18n import _
from koto_tui.i18n.languages import language_name
from koto_tui.model import Client, Interview, InterviewStatus
from koto_tui.plans import Measure, Plan, PlanContent, plan_input
from koto_tui.rules.plan import (
    CIVIC_ORIENTATION_MIN_HOURS,
    DEFAULT_REVIEW_MONTHS,
    FIRST_PLAN_MAX_MONTHS,
    PlanCheck,
    add_months,
    check_plan,
)
from koto_tui.store import Store
from koto_tui.store.errors import PlanRefused

#: The setting that holds the municipality's review interval in months (KotoL 681/2023 § 16 ❓: default 6).
REVIEW_SETTING = "plan_review_months"
#: Literacy categories (assessment form, decree 874/2024 § 1) that call for literacy training.
_LITERACY_NEEDS = frozenset({"secondary_literate", "semi_literate", "primary_non_literate"})


@cache
def catalogue() -> Catalogue:
    """The municipality's service catalogue from data/ (read once)."""
    return load_catalogue()


@dataclass(frozen=True)
class PlanContext:
    """What the plan needs to know about the client, from the client record and their assessment."""

    client: Client
    interview: Interview | None
    answers: Mapping[str, object]
    jobseeker: bool | None
    window_end: date | None
    age: int | None
    language: str
    """The client's language code (for suggestions in the client's language)."""


def assessment_of(store: Store, client_id: int) -> Interview | None:
    """The client's newest finalised assessment, else their newest assessment, else None."""
    interviews = store.interviews.for_client(client_id)
    finalised = [i for i in interviews if i.status is InterviewStatus.COMPLETED]
    chosen = finalised or interviews
    return max(chosen, key=lambda i: (i.interview_date, i.id)) if chosen else None


def _age(birth: date | None, on: date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def context_for(store: Store, client_id: int, interview_id: int | None = None) -> PlanContext:
    """The client, their assessment's answers and what the rules conclude from them."""
    client = store.clients.get(client_id)
    interview = store.interviews.get(interview_id) if interview_id else assessment_of(store, client_id)
    answers = store.interviews.answers(interview.id) if interview else {}
    today = clock.today()
    result = eligibility_of(answers, interview.interview_date if interview else today)
    jobseeker = answers.get("registered_jobseeker")
    data = client.data
    return PlanContext(
        client=client, interview=interview, answers=answers,
        jobseeker=jobseeker if isinstance(jobseeker, bool) else None, window_end=result.window_end,
        age=_age(data.birth_date, today),
        language=data.interpreter_language or data.communication_language or data.native_language)


def review_months(store: Store) -> int:
    """The municipality's review interval setting (months), 6 when not set."""
    value = store.setting(REVIEW_SETTING, DEFAULT_REVIEW_MONTHS)
    return value if isinstance(value, int) and value > 0 else DEFAULT_REVIEW_MONTHS


def new_content(store: Store, start: date) -> PlanContent:
    """An empty first plan from *start*: twelve months, reviewed after the review interval."""
    # KotoL 681/2023 § 16: the first plan lasts at most one year; the day before the anniversary ends it.
    return PlanContent(start=start, end=add_months(start, FIRST_PLAN_MAX_MONTHS) - timedelta(days=1),
                       review_date=add_months(start, review_months(store)))


def check(store: Store, plan: Plan, content: PlanContent, context: PlanContext) -> PlanCheck:
    """The plan rules applied to *content* as a version of *plan*."""
    return check_plan(plan_input(
        content, today=clock.today(), first_plan=plan.first_plan, earlier_months=plan.earlier_months,
        jobseeker=context.jobseeker, window_end=context.window_end,
        review_interval_months=review_months(store)))


def save(store: Store, plan: Plan, content: PlanContent, context: PlanContext) -> PlanCheck:
    """Save *content* unless a rule refuses it (PlanRefused with every reason); returns the check."""
    result = check(store, plan, content, context)
    if result.refusals:
        raise PlanRefused("\n".join(f.message for f in result.refusals))
    store.plans.save_content(plan.id, content)
    return result


def submit(store: Store, plan: Plan, context: PlanContext) -> None:
    """Submit the current version for approval: it must pass the rules and have a goal and a measure."""
    content = plan.current.content
    result = check(store, plan, content, context)
    problems = [f.message for f in result.refusals]
    if not content.goals:
        problems.append(_("Write at least one goal before submitting the plan (KotoL 681/2023 § 16)."))
    if not content.measures:
        problems.append(_("Agree at least one measure or service before submitting the plan "
                          "(KotoL 681/2023 § 16)."))
    if problems:
        raise PlanRefused("\n".join(problems))
    store.plans.submit(plan.id)


def responsible_party(service: Service, jobseeker: bool | None, lang: str = "fi") -> str:
    """Who provides *service* to this client per the responsibility table ("" when it says nothing)."""
    if service.responsibility is None or jobseeker is None:
        return ""
    table = responsibility_table()
    row = next((r for r in table.services if r.id == service.responsibility), None)
    if row is None:
        return ""
    party = table.parties[row.jobseekers if jobseeker else row.others]
    return party.names.get(lang) or party.names["fi"]


def measure_from(service: Service, measure_id: str, context: PlanContext, start: date) -> Measure:
    """A measure prefilled from a catalogue service: name, provider, responsible party, hours, flags."""
    return Measure(
        id=measure_id, name=service.names["fi"], service_id=service.id,
        provider=service.provider.names["fi"], responsible=responsible_party(service, context.jobseeker),
        start=start, end=service.ends, hours=service.hours,
        civic_orientation=service.id == "civic_orientation",
        basic_education=service.id == "basic_education_adults",
        language=language_name(context.language, "fi") if context.language else "")


def available(context: PlanContext, on: date) -> list[Service]:
    """The catalogue's services offered on *on* that suit this client (an ended project is not offered)."""
    return catalogue().available(on, context.jobseeker, context.age)


@dataclass(frozen=True)
class Suggestion:
    """A measure the assessment points to: why, and the measure as it would be added."""

    reason: str
    measure: Measure


def _suggest(service_id: str, reason: str, context: PlanContext, content: PlanContent,
             on: date) -> Suggestion | None:
    try:
        service = catalogue().service(service_id)
    except KeyError:
        return None
    if not service.offered(on) or not service.suits(context.jobseeker, context.age):
        return None
    if any(m.service_id == service_id for m in content.measures):
        return None
    return Suggestion(reason, measure_from(service, content.next_id("m"), context, content.start))


def suggestions(context: PlanContext, content: PlanContent, on: date) -> list[Suggestion]:
    """Measures the assessment suggests and the plan does not yet have; offered, never added silently."""
    a = context.answers
    found: list[Suggestion | None] = []
    if a.get("literacy") in _LITERACY_NEEDS or a.get("literacy_training_needed") is True:
        found.append(_suggest("literacy_training", _(
            "The assessment found a need for literacy training."), context, content, on))
    if a.get("civic_orientation_status") != "completed" and a.get("civic_orientation_needed") is not False:
        language = str(a.get("civic_orientation_language") or "") or language_name(context.language, "fi")
        suggestion = _suggest("civic_orientation", _(
            "The client has not completed multilingual civic orientation (KotoL 681/2023 § 25): at least "
            "{hours} hours in {language}.").format(hours=CIVIC_ORIENTATION_MIN_HOURS, language=language),
            context, content, on)
        if suggestion is not None:
            found.append(replace(suggestion, measure=replace(
                suggestion.measure, hours=suggestion.measure.hours or CIVIC_ORIENTATION_MIN_HOURS,
                language=language)))
    if a.get("integration_training_needed") is True:
        service = "integration_training" if context.jobseeker else "integration_training_others"
        found.append(_suggest(service, _("The assessment found a need for integration training."),
                              context, content, on))
    if a.get("wellbeing_county_request_needed") is True or a.get("social_health_services_needed") is True:
        found.append(_suggest("wellbeing_county_immigration_unit", _(
            "The assessment found a need for social or health services."), context, content, on))
    if a.get("employment_services_needed") is True and context.jobseeker:
        found.append(_suggest("employment_measures", _(
            "The assessment found a need for employment services."), context, content, on))
    return [s for s in found if s is not None]
