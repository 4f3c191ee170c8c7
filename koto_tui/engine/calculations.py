"""Calculated questions: whole years, months or days between a date and today, read from the form file.

Years and months are calendar ones, as Finnish law counts periods (Act 150/1930 on the calculation of
statutory time limits, § 4): a period that ends on a day the month lacks (29 February in a common year,
31 April) ends on the month's last day, so 29 February + 1 year is 28 February.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from koto_tui.engine.errors import suggestion_fix
from koto_tui.engine.shape import Issues, Loc, describe
from koto_tui.i18n import _

Kind = Literal["years_since", "months_since", "days_until"]
KINDS: tuple[Kind, ...] = ("years_since", "months_since", "days_until")
CALCULATE_KEYS = (*KINDS, "plus_years")
PLUS_YEARS_MAX = 100


@dataclass(frozen=True)
class Calculation:
    """A value computed from a date and today, e.g. ``{days_until: first_permit_date, plus_years: 3}``."""

    kind: Kind
    source: str
    plus_years: int = 0


def add_years(day: date, years: int) -> date:
    """*day* moved by whole calendar years; 29 February lands on 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """*day* moved by whole calendar months, kept within the target month (31 January + 1 → 28/29 Feb)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def years_between(start: date, today: date) -> int:
    """Whole years from *start* to *today* (age on a birth date), negative when *start* is later."""
    years = today.year - start.year
    return years - 1 if add_years(start, years) > today else years


def months_between(start: date, today: date) -> int:
    """Whole months from *start* to *today*, negative when *start* is later."""
    months = (today.year - start.year) * 12 + today.month - start.month
    return months - 1 if add_months(start, months) > today else months


def _days_until(start: date, today: date, plus_years: int) -> int:
    """Days from *today* until *start* + *plus_years* years (negative once it has passed)."""
    return (add_years(start, plus_years) - today).days


_COMPUTE: dict[str, Callable[[date, date, int], int]] = {
    "years_since": lambda start, today, _plus: years_between(start, today),
    "months_since": lambda start, today, _plus: months_between(start, today),
    "days_until": _days_until,
}


def compute(calculation: Calculation, source: date | None, today: date) -> int | None:
    """The calculated value from the *source* date, or None when the date is missing."""
    if source is None:
        return None
    return _COMPUTE[calculation.kind](source, today, calculation.plus_years)


def read_calculation(raw: Mapping[object, object], at: Loc, issues: Issues) -> Calculation | None:
    """The question's ``calculate`` mapping, or None when absent or broken (F103, F126)."""
    value = raw.get("calculate")
    if value is None:
        return None
    if not isinstance(value, dict):
        _bad(issues, at, _("'calculate' must be a mapping, not {actual}").format(actual=describe(value)))
        return None
    unknown = [str(key) for key in value if key not in CALCULATE_KEYS]
    for key in unknown:
        message = _("unknown key '{key}' in 'calculate'").format(key=key)
        issues.add("F103", at, message, suggestion_fix(key, list(CALCULATE_KEYS)))
    kinds = [kind for kind in KINDS if kind in value]
    if len(kinds) != 1:
        if kinds or not unknown:
            _bad(issues, at, _("'calculate' needs exactly one of {kinds}").format(kinds=", ".join(KINDS)))
        return None
    return _calculation(kinds[0], value, at, issues)


def _calculation(kind: Kind, value: Mapping[object, object], at: Loc, issues: Issues) -> Calculation | None:
    """The checked calculation of *kind*: a reference and, for days_until, plus_years."""
    source = value[kind]
    plus = value.get("plus_years", 0)
    if not isinstance(source, str) or not source.strip():
        message = _("'{kind}' must name a date question or client.birth_date, not {actual}")
        _bad(issues, at, message.format(kind=kind, actual=describe(source)))
    elif "plus_years" in value and kind != "days_until":
        _bad(issues, at, _("'plus_years' applies only to days_until"))
    elif not isinstance(plus, int) or isinstance(plus, bool) or not 0 <= plus <= PLUS_YEARS_MAX:
        message = _("'plus_years' must be a whole number from 0 to {max}, not {actual}")
        _bad(issues, at, message.format(max=PLUS_YEARS_MAX, actual=plus))
    else:
        return Calculation(kind, source.strip(), plus)
    return None


def _bad(issues: Issues, at: Loc, problem: str) -> None:
    """Record an F126 for a bad ``calculate``."""
    fix = _("write e.g. {{years_since: client.birth_date}} or {{days_until: a_date, plus_years: 3}}")
    issues.add("F126", at, problem, fix)
