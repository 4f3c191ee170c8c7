"""The demo's day: clients and dates around today, so that the worklist holds an item of nearly every kind.

The base demo (``demo.seed_demo``) has fixed dates that tests count by hand; these items move with the day
the demo is created, as a counsellor's real morning would: a plan to draw up, an interview left for two
weeks, a first plan nearing its year, services not started, a plan ending, a plan returned with comments,
a withdrawn consent, today's visit with an interpreter and this morning's import from the coordinator's
laptop, which left two records to compare by hand.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from koto_tui import clock
from koto_tui.model import ClientData, Consent, IdentityKind, Profile
from koto_tui.plans import PlanContent
from koto_tui.rules.plan import MeasureStatus, add_months

if TYPE_CHECKING:
    from koto_tui.engine import Form
    from koto_tui.store import DataPaths, Store

#: Fictional clients added for the day's items (name, language), by what they carry.
DAY_CLIENTS = {
    "plan_to_draw_up": ClientData("Hassan", "Amina", date(1992, 4, 9), IdentityKind.NONE, "",
                                  native_language="so", communication_language="so",
                                  interpreter_needed=True, interpreter_language="so"),
    "unfinished": ClientData("Popescu", "Ana", date(1988, 9, 23), IdentityKind.NONE, "",
                             native_language="ro", communication_language="en"),
    "first_plan": ClientData("Kowalski", "Piotr", date(1983, 12, 5), IdentityKind.NONE, "",
                             native_language="pl", communication_language="pl"),
    "returned": ClientData("Said", "Omar", date(1999, 7, 17), IdentityKind.NONE, "",
                           native_language="ar", communication_language="ar", interpreter_needed=True,
                           interpreter_language="ar"),
}
#: How long ago the unfinished interview was last touched (the worklist's default waiting time).
UNFINISHED_DAYS_AGO = 14


def _interview(store: Store, form: Form, client_id: int, data: ClientData, story: dict[str, object],
               profile: Profile, finalise: bool) -> int:
    """An assessment with *story*'s answers (completed and finalised when *finalise*)."""
    from koto_tui.assessment import eligibility_of, result_record
    from koto_tui.demo import complete_answers
    from koto_tui.engine import AnswerContext, parse_answer

    interview = store.interviews.start(client_id, form.id, form.version, profile)
    context = AnswerContext(today=interview.interview_date, client_birth_date=data.birth_date)
    answers = complete_answers(form, dict(story), context) if finalise else dict(story)
    for qid, value in answers.items():
        store.interviews.save_answer(interview.id, qid, parse_answer(form.question(qid), value, context))
    if finalise:
        store.interviews.lifecycle.finalise(interview.id, result_record(eligibility_of(
            answers, interview.interview_date)))
    return interview.id


def _back(days: int) -> datetime:
    return clock.now() - timedelta(days=days)


def _plans(today: date) -> dict[str, PlanContent]:
    """The plans of the day: a first plan nearing its end, a later plan ending, one to be returned."""
    from koto_tui.demo_plans import _LANGUAGE_GOAL, _content, _measure

    start = add_months(today, -5)
    first = _content(start, today + timedelta(days=50), today + timedelta(days=40), (_LANGUAGE_GOAL,), (
        _measure("m1", "integration_training_others", MeasureStatus.PLANNED, "g1"),
        _measure("m2", "library", MeasureStatus.ONGOING)))
    later = _content(add_months(today, -3), today + timedelta(days=45), today + timedelta(days=90),
                     (_LANGUAGE_GOAL,), (_measure("m1", "integration_training_others", MeasureStatus.ONGOING,
                                                  "g1"),))
    returned = _content(today + timedelta(days=14), add_months(today, 12) - timedelta(days=1),
                        add_months(today, 6), (_LANGUAGE_GOAL,), (
        _measure("m1", "literacy_training", MeasureStatus.PLANNED, "g1"),))
    return {"first_plan": first, "later": later, "returned": returned}


def seed_day(store: Store, paths: DataPaths, form: Form, profile: Profile, clients: dict[int, int]) -> Store:
    """Add the day's clients and items to the demo opened by its counsellor; returns it opened again."""
    from koto_tui.demo import DEMO_COORDINATOR_PASSPHRASE, DEMO_PASSPHRASE
    from koto_tui.store import Store
    from koto_tui.store.worklist import Meeting

    today = clock.today()
    ids = {key: store.clients.add(data) for key, data in DAY_CLIENTS.items()}
    _interview(store, form, ids["plan_to_draw_up"], DAY_CLIENTS["plan_to_draw_up"], {
        "registered_jobseeker": False, "target_groups": ["international_protection"], "plan_needed": True,
        "planned_plan_date": (today + timedelta(days=7)).isoformat()}, profile, finalise=True)
    running = clock.fixed()
    clock.fix(_back(UNFINISHED_DAYS_AGO))
    try:
        _interview(store, form, ids["unfinished"], DAY_CLIENTS["unfinished"],
                   {"registered_jobseeker": False}, profile, finalise=False)
    finally:
        clock.fix(running)
    contents = _plans(today)
    plans = {"first_plan": store.plans.create(ids["first_plan"], None, contents["first_plan"]),
             "later": store.plans.create(clients[5], None, contents["later"]),  # Mäkelä's second plan
             "returned": store.plans.create(ids["returned"], None, contents["returned"])}
    for plan_id in plans.values():
        store.plans.submit(plan_id)
    consent = store.record.add_consent(Consent(0, clients[2], "employment_services", True, today, "signed",
                                               "Kotoutumissuunnitelma", None))
    store.record.withdraw_consent(consent, today)  # Nguyễn, a jobseeker whose plan is shared
    store.worklist.set_meeting(clients[3], Meeting(today, "13.00", "Kotoutumispalvelut, Maaherrankatu 9",
                                                   "Tulkkauspalvelu Oy", "TP-2291"))
    store.close()
    store = Store.unlock(paths, DEMO_COORDINATOR_PASSPHRASE)
    store.plans.approve(plans["first_plan"])
    store.plans.approve(plans["later"])
    store.plans.return_for_changes(plans["returned"], "Lisää luku- ja kirjoitustaidon tavoite.")
    store.close()
    store = Store.unlock(paths, DEMO_PASSPHRASE)
    store.plans.record_signature(plans["first_plan"], today)
    store.plans.record_signature(plans["later"], today)
    _imported_with_conflicts(store, ids, plans["returned"])
    return store


def _imported_with_conflicts(store: Store, ids: dict[str, int], returned: int) -> None:
    """The counsellor's import of the morning (logged as ``koto import`` logs one): Kowalski's details and
    Said's returned plan had been changed here too, so they were left as they were."""
    from koto_tui.exchange.conflicts import Reason
    from koto_tui.store.exchange import Exchange, ImportConflict

    Exchange(store.session).record_import("0" * 64, 0, 1, 3, [
        ImportConflict(ids["first_plan"], "client", "d" * 32, Reason.CLIENT_CHANGED_HERE),
        ImportConflict(ids["returned"], "plan", store.plans.get(returned).document_id,
                       Reason.RECORD_CHANGED_HERE)])
