"""Plans in the store: versions, each lifecycle step allowed or refused, reviews, ending, who did it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from koto_tui import clock
from koto_tui.model import ClientData, Profile
from koto_tui.plans import EventKind, Goal, GoalTerm, Measure, PlanContent, compare, with_measure
from koto_tui.rules.plan import PlanArea
from koto_tui.rules.plan_lifecycle import PlanStatus, status
from koto_tui.store import DataPaths, Store
from koto_tui.store.errors import PlanRefused
from tests.roles import add_coordinator

PROFILE = Profile("Maija Meikäläinen", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut",
                  "Mikkeli")
CONTENT = PlanContent(
    start=date(2026, 12, 1), end=date(2027, 11, 30),
    goals=(Goal("g1", PlanArea.LANGUAGE, GoalTerm.PERIOD, "Suomen kieli A2.1-tasolle"),),
    measures=(Measure("m1", "Kotoutumiskoulutus", service_id="integration_training_others", hours=400),),
    review_date=date(2027, 6, 1), follow_up="Tapaaminen puolen vuoden välein")


class Laptop:
    """One data directory with a counsellor and a coordinator; `as_` reopens it as either."""

    def __init__(self, root: Path) -> None:
        self.paths = DataPaths(root)
        store = Store.create(self.paths, PROFILE, "maijan-salasana", role="coordinator")
        add_coordinator(store, "Kaisa Koordinaattori", "kotoutumiskoordinaattori", "kaisan-salasana",
                        "maijan-salasana")
        self.client_id = store.clients.add(ClientData("Virtanen", "Aino", date(1990, 1, 1)))
        self.store = store

    def as_(self, who: str) -> Store:
        self.store.close()
        self.store = Store.unlock(self.paths, {"maija": "maijan-salasana", "kaisa": "kaisan-salasana"}[who])
        return self.store


@pytest.fixture
def laptop(tmp_path: Path) -> Laptop:
    return Laptop(tmp_path)


def test_a_plan_goes_from_draft_to_in_force(laptop: Laptop) -> None:
    store = laptop.store
    plan_id = store.plans.create(laptop.client_id, None, CONTENT)
    assert status(store.plans.get(plan_id)) is PlanStatus.DRAFT
    assert store.plans.get(plan_id).first_plan
    store.plans.submit(plan_id)
    assert status(store.plans.get(plan_id)) is PlanStatus.SUBMITTED
    store = laptop.as_("kaisa")
    store.plans.approve(plan_id)
    plan = store.plans.get(plan_id)
    assert status(plan) is PlanStatus.APPROVED
    approval = plan.current.approval
    assert approval is not None
    assert (approval.user_name, approval.user_title, approval.on) == (
        "Kaisa Koordinaattori", "kotoutumiskoordinaattori", date(2026, 11, 27))
    store = laptop.as_("maija")
    store.plans.record_signature(plan_id, date(2026, 11, 27))
    plan = store.plans.get(plan_id)
    assert status(plan) is PlanStatus.IN_FORCE
    signature = plan.current.signature
    assert signature is not None and signature.user_name == "Maija Meikäläinen"
    actions = [e["action"] for e in store.audit_entries() if e["entity"] == "plan"]
    assert actions == ["signed", "approved", "submitted", "create"]


def test_a_counsellor_cannot_approve_or_return(laptop: Laptop) -> None:
    plan_id = laptop.store.plans.create(laptop.client_id, None, CONTENT)
    laptop.store.plans.submit(plan_id)
    with pytest.raises(PlanRefused, match="koordinaattori"):
        laptop.store.plans.approve(plan_id)
    with pytest.raises(PlanRefused, match="koordinaattori"):
        laptop.store.plans.return_for_changes(plan_id, "Tarkenna tavoitteet")
    assert status(laptop.store.plans.get(plan_id)) is PlanStatus.SUBMITTED


def test_returned_with_comments_then_changed_and_submitted_again(laptop: Laptop) -> None:
    plan_id = laptop.store.plans.create(laptop.client_id, None, CONTENT)
    laptop.store.plans.submit(plan_id)
    store = laptop.as_("kaisa")
    with pytest.raises(PlanRefused):
        store.plans.return_for_changes(plan_id, "  ")
    store.plans.return_for_changes(plan_id, "Lisää tavoite työelämään")
    plan = store.plans.get(plan_id)
    assert status(plan) is PlanStatus.RETURNED
    assert plan.current.returned is not None and plan.current.returned.text == "Lisää tavoite työelämään"
    with pytest.raises(PlanRefused):  # nothing to decide until it is submitted again
        store.plans.approve(plan_id)
    store = laptop.as_("maija")
    store.plans.save_content(plan_id, with_measure(CONTENT, Measure("m2", "Työkokeilu")))
    store.plans.submit(plan_id)
    assert status(store.plans.get(plan_id)) is PlanStatus.SUBMITTED


def test_a_pending_plan_is_withdrawn_before_it_changes(laptop: Laptop) -> None:
    store = laptop.store
    plan_id = store.plans.create(laptop.client_id, None, CONTENT)
    store.plans.submit(plan_id)
    with pytest.raises(PlanRefused, match="peru"):
        store.plans.save_content(plan_id, CONTENT)
    with pytest.raises(PlanRefused):
        store.plans.submit(plan_id)
    store.plans.withdraw(plan_id)
    with pytest.raises(PlanRefused):
        store.plans.withdraw(plan_id)
    store.plans.save_content(plan_id, with_measure(CONTENT, Measure("m2", "Työkokeilu")))
    assert len(store.plans.get(plan_id).current.content.measures) == 2


def test_a_signed_plan_is_locked_and_changes_in_a_new_version(laptop: Laptop) -> None:
    store = laptop.store
    plan_id = store.plans.create(laptop.client_id, None, CONTENT)
    store.plans.record_signature(plan_id, date(2026, 11, 27))
    assert status(store.plans.get(plan_id)) is PlanStatus.SIGNED
    with pytest.raises(PlanRefused, match="uusi versio"):
        store.plans.save_content(plan_id, CONTENT)
    with pytest.raises(PlanRefused):
        store.plans.record_signature(plan_id, date(2026, 11, 27))
    with pytest.raises(PlanRefused):
        store.plans.new_version(plan_id, " ")
    assert store.plans.new_version(plan_id, "Kurssi vaihtui") == 2
    changed = with_measure(CONTENT, Measure("m1", "Kotoutumiskoulutus",
                                            service_id="integration_training_others", hours=300))
    store.plans.save_content(plan_id, changed)
    plan = store.plans.get(plan_id)
    assert [v.number for v in plan.versions] == [1, 2]
    assert plan.version(1).content == CONTENT  # the earlier version stays as it was
    assert plan.current.reason == "Kurssi vaihtui"
    assert compare(plan.version(1).content, plan.current.content)[0].after == 300
    assert status(plan) is PlanStatus.DRAFT


def test_new_version_only_from_a_locked_plan(laptop: Laptop) -> None:
    plan_id = laptop.store.plans.create(laptop.client_id, None, CONTENT)
    with pytest.raises(PlanRefused, match="suoraan"):
        laptop.store.plans.new_version(plan_id, "Syy")


@pytest.mark.parametrize(("signed_on", "allowed"), [
    (date(2026, 11, 27), True), (date(2026, 11, 28), False), (date(2026, 11, 26), True),
    (date(2026, 11, 1), False),
])
def test_the_signature_date_is_the_date_on_the_paper(laptop: Laptop, signed_on: date, allowed: bool) -> None:
    clock.fix(clock.now().replace(day=26))
    plan_id = laptop.store.plans.create(laptop.client_id, None, CONTENT)
    clock.fix(clock.now().replace(day=27))
    if allowed:
        laptop.store.plans.record_signature(plan_id, signed_on)
        assert laptop.store.plans.get(plan_id).current.signature is not None
    else:
        with pytest.raises(PlanRefused):
            laptop.store.plans.record_signature(plan_id, signed_on)


def test_reviews_only_in_force_and_they_move_the_review_date(laptop: Laptop) -> None:
    plan_id = laptop.store.plans.create(laptop.client_id, None, CONTENT)
    with pytest.raises(PlanRefused, match="voimassa"):
        laptop.store.plans.add_review(plan_id, date(2027, 6, 1), "asiakas", "", date(2027, 12, 1))
    laptop.store.plans.submit(plan_id)
    laptop.store.plans.record_signature(plan_id, date(2026, 11, 27))
    store = laptop.as_("kaisa")
    store.plans.approve(plan_id)
    with pytest.raises(PlanRefused):
        store.plans.add_review(plan_id, date(2027, 6, 1), "asiakas", "", date(2027, 5, 1))
    store.plans.add_review(plan_id, date(2027, 6, 1), "asiakas, ohjaaja, tulkki", "Kurssi alkoi",
                           date(2027, 11, 1))
    plan = store.plans.get(plan_id)
    assert plan.next_review == date(2027, 11, 1)
    assert plan.reviews[0].recorded_by_name == "Kaisa Koordinaattori"


def test_an_ended_plan_refuses_everything_and_the_next_plan_counts_its_months(laptop: Laptop) -> None:
    store = laptop.store
    plan_id = store.plans.create(laptop.client_id, None, CONTENT)
    with pytest.raises(PlanRefused, match="ole päättynyt"):
        store.plans.create(laptop.client_id, None, CONTENT)
    with pytest.raises(PlanRefused):
        store.plans.end(plan_id, date(2027, 5, 31), "")
    store.plans.end(plan_id, date(2027, 5, 31), "Asiakas muutti")
    plan = store.plans.get(plan_id)
    assert status(plan) is PlanStatus.ENDED
    for step in (lambda: store.plans.save_content(plan_id, CONTENT), lambda: store.plans.submit(plan_id),
                 lambda: store.plans.record_signature(plan_id, date(2026, 11, 27)),
                 lambda: store.plans.end(plan_id, date(2027, 6, 1), "taas")):
        with pytest.raises(PlanRefused, match="päättyi"):
            step()
    second = store.plans.get(store.plans.create(laptop.client_id, None, CONTENT))
    assert not second.first_plan
    assert second.earlier_months == 6


def test_events_belong_to_their_version(laptop: Laptop) -> None:
    store = laptop.store
    plan_id = store.plans.create(laptop.client_id, None, CONTENT)
    store.plans.record_signature(plan_id, date(2026, 11, 27))
    store.plans.new_version(plan_id, "Muutos")
    plan = store.plans.get(plan_id)
    assert [e.kind for e in plan.version(1).events] == [EventKind.SIGNED]
    assert plan.current.events == ()
    assert status(plan) is PlanStatus.DRAFT
    store.plans.record_printout(plan_id, 2, plan.document_id)
    assert store.plans.print_count(plan_id, 2) == 1
    assert store.plans.print_count(plan_id, 1) == 0


def test_a_coordinator_does_not_approve_a_plan_they_drafted(laptop: Laptop) -> None:
    store = laptop.as_("kaisa")
    plan_id = store.plans.create(laptop.client_id, None, CONTENT)
    store.plans.submit(plan_id)
    with pytest.raises(PlanRefused, match="Laadit tämän version itse"):
        store.plans.approve(plan_id)
    assert status(store.plans.get(plan_id)) is PlanStatus.SUBMITTED
    store.set_setting("allow_self_approval", True)
    store.plans.approve(plan_id)
    plan = store.plans.get(plan_id)
    assert status(plan) is PlanStatus.APPROVED and plan.current.approved_by_drafter


def test_only_a_coordinator_allows_self_approval(laptop: Laptop) -> None:
    from koto_tui.store.errors import UserRefused

    with pytest.raises(UserRefused, match="koordinaattori"):
        laptop.store.set_setting("allow_self_approval", True)
    assert laptop.store.setting("allow_self_approval", False) is False


def test_a_plan_drafted_by_the_counsellor_is_approved_by_the_coordinator(laptop: Laptop) -> None:
    plan_id = laptop.store.plans.create(laptop.client_id, None, CONTENT)
    laptop.store.plans.submit(plan_id)
    store = laptop.as_("kaisa")
    store.plans.approve(plan_id)
    assert not store.plans.get(plan_id).current.approved_by_drafter
