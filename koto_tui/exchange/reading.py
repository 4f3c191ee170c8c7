"""Reading an export's JSON safely: size, nesting depth and text length limits, strict JSON only.

Each limit is checked before the work it protects: the file's size before it is read (a file padded to
gigabytes is never loaded), the nesting depth before ``json.loads`` (200,000 nested brackets never reach
the recursive parser). The length of each text (MAX_STRING_CHARS, escapes decoded) is checked on the
parsed value by ``checking``, which walks every text anyway and can then name the field.
``NaN``/``Infinity`` and repeated keys are refused, which ``json.loads`` would otherwise accept silently;
a UTF-8 byte-order mark is accepted.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from pathlib import Path
from typing import Any

from koto_tui.exchange.settings import DEFAULT_IMPORT_MAX_BYTES
from koto_tui.i18n import _

#: The deepest nesting of objects and lists (an export nests about ten deep).
MAX_DEPTH = 64
#: The longest text, in characters; an answer holds 20,000 at most.
MAX_STRING_CHARS = 100_000

_BOM = b"\xef\xbb\xbf"
#: A JSON string with its escapes (possessive: no backtracking), removed before the brackets are counted.
_STRING = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.DOTALL)
#: Every byte but the four brackets, deleted with ``bytes.translate``.
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


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
    """The JSON value in *data* (UTF-8, a BOM allowed), after the depth check."""
    data = data.removeprefix(_BOM)
    check_depth(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ReadRefused(_("the file is not a koto export (it is not UTF-8 text).")) from None
    try:
        value = json.loads(text, parse_constant=_no_constant, object_pairs_hook=_unique_keys)
    except ValueError as exc:  # JSONDecodeError, and int() refusing a number of over 4,300 digits
        if isinstance(exc, ReadRefused):
            raise
        raise ReadRefused(_("the file is not a koto export (it is not JSON).")) from None
    return value


def check_depth(data: bytes) -> None:
    """Refuse *data* when its objects and lists nest deeper than MAX_DEPTH (measured without recursion).

    The strings are taken out first (a bracket inside a text does not count), then only the brackets are
    kept and their running depth is measured: C-speed steps but for the last, over the brackets alone.
    """
    brackets = _STRING.sub(b'""', data).translate(None, delete=_NOT_BRACKETS)
    if max(accumulate(1 if b in b"[{" else -1 for b in brackets), default=0) > MAX_DEPTH:
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
