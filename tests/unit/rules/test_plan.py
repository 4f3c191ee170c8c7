"""The integration plan's limits (KotoL 681/2023 § 16, § 25; Act 380/2023) and the month arithmetic."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from koto_tui.rules.eligibility import Finding
from koto_tui.rules.law import SECTION_16, SECTION_25, SECTION_JOBSEEKING, cite
from koto_tui.rules.plan import (
    MeasureInput,
    MeasureStatus,
    PlanArea,
    PlanCheck,
    PlanInput,
    PlanPeriod,
    add_months,
    check_plan,
    months_between,
)

TODAY = date(2026, 11, 27)
START = date(2026, 12, 1)
YEAR_END = date(2027, 11, 30)


def measure(name: str = "Suomen kielen koulutus", **changes: object) -> MeasureInput:
    """An ordinary language course inside the plan's period, with *changes* applied."""
    values: dict[str, object] = {
        "service_id": "language-course", "name": name, "start": date(2027, 1, 10), "end": date(2027, 6, 1),
        "hours": 300, "is_civic_orientation": False, "binding": False, "is_jobseeking_obligation": False,
        "self_motivated_study": False, "basic_education": False, "study_months": None,
    }
    values.update(changes)
    return MeasureInput(**values)  # type: ignore[arg-type]


def check(*measures: MeasureInput, **changes: object) -> PlanCheck:
    """Check an unproblematic first plan for a non-jobseeker, with *measures* and *changes* applied."""
    values: dict[str, object] = {
        "today": TODAY, "period": PlanPeriod(START, YEAR_END), "first_plan": True, "earlier_months": 0,
        "jobseeker": False, "window_end": date(2028, 1, 1), "measures": measures or (measure(),),
    }
    values.update(changes)
    return check_plan(PlanInput(**values))  # type: ignore[arg-type]


def codes(findings: tuple[Finding, ...]) -> dict[str, Finding]:
    return {finding.code: finding for finding in findings}


def all_codes(result: PlanCheck) -> set[str]:
    return {finding.code for finding in result.refusals + result.warnings}


# --- month arithmetic -------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),    # clamped to the month's last day
    (date(2028, 1, 31), 1, date(2028, 2, 29)),    # leap year
    (date(2028, 1, 31), 2, date(2028, 3, 31)),    # not clamped again from February
    (date(2026, 8, 31), 1, date(2026, 9, 30)),
    (date(2028, 2, 29), 12, date(2029, 2, 28)),
    (date(2026, 12, 1), 1, date(2027, 1, 1)),     # over the year's end
    (date(2026, 11, 27), 0, date(2026, 11, 27)),
    (date(2026, 3, 31), -1, date(2026, 2, 28)),
    (date(2026, 1, 15), -13, date(2024, 12, 15)),
])
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(("start", "end", "months"), [
    (date(2026, 1, 1), date(2026, 1, 1), 0),
    (date(2026, 1, 1), date(2026, 1, 2), 1),       # a begun month counts whole
    (date(2026, 1, 1), date(2026, 2, 1), 1),       # the anniversary day is still inside
    (date(2026, 1, 1), date(2026, 12, 31), 12),
    (date(2026, 1, 1), date(2027, 1, 1), 12),
    (date(2026, 1, 1), date(2027, 1, 2), 13),
    (date(2028, 1, 31), date(2028, 2, 29), 1),     # the clamped anniversary
    (date(2028, 1, 31), date(2028, 3, 1), 2),
    (date(2027, 1, 31), date(2027, 2, 28), 1),
    (date(2028, 1, 31), date(2029, 1, 31), 12),
    (date(2028, 2, 29), date(2029, 2, 28), 12),
    (date(2026, 12, 15), date(2027, 1, 14), 1),
])
def test_months_between(start: date, end: date, months: int) -> None:
    assert months_between(start, end) == months


def test_months_between_refuses_a_reversed_period() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        months_between(date(2026, 2, 1), date(2026, 1, 31))


