"""Who assesses a client and within which window (KotoL 681/2023 § 14); reading the interview answers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from koto_tui.rules.eligibility import (
    AssessmentStart,
    EligibilityInput,
    EligibilityResult,
    Finding,
    RecordSystem,
    Responsible,
    TargetGroup,
    WindowEvent,
    assess_eligibility,
    eligibility_from_answers,
    window_end,
)
from koto_tui.rules.law import SECTION_9, SECTION_14, cite

EVENT = date(2023, 11, 27)
END = date(2026, 11, 27)
REFUGEE = frozenset({TargetGroup.INTERNATIONAL_PROTECTION})


def assess(today: date = END, **changes: object) -> EligibilityResult:
    """Assess a complete, unproblematic non-jobseeker with *changes* applied."""
    values: dict[str, object] = {
        "target_groups": REFUGEE, "window_event": WindowEvent.FIRST_RESIDENCE_PERMIT,
        "window_event_date": EVENT, "registered_jobseeker": False, "start": AssessmentStart.OWN_REQUEST,
    }
    values.update(changes)
    return assess_eligibility(EligibilityInput(today=today, **values))  # type: ignore[arg-type]


def codes(result: EligibilityResult) -> dict[str, Finding]:
    return {finding.code: finding for finding in result.findings}


# --- the window's end -------------------------------------------------------------------------------


@pytest.mark.parametrize(("event", "end"), [
    (date(2023, 11, 27), date(2026, 11, 27)),
    (date(2024, 2, 29), date(2027, 2, 28)),   # no 29 February in 2027: the last day of the month
    (date(2021, 2, 28), date(2024, 2, 28)),   # a leap year's 29th is not the anniversary of the 28th
    (date(2025, 12, 31), date(2028, 12, 31)),
    (date(2025, 1, 1), date(2028, 1, 1)),
])
def test_window_end(event: date, end: date) -> None:
    assert window_end(event) == end


@pytest.mark.parametrize(("today", "days_left", "within", "warned"), [
    (END - timedelta(days=365), 365, True, set()),
    (END - timedelta(days=90), 90, True, set()),                  # 90 days left: not yet "fewer than 90"
    (END - timedelta(days=89), 89, True, {"window-closing"}),
    (END - timedelta(days=1), 1, True, {"window-closing"}),
    (END, 0, True, {"window-closing"}),                           # the anniversary day is still inside
    (END + timedelta(days=1), -1, False, {"window-closed"}),
    (END + timedelta(days=400), -400, False, {"window-closed"}),
])
def test_the_window_edge_days(today: date, days_left: int, within: bool, warned: set[str]) -> None:
    result = assess(today)
    assert (result.window_end, result.days_left, result.within_window) == (END, days_left, within)
    assert {f.code for f in result.findings if f.severity == "warning"} == warned
    assert result.exception_applies is False


def test_closing_warning_says_how_many_days_are_left() -> None:
    finding = codes(assess(END - timedelta(days=45)))["window-closing"]
    assert "45" in finding.message
    assert finding.section == SECTION_14
    assert cite(SECTION_14) in finding.message  # as the UI language writes it


def test_leap_day_start() -> None:
    result = assess(date(2027, 2, 28), window_event_date=date(2024, 2, 29))
    assert (result.window_end, result.days_left, result.within_window) == (date(2027, 2, 28), 0, True)
    assert assess(date(2027, 3, 1), window_event_date=date(2024, 2, 29)).within_window is False


def test_closed_window_warning_cites_section_14() -> None:
    finding = codes(assess(END + timedelta(days=1)))["window-closed"]
    assert (finding.severity, finding.section) == ("warning", SECTION_14)
    assert f"({cite(SECTION_14)})" in finding.message


# --- the trafficking exception ----------------------------------------------------------------------


def test_trafficking_victim_reached_later_is_exempt_from_the_window() -> None:
    groups = frozenset({TargetGroup.TRAFFICKING_VICTIM})
    result = assess(END + timedelta(days=200), target_groups=groups, reachable_only_later=True)
    assert result.exception_applies is True
    assert result.within_window is False            # the fact stays visible; it just does not bind
    found = codes(result)
    assert "window-closed" not in found
    assert found["window-exception"].severity == "info"


@pytest.mark.parametrize(("groups", "later"), [
    (frozenset({TargetGroup.TRAFFICKING_VICTIM}), False),
    (REFUGEE, True),
])
def test_exception_needs_both_conditions(groups: frozenset[TargetGroup], later: bool) -> None:
    result = assess(END + timedelta(days=1), target_groups=groups, reachable_only_later=later)
    assert result.exception_applies is False
    assert "window-closed" in codes(result)


def test_reachable_later_without_trafficking_is_questioned() -> None:
    assert codes(assess(reachable_only_later=True))["exception-without-trafficking"].severity == "warning"


# --- who is responsible -----------------------------------------------------------------------------


@pytest.mark.parametrize(("jobseeker", "responsible", "system", "code"), [
    (True, Responsible.EMPLOYMENT_AUTHORITY, RecordSystem.EMPLOYMENT_SERVICES, "jobseeker"),
    (False, Responsible.MUNICIPALITY, RecordSystem.KOTO_AJ, None),
    (None, Responsible.MUNICIPALITY, RecordSystem.KOTO_AJ, "jobseeker-unknown"),
])
def test_jobseeker_routing(jobseeker: bool | None, responsible: Responsible, system: RecordSystem,
                           code: str | None) -> None:
    result = assess(registered_jobseeker=jobseeker)
    assert (result.responsible, result.record_system) == (responsible, system)
    found = codes(result)
    assert ("jobseeker" in found) is (code == "jobseeker")
    assert ("jobseeker-unknown" in found) is (code == "jobseeker-unknown")
    if code is not None:
        assert found[code].section == SECTION_14 and cite(SECTION_14) in found[code].message


def test_a_jobseeker_needs_no_target_group() -> None:
    assert "no-target-group" not in codes(assess(registered_jobseeker=True, target_groups=frozenset()))


@pytest.mark.parametrize("jobseeker", [False, None])
def test_no_target_group_is_a_warning(jobseeker: bool | None) -> None:
    finding = codes(assess(registered_jobseeker=jobseeker, target_groups=frozenset()))["no-target-group"]
    assert (finding.severity, finding.section) == ("warning", SECTION_14)
    assert cite(SECTION_14) in finding.message  # as the UI language writes it


# --- how the assessment started ---------------------------------------------------------------------


@pytest.mark.parametrize(("start", "permission", "error"), [
    (AssessmentStart.AUTHORITY_CONTACT, None, True),
    (AssessmentStart.AUTHORITY_CONTACT, False, True),
    (AssessmentStart.AUTHORITY_CONTACT, True, False),
    (AssessmentStart.OWN_REQUEST, None, False),
    (AssessmentStart.COUNSELLOR_FINDING, False, False),
    (None, None, False),
])
def test_authority_contact_needs_permission(start: AssessmentStart | None, permission: bool | None,
                                            error: bool) -> None:
    found = codes(assess(start=start, authority_permission=permission))
    assert ("permission-missing" in found) is error
    if error:
        finding = found["permission-missing"]
        assert (finding.severity, finding.section) == ("error", SECTION_9)
        assert cite(SECTION_9) in finding.message


# --- missing facts ----------------------------------------------------------------------------------


def test_a_complete_case_has_no_findings() -> None:
    assert assess(END - timedelta(days=400)).findings == ()


def test_missing_date_asks_for_it() -> None:
    result = assess(window_event_date=None)
    assert (result.window_end, result.days_left, result.within_window) == (None, None, None)
    finding = codes(result)["event-date-missing"]
    assert (finding.severity, finding.section) == ("info", SECTION_14)


def test_missing_event_asks_which() -> None:
    assert codes(assess(window_event=None))["window-event-missing"].severity == "info"


def test_future_event_date_is_questioned() -> None:
    result = assess(date(2023, 1, 1))
    assert codes(result)["event-date-future"].severity == "warning"


def test_every_finding_cites_its_section_in_its_message() -> None:
    results = [assess(registered_jobseeker=None, target_groups=frozenset(), window_event=None,
                      window_event_date=None, start=AssessmentStart.AUTHORITY_CONTACT),
               assess(END + timedelta(days=1), reachable_only_later=True), assess(END - timedelta(days=3))]
    findings = [finding for result in results for finding in result.findings]
    assert len(findings) >= 7
    for finding in findings:
        assert f"({cite(finding.section)})" in finding.message, finding


# --- from the interview's answers -------------------------------------------------------------------


def test_answers_are_read() -> None:
    answers: dict[str, object] = {
        "target_groups": ["trafficking_victim", "social_assistance"], "window_event": "residence_card",
        "window_event_date": "2023-11-27", "registered_jobseeker": False,
        "assessment_start": "authority_contact", "authority_permission": True,
        "trafficking_reachable_later": True,
    }
    assert eligibility_from_answers(answers, END) == EligibilityInput(
        today=END,
        target_groups=frozenset({TargetGroup.TRAFFICKING_VICTIM, TargetGroup.SOCIAL_ASSISTANCE}),
        window_event=WindowEvent.RESIDENCE_CARD, window_event_date=EVENT, registered_jobseeker=False,
        start=AssessmentStart.AUTHORITY_CONTACT, authority_permission=True, reachable_only_later=True)


@pytest.mark.parametrize("answers", [
    {},
    {"target_groups": None, "window_event": None, "window_event_date": None, "registered_jobseeker": None,
     "assessment_start": None, "authority_permission": None, "trafficking_reachable_later": None},
    {"target_groups": 7, "window_event": "passport", "window_event_date": "27.11.2023",
     "registered_jobseeker": "yes", "assessment_start": 3, "authority_permission": "true",
     "trafficking_reachable_later": "true"},
    {"target_groups": [None, 1, "refugee", {"a": 1}], "window_event": ["residence_card"],
     "window_event_date": "2023-02-30", "registered_jobseeker": 1, "assessment_start": "",
     "authority_permission": 0, "trafficking_reachable_later": 1},
    {"target_groups": {"x": "y"}, "window_event_date": 20231127, "assessment_start": "OWN_REQUEST"},
])
def test_garbage_answers_become_empty(answers: dict[str, object]) -> None:
    assert eligibility_from_answers(answers, END) == EligibilityInput(today=END)


def test_partly_known_answers_keep_what_is_known() -> None:
    data = eligibility_from_answers(
        {"target_groups": ["other_need", "nonsense"], "window_event_date": date(2024, 2, 29)}, END)
    assert data.target_groups == frozenset({TargetGroup.OTHER_NEED})
    assert data.window_event_date == date(2024, 2, 29)


def test_answers_flow_into_an_assessment() -> None:
    data = eligibility_from_answers({"registered_jobseeker": True, "window_event_date": "2023-11-27",
                                     "window_event": "first_residence_permit"}, END)
    result = assess_eligibility(data)
    assert result.responsible is Responsible.EMPLOYMENT_AUTHORITY
    assert (result.days_left, result.within_window) == (0, True)


def test_a_stored_date_past_the_calendar_is_no_date_not_a_crash() -> None:
    from koto_tui.rules.eligibility import assess_eligibility, eligibility_from_answers

    for stored in ("9999-12-31", "0001-01-01", "not-a-date", 20240101):
        data = eligibility_from_answers({"window_event": "first_permit", "window_event_date": stored},
                                        date(2026, 12, 2))
        assert data.window_event_date is None
        assert assess_eligibility(data).window_end is None
