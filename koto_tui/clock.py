"""Today and now, in one place so that tests can fix them."""

from __future__ import annotations

from datetime import date, datetime

_fixed_now: datetime | None = None


def now() -> datetime:
    """The current local time (or the time fixed by :func:`fix`), to the second."""
    return (_fixed_now or datetime.now()).replace(microsecond=0)


def today() -> date:
    """The current local date."""
    return now().date()


def stamp() -> str:
    """The current local time as ISO 8601 text for the database."""
    return now().isoformat(timespec="seconds")


def fix(moment: datetime | None) -> None:
    """Fix the clock at *moment* (None lets it run again)."""
    global _fixed_now
    _fixed_now = moment


def fixed() -> datetime | None:
    """The moment the clock is fixed at, or None while it runs (to put it back after fixing it a while)."""
    return _fixed_now