def test_enums_have_lower_case_values() -> None:
    assert [status.value for status in MeasureStatus] == [
        "planned", "enrolled", "ongoing", "completed", "interrupted"]
    assert PlanArea("work_entrepreneurship") is PlanArea.WORK_ENTREPRENEURSHIP
    assert len(PlanArea) == 6


# --- a clean plan -----------------------------------------------------------------------------------


def test_a_clean_plan_has_no_findings() -> None:
    result = check()
    assert result.refusals == () and result.warnings == ()


# --- § 16: the plan's period ------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "end", "refused"), [
    (date(2026, 12, 1), date(2027, 11, 30), False),   # 12 months, 1.12.–30.11.
    (date(2026, 12, 1), date(2027, 12, 1), False),    # exactly 12 months: the anniversary is still inside
    (date(2026, 12, 1), date(2027, 12, 2), True),     # 12 months and a day
    (date(2026, 12, 1), date(2028, 1, 1), True),      # 13 months
    (date(2028, 1, 31), date(2029, 1, 31), False),
    (date(2028, 1, 31), date(2029, 2, 1), True),
    (date(2028, 2, 29), date(2029, 2, 28), False),    # leap day start: 28.2. is the anniversary
    (date(2028, 2, 29), date(2029, 3, 1), True),
])
def test_first_plan_lasts_at_most_a_year(start: date, end: date, refused: bool) -> None:
    result = check(measure(start=start, end=start), period=PlanPeriod(start, end))
    found = codes(result.refusals)
    assert ("first-plan-too-long" in found) is refused
    if refused:
        assert found["first-plan-too-long"].section == SECTION_16
        assert found["first-plan-too-long"].severity == "error"
        assert str(months_between(start, end)) in found["first-plan-too-long"].message


def test_a_later_plan_may_last_longer_than_a_year() -> None:
    result = check(period=PlanPeriod(START, date(2028, 1, 1)), first_plan=False, earlier_months=6)
    assert "first-plan-too-long" not in all_codes(result)


def test_a_plan_ending_before_it_starts_is_refused() -> None:
    result = check(period=PlanPeriod(START, date(2026, 11, 30)))
    assert [f.code for f in result.refusals] == ["period-end-before-start"]
    assert result.refusals[0].section == SECTION_16
    assert "total-over-24" not in all_codes(result)


@pytest.mark.parametrize(("earlier", "end", "warned"), [
    (12, date(2027, 12, 1), False),    # 12 + 12 = 24
    (13, date(2027, 12, 1), True),     # 13 + 12 = 25
    (12, date(2027, 12, 2), True),     # 12 + 13 = 25 (a begun month)
    (0, date(2027, 12, 1), False),
    (23, date(2027, 1, 1), False),     # 23 + 1 = 24
    (24, date(2027, 1, 1), True),
])
def test_total_over_two_years_is_warned(earlier: int, end: date, warned: bool) -> None:
    result = check(period=PlanPeriod(START, end), first_plan=False, earlier_months=earlier)
    found = codes(result.warnings)
    assert ("total-over-24" in found) is warned
    assert result.refusals == ()
    if warned:
        assert found["total-over-24"].section == SECTION_16
        assert found["total-over-24"].severity == "warning"


@pytest.mark.parametrize(("window_end", "first_plan", "warned"), [
    (date(2026, 11, 30), True, True),    # the window ended the day before the plan starts
    (date(2026, 12, 1), True, False),    # the plan starts on the window's last day
    (date(2027, 6, 1), True, False),
    (None, True, False),                 # not known: nothing to say here
    (date(2026, 11, 30), False, False),  # only the first plan is tied to the window
])
def test_first_plan_after_the_window(window_end: date | None, first_plan: bool, warned: bool) -> None:
    result = check(window_end=window_end, first_plan=first_plan, earlier_months=0 if first_plan else 12)
    found = codes(result.warnings)
    assert ("first-plan-after-window" in found) is warned
    if warned:
        assert found["first-plan-after-window"].section == SECTION_16


# --- § 16: enrolment and review ---------------------------------------------------------------------


