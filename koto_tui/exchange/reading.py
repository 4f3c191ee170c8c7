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
from itertools import accumulate
from pathlib import Path
from typing import Any

from koto_tui.exchange.settings import DEFAULT_IMPORT_MAX_BYTES
from koto_tui.files import read_at_most
from koto_tui.i18n import _

#: The deepest nesting of objects and lists (an export nests about ten deep).
MAX_DEPTH = 64
#: The longest text, in characters; an answer holds 20,000 at most.
MAX_STRING_CHARS = 100_000

_BOM = b"\xef\xbb\xbf"
#: The skeleton is built a megabyte at a time (re.sub over a whole file kept a piece per string: 1.2 GB).
_CHUNK = 1 << 20
#: Every byte but the four brackets, deleted with ``bytes.translate``.
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class ReadRefused(ValueError):
    """The file cannot be read as an export; the message names the limit or the rule (never a value)."""


def read_bounded(path: Path, max_bytes: int = DEFAULT_IMPORT_MAX_BYTES) -> bytes:
    """The bytes of the file at *path*, refused before reading when it is larger than *max_bytes*."""
    data = read_at_most(path, max_bytes)
    if data is None:
        raise ReadRefused(_too_large(max_bytes))
    return data


def _too_large(max_bytes: int) -> str:
    return _("the file is larger than the import limit of {limit} MB (setting {setting}).").format(
        limit=f"{max_bytes / 1024 / 1024:g}", setting="import_max_bytes")


def parse_json(data: bytes) -> Any:
    """The JSON value in *data* (UTF-8, a BOM allowed), after the depth check, with no key named twice."""
    if data.startswith(_BOM):  # (removeprefix would copy the whole file when there is none)
        data = data[len(_BOM):]
    skeleton = skeleton_of(data)  # the file without its texts: brackets, colons, numbers
    check_depth(skeleton)
    keys = skeleton.count(b":")  # outside texts, a colon follows each key
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


def skeleton_of(data: bytes) -> bytes:
    """*data* without its strings (quotes and contents), built chunk by chunk at C speed.

    Escaped backslashes, then escaped quotes, are dropped; every quote left opens or closes a string, so
    the pieces between quotes alternate outside and inside (the parity carries from chunk to chunk). A
    chunk never ends inside a run of backslashes or between a backslash and what it escapes.
    """
    parts: list[bytes] = []
    inside, start = False, 0
    while start < len(data):
        end = min(start + _CHUNK, len(data))
        while end < len(data) and data[end - 1] == 0x5C:  # a backslash: take what it escapes too
            end += 1
        pieces = data[start:end].replace(b"\\\\", b"").replace(b'\\"', b"").split(b'"')
        parts.append(b"".join(pieces[1 if inside else 0::2]))
        inside ^= len(pieces) % 2 == 0
        start = end
    return b"".join(parts)


def check_depth(skeleton: bytes) -> None:
    """Refuse when objects and lists nest deeper than MAX_DEPTH (measured without recursion).

    *skeleton* is the file without its strings (a bracket inside a text does not count); only the
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
