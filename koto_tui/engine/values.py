"""Stored answer values, and the context (today, the client) they are checked and computed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from koto_tui import clock


@dataclass(frozen=True)
class AnswerContext:
    """What conditions, constraints and calculations need besides the answers: today and the client."""

    today: date
    client_birth_date: date | None = None

    @classmethod
    def now(cls) -> AnswerContext:
        """A context for today (from the app's clock) with no client details."""
        return cls(clock.today())


def is_answered(value: object) -> bool:
    """Whether a stored answer counts as given (None, blank text and empty lists do not)."""
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, list | tuple | set | frozenset):
        return len(value) > 0
    return True


# Plausible years for the dates an assessment asks about (birth, arrival, permits); catches typos like 2O26.
YEAR_MIN, YEAR_MAX = 1900, 2100


def as_date(value: object) -> date | None:
    """*value* as a date when it is one or an ISO date text with a plausible year, else None.

    Stored answers are not trusted: a year the answer parser would refuse (9999 from a crafted file)
    counts as no date, so no rule or calculation adds years past the calendar's end.
    """
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, date) and YEAR_MIN <= value.year <= YEAR_MAX:
        return value
    return None
