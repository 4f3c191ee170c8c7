"""Who assesses a client's competence and integration service needs, and within which window (KotoL § 14).

Every rule below is one function in ``_CHECKS``; each cites its section in a comment and, through
``{section}``, in the message the counsellor reads, so that a rule that changes is changed here only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal, TypeVar

from koto_tui.engine.values import as_date
from koto_tui.i18n import _, format_short_date, ngettext
from koto_tui.rules.law import SECTION_9, SECTION_14, cite

#: The window's length in years (KotoL 681/2023 § 14).
WINDOW_YEARS = 3
#: Warn when fewer days than this are left in the window: a product choice, not a legal limit.
WINDOW_WARNING_DAYS = 90

Severity = Literal["info", "warning", "error"]


class TargetGroup(StrEnum):
    """KotoL 681/2023 § 14 (2): the immigrants whose assessment the municipality is responsible for."""

    INTERNATIONAL_PROTECTION = "international_protection"
    SOCIAL_ASSISTANCE = "social_assistance"
    CHILD_HOME_CARE_ALLOWANCE = "child_home_care_allowance"
    UNACCOMPANIED_MINOR = "unaccompanied_minor"
    TRAFFICKING_VICTIM = "trafficking_victim"
    OTHER_NEED = "other_need"


class WindowEvent(StrEnum):
    """KotoL 681/2023 § 14: the event whose date starts the three-year window."""

    FIRST_RESIDENCE_PERMIT = "first_residence_permit"
    RESIDENCE_CARD = "residence_card"
    RIGHT_OF_RESIDENCE_REGISTERED = "right_of_residence_registered"


class AssessmentStart(StrEnum):
    """KotoL 681/2023 § 14: what started the assessment (own request, another authority, the counsellor)."""

    OWN_REQUEST = "own_request"
    AUTHORITY_CONTACT = "authority_contact"
    COUNSELLOR_FINDING = "counsellor_finding"


class Responsible(StrEnum):
    """The authority that makes the assessment and the plan (KotoL 681/2023 § 14, § 16)."""

    MUNICIPALITY = "municipality"
    EMPLOYMENT_AUTHORITY = "employment_authority"


class RecordSystem(StrEnum):
    """Where the assessment is recorded: the national KOTO-AJ, or the employment services' own systems."""

    KOTO_AJ = "koto_aj"
    EMPLOYMENT_SERVICES = "employment_services"


@dataclass(frozen=True)
class EligibilityInput:
    """What the counsellor knows about the client that decides who assesses them and by when."""

    today: date
    target_groups: frozenset[TargetGroup] = frozenset()
    window_event: WindowEvent | None = None
    window_event_date: date | None = None
    registered_jobseeker: bool | None = None
    start: AssessmentStart | None = None
    authority_permission: bool | None = None
    """The client's permission when another authority made the contact (AUTHORITY_CONTACT, § 9)."""
    reachable_only_later: bool = False
    """A victim of human trafficking who could be reached only later (the exception to the window)."""


@dataclass(frozen=True)
class Finding:
    """One thing the counsellor should know or do, with the section it comes from."""

    code: str
    severity: Severity
    message: str
    section: str


@dataclass(frozen=True)
class EligibilityResult:
    """Who is responsible, where the record goes, where the window stands and what to look at."""

    responsible: Responsible
    record_system: RecordSystem
    window_end: date | None
    days_left: int | None
    """Days from today to the window's last day; 0 on that day, negative after it, None without a date."""
    within_window: bool | None
    exception_applies: bool
    findings: tuple[Finding, ...]


def window_end(event_date: date) -> date:
    """The last day of the three-year window that starts on *event_date* (KotoL 681/2023 § 14)."""
    # KotoL 681/2023 § 14: "within three years" of the event. The window ends on the anniversary day itself
    # and that day is still inside it. A window started on 29 February ends on 28 February, the last day
    # of the month, as a period counted in years does under the Act on time limits 150/1930 § 3 (❓ not
    # checked in the statute text). No move to the next working day: § 14 sets no act for the client to do.
    try:
        return event_date.replace(year=event_date.year + WINDOW_YEARS)
    except ValueError:  # 29 February in a year that has none
        return event_date.replace(year=event_date.year + WINDOW_YEARS, day=28)


