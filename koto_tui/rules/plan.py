"""The limits an integration plan must respect (KotoL 681/2023 § 16, § 25; Act 380/2023).

Every rule below is one function in ``_CHECKS``; each cites its section in a comment and, through
``{section}``, in the message the counsellor reads, so that a rule that changes is changed here only.
Findings of severity ``"error"`` are refusals: the plan cannot be saved as it is.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from koto_tui.i18n import _, format_short_date, ngettext
from koto_tui.rules.eligibility import Finding, Severity
from koto_tui.rules.law import SECTION_16, SECTION_25, SECTION_JOBSEEKING, cite

#: KotoL 681/2023 § 16: the first plan lasts at most one year.
FIRST_PLAN_MAX_MONTHS = 12
#: KotoL 681/2023 § 16: plans in total should as a rule not exceed two years (extension rules ❓).
TOTAL_PLAN_MONTHS = 24
#: KotoL 681/2023 § 16: the client is instructed to enrol in the agreed services within six months.
ENROLMENT_MONTHS = 6
#: The review interval when the municipality sets none (municipal interval ❓: a setting, default 6 months).
DEFAULT_REVIEW_MONTHS = 6
#: KotoL 681/2023 § 25, decree 576/2024: civic orientation lasts at least 70 hours.
CIVIC_ORIENTATION_MIN_HOURS = 70
#: KotoL 681/2023 § 16: self-motivated study is supported for at most 24 months...
SELF_STUDY_MAX_MONTHS = 24
#: ...and for at most 48 months when it is basic education.
BASIC_EDUCATION_MAX_MONTHS = 48


class PlanArea(StrEnum):
    """KotoL 681/2023 § 16: the areas the plan's goals and services are grouped under."""

    LANGUAGE = "language"
    WORK_ENTREPRENEURSHIP = "work_entrepreneurship"
    EDUCATION = "education"
    EVERYDAY_CIVIC = "everyday_civic"
    HEALTH_WELLBEING = "health_wellbeing"
    FAMILY = "family"


class MeasureStatus(StrEnum):
    """Where an agreed measure or service stands, for follow-up and review."""

    PLANNED = "planned"
    ENROLLED = "enrolled"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"


@dataclass(frozen=True)
class PlanPeriod:
    """The plan's period; both days are inside it."""

    start: date
    end: date


@dataclass(frozen=True)
class MeasureInput:
    """One measure or service agreed in the plan, as far as the rules need it."""

    service_id: str | None
    name: str
    start: date | None
    end: date | None
    hours: int | None
    is_civic_orientation: bool
    binding: bool
    is_jobseeking_obligation: bool
    self_motivated_study: bool
    basic_education: bool
    """Self-motivated study that is basic education (the longer cap of 48 months)."""
    study_months: int | None
    """The self-motivated study's planned length; the measure's dates are used when it is None."""


@dataclass(frozen=True)
class PlanInput:
    """The plan as drafted, with what the rules need to know about the client."""

    today: date
    period: PlanPeriod
    first_plan: bool
    earlier_months: int
    """Months covered by the client's earlier plans (0 for a first plan)."""
    jobseeker: bool | None
    """Whether the client is a registered jobseeker; None when not known."""
    window_end: date | None
    """The last day of the three-year window (``rules.eligibility.window_end``), None when not known."""
    measures: tuple[MeasureInput, ...]
    review_interval_months: int = DEFAULT_REVIEW_MONTHS
    """The municipality's review interval setting."""


@dataclass(frozen=True)
class PlanCheck:
    """What stops the plan from being saved, what to look at, and its key dates."""

    refusals: tuple[Finding, ...]
    """Findings of severity "error": the plan cannot be saved as it is."""
    warnings: tuple[Finding, ...]
    enrolment_target: date
    """The day by which the client should have enrolled in the agreed services (start + 6 months)."""
    review_date: date
    """The planned review date (start + the review interval)."""


