"""Writing an export file one client document at a time, so that memory stays flat at any size.

The signed file starts with a header line that holds the content's length and SHA-256 (``signing``), so
the content must be complete before the first byte of the file is written. Each document is serialised as
soon as it is built, hashed, and kept only zlib-compressed in memory (about a tenth of its size; never as
plaintext on disk); the file is then written from that buffer in chunks, through age when it is sealed.
The bytes are exactly those of ``export.serialised`` (keys sorted, ``documents`` last).
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyrage

from koto_tui.exchange.schema import DOCUMENTS
from koto_tui.exchange.seal import parse_public_key
from koto_tui.files import Writer, write_private_with

#: The encoder of the file's layout (one encoder for all: ``json.dumps`` with options makes one per call).
_LAYOUT = json.JSONEncoder(ensure_ascii=False, indent=2, sort_keys=True).encode
#: The C encoder of one value without indentation (json's own: a number, a text, true, false, null).
_SCALAR = json.JSONEncoder(ensure_ascii=False).encode
_STRING: Any = json.encoder.encode_basestring
_WORDS = {True: "true", False: "false", None: "null"}
#: A document's lines are indented two levels inside the file (``"documents": [`` is one level in).
_INDENT = "    "
CHUNK = 1 << 16


class Payload:
    """The export's JSON, added document by document: its length and SHA-256, and its bytes again later."""

    def __init__(self, header: dict[str, Any]) -> None:
        self.size = 0
        self.documents = 0
        self._sha = hashlib.sha256()
        self._zip = zlib.compressobj(1)
        self._parts: list[bytes] = []
        self._add(_LAYOUT(header).removesuffix("\n}") + f',\n  "{DOCUMENTS}": ')

    def _add(self, text: str) -> None:
        data = text.encode("utf-8")
        self.size += len(data)
        self._sha.update(data)
        self._parts.append(self._zip.compress(data))

    def add(self, document: dict[str, Any]) -> None:
        """Append one client document."""
        opening = "[\n" if self.documents == 0 else ",\n"
        self._add(opening + _INDENT + layout(document, _INDENT))
        self.documents += 1

    def finish(self) -> None:
        """Close the list of documents and the file's object."""
        self._add("\n  ]\n}\n" if self.documents else "[]\n}\n")
        self._parts.append(self._zip.flush())

    @property
    def sha256(self) -> str:
        """The SHA-256 of the content (hex)."""
        return self._sha.hexdigest()

    def chunks(self) -> Iterator[bytes]:
        """The content's bytes again, a chunk at a time."""
        unzip = zlib.decompressobj()
        for part in self._parts:
            data = unzip.decompress(part)
            if data:
                yield data
        rest = unzip.flush()
        if rest:
            yield rest


def layout(value: object, pad: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)`` with every line after the first
    indented by *pad*: the same text, several times faster (json's C encoder never indents, and its
    pure-Python one yields every bracket and comma on its own)."""
    out: list[str] = []
    _lay(value, pad, out)
    return "".join(out)


def _lay(value: object, pad: str, out: list[str]) -> None:
    """Append the layout of *value* at the indentation *pad* to *out*."""
    if isinstance(value, str):
        out.append(_STRING(value))
    elif value is None or value is True or value is False:
        out.append(_WORDS[value])
    elif isinstance(value, dict):
        if not value or not all(isinstance(key, str) for key in value):  # {} or keys json converts
            out.append(_LAYOUT(value).replace("\n", "\n" + pad))
            return
        inner, sep = pad + "  ", "{\n"
        for key in sorted(value):
            out.append(sep + inner + _STRING(key) + ": ")
            _lay(value[key], inner, out)
            sep = ",\n"
        out.append("\n" + pad + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        inner, sep = pad + "  ", "[\n"
        for item in value:
            out.append(sep + inner)
            _lay(item, inner, out)
            sep = ",\n"
        out.append("\n" + pad + "]")
    else:
        out.append(_SCALAR(value))


class _Reader:
    """A file-like reader over chunks of bytes (what ``pyrage.encrypt_io`` reads from)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._left = memoryview(b"")

    def read(self, size: int = -1) -> bytes:
        """At most *size* bytes (all that is left when negative); empty at the end."""
        while not self._left:
            chunk = next(self._chunks, None)
            if chunk is None:
                return b""
            self._left = memoryview(chunk)
        size = len(self._left) if size is None or size < 0 else size
        data, self._left = self._left[:size], self._left[size:]
        return bytes(data)


class _Hashed:
    """A writer that passes everything on to *stream* and takes the SHA-256 of it on the way."""

    def __init__(self, stream: Writer) -> None:
        self.sha = hashlib.sha256()
        self._stream = stream

    def write(self, data: bytes) -> int:
        """Write *data* to the file."""
        self.sha.update(data)
        self._stream.write(data)
        return len(data)

    def flush(self) -> None:
        """Flush the file's buffer."""
        self._stream.flush()


def _contents(first: bytes, payload: Payload) -> Iterator[bytes]:
    yield first
    yield from payload.chunks()


def write_export(path: Path, first: bytes, payload: Payload, recipient: str | None) -> tuple[Path, str]:
    """Write the header line *first* and the *payload* to *path* atomically and owner-only, sealed with age
    for *recipient* unless it is None; returns the written path and the file's SHA-256."""
    hashed: list[_Hashed] = []

    def fill(stream: Writer) -> None:
        out = _Hashed(stream)
        hashed.append(out)
        if recipient is None:
            for chunk in _contents(first, payload):
                out.write(chunk)
        else:
            pyrage.encrypt_io(_Reader(_contents(first, payload)), out, [parse_public_key(recipient)])

    written = write_private_with(path, fill)
    return written, hashed[0].sha.hexdigest()
