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
import math
import operator
import re
from collections.abc import Iterator
from itertools import accumulate, repeat
from pathlib import Path
from typing import Any

import msgspec

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
#: Every byte but the brackets (the colons, which keep the depth, are only counted).
_NOT_MARKS = bytes(b for b in range(256) if b not in b"[]{}")
#: Each bracket's step in depth, plus one: an opening bracket 2, a closing one 0.
_STEPS = bytes(2 if b in b"[{" else 0 if b in b"]}" else 1 for b in range(256))
#: Every byte but the quotes and what ``measured`` reads outside the strings: colons, brackets, and the
#: first letters of NaN and Infinity (no other letter, digit or space counts there).
_NOT_MEASURED = bytes(b for b in range(256) if b not in b'"[]{}:NI')


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
    keys = measured(data).keys
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


def skeleton_chunks(data: bytes | memoryview, marks_only: bool = False) -> Iterator[bytes]:
    """The skeleton of *data* (its bytes outside strings) a megabyte of *data* at a time; *marks_only*:
    only its colons, brackets and the letters N and I (what ``measured`` reads), in the same order.

    Escaped backslashes, then escaped quotes, are dropped; every quote left opens or closes a string, so
    the pieces between quotes alternate outside and inside (the parity carries from chunk to chunk). A
    chunk never ends inside a run of backslashes or between a backslash and what it escapes. With
    *marks_only* every other byte but the quotes is dropped before the split (a fifth of the bytes are
    left, and the split makes a piece of each string all the same: half the time of the whole skeleton).
    """
    inside, start = False, 0
    while start < len(data):
        end = min(start + _CHUNK, len(data))
        while end < len(data) and data[end - 1] == 0x5C:  # a backslash: take what it escapes too
            end += 1
        chunk = bytes(data[start:end]).replace(b"\\\\", b"").replace(b'\\"', b"")
        if marks_only:  # (after the escapes: no byte left can make a quote escaped or not)
            chunk = chunk.translate(None, delete=_NOT_MEASURED)
        pieces = chunk.split(b'"')
        yield b"".join(pieces[1 if inside else 0::2])
        inside ^= len(pieces) % 2 == 0
        start = end


def _too_deep() -> str:
    return _("the file nests objects and lists deeper than the limit of {limit} levels.").format(
        limit=MAX_DEPTH)


def _keys_in(value: object) -> int:
    """How many keys the objects in *value* (parsed JSON: plain dicts and lists) hold, walked without
    recursion; every value goes on the stack as it is (a generator filtering them took 4 times as long)."""
    count, stack = 0, [value]
    pop, extend = stack.pop, stack.extend
    while stack:
        item = pop()
        if type(item) is dict:
            count += len(item)
            extend(item.values())
        elif type(item) is list:
            extend(item)
    return count


def _no_constant(name: str) -> float:
    """``parse_constant``: NaN, Infinity and -Infinity are not JSON and never a koto value."""
    raise ReadRefused(_("the file holds {value}, which is not a number in JSON.").format(value=name))


# --- an export read one document at a time -----------------------------------------------------------

#: An escaped surrogate (rare in a file: koto writes characters as they are); one standing alone is a
#: broken character.
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
#: The key of the export's one long list.
DOCUMENTS = "documents"
#: The top level split into its fields' JSON, and the documents into each one's JSON (msgspec.Raw: slices
#: of the file's bytes, nothing parsed into Python objects).
_FIELDS = msgspec.json.Decoder(dict[str, msgspec.Raw])
_ITEMS = msgspec.json.Decoder(list[msgspec.Raw])
_VALUE = msgspec.json.Decoder()


def measured(data: bytes | memoryview) -> _Shape:
    """The shape of *data*'s JSON, measured a chunk at a time before it is parsed; ReadRefused when it nests
    deeper than MAX_DEPTH or holds NaN or Infinity."""
    shape = _Shape()
    for piece in skeleton_chunks(data, marks_only=True):
        shape.add(piece)
    if shape.deepest > MAX_DEPTH:
        raise ReadRefused(_too_deep())
    constant = _constant(data) if shape.letters else ""
    if constant:
        raise ReadRefused(_("the file holds {value}, which is not a number in JSON.").format(value=constant))
    return shape


def _constant(data: bytes | memoryview) -> str:
    """NaN or Infinity when the skeleton of *data* holds the word (read only when a letter N or I stands
    outside the strings: never in JSON), else ""."""
    tail = b""  # the end of the last chunk: a word may go on in the next one
    for piece in skeleton_chunks(data):
        text, tail = tail + piece, (tail + piece)[-len("Infinity"):]
        for word in ("NaN", "Infinity"):
            if word.encode() in text:
                return word
    return ""


