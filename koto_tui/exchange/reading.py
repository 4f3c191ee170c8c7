"""Reading an export's JSON safely: size, nesting depth and text length limits, strict JSON only.

Each limit is checked before the work it protects: the file's size before it is read (a file padded to
gigabytes is never loaded), the nesting depth and the length of each text before ``json.loads`` (200,000
nested brackets never reach the recursive parser). ``NaN``/``Infinity`` and repeated keys are refused,
which ``json.loads`` would otherwise accept silently; a UTF-8 byte-order mark is accepted.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from koto_tui.exchange.settings import DEFAULT_IMPORT_MAX_BYTES
from koto_tui.i18n import _

#: The deepest nesting of objects and lists (an export nests about ten deep).
MAX_DEPTH = 64
#: The longest text, in characters as written in the file (escapes included); an answer holds 20,000 at most.
MAX_STRING_CHARS = 200_000

_BOM = b"\xef\xbb\xbf"
#: A JSON string (with its escapes) or one bracket: what the depth scan looks at.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


class ReadRefused(ValueError):
    """The file cannot be read as an export; the message names the limit or the rule (never a value)."""


def read_bounded(path: Path, max_bytes: int = DEFAULT_IMPORT_MAX_BYTES) -> bytes:
    """The bytes of the file at *path*, refused before reading when it is larger than *max_bytes*."""
    if path.stat().st_size > max_bytes:
        raise ReadRefused(_too_large(max_bytes))
    with path.open("rb") as stream:
        data = stream.read(max_bytes + 1)  # the file may grow between stat and read
    if len(data) > max_bytes:
        raise ReadRefused(_too_large(max_bytes))
    return data


def _too_large(max_bytes: int) -> str:
    return _("the file is larger than the import limit of {limit} MB (setting {setting}).").format(
        limit=f"{max_bytes / 1024 / 1024:g}", setting="import_max_bytes")


def parse_json(data: bytes) -> Any:
    """The JSON value in *data* (UTF-8, a BOM allowed), after the depth and length checks."""
    try:
        text = data.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError:
        raise ReadRefused(_("the file is not a koto export (it is not UTF-8 text).")) from None
    check_structure(text)
    try:
        return json.loads(text, parse_constant=_no_constant, object_pairs_hook=_unique_keys)
    except ValueError as exc:  # JSONDecodeError, and int() refusing a number of over 4,300 digits
        if isinstance(exc, ReadRefused):
            raise
        raise ReadRefused(_("the file is not a koto export (it is not JSON).")) from None


def check_structure(text: str) -> None:
    """Refuse *text* when it nests deeper than MAX_DEPTH or holds a text longer than MAX_STRING_CHARS.

    A loop over the strings and brackets (no recursion), so any nesting is measured safely.
    """
    depth = 0
    for match in _TOKENS.finditer(text):
        found = match.group()
        if found[0] == '"':
            if len(found) - 2 > MAX_STRING_CHARS:
                raise ReadRefused(_("a text in the file is longer than the limit of {limit} characters.")
                                  .format(limit=MAX_STRING_CHARS))
            continue
        depth += 1 if found in "[{" else -1
        if depth > MAX_DEPTH:
            raise ReadRefused(_("the file nests objects and lists deeper than the limit of {limit} levels.")
                              .format(limit=MAX_DEPTH))


def _no_constant(name: str) -> float:
    """``parse_constant``: NaN, Infinity and -Infinity are not JSON and never a koto value."""
    raise ReadRefused(_("the file holds {value}, which is not a number in JSON.").format(value=name))


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook``: an object that names a key twice is ambiguous, so it is refused."""
    found = dict(pairs)
    if len(found) != len(pairs):
        raise ReadRefused(_("the file names the same key twice in one object."))
    return found
