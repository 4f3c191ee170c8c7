"""Drawing up a plan: the assessment's suggestions, catalogue measures, the checks on save and submit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from koto_tui import planning
from koto_tui.model import ClientData, Profile
from koto_tui.plans import (
    Goal,
    GoalTerm,
    Measure,
    PlanContent,
    compare,
    content_from_json,
    content_to_json,
    with_measure,
    without,
)
from koto_tui.rules.plan import MeasureStatus, PlanArea
from koto_tui.rules.plan_lifecycle import PlanStatus, status
from koto_tui.store import DataPaths, Store
from koto_tui.store.errors import PlanRefused

PROFILE = Profile("Maija", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.create(DataPaths(tmp_path), PROFILE, "salasana-123")
    opened.interviews.register_form("t", "1", "id: t")
    return opened


def _client(store: Store, answers: dict[str, object], language: str = "prs") -> int:
    cid = store.clients.add(ClientData("Ahmadi", "Zahra", date(1995, 3, 1), native_language=language,
                                       interpreter_needed=True, interpreter_language=language))
    interview = store.interviews.start(cid, "t", "1", PROFILE)
    for key, value in answers.items():
        store.interviews.save_answer(interview.id, key, value)
    return cid


def _measure_ids(suggested: list[planning.Suggestion]) -> list[str | None]:
    return [s.measure.service_id for s in suggested]


def test_literacy_and_civic_orientation_are_suggested_in_the_clients_language(store: Store) -> None:
    cid = _client(store, {"literacy": "semi_literate", "civic_orientation_status": "not_started",
                          "registered_jobseeker": False})
    context = planning.context_for(store, cid)
    content = planning.new_content(store, date(2026, 12, 1))
    suggested = planning.suggestions(context, content, date(2026, 12, 1))
    assert _measure_ids(suggested) == ["literacy_training", "civic_orientation"]
    civic = suggested[1].measure
    assert civic.hours == 70 and civic.civic_orientation
    assert civic.language == "dari"
    assert "dari" in suggested[1].reason and "25 §" in suggested[1].reason
    # Offered, never added: the content is unchanged, and a measure already in the plan is not offered again.
    assert content.measures == ()
    again = planning.suggestions(context, with_measure(content, civic), date(2026, 12, 1))
    assert _measure_ids(again) == ["literacy_training"]


def test_nothing_is_suggested_when_the_assessment_shows_no_need(store: Store) -> None:
    cid = _client(store, {"literacy": "literate_latin", "civic_orientation_status": "completed"})
    context = planning.context_for(store, cid)
    content = planning.new_content(store, date(2026, 12, 1))
    assert planning.suggestions(context, content, date(2026, 12, 1)) == []


def test_a_catalogue_measure_names_the_responsible_party_for_this_client(store: Store) -> None:
    service = planning.catalogue().service("civic_orientation")
    for jobseeker, expected in ((False, "kaupungin"), (True, "työ")):
        cid = _client(store, {"registered_jobseeker": jobseeker})
        measure = planning.measure_from(service, "m1", planning.context_for(store, cid), date(2026, 12, 1))
        assert measure.provider and measure.name == service.names["fi"]
        assert expected in measure.responsible.lower()


def test_an_ended_project_is_not_offered(store: Store) -> None:
    cid = _client(store, {"registered_jobseeker": False})
    context = planning.context_for(store, cid)
    ended = [s for s in planning.catalogue().services if s.ends is not None]
    assert ended, "the catalogue has time-limited projects"
    after = max(s.ends for s in ended if s.ends is not None).replace(year=2099)
    assert not {s.id for s in ended} & {s.id for s in planning.available(context, after)}


def test_the_first_plan_defaults_to_twelve_months_and_the_review_setting(store: Store) -> None:
    store.set_setting(planning.REVIEW_SETTING, 3)
    content = planning.new_content(store, date(2026, 12, 1))
    assert (content.end, content.review_date) == (date(2027, 11, 30), date(2027, 3, 1))


def test_saving_a_first_plan_longer_than_a_year_is_refused_and_changes_nothing(store: Store) -> None:
    cid = _client(store, {"registered_jobseeker": False})
    context = planning.context_for(store, cid)
    content = planning.new_content(store, date(2026, 12, 1))
    assert context.interview is not None
    plan = store.plans.get(store.plans.create(cid, context.interview.id, content))
    with pytest.raises(PlanRefused, match="12 kuukautta"):
        planning.save(store, plan, replace(content, end=date(2027, 12, 2)), context)
    assert store.plans.get(plan.id).current.content == content
    jobseeking = with_measure(content, Measure("m1", "Työnhakuvelvollisuus", jobseeking_obligation=True))
    with pytest.raises(PlanRefused, match="työnhak"):
        planning.save(store, plan, jobseeking, context)


def test_submitting_needs_a_goal_and_a_measure(store: Store) -> None:
    cid = _client(store, {"registered_jobseeker": False})
    context = planning.context_for(store, cid)
    content = planning.new_content(store, date(2026, 12, 1))
    plan = store.plans.get(store.plans.create(cid, None, content))
    with pytest.raises(PlanRefused) as refused:
        planning.submit(store, plan, context)
    assert "tavoite" in str(refused.value) and "toimenpide" in str(refused.value)
    full = with_measure(replace(content, goals=(Goal("g1", PlanArea.LANGUAGE, GoalTerm.PERIOD, "A2"),)),
                        Measure("m2", "Kielikurssi"))
    planning.save(store, plan, full, context)
    planning.submit(store, store.plans.get(plan.id), context)
    assert status(store.plans.get(plan.id)) is PlanStatus.SUBMITTED


def test_content_survives_json_and_versions_compare_field_by_field() -> None:
    old = PlanContent(
        start=date(2026, 12, 1), end=date(2027, 11, 30),
        goals=(Goal("g1", PlanArea.LANGUAGE, GoalTerm.LONG_TERM, "B1"),
               Goal("g2", PlanArea.FAMILY, GoalTerm.PERIOD, "Päivähoito")),
        measures=(Measure("m1", "Kotoutumiskoulutus", hours=400, goal_id="g1", start=date(2027, 1, 10)),),
        review_date=date(2027, 6, 1), follow_up="Puhelimitse")
    assert content_from_json(content_to_json(old)) == old
    new = without(with_measure(old, replace(old.measures[0], status=MeasureStatus.ONGOING, hours=350)), "g2")
    new = replace(new, review_date=date(2027, 5, 1))
    changes = {(c.what, c.field): (c.before, c.after) for c in compare(old, new)}
    assert changes == {
        ("review_date", "review_date"): (date(2027, 6, 1), date(2027, 5, 1)),
        ("goal:g2", ""): (old.goals[1], None),
        ("measure:m1", "hours"): (400, 350),
        ("measure:m1", "status"): (MeasureStatus.PLANNED, MeasureStatus.ONGOING),
    }
    assert new.next_id("g") not in {"g1", "g2"}  # ids are never reused within a plan