def _finding(code: str, severity: Severity, section: str, message: str, **values: object) -> Finding:
    """A finding whose translated *message* gets *values* and its section filled in."""
    return Finding(code, severity, message.format(section=cite(section), **values), section)


@dataclass(frozen=True)
class _Window:
    """The window facts every check may need, computed once."""

    end: date | None
    days_left: int | None
    exception: bool


def _window(data: EligibilityInput) -> _Window:
    """Compute the window's end, the days left and whether the trafficking exception lifts it."""
    end = window_end(data.window_event_date) if data.window_event_date else None
    days = (end - data.today).days if end else None
    # KotoL 681/2023 § 14: victims of trafficking reached only later are exempt from the window.
    exception = TargetGroup.TRAFFICKING_VICTIM in data.target_groups and data.reachable_only_later
    return _Window(end, days, exception)


def _routing(jobseeker: bool | None) -> tuple[Responsible, RecordSystem]:
    """The responsible authority and record system: the employment authority's for registered jobseekers."""
    # KotoL 681/2023 § 14: the employment authority assesses registered jobseekers (and cannot hand this to
    # the municipality); their records live in the employment services' systems, not in KOTO-AJ.
    if jobseeker:
        return Responsible.EMPLOYMENT_AUTHORITY, RecordSystem.EMPLOYMENT_SERVICES
    return Responsible.MUNICIPALITY, RecordSystem.KOTO_AJ


def _check_jobseeker(data: EligibilityInput, window: _Window) -> Iterator[Finding]:
    """KotoL 681/2023 § 14: say who assesses a jobseeker, or ask whether the client is one."""
    if data.registered_jobseeker:
        yield _finding("jobseeker", "warning", SECTION_14, _(
            "A registered jobseeker is assessed by the employment authority, which cannot hand this to the "
            "municipality; the assessment is recorded in the employment services' systems, not in KOTO-AJ "
            "({section})."))
    elif data.registered_jobseeker is None:
        yield _finding("jobseeker-unknown", "info", SECTION_14, _(
            "Find out whether the client is registered as a jobseeker: that decides who assesses them "
            "({section})."))


def _check_target_group(data: EligibilityInput, window: _Window) -> Iterator[Finding]:
    """KotoL 681/2023 § 14 (2): a non-jobseeker needs one of the municipality's target groups."""
    if not data.registered_jobseeker and not data.target_groups:
        yield _finding("no-target-group", "warning", SECTION_14, _(
            "No target group is chosen. The municipality assesses beneficiaries of international protection "
            "and their family members, people receiving social assistance other than temporarily, people "
            "receiving child home care allowance, those who arrived as unaccompanied minors, victims of "
            "human trafficking, and others who need it ({section})."))


def _check_event(data: EligibilityInput, window: _Window) -> Iterator[Finding]:
    """KotoL 681/2023 § 14: record which event starts the window, and its date."""
    if data.window_event is None:
        yield _finding("window-event-missing", "info", SECTION_14, _(
            "Record which event starts the three-year window: the first residence permit, the residence "
            "card or the registration of the right of residence ({section})."))
    if data.window_event_date is None:
        yield _finding("event-date-missing", "info", SECTION_14, _(
            "Enter the date of the event that starts the three-year window ({section})."))
    elif data.window_event_date > data.today:
        yield _finding("event-date-future", "warning", SECTION_14, _(
            "The date that starts the three-year window, {date}, is in the future: check it ({section})."),
            date=format_short_date(data.window_event_date))