@pytest.mark.parametrize(("start", "interval", "target", "review"), [
    (date(2026, 12, 1), 6, date(2027, 6, 1), date(2027, 6, 1)),
    (date(2026, 12, 1), 3, date(2027, 6, 1), date(2027, 3, 1)),
    (date(2027, 8, 31), 6, date(2028, 2, 29), date(2028, 2, 29)),    # clamped, leap year
    (date(2027, 11, 30), 3, date(2028, 5, 30), date(2028, 2, 29)),
])
def test_enrolment_target_and_review_date(start: date, interval: int, target: date, review: date) -> None:
    result = check(measure(start=start, end=start), period=PlanPeriod(start, add_months(start, 12)),
                   review_interval_months=interval)
    assert result.enrolment_target == target
    assert result.review_date == review


def test_review_defaults_to_six_months() -> None:
    assert check().review_date == date(2027, 6, 1)


@pytest.mark.parametrize(("start", "warned"), [
    (date(2027, 6, 1), False),   # on the target day
    (date(2027, 6, 2), True),
    (None, False),               # not dated yet
])
def test_enrolment_late(start: date | None, warned: bool) -> None:
    result = check(measure(start=start, end=None))
    found = codes(result.warnings)
    assert ("enrolment-late" in found) is warned
    if warned:
        assert found["enrolment-late"].section == SECTION_16
        assert "Suomen kielen koulutus" in found["enrolment-late"].message


def test_every_late_measure_is_named() -> None:
    late = date(2027, 7, 1)
    result = check(measure("A", start=late), measure("B", start=late), measure("C"))
    names = [f.message for f in result.warnings if f.code == "enrolment-late"]
    assert len(names) == 2 and "A" in names[0] and "B" in names[1]


# --- § 25: civic orientation ------------------------------------------------------------------------


def civic(hours: int | None) -> MeasureInput:
    return measure("Yhteiskuntaorientaatio", is_civic_orientation=True, hours=hours)


@pytest.mark.parametrize(("measures", "warned"), [
    ((civic(69),), True),
    ((civic(70),), False),
    ((civic(71),), False),
    ((civic(None),), True),                 # hours not entered
    ((civic(40), civic(30)), False),        # parts add up to 70
    ((civic(40), civic(29)), True),
    ((measure(hours=10),), False),          # no civic orientation in the plan
])
def test_civic_orientation_hours(measures: tuple[MeasureInput, ...], warned: bool) -> None:
    found = codes(check(*measures).warnings)
    assert ("civic-orientation-hours" in found) is warned
    if warned:
        assert found["civic-orientation-hours"].section == SECTION_25
        assert found["civic-orientation-hours"].severity == "warning"


def test_civic_orientation_message_has_the_hours() -> None:
    message = codes(check(civic(1)).warnings)["civic-orientation-hours"].message
    assert "1" in message and "70" in message


# --- Act 380/2023: the jobseeking obligation --------------------------------------------------------


@pytest.mark.parametrize(("jobseeker", "refused"), [(True, False), (False, True), (None, True)])
def test_jobseeking_obligation_only_for_jobseekers(jobseeker: bool | None, refused: bool) -> None:
    obligation = measure("Työnhakuvelvollisuus", is_jobseeking_obligation=True)
    result = check(obligation, jobseeker=jobseeker)
    found = codes(result.refusals)
    assert ("jobseeking-obligation-not-jobseeker" in found) is refused
    if refused:
        assert found["jobseeking-obligation-not-jobseeker"].section == SECTION_JOBSEEKING
        assert found["jobseeking-obligation-not-jobseeker"].severity == "error"


def test_no_obligation_no_refusal_for_unknown_jobseeker() -> None:
    assert check(jobseeker=None).refusals == ()


# --- § 16: self-motivated study ---------------------------------------------------------------------


def study(**changes: object) -> MeasureInput:
    values: dict[str, object] = {"self_motivated_study": True, "start": date(2027, 1, 10), "end": None}
    values.update(changes)
    return measure("Omaehtoinen opiskelu", **values)


