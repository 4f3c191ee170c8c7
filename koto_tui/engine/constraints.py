"""Constraints on answers (a date not in the future, date and number bounds, a text pattern)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from koto_tui.engine.errors import suggestion_fix
from koto_tui.engine.shape import Issues, Loc, describe, get_text
from koto_tui.engine.texts import LocalText
from koto_tui.engine.values import as_date, is_answered
from koto_tui.i18n import _, format_short_date, language

if TYPE_CHECKING:
    from koto_tui.engine.models import Question

Kind = Literal["not_future", "date_range", "range", "pattern"]
CONSTRAINT_KEYS = ("not_future", "min_date", "max_date", "min", "max", "pattern", "message")
_KIND_OF_KEY: dict[str, Kind] = {
    "not_future": "not_future",
    "min_date": "date_range",
    "max_date": "date_range",
    "min": "range",
    "max": "range",
    "pattern": "pattern",
}


@dataclass(frozen=True)
class Constraint:
    """One rule an answer must meet, with the message shown when it does not."""

    kind: Kind
    message: LocalText | None = None
    min: int | None = None
    max: int | None = None
    min_date: date | None = None
    max_date: date | None = None
    pattern: str | None = None

    def fails(self, value: object, today: date) -> bool:
        """Whether the stored *value* breaks this rule on *today*."""
        return _FAILS[self.kind](self, value, today)

    def text(self) -> str:
        """The message in the UI language (the form's own, or a general one)."""
        if self.message is not None:
            return self.message.get(language())
        return _DEFAULT_TEXT[self.kind](self)


def answer_error(question: Question, value: object, today: date) -> str | None:
    """The message of the first rule the stored *value* breaks (number bounds included), or None."""
    if not is_answered(value):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if question.min is not None and value < question.min:
            return _("The number must be at least {min}.").format(min=question.min)
        if question.max is not None and value > question.max:
            return _("The number must be at most {max}.").format(max=question.max)
    broken = next((rule for rule in question.constraints if rule.fails(value, today)), None)
    return None if broken is None else broken.text()


def _date_fails(rule: Constraint, value: object, today: date) -> bool:
    """A date before min_date or after max_date (or after today for not_future)."""
    day = as_date(value)
    if day is None:
        return False
    latest = today if rule.kind == "not_future" else rule.max_date
    return (rule.min_date is not None and day < rule.min_date) or (latest is not None and day > latest)


def _range_fails(rule: Constraint, value: object, today: date) -> bool:
    """A number outside min..max."""
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    return (rule.min is not None and value < rule.min) or (rule.max is not None and value > rule.max)


def _pattern_fails(rule: Constraint, value: object, today: date) -> bool:
    """Text that does not fully match the pattern."""
    return isinstance(value, str) and rule.pattern is not None and re.fullmatch(rule.pattern, value) is None


_FAILS: dict[str, Callable[[Constraint, object, date], bool]] = {
    "not_future": _date_fails,
    "date_range": _date_fails,
    "range": _range_fails,
    "pattern": _pattern_fails,
}


def _date_range_text(rule: Constraint) -> str:
    """The general message for a date range."""
    low = format_short_date(rule.min_date) if rule.min_date else None
    high = format_short_date(rule.max_date) if rule.max_date else None
    if low and high:
        return _("The date must be between {min} and {max}.").format(min=low, max=high)
    if low:
        return _("The date must be on or after {date}.").format(date=low)
    return _("The date must be on or before {date}.").format(date=high)


def _range_text(rule: Constraint) -> str:
    """The general message for a number range."""
    if rule.min is not None and rule.max is not None:
        return _("The number must be between {min} and {max}.").format(min=rule.min, max=rule.max)
    if rule.min is not None:
        return _("The number must be at least {min}.").format(min=rule.min)
    return _("The number must be at most {max}.").format(max=rule.max)


_DEFAULT_TEXT: dict[str, Callable[[Constraint], str]] = {
    "not_future": lambda rule: _("The date cannot be in the future."),
    "date_range": _date_range_text,
    "range": _range_text,
    "pattern": lambda rule: _("The answer is not in the expected form."),
}


def read_constraints(raw: Mapping[object, object], at: Loc, issues: Issues) -> tuple[Constraint, ...]:
    """The question's ``constraints`` list, keeping the valid ones (F103, F124)."""
    value = raw.get("constraints")
    if value is None:
        return ()
    if not isinstance(value, list):
        _bad(issues, at, _("'constraints' must be a list, not {actual}").format(actual=describe(value)))
        return ()
    rules = (_constraint(item, number, at, issues) for number, item in enumerate(value, 1))
    return tuple(rule for rule in rules if rule is not None)


def _constraint(item: object, number: int, at: Loc, issues: Issues) -> Constraint | None:
    """One constraint mapping: exactly one rule and an optional message."""
    if not isinstance(item, dict):
        message = _("constraint {number} must be a mapping, not {actual}")
        _bad(issues, at, message.format(number=number, actual=describe(item)))
        return None
    for key in item:
        if key not in CONSTRAINT_KEYS:
            message = _("unknown key '{key}' in constraint {number}").format(key=key, number=number)
            issues.add("F103", at, message, suggestion_fix(str(key), list(CONSTRAINT_KEYS)))
    kinds = sorted({_KIND_OF_KEY[key] for key in item if key in _KIND_OF_KEY})
    if not kinds and any(key not in CONSTRAINT_KEYS for key in item):
        return None  # the unknown key (F103) is the problem
    if len(kinds) != 1:
        message = _("constraint {number} needs one rule: not_future, min_date/max_date, min/max or pattern")
        _bad(issues, at, message.format(number=number))
        return None
    label = _("message of constraint {number}").format(number=number)
    text = get_text(item, "message", label, at, issues)
    return _READERS[kinds[0]](item, text, number, at, issues)


def _read_not_future(
    item: Mapping[object, object], text: LocalText | None, number: int, at: Loc, issues: Issues
) -> Constraint | None:
    """``not_future: true``."""
    if item["not_future"] is not True:
        _bad(issues, at, _("'not_future' must be true (constraint {number})").format(number=number))
        return None
    return Constraint("not_future", text)


def _read_date_range(
    item: Mapping[object, object], text: LocalText | None, number: int, at: Loc, issues: Issues
) -> Constraint | None:
    """``min_date`` and/or ``max_date`` as ISO dates, in order."""
    bounds: dict[str, date | None] = {}
    for key in ("min_date", "max_date"):
        raw = item.get(key)
        bounds[key] = None if raw is None else as_date(raw)
        if raw is not None and bounds[key] is None:
            message = _("'{key}' must be an ISO date, not '{value}' (constraint {number})")
            fix = _('write the date as yyyy-mm-dd in quotes, e.g. {key}: "1950-01-01"').format(key=key)
            _bad(issues, at, message.format(key=key, value=raw, number=number), fix)
            return None
    low, high = bounds["min_date"], bounds["max_date"]
    if low is not None and high is not None and low > high:
        _bad(issues, at, _("min_date is after max_date (constraint {number})").format(number=number))
        return None
    return Constraint("date_range", text, min_date=low, max_date=high)


def _read_range(
    item: Mapping[object, object], text: LocalText | None, number: int, at: Loc, issues: Issues
) -> Constraint | None:
    """``min`` and/or ``max`` as whole numbers, in order."""
    low, high = item.get("min"), item.get("max")
    for bound in (low, high):
        if bound is not None and (not isinstance(bound, int) or isinstance(bound, bool)):
            message = _("'min' and 'max' must be whole numbers, not {actual} (constraint {number})")
            _bad(issues, at, message.format(actual=describe(bound), number=number))
            return None
    if isinstance(low, int) and isinstance(high, int) and low > high:
        message = _("min ({min}) is greater than max ({max}) (constraint {number})")
        _bad(issues, at, message.format(min=low, max=high, number=number))
        return None
    return Constraint(
        "range", text, min=low if isinstance(low, int) else None, max=high if isinstance(high, int) else None
    )


def _read_pattern(
    item: Mapping[object, object], text: LocalText | None, number: int, at: Loc, issues: Issues
) -> Constraint | None:
    """``pattern``: a regular expression that must compile."""
    pattern = item["pattern"]
    if not isinstance(pattern, str):
        message = _("'pattern' must be text, not {actual} (constraint {number})")
        _bad(issues, at, message.format(actual=describe(pattern), number=number))
        return None
    try:
        re.compile(pattern)
    except re.error as err:
        message = _("pattern '{pattern}' is not a valid regular expression: {error} (constraint {number})")
        fix = _("correct the regular expression; in YAML, put it in quotes")
        _bad(issues, at, message.format(pattern=pattern, error=err, number=number), fix)
        return None
    return Constraint("pattern", text, pattern=pattern)


_READERS: dict[
    str, Callable[[Mapping[object, object], LocalText | None, int, Loc, Issues], Constraint | None]
] = {
    "not_future": _read_not_future,
    "date_range": _read_date_range,
    "range": _read_range,
    "pattern": _read_pattern,
}


def _bad(issues: Issues, at: Loc, problem: str, fix: str | None = None) -> None:
    """Record an F124 for an invalid constraint."""
    example = _("write e.g. constraints: [{{not_future: true, message: {{fi: …, sv: …, en: …}}}}]")
    issues.add("F124", at, problem, fix or example)
