"""Every lifecycle step of a plan, allowed or refused, in every state (KotoL 681/2023 § 16)."""

from __future__ import annotations

from datetime import date

import pytest

from koto_tui.plans import EventKind, Plan, PlanContent, PlanEvent, PlanVersion
from koto_tui.rules.plan_lifecycle import (
    PlanStatus,
    Step,
    refusal,
    self_approval_refusal,
    signature_date_problem,
    status,
)

CONTENT = PlanContent(start=date(2026, 12, 1), end=date(2027, 11, 30))


def _event(kind: EventKind) -> PlanEvent:
    return PlanEvent(kind=kind, at="2026-11-27T10:00:00", user_id="u", user_name="U", on=date(2026, 11, 27))


def _plan(*kinds: EventKind, superseded: bool = False, ended: bool = False) -> Plan:
    version = PlanVersion(1, 1, CONTENT, "", "2026-11-27T09:00:00", "Maija", tuple(_event(k) for k in kinds))
    versions = (version, PlanVersion(1, 2, CONTENT, "syy", "2026-11-27T09:30:00", "Maija")) if superseded \
        else (version,)
    return Plan(1, 1, None, True, 0, "2026-11-27T09:00:00", versions,
                ended_on=date(2027, 1, 1) if ended else None, end_reason="muutti" if ended else "")


S, W, R, A, G = (EventKind.SUBMITTED, EventKind.WITHDRAWN, EventKind.RETURNED, EventKind.APPROVED,
                 EventKind.SIGNED)

STATES = {
    "draft": ((), PlanStatus.DRAFT),
    "submitted": ((S,), PlanStatus.SUBMITTED),
    "withdrawn": ((S, W), PlanStatus.DRAFT),
    "returned": ((S, R), PlanStatus.RETURNED),
    "approved": ((S, A), PlanStatus.APPROVED),
    "signed": ((G,), PlanStatus.SIGNED),
    "signed+submitted": ((G, S), PlanStatus.SIGNED),
    "returned+signed": ((S, R, G), PlanStatus.SIGNED),
    "in_force": ((S, A, G), PlanStatus.IN_FORCE),
}

# Which steps each state allows (for a coordinator; a counsellor is refused APPROVE and RETURN everywhere).
ALLOWED = {
    "draft": {Step.EDIT, Step.SUBMIT, Step.SIGN, Step.END},
    "submitted": {Step.WITHDRAW, Step.APPROVE, Step.RETURN, Step.SIGN, Step.END},
    "withdrawn": {Step.EDIT, Step.SUBMIT, Step.SIGN, Step.END},
    "returned": {Step.EDIT, Step.SUBMIT, Step.SIGN, Step.END},
    "approved": {Step.SIGN, Step.NEW_VERSION, Step.END},
    "signed": {Step.SUBMIT, Step.NEW_VERSION, Step.END},
    "signed+submitted": {Step.WITHDRAW, Step.APPROVE, Step.RETURN, Step.NEW_VERSION, Step.END},
    "returned+signed": {Step.NEW_VERSION, Step.END},
    "in_force": {Step.NEW_VERSION, Step.REVIEW, Step.END},
}


@pytest.mark.parametrize("state", STATES)
def test_status_follows_the_events(state: str) -> None:
    kinds, expected = STATES[state]
    assert status(_plan(*kinds)) is expected


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("step", list(Step))
def test_each_step_in_each_state(state: str, step: Step) -> None:
    plan = _plan(*STATES[state][0])
    reason = refusal(plan, step, "coordinator")
    if step in ALLOWED[state]:
        assert reason is None
    else:
        assert reason, f"{step} should be refused when {state}"


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("step", [Step.APPROVE, Step.RETURN])
def test_a_counsellor_never_approves_or_returns(state: str, step: Step) -> None:
    reason = refusal(_plan(*STATES[state][0]), step, "counsellor")
    assert reason is not None


@pytest.mark.parametrize("step", list(Step))
def test_an_ended_plan_refuses_every_step(step: Step) -> None:
    plan = _plan(S, A, G, ended=True)
    assert status(plan) is PlanStatus.ENDED
    assert "1.1.2027" in (refusal(plan, step, "coordinator") or "")


def test_a_superseded_version_has_its_own_status() -> None:
    from koto_tui.rules.plan_lifecycle import version_status

    plan = _plan(G, superseded=True)
    assert version_status(plan, plan.version(1)) is PlanStatus.SUPERSEDED
    assert status(plan) is PlanStatus.DRAFT


@pytest.mark.parametrize(("signed_on", "ok"), [
    (date(2026, 11, 27), True), (date(2026, 11, 26), False), (date(2026, 11, 28), False)])
def test_signature_date_between_the_version_and_today(signed_on: date, ok: bool) -> None:
    problem = signature_date_problem(_plan().current, signed_on, today=date(2026, 11, 27))
    assert (problem is None) is ok


def _drafted_by(user_id: str, *kinds: EventKind) -> PlanVersion:
    return PlanVersion(1, 1, CONTENT, "", "2026-11-27T09:00:00", "Kaisa", tuple(_event(k) for k in kinds),
                       created_by=user_id)


def test_the_drafter_does_not_approve_their_own_version_unless_the_municipality_allows_it() -> None:
    mine = _drafted_by("kaisa", S)
    refused = self_approval_refusal(mine, "kaisa", allowed=False)
    assert refused is not None and "laadit" in refused.lower() and "kunnan käytäntö" in refused
    assert self_approval_refusal(mine, "kaisa", allowed=True) is None
    assert self_approval_refusal(mine, "pekka", allowed=False) is None
    assert self_approval_refusal(_drafted_by("", S), "kaisa", allowed=False) is None  # drafter unknown


def test_an_approval_by_the_drafter_is_known_from_the_events() -> None:
    assert not _drafted_by("u", S).approved_by_drafter
    assert _drafted_by("u", S, A).approved_by_drafter  # _event's user is "u"
    assert not _drafted_by("kaisa", S, A).approved_by_drafter
