"""Retention periods and erasure duties: read strictly from the municipality's file, decided at edge dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from koto_tui.resources import data_dir
from koto_tui.rules.retention import (
    DUTIES,
    KINDS,
    ClientFacts,
    Duty,
    Period,
    RetentionFileError,
    RetentionRules,
    erasure_refusal,
    load_rules,
)

TODAY = date(2026, 12, 3)


def _facts(**changes: object) -> ClientFacts:
    values: dict[str, object] = {"client_id": 7, "restricted": False, "last_activity": date(2026, 1, 1),
                                 "not_entered": 0, "plans_in_force": 0}
    values.update(changes)
    return ClientFacts(**values)  # type: ignore[arg-type]


def test_the_shipped_file_sets_every_kind_and_cites_a_basis_for_each() -> None:
    rules = load_rules(data_dir() / "retention.yaml")
    assert set(rules.periods) == set(KINDS)
    assert {d.rule for d in rules.duties} == set(DUTIES)
    assert all(p.basis for p in rules.periods.values()) and all(d.basis for d in rules.duties)
    assert rules.automatic is False


@pytest.mark.parametrize(("last", "due"), [(date(2026, 6, 6), False), (date(2026, 6, 5), True),
                                           (None, False)])
def test_a_period_falls_due_the_day_after_its_last_day(last: date | None, due: bool) -> None:
    assert (TODAY - date(2026, 6, 6)).days == 180
    assert Period("unfinished_interview", 180, "Kunnan päätös").due(last, TODAY) is due


def test_a_period_of_zero_days_never_falls_due() -> None:
    assert not Period("backup", 0, "Kunnan päätös").due(date(1990, 1, 1), TODAY)


def test_recent_activity_holds_the_erasure_until_its_last_day_has_passed() -> None:
    rules = RetentionRules(False, {}, (Duty("recent_activity", "Kunnan päätös", 30),))
    inside = erasure_refusal(_facts(last_activity=date(2026, 11, 3)), rules, TODAY)
    assert inside is not None and "Kunnan päätös" in inside.message and "2026-12-04" in inside.message
    assert erasure_refusal(_facts(last_activity=date(2026, 11, 2)), rules, TODAY) is None


def test_each_duty_refuses_with_its_own_message_and_citation() -> None:
    rules = RetentionRules(False, {}, (Duty("not_entered_into_koto_aj", "GDPR 17(3)(b)"),
                                       Duty("plan_in_force", "KotoL")))
    first = erasure_refusal(_facts(not_entered=2, plans_in_force=1), rules, TODAY)
    assert first is not None and first.duty.rule == "not_entered_into_koto_aj"
    assert "2" in first.message and "GDPR 17(3)(b)" in first.message
    second = erasure_refusal(_facts(plans_in_force=1), rules, TODAY)
    assert second is not None and second.duty.rule == "plan_in_force" and "KotoL" in second.message
    assert erasure_refusal(_facts(), rules, TODAY) is None


def test_every_problem_of_the_file_is_named_at_once(tmp_path: Path) -> None:
    path = tmp_path / "retention.yaml"
    path.write_text("automatic: yes please\nperiods:\n  unfinished_interviw: {days: 3, basis: x}\n"
                    "  backup: {days: -1, basis: x}\n  draft_plan: {days: 3}\nerasure_waits_while:\n"
                    "  - rule: plan_in_forse\n    basis: x\n", encoding="utf-8")
    with pytest.raises(RetentionFileError) as raised:
        load_rules(path)
    text = str(raised.value)
    assert "'unfinished_interview'?" in text and "'plan_in_force'?" in text  # did you mean …?
    assert "'days'" in text and "basis" in text and "automatic" in text
    assert text.count(str(path)) == 5