def add_months(day: date, months: int) -> date:
    """*day* moved by *months* calendar months, clamped to the month's last day (31.1. + 1 → 28./29.2.)."""
    # The same day number in the target month, or its last day when it has none, as a period counted in
    # months ends under the Act on time limits 150/1930 § 3 (❓ not checked in the statute text).
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: date, end: date) -> int:
    """How many calendar months *start*…*end* (both days inside) lasts, a begun month counted whole.

    It is the smallest *n* with ``end <= add_months(start, n)``: the anniversary day itself is still inside
    (1.1.2026–31.12.2026 and 1.1.2026–1.1.2027 are both 12 months, as ``eligibility.window_end`` counts),
    and one day more begins the next month (1.1.2026–2.1.2027 is 13). A one-day period is 0 months.
    Raises ValueError when *end* is before *start*.
    """
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + 1 if add_months(start, months) < end else months


def _finding(code: str, severity: Severity, section: str, message: str, **values: object) -> Finding:
    """A finding whose translated *message* gets *values* and its section filled in."""
    return Finding(code, severity, message.format(section=cite(section), **values), section)


def _check_period(plan: PlanInput) -> Iterator[Finding]:
    """KotoL 681/2023 § 16: the period ends after it starts, and a first plan lasts at most one year."""
    start, end = plan.period.start, plan.period.end
    if end < start:
        yield _finding("period-end-before-start", "error", SECTION_16, _(
            "The plan ends on {end}, before it starts on {start}: check the dates ({section})."),
            start=format_short_date(start), end=format_short_date(end))
        return
    months = months_between(start, end)
    # KotoL 681/2023 § 16: the first plan lasts at most one year (the anniversary day is still inside).
    if plan.first_plan and months > FIRST_PLAN_MAX_MONTHS:
        yield _finding("first-plan-too-long", "error", SECTION_16, _(
            "A first plan lasts at most {limit} months, this one {months}: end it on {latest} at the latest "
            "({section})."), limit=FIRST_PLAN_MAX_MONTHS, months=months,
            latest=format_short_date(add_months(start, FIRST_PLAN_MAX_MONTHS)))


def _check_total(plan: PlanInput) -> Iterator[Finding]:
    """KotoL 681/2023 § 16: plans should as a rule not exceed two years in total."""
    if plan.period.end < plan.period.start:
        return
    # KotoL 681/2023 § 16: "as a rule" at most two years; when it may be extended is ❓ not confirmed.
    total = plan.earlier_months + months_between(plan.period.start, plan.period.end)
    if total > TOTAL_PLAN_MONTHS:
        yield _finding("total-over-24", "warning", SECTION_16, _(
            "With this plan the client's plans cover {total} months; as a rule they last at most {limit} "
            "months in total: record why a longer time is needed ({section})."),
            total=total, limit=TOTAL_PLAN_MONTHS)


def _check_window(plan: PlanInput) -> Iterator[Finding]:
    """KotoL 681/2023 § 16 (§ 14): the first plan is made within the three-year window."""
    # The window's last day is still inside it (eligibility.window_end); a plan starting after it is late.
    if plan.first_plan and plan.window_end is not None and plan.window_end < plan.period.start:
        yield _finding("first-plan-after-window", "warning", SECTION_16, _(
            "The three-year window ended on {date}, before this first plan starts: a first plan is made "
            "within three years of the event that starts the window ({section})."),
            date=format_short_date(plan.window_end))


def _check_enrolment(plan: PlanInput) -> Iterator[Finding]:
    """KotoL 681/2023 § 16: the client enrols in the agreed services within six months of the plan."""
    target = add_months(plan.period.start, ENROLMENT_MONTHS)
    for measure in plan.measures:
        if measure.start is not None and measure.start > target:
            yield _finding("enrolment-late", "warning", SECTION_16, _(
                "{measure} starts on {start}, after {target}: the client should enrol in the agreed services "
                "within six months of the plan ({section})."),
                measure=measure.name, start=format_short_date(measure.start),
                target=format_short_date(target))