def _check_window(data: EligibilityInput, window: _Window) -> Iterator[Finding]:
    """KotoL 681/2023 § 14: warn when the three-year window has passed or is about to."""
    if window.end is None or window.days_left is None or window.exception:
        return
    end = format_short_date(window.end)
    if window.days_left < 0:
        yield _finding("window-closed", "warning", SECTION_14, _(
            "The three-year window ended on {date}: the assessment should have been made within three "
            "years of the event ({section})."), date=end)
    elif window.days_left < WINDOW_WARNING_DAYS:
        yield _finding("window-closing", "warning", SECTION_14, ngettext(
            "The three-year window ends on {date}: {days} day left ({section}).",
            "The three-year window ends on {date}: {days} days left ({section}).",
            window.days_left), date=end, days=window.days_left)


def _check_exception(data: EligibilityInput, window: _Window) -> Iterator[Finding]:
    """KotoL 681/2023 § 14: the trafficking exception lifts the window, and only for trafficking victims."""
    if window.exception:
        yield _finding("window-exception", "info", SECTION_14, _(
            "The three-year window does not apply: the client is a victim of human trafficking who could be "
            "reached only later ({section})."))
    elif data.reachable_only_later:
        yield _finding("exception-without-trafficking", "warning", SECTION_14, _(
            "Only victims of human trafficking reached later are exempt from the three-year window: choose "
            "that target group, or the window applies ({section})."))


def _check_permission(data: EligibilityInput, window: _Window) -> Iterator[Finding]:
    """KotoL 681/2023 § 9: another authority's contact needs the client's permission."""
    if data.start is AssessmentStart.AUTHORITY_CONTACT and data.authority_permission is not True:
        yield _finding("permission-missing", "error", SECTION_9, _(
            "Another authority may direct the client to the assessment only with the client's permission: "
            "ask for it and record it ({section})."))


#: Every rule, in the order its findings are shown.
_CHECKS: tuple[Callable[[EligibilityInput, _Window], Iterator[Finding]], ...] = (
    _check_permission, _check_jobseeker, _check_target_group, _check_event, _check_window, _check_exception,
)


def assess_eligibility(data: EligibilityInput) -> EligibilityResult:
    """Decide who assesses the client, where it is recorded and where the window stands (KotoL § 14)."""
    responsible, record_system = _routing(data.registered_jobseeker)
    window = _window(data)
    within = None if window.days_left is None else window.days_left >= 0
    findings = tuple(finding for check in _CHECKS for finding in check(data, window))
    return EligibilityResult(responsible, record_system, window.end, window.days_left, within,
                             window.exception, findings)


_E = TypeVar("_E", bound=StrEnum)


def _enum(kind: type[_E], value: object) -> _E | None:
    """*value* as a member of *kind*, or None when it is not one of its values."""
    try:
        return kind(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _groups(value: object) -> frozenset[TargetGroup]:
    """The known target groups in a multiple-choice answer (a single value is accepted too)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple | set | frozenset):
        return frozenset()
    return frozenset(group for item in items if (group := _enum(TargetGroup, item)) is not None)


def _date(value: object) -> date | None:
    """An ISO date answer (or a date already parsed), None when it is missing, not a date or implausible.

    A stored answer is not trusted: a year outside what the answer parser accepts (e.g. 9999 from a
    crafted file) is treated as no date, so no window is computed past the calendar's end.
    """
    return as_date(value)


def _bool(value: object) -> bool | None:
    """A yes/no answer, None unless it is really true or false."""
    return value if isinstance(value, bool) else None


def eligibility_from_answers(answers: Mapping[str, object], today: date) -> EligibilityInput:
    """Read the interview's § 14 questions into an input; missing or unknown answers become None or empty."""
    return EligibilityInput(
        today=today,
        target_groups=_groups(answers.get("target_groups")),
        window_event=_enum(WindowEvent, answers.get("window_event")),
        window_event_date=_date(answers.get("window_event_date")),
        registered_jobseeker=_bool(answers.get("registered_jobseeker")),
        start=_enum(AssessmentStart, answers.get("assessment_start")),
        authority_permission=_bool(answers.get("authority_permission")),
        reachable_only_later=answers.get("trafficking_reachable_later") is True,
    )