class _Shape:
    """What the skeleton of a file says, gathered a chunk at a time (the skeleton is never held whole):
    the keys (one colon each), the depth, and whether a letter N or I (of NaN or Infinity) stands in it."""

    def __init__(self) -> None:
        self.keys = self.depth = self.deepest = 0
        self.letters = False

    def add(self, piece: bytes) -> None:
        """Take the next chunk of the skeleton (or of its marks only: ``skeleton_chunks``)."""
        self.keys += piece.count(b":")
        self.letters = self.letters or b"N" in piece or b"I" in piece
        marks = piece.translate(None, delete=_NOT_MARKS)
        if marks and self.deepest <= MAX_DEPTH:
            self._walk(marks)

    def _walk(self, marks: bytes) -> None:
        """Follow the depth through *marks* (brackets)."""
        steps = marks.translate(_STEPS)
        try:
            depths = bytes(self._depths(steps))[1:]
        except ValueError:  # over 255 deep (too deep), or below 0 (not JSON): the exact figures, slowly
            every = list(self._depths(steps))
            self.deepest, self.depth = max(self.deepest, max(every)), -1 if min(every) < 0 else every[-1]
            return
        self.deepest, self.depth = max(self.deepest, max(depths)), depths[-1]

    def _depths(self, steps: bytes) -> Iterator[int]:
        """The depth before *steps* (each a step plus one), then after each of them."""
        return accumulate(map(operator.sub, steps, repeat(1)), initial=self.depth)


class ExportJson:
    """An export's JSON split by msgspec into its top-level fields and one slice of bytes per document.

    Only the header's few fields are parsed at once; each document becomes Python objects only when its
    turn comes (a 10,000-client export is 90 MB of JSON and 650 MB parsed at once). What ``parse_json``
    checks is checked here too, before any document is read: depth, NaN and Infinity, that the bytes are
    JSON (msgspec reads them strictly), a broken surrogate escape; a key named twice is counted over the
    header and every document and known when the last document has been read.
    """

    def __init__(self, data: bytes | memoryview) -> None:
        view = memoryview(data).cast("B")
        self._view = view[len(_BOM):] if view[:len(_BOM)] == _BOM else view
        shape = measured(self._view)
        if _lone_surrogate(self._view):
            raise ReadRefused(_("the file holds a broken character (a lone surrogate escape)."))
        fields = _decoded(_FIELDS, self._view, _("the file is not a koto export."))
        if DOCUMENTS not in fields:
            raise ReadRefused(_("the file is not a koto export (it has no documents)."))
        self._items = _decoded(_ITEMS, fields.pop(DOCUMENTS),
                               _("the file is not a koto export (its documents are not a list)."))
        self.header: dict[str, Any] = {key: _decoded(_VALUE, raw) for key, raw in fields.items()}
        self._document_keys = shape.keys - 1 - _keys_in(self.header)  # (the 1: "documents")
        self.floats = self.plain = False
        """Whether the document read last holds a float (its canonical JSON is then written by ``json``),
        and whether its texts are plain (``plain_texts``)."""
        self._decoder = msgspec.json.Decoder(float_hook=self._float)

    def _float(self, text: str) -> float:
        """msgspec's ``float_hook``: the float in *text*, noted (Infinity refused: ``1e999``)."""
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(text)
        self.floats = True
        return value

    def documents(self) -> Iterator[Any]:
        """Each document in turn, parsed when its turn comes; ReadRefused when the file breaks a rule, at
        the latest once the last document has been read."""
        keys = 0
        for raw in self._items:
            self.floats = False
            document = _decoded(self._decoder, raw)
            self.plain = plain_texts(raw)
            keys += _keys_in(document)
            yield document
        if keys != self._document_keys:  # a key named twice was kept once
            raise ReadRefused(_("the file names the same key twice in one object."))


def plain_texts(raw: bytes | msgspec.Raw) -> bool:
    """Whether every text in the JSON *raw* surely is within MAX_STRING_CHARS and printable but for line
    breaks and tabs: the JSON is that short, all printable, with no escape that could stand for another
    character (``\\u``, ``\\r``, ``\\b``, ``\\f``). A no says only that the texts must be looked at."""
    data = bytes(raw)
    if len(data) > MAX_STRING_CHARS or (b"\\" in data and _UNPLAIN_ESCAPE.search(data)):
        return False
    rest = data.translate(None, delete=_PRINTABLE_ASCII)  # (a character of several bytes stays whole)
    return not rest or rest.decode("utf-8", errors="replace").isprintable()


#: The printable ASCII bytes: only the others of a document need decoding to be looked at.
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


#: An escape that may stand for a character that is not printable (an escaped backslash followed by the
#: letter, ``\\\\u``, is text: a no, merely slower).
_UNPLAIN_ESCAPE = re.compile(rb"\\[urbf]")


def _decoded(decoder: msgspec.json.Decoder[Any], data: Any, wrong_type: str = "") -> Any:
    """*data* decoded; ReadRefused when it is not JSON (or, with *wrong_type*, not of the decoder's type)."""
    try:
        return decoder.decode(data)
    except msgspec.ValidationError:
        if not wrong_type:
            raise ReadRefused(_("the file is not a koto export (it is not JSON).")) from None
        raise ReadRefused(wrong_type) from None
    except (msgspec.DecodeError, RecursionError):
        raise ReadRefused(_("the file is not a koto export (it is not JSON).")) from None


def _lone_surrogate(view: memoryview) -> bool:
    """Whether an escaped surrogate stands alone: a high one not followed at once by a low one, or a low
    one alone (an escape only after an even run of backslashes)."""
    waiting = -1  # where the low half of the last high one must start
    for found in _SURROGATE.finditer(view):
        before = found.start()
        while before > 0 and view[before - 1] == 0x5C:
            before -= 1
        if (found.start() - before) % 2:
            continue  # an escaped backslash, then the letters "u", "d"…: text, not an escape
        high = found.group()[3] in b"89abAB"
        if waiting != -1:
            if high or found.start() != waiting:
                return True
            waiting = -1
        elif not high:
            return True
        else:
            waiting = found.end()
    return waiting != -1
