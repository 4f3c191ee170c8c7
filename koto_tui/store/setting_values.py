"""A stored setting's value (JSON text) decoded in one place: untrusted input, never an exception.

A settings row may be damaged, edited by hand or written by another version of koto. `decoded` gives the
JSON value or `UNREADABLE`, which no reader accepts (it is no str, number, bool, list or dict), so each
reader's own check turns it into that setting's default.
"""

from __future__ import annotations

import json
from typing import Final


class _Unreadable:
    """The value of a setting whose stored text is not JSON."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNREADABLE"

    def __bool__(self) -> bool:
        return False


#: What a setting holds when its stored text is not JSON (or nests deeper than Python can decode).
UNREADABLE: Final = _Unreadable()


def decoded(raw: object) -> object:
    """The JSON value the stored text *raw* holds, or `UNREADABLE`."""
    if not isinstance(raw, str | bytes):
        return UNREADABLE
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):  # JSONDecodeError and bad UTF-8 are ValueErrors
        return UNREADABLE