def _check_civic_orientation(plan: PlanInput) -> Iterator[Finding]:
    """KotoL 681/2023 § 25, decree 576/2024: multilingual civic orientation lasts at least 70 hours."""
    civic = [measure for measure in plan.measures if measure.is_civic_orientation]
    hours = sum(measure.hours or 0 for measure in civic)  # hours not entered count as none planned
    if civic and hours < CIVIC_ORIENTATION_MIN_HOURS:
        yield _finding("civic-orientation-hours", "warning", SECTION_25, ngettext(
            "Civic orientation lasts at least {minimum} hours; {hours} hour is planned ({section}).",
            "Civic orientation lasts at least {minimum} hours; {hours} hours are planned ({section}).",
            hours), minimum=CIVIC_ORIENTATION_MIN_HOURS, hours=hours)


def _check_jobseeking(plan: PlanInput) -> Iterator[Finding]:
    """Act 380/2023: only a registered jobseeker's plan carries the jobseeking obligation."""
    if plan.jobseeker is True:
        return
    for measure in plan.measures:
        if measure.is_jobseeking_obligation:
            yield _finding("jobseeking-obligation-not-jobseeker", "error", SECTION_JOBSEEKING, _(
                "{measure} is a jobseeking obligation, which only a registered jobseeker's plan can carry: "
                "check that the client is a registered jobseeker or remove it ({section})."),
                measure=measure.name)


def _study_months(measure: MeasureInput) -> int | None:
    """The self-motivated study's length: as entered, or else from its dates, None when neither is known."""
    if measure.study_months is not None:
        return measure.study_months
    if measure.start is not None and measure.end is not None and measure.start <= measure.end:
        return months_between(measure.start, measure.end)
    return None


def _check_self_study(plan: PlanInput) -> Iterator[Finding]:
    """KotoL 681/2023 § 16: self-motivated study is agreed before it starts and lasts 24 (48) months."""
    for measure in (m for m in plan.measures if m.self_motivated_study):
        if measure.start is not None and measure.start < plan.today:
            yield _finding("self-study-started", "warning", SECTION_16, _(
                "{measure} started on {start}: self-motivated study must be agreed in the plan before it "
                "starts ({section})."), measure=measure.name, start=format_short_date(measure.start))
        # KotoL 681/2023 § 16: 24 months, 48 for basic education (❓ the caps' exact section not confirmed).
        cap = BASIC_EDUCATION_MAX_MONTHS if measure.basic_education else SELF_STUDY_MAX_MONTHS
        months = _study_months(measure)
        if months is not None and months > cap:
            yield _finding("self-study-too-long", "error", SECTION_16, _(
                "{measure} lasts {months} months; self-motivated study is supported for at most {limit} "
                "months ({section})."), measure=measure.name, months=months, limit=cap)


def _outside(measure: MeasureInput, period: PlanPeriod) -> bool:
    """Whether a dated measure starts before or ends after the plan's period."""
    starts_early = measure.start is not None and measure.start < period.start
    ends_late = measure.end is not None and measure.end > period.end
    return starts_early or ends_late


def _check_measure_dates(plan: PlanInput) -> Iterator[Finding]:
    """KotoL 681/2023 § 16: the agreed measures belong to the plan's period."""
    for measure in plan.measures:
        if _outside(measure, plan.period):
            yield _finding("measure-outside-period", "warning", SECTION_16, _(
                "{measure} is dated outside the plan's period {start}–{end}: check its dates or the plan's "
                "({section})."), measure=measure.name,
                start=format_short_date(plan.period.start), end=format_short_date(plan.period.end))


#: Every rule, in the order its findings are shown.
_CHECKS: tuple[Callable[[PlanInput], Iterator[Finding]], ...] = (
    _check_period, _check_total, _check_window, _check_enrolment, _check_civic_orientation,
    _check_jobseeking, _check_self_study, _check_measure_dates,
)


def check_plan(plan: PlanInput) -> PlanCheck:
    """Check a drafted plan against the rules: refusals block saving, warnings are for the counsellor."""
    findings = [finding for check in _CHECKS for finding in check(plan)]
    return PlanCheck(
        refusals=tuple(finding for finding in findings if finding.severity == "error"),
        warnings=tuple(finding for finding in findings if finding.severity != "error"),
        enrolment_target=add_months(plan.period.start, ENROLMENT_MONTHS),
        review_date=add_months(plan.period.start, plan.review_interval_months),
    )
