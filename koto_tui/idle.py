"""The idle lock: koto locks itself after some minutes without a key press, a click or a mouse move."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from koto_tui.store import Store

#: Minutes without input before koto locks; stored with ``Store.set_setting`` (F8).
IDLE_LOCK_SETTING = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 5
#: The range the settings accept: a lock that can be turned off would be left off on a client's table.
MIN_IDLE_LOCK_MINUTES, MAX_IDLE_LOCK_MINUTES = 1, 60


def valid_minutes(value: object) -> bool:
    """True for a whole number of minutes the idle lock accepts."""
    return (isinstance(value, int) and not isinstance(value, bool)
            and MIN_IDLE_LOCK_MINUTES <= value <= MAX_IDLE_LOCK_MINUTES)


def idle_lock_minutes(store: Store) -> int:
    """The stored idle-lock time, the default when unset or out of range."""
    value = store.setting(IDLE_LOCK_SETTING, DEFAULT_IDLE_LOCK_MINUTES)
    return value if valid_minutes(value) and isinstance(value, int) else DEFAULT_IDLE_LOCK_MINUTES


class IdleClock:
    """When the user last did something, and whether the idle time has run out."""

    def __init__(self, limit_seconds: float | None = None) -> None:
        self.limit_seconds = limit_seconds
        self.last_input = time.monotonic()

    def touch(self) -> None:
        """The user pressed a key, clicked or moved the mouse."""
        self.last_input = time.monotonic()

    def due(self) -> bool:
        """True once the limit has passed since the last input (never without a limit)."""
        limit = self.limit_seconds
        return limit is not None and time.monotonic() - self.last_input >= limit
