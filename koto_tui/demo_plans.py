"""The demo's integration plans: one in force, one ended, one for a jobseeker, one submitted, one draft.

The counsellor drafts and submits, the demo coordinator approves (with their own passphrase, as on a
real laptop), and the counsellor records the client's signature; the store checks every step.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from koto_tui import clock
from koto_tui.model import Consent, InterpreterSession, Participant
from koto_tui.plans import Goal, GoalTerm, Measure, PlanContent
from koto_tui.rules.plan import MeasureStatus, PlanArea

if TYPE_CHECKING:
    from koto_tui.store import DataPaths, Store


def _measure(mid: str, service_id: str, status: MeasureStatus, goal: str | None = None,
             hours: int | None = None, language: str = "") -> Measure:
    """A measure from the catalogue's service *service_id*."""
    from koto_tui.planning import catalogue

    service = catalogue().service(service_id)
    return Measure(id=mid, name=service.names["fi"], service_id=service_id,
                   provider=service.provider.names["fi"], hours=hours or service.hours, status=status,
                   goal_id=goal, civic_orientation=service_id == "civic_orientation", language=language)


def _content(start: date, end: date, review: date, goals: tuple[Goal, ...],
             measures: tuple[Measure, ...]) -> PlanContent:
    return PlanContent(start=start, end=end, goals=goals, measures=measures, review_date=review,
                       follow_up="Tapaaminen kotoutumisohjaajan kanssa puolen vuoden välein; "
                                 "asiakas voi pyytää tarkistusta aiemmin.")


_LANGUAGE_GOAL = Goal("g1", PlanArea.LANGUAGE, GoalTerm.PERIOD, "Suomen kieli A2.1-tasolle")
_WORK_GOAL = Goal("g2", PlanArea.WORK_ENTREPRENEURSHIP, GoalTerm.LONG_TERM, "Työ hoiva-alalla")

#: Demo client index → (the plan's content, what happens to it). Dates are fixed so that the report's
#: numbers can be counted by hand.
PLANS: dict[int, tuple[PlanContent, str]] = {
    0: (_content(date(2026, 12, 1), date(2027, 11, 30), date(2027, 6, 1), (_LANGUAGE_GOAL, _WORK_GOAL), (
        _measure("m1", "integration_training_others", MeasureStatus.PLANNED, "g1"),
        _measure("m2", "civic_orientation", MeasureStatus.COMPLETED, hours=70, language="uk"),
        _measure("m3", "library", MeasureStatus.PLANNED))), "in_force"),
    5: (_content(date(2025, 12, 1), date(2026, 11, 26), date(2026, 6, 1), (_LANGUAGE_GOAL,), (
        _measure("m1", "integration_training_others", MeasureStatus.COMPLETED, "g1"),
        _measure("m2", "civic_orientation", MeasureStatus.COMPLETED, hours=70, language="et"))), "ended"),
    2: (_content(date(2026, 12, 1), date(2027, 11, 30), date(2026, 12, 15), (_WORK_GOAL,), (
        _measure("m1", "employment_measures", MeasureStatus.ONGOING, "g2"),
        _measure("m2", "integration_training", MeasureStatus.ENROLLED))), "in_force"),
    6: (_content(date(2027, 1, 1), date(2027, 12, 31), date(2027, 7, 1), (_LANGUAGE_GOAL,), (
        _measure("m1", "literacy_training", MeasureStatus.PLANNED, "g1"),
        _measure("m2", "civic_orientation", MeasureStatus.PLANNED, hours=70, language="prs"))), "submitted"),
    1: (_content(date(2027, 1, 1), date(2027, 12, 31), date(2027, 7, 1), (_LANGUAGE_GOAL,), (
        _measure("m1", "integration_training_others", MeasureStatus.PLANNED, "g1"),)), "draft"),
}


def _record(store: Store, client_id: int, interview_id: int, language: str) -> None:
    """An interpreter, a participant and the client's consents, as recorded in the interview."""
    today = clock.today()
    store.record.add_session(InterpreterSession(0, interview_id, "on_site", language, "", "Tulkki T-1024",
                                                "Tulkkikeskus", None, None, True))
    store.record.add_participant(Participant(0, interview_id, "wellbeing_counsellor",
                                             "Sari Sosiaaliohjaaja", "Etelä-Savon hyvinvointialue"))
    store.record.add_consent(Consent(0, client_id, "wellbeing_county", True, today, "oral_via_interpreter",
                                     "Palvelutarpeet", None))


def seed_plans(store: Store, paths: DataPaths, clients: dict[int, int], interviews: dict[int, int]) -> Store:
    """Add the demo coordinator and the plans; returns the store opened again by the counsellor."""
    from koto_tui.demo import DEMO_COORDINATOR, DEMO_COORDINATOR_PASSPHRASE, DEMO_PASSPHRASE
    from koto_tui.store import Store

    store.users.add(*DEMO_COORDINATOR, "coordinator", DEMO_COORDINATOR_PASSPHRASE,
                    confirm_passphrase=DEMO_PASSPHRASE)
    store.users.change_role(store.user.id, "counsellor", confirm_passphrase=DEMO_PASSPHRASE)
    _record(store, clients[0], interviews[0], "uk")
    store.record.add_consent(Consent(0, clients[2], "employment_services", True, clock.today(), "signed",
                                     "Kotoutumissuunnitelma ja arviointi", None))
    ids = {index: store.plans.create(clients[index], interviews.get(index), content)
           for index, (content, _fate) in PLANS.items()}
    for index, plan_id in ids.items():
        if PLANS[index][1] != "draft":
            store.plans.submit(plan_id)
    store.close()
    store = Store.unlock(paths, DEMO_COORDINATOR_PASSPHRASE)
    for index, plan_id in ids.items():
        if PLANS[index][1] in ("in_force", "ended"):
            store.plans.approve(plan_id)
    store.close()
    store = Store.unlock(paths, DEMO_PASSPHRASE)
    for index, plan_id in ids.items():
        if PLANS[index][1] in ("in_force", "ended"):
            store.plans.record_signature(plan_id, clock.today())
        if PLANS[index][1] == "ended":
            store.plans.end(plan_id, clock.today(), "Suunnitelmakausi päättyi.")
    return store
