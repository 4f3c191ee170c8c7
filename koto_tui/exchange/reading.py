"""Reading an export's JSON safely: size, nesting depth and text length limits, strict JSON only.

Each limit is checked before the work it protects: the file's size before it is read (a file padded to
gigabytes is never loaded), the nesting depth before ``json.loads`` (200,000 nested brackets never reach
the recursive parser). The length of each text (MAX_STRING_CHARS, escapes decoded) is checked on the
parsed value by ``checking``, which walks every text anyway and can then name the field.
``NaN``/``Infinity`` and repeated keys are refused, which ``json.loads`` would otherwise accept silently
(a key named twice is found by counting: the keys written in the file against the keys parsed, instead of
a Python hook on every object); a UTF-8 byte-order mark is accepted.
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
#: A key in the skeleton (the file with its strings emptied): an empty string, then a colon.
_KEY = re.compile(rb'""\s*:')
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
    """The JSON value in *data* (UTF-8, a BOM allowed), after the depth check, with no key named twice."""
    if data.startswith(_BOM):  # (removeprefix would copy the whole file when there is none)
        data = data[len(_BOM):]
    skeleton = _STRING.sub(b'""', data)  # the file without its texts: brackets, colons, numbers
    check_depth(skeleton)
    keys = len(_KEY.findall(skeleton))
    del skeleton  # not kept while the parsed value is built
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ReadRefused(_("the file is not a koto export (it is not UTF-8 text).")) from None
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except ValueError as exc:  # JSONDecodeError, and int() refusing a number of over 4,300 digits
        if isinstance(exc, ReadRefused):
            raise
        raise ReadRefused(_("the file is not a koto export (it is not JSON).")) from None
    if _keys_in(value) != keys:  # a key named twice was kept once
        raise ReadRefused(_("the file names the same key twice in one object."))
    return value


def check_depth(skeleton: bytes) -> None:
    """Refuse when objects and lists nest deeper than MAX_DEPTH (measured without recursion).

    *skeleton* is the file with its strings emptied (a bracket inside a text does not count); only the
    brackets are kept and their running depth is measured: C-speed steps but the last, over brackets alone.
    """
    brackets = skeleton.translate(None, delete=_NOT_BRACKETS)
    if max(accumulate(1 if b in b"[{" else -1 for b in brackets), default=0) > MAX_DEPTH:
        raise ReadRefused(_("the file nests objects and lists deeper than the limit of {limit} levels.")
                          .format(limit=MAX_DEPTH))


def _keys_in(value: object) -> int:
    """How many keys the objects in *value* hold, walked without recursion."""
    count, stack = 0, [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            count += len(item)
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, dict | list))
    return count


def _no_constant(name: str) -> float:
    """``parse_constant``: NaN, Infinity and -Infinity are not JSON and never a koto value."""
    raise ReadRefused(_("the file holds {value}, which is not a number in JSON.").format(value=name))