@pytest.mark.parametrize(("months", "basic", "refused"), [
    (24, False, False),
    (25, False, True),
    (48, True, False),
    (49, True, True),
    (25, True, False),    # basic education has the longer cap
    (None, False, False),
])
def test_self_study_cap(months: int | None, basic: bool, refused: bool) -> None:
    result = check(study(study_months=months, basic_education=basic))
    found = codes(result.refusals)
    assert ("self-study-too-long" in found) is refused
    if refused:
        assert found["self-study-too-long"].section == SECTION_16
        assert str(months) in found["self-study-too-long"].message


@pytest.mark.parametrize(("end", "refused"), [
    (date(2029, 1, 10), False),   # 24 months by its dates
    (date(2029, 1, 11), True),    # 25
])
def test_self_study_length_from_its_dates(end: date, refused: bool) -> None:
    result = check(study(end=end), first_plan=False, period=PlanPeriod(START, date(2029, 12, 31)))
    assert ("self-study-too-long" in codes(result.refusals)) is refused


def test_the_cap_is_only_for_self_motivated_study() -> None:
    assert "self-study-too-long" not in all_codes(check(measure(study_months=60)))


@pytest.mark.parametrize(("start", "warned"), [
    (date(2026, 11, 26), True),    # began yesterday: not agreed before it started
    (TODAY, False),                # begins today, agreed in today's plan
    (date(2026, 12, 1), False),
    (None, False),
])
def test_self_study_agreed_before_it_starts(start: date | None, warned: bool) -> None:
    found = codes(check(study(start=start)).warnings)
    assert ("self-study-started" in found) is warned
    if warned:
        assert found["self-study-started"].section == SECTION_16


def test_a_started_ordinary_measure_is_not_self_study() -> None:
    assert "self-study-started" not in all_codes(check(measure(start=date(2026, 11, 1))))


# --- measures outside the period --------------------------------------------------------------------


@pytest.mark.parametrize(("start", "end", "warned"), [
    (START, YEAR_END, False),                     # exactly the period
    (date(2026, 11, 30), None, True),             # starts the day before
    (None, date(2027, 12, 1), True),              # ends the day after
    (None, None, False),                          # not dated
    (date(2026, 10, 1), date(2028, 1, 1), True),
])
def test_measure_outside_the_period(start: date | None, end: date | None, warned: bool) -> None:
    found = codes(check(measure(start=start, end=end)).warnings)
    assert ("measure-outside-period" in found) is warned
    if warned:
        assert found["measure-outside-period"].section == SECTION_16


# --- the result's shape -----------------------------------------------------------------------------


def test_refusals_are_errors_and_warnings_are_not() -> None:
    result = check(
        study(study_months=30, start=date(2026, 1, 1)),
        measure("Työnhakuvelvollisuus", is_jobseeking_obligation=True, start=date(2027, 9, 1)),
        civic(10),
        period=PlanPeriod(START, date(2028, 2, 1)), window_end=date(2026, 1, 1),
    )
    assert {f.code for f in result.refusals} == {
        "first-plan-too-long", "self-study-too-long", "jobseeking-obligation-not-jobseeker"}
    assert {f.code for f in result.warnings} == {
        "first-plan-after-window", "enrolment-late", "civic-orientation-hours", "self-study-started",
        "measure-outside-period"}
    assert all(f.severity == "error" for f in result.refusals)
    assert all(f.severity == "warning" for f in result.warnings)
    assert all(cite(f.section) in f.message for f in result.refusals + result.warnings)


def test_input_is_frozen() -> None:
    plan = PlanInput(today=TODAY, period=PlanPeriod(START, YEAR_END), first_plan=True, earlier_months=0,
                     jobseeker=None, window_end=None, measures=())
    assert plan.review_interval_months == 6
    assert replace(plan, review_interval_months=3).review_interval_months == 3
    with pytest.raises(AttributeError):
        plan.first_plan = False  # type: ignore[misc]
