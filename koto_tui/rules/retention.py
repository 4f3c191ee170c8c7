"""Retention and the limits of erasure, as data in the municipality's file (data/retention.yaml).

Each period says after how many days without change a kind of thing on the laptop falls due, and each
erasure duty says while what a client's erasure (GDPR art. 17(3)(b)) is refused; every one cites its legal
basis or "the municipality's decision". A restricted client (art. 18) is never purged by retention.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from koto_tui import datafile
from koto_tui.i18n import N_, _, ngettext
from koto_tui.resources import data_file

FILE_NAME = "retention.yaml"
#: What a period can be set for: the kinds the retention run knows.
KINDS = ("unfinished_interview", "draft_plan", "inactive_client", "handed_over", "backup")
#: The kinds as the user reads them (translated where shown; the codes stay in the file and in --json).
KIND_NAMES = {"unfinished_interview": N_("unfinished interviews"), "draft_plan": N_("draft plans"),
              "inactive_client": N_("clients with no activity"),
              "handed_over": N_("records entered into KOTO-AJ (the laptop copy)"), "backup": N_("backups")}
#: The erasure duties the code can check; the file chooses which apply and cites their basis.
DUTIES = ("not_entered_into_koto_aj", "plan_in_force", "recent_activity")
#: Why a restricted client is skipped by retention (restriction means: stored, nothing else).
RESTRICTED_BASIS = "GDPR art. 18(2)"


class RetentionFileError(ValueError):
    """data/retention.yaml has a problem (every problem at once, each with the fix)."""


@dataclass(frozen=True)
class Period:
    """How long a kind is kept after its last change (days; 0: never purged by itself), and why."""

    kind: str
    days: int
    basis: str

    def due(self, last: date | None, today: date) -> bool:
        """True when *last* (the last change) is more than ``days`` days before *today*."""
        return self.days > 0 and last is not None and (today - last).days > self.days

    def cutoff(self, today: date) -> date:
        """The first day whose changes are still kept."""
        return today - timedelta(days=self.days)


@dataclass(frozen=True)
class Duty:
    """A retention duty that holds an erasure back: the rule's name, its days (recent_activity) and basis."""

    rule: str
    basis: str
    days: int = 0


@dataclass(frozen=True)
class ClientFacts:
    """What the rules need to know about one client (no personal data)."""

    client_id: int
    restricted: bool
    last_activity: date | None
    not_entered: int
    """Finalised assessments and approved plans not yet marked as entered into KOTO-AJ."""
    plans_in_force: int
    """Plans not ended."""


@dataclass(frozen=True)
class Refusal:
    """Why an erasure must wait: the duty and the message that cites it."""

    duty: Duty
    message: str


@dataclass(frozen=True)
class RetentionRules:
    """The municipality's retention periods, erasure duties and whether purges run without asking."""

    automatic: bool
    periods: dict[str, Period]
    duties: tuple[Duty, ...]


def erasure_refusal(facts: ClientFacts, rules: RetentionRules, today: date) -> Refusal | None:
    """The first duty that holds the client's erasure back, or None when it may go ahead."""
    for duty in rules.duties:
        message = _DUTY_CHECKS[duty.rule](facts, duty, today)
        if message:
            return Refusal(duty, message)
    return None


def _not_entered(facts: ClientFacts, duty: Duty, today: date) -> str:
    if not facts.not_entered:
        return ""
    return ngettext(
        "{n} finalised record of this client has not been entered into KOTO-AJ ({basis}): export it and mark "
        "it entered first.",
        "{n} finalised records of this client have not been entered into KOTO-AJ ({basis}): export them and "
        "mark them entered first.", facts.not_entered).format(n=facts.not_entered, basis=duty.basis)


def _in_force(facts: ClientFacts, duty: Duty, today: date) -> str:
    if not facts.plans_in_force:
        return ""
    return _("The client has a plan that has not ended ({basis}): end it first.").format(basis=duty.basis)


def _recent(facts: ClientFacts, duty: Duty, today: date) -> str:
    if not duty.days or facts.last_activity is None or (today - facts.last_activity).days > duty.days:
        return ""
    kept_until = (facts.last_activity + timedelta(days=duty.days + 1)).isoformat()
    return _("The client's record changed {days} days ago and is kept {limit} days after its last change "
             "({basis}): it can be erased from {date}.").format(
        days=(today - facts.last_activity).days, limit=duty.days, basis=duty.basis, date=kept_until)


_DUTY_CHECKS = {"not_entered_into_koto_aj": _not_entered, "plan_in_force": _in_force,
                "recent_activity": _recent}


def load_rules(path: Path | None = None) -> RetentionRules:
    """Read the retention file strictly: every problem at once, with the entry and the fix."""
    path = path or data_file(FILE_NAME)
    problems = datafile.Problems(path, RetentionFileError)
    raw = datafile.mapping(datafile.read_yaml(path, RetentionFileError), "retention", problems) or {}
    datafile.check_keys(raw, {"periods": "{}", "erasure_waits_while": "[]"}, "retention", problems,
                        optional=("automatic",))
    automatic = raw.get("automatic", False)
    if not isinstance(automatic, bool):
        problems.add("automatic", _("expected true or false"), _("write automatic: false"))
    periods = _periods(raw.get("periods"), problems)
    duties = _duties(raw.get("erasure_waits_while"), problems)
    problems.raise_any()
    return RetentionRules(automatic is True, periods, duties)


def _days(value: object, entry: str, problems: datafile.Problems) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    problems.add(entry, _("'days' must be a whole number, 0 or more"), _("write e.g. days: 180"))
    return 0


def _periods(raw: object, problems: datafile.Problems) -> dict[str, Period]:
    periods: dict[str, Period] = {}
    table = datafile.mapping(raw, "periods", problems) if raw is not None else None
    for kind, value in (table or {}).items():
        entry = f"periods: {kind}"
        if kind not in KINDS:
            problems.add(entry, _("unknown kind '{key}'").format(key=kind),
                         datafile.suggest(str(kind), KINDS))
            continue
        item = datafile.mapping(value, entry, problems)
        if item is None:
            continue
        datafile.check_keys(item, {"days": "180", "basis": "Kunnan päätös"}, entry, problems)
        periods[str(kind)] = Period(str(kind), _days(item.get("days"), entry, problems),
                                    datafile.text(item.get("basis"), "basis", entry, problems))
    return periods


def _duties(raw: object, problems: datafile.Problems) -> tuple[Duty, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.add("erasure_waits_while", _("expected a list"), _("write each duty as '- rule: …'"))
        return ()
    duties = []
    for number, value in enumerate(raw, start=1):
        entry = f"erasure_waits_while: {number}"
        item = datafile.mapping(value, entry, problems)
        if item is None:
            continue
        datafile.check_keys(item, {"rule": "plan_in_force", "basis": "Kunnan päätös"}, entry, problems,
                            optional=("days",))
        rule = str(item.get("rule") or "")
        if rule and rule not in DUTIES:
            problems.add(entry, _("unknown rule '{key}'").format(key=rule), datafile.suggest(rule, DUTIES))
            continue
        days = _days(item.get("days", 0), entry, problems)
        duties.append(Duty(rule, datafile.text(item.get("basis"), "basis", entry, problems), days))
    return tuple(duties)


@cache
def shipped_rules() -> RetentionRules:
    """The retention file in use (the municipality's own, else the shipped one), read once."""
    return load_rules()
