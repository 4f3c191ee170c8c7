"""The legal rules applied to an assessment's answers, as text for the screen and the printout."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from functools import cache

from koto_tui.i18n import N_, format_short_date, translation
from koto_tui.rules.eligibility import (
    EligibilityResult,
    RecordSystem,
    Responsible,
    assess_eligibility,
    eligibility_from_answers,
)
from koto_tui.rules.responsibility import (
    Party,
    ResponsibilityTable,
    ServiceResponsibility,
    load_responsibility,
    responsible_for,
)

Gettext = Callable[[str], str]

# The questions the rules read (see rules.eligibility.eligibility_from_answers); a form without them
# (an older, shorter template) gets no rules summary.
ELIGIBILITY_QUESTIONS = frozenset({"registered_jobseeker", "target_groups", "window_event",
                                   "window_event_date", "assessment_start"})


def has_rules(question_ids: set[str]) -> bool:
    """Whether a form asks what the eligibility rules need."""
    return bool(ELIGIBILITY_QUESTIONS & question_ids)


def eligibility_of(answers: Mapping[str, object], today: date) -> EligibilityResult:
    """Who is responsible, where it is recorded, and the three-year window (KotoL 681/2023 § 14)."""
    return assess_eligibility(eligibility_from_answers(answers, today))


def _responsible(result: EligibilityResult, t: Gettext) -> str:
    if result.responsible is Responsible.EMPLOYMENT_AUTHORITY:
        return t(N_("employment authority"))
    return t(N_("municipality"))


def _record(result: EligibilityResult, t: Gettext) -> str:
    if result.record_system is RecordSystem.KOTO_AJ:
        return "KOTO-AJ"
    return t(N_("employment services' systems"))


def _window(result: EligibilityResult, t: Gettext, lang: str) -> str:
    if result.window_end is None:
        return t(N_("not known: the event and its date are not recorded"))
    text = format_short_date(result.window_end, lang)
    words, days = translation(lang), result.days_left
    if days is not None and days >= 0:
        text += " (" + words.ngettext("{n} day left", "{n} days left", days).format(n=days) + ")"
    elif days is not None:
        ago = words.ngettext("passed {n} day ago", "passed {n} days ago", -days)
        text += " (" + ago.format(n=-days) + ")"
    if result.exception_applies:
        text += " — " + t(N_("the exception for victims of human trafficking applies"))
    return text


def summary_rows(result: EligibilityResult, t: Gettext, lang: str) -> list[tuple[str, str]]:
    """(label, value) rows: responsibility, record system, window, then each finding."""
    rows = [(t(N_("Responsible for the assessment")), _responsible(result, t)),
            (t(N_("Recorded in")), _record(result, t)),
            (t(N_("Three-year window ends")), _window(result, t, lang))]
    marks = {"info": t(N_("Note")), "warning": t(N_("Warning")), "error": t(N_("Error"))}
    rows += [(marks[f.severity], f.message) for f in result.findings]
    return rows


def result_record(result: EligibilityResult) -> dict[str, object]:
    """The result as plain data, stored with the interview when it is finalised."""
    return {
        "responsible": str(result.responsible), "record_system": str(result.record_system),
        "window_end": result.window_end.isoformat() if result.window_end else None,
        "days_left": result.days_left, "within_window": result.within_window,
        "exception_applies": result.exception_applies,
        "findings": [{"code": f.code, "severity": f.severity, "message": f.message, "section": f.section}
                     for f in result.findings],
    }


def responsibilities(table: ResponsibilityTable, jobseeker: bool | None,
                     lang: str) -> list[tuple[str, str | None]]:
    """(service, responsible party) for this client, per the municipality's table; None while not known."""
    rows: list[tuple[ServiceResponsibility, Party | None]] = responsible_for(table, jobseeker)
    return [(service.names.get(lang) or service.names["fi"],
             (party.names.get(lang) or party.names["fi"]) if party else None) for service, party in rows]


@cache
def responsibility_table() -> ResponsibilityTable:
    """The municipality's responsibility table from data/ (read once)."""
    return load_responsibility()
