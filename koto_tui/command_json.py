"""`--json` output of the command line: stable keys, ISO dates, UTF-8, for scripts and IT's tools."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from koto_tui.text import is_unsafe

if TYPE_CHECKING:
    from koto_tui.exchange.export import ExportResult
    from koto_tui.store.clients import ListingRow


def dumps(value: object) -> str:
    """*value* as indented JSON that keeps every script's letters as they are; a control or bidi character
    (text.is_unsafe) is written as its \\u escape, the same string to a parser but inert in a terminal."""
    return _NOT_PLAIN.sub(_inert, _indented(value, ""))


#: One value without indentation, by the json module's C encoder (``indent`` makes it use Python's).
_FLAT = json.JSONEncoder(ensure_ascii=False).encode


def _indented(value: object, pad: str) -> str:
    """What ``json.dumps(value, ensure_ascii=False, indent=2)`` writes, its lines after the first indented
    by *pad*: the nesting in Python, every value in it by the C encoder (five times as fast for a listing
    of 100,000 clients)."""
    inner = pad + "  "
    if isinstance(value, dict) and value and all(isinstance(key, str) for key in value):
        items = (f"{inner}{_FLAT(key)}: {_indented(item, inner)}" for key, item in value.items())
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list | tuple) and value:
        return "[\n" + ",\n".join(inner + _indented(item, inner) for item in value) + "\n" + pad + "]"
    if isinstance(value, dict):  # empty, or keys json turns into text its own way
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + pad)
    return _FLAT(value)


def _inert(found: re.Match[str]) -> str:
    """A run of characters other than printable ASCII, its unsafe ones as \\u escapes (a printable run holds
    none: text.py's rule, and a test, say so)."""
    run = found[0]
    if run.isprintable():
        return run
    return "".join(json.dumps(ch)[1:-1] if is_unsafe(ch) else ch for ch in run)


#: Runs of characters but line breaks and printable ASCII (which is never unsafe): the only ones to look at.
_NOT_PLAIN = re.compile(r"[^\n -~]+")


def client_json(rows: list[ListingRow]) -> dict[str, Any]:
    """One client with their interviews (the client's rows of ``Clients.listing``), as `koto clients
    --json` prints them."""
    client_id, family, given, birth = rows[0][:4]
    return {
        "id": client_id,
        "name": " ".join(part for part in (family, given) if part),
        "birth_date": birth or None,
        "interviews": [{
            "id": interview_id,
            "form_id": form_id,
            "form_version": version,
            "date": day,
            "status": status,
            "answered": answered,
        } for *_client, interview_id, form_id, version, status, day, answered in rows
            if interview_id is not None],
    }


def clients_json(rows: Iterable[ListingRow]) -> Iterator[str]:
    """The clients of the listing's *rows* with their interviews as one JSON array (the text `dumps` makes
    of the list), client by client."""
    opened = False
    for _client_id, group in groupby(rows, key=itemgetter(0)):
        item = _NOT_PLAIN.sub(_inert, "  " + _indented(client_json(list(group)), "  "))
        yield ("[\n" if not opened else ",\n") + item
        opened = True
    yield "\n]" if opened else "[]"


def export_json(result: ExportResult, dry_run: bool) -> dict[str, Any]:
    """What `koto export --json` wrote or would write, and what it held back with the reasons."""
    return {
        "dry_run": dry_run,
        "path": str(result.path) if result.path is not None else None,
        "sealed": result.sealed,
        "documents": result.documents,
        "records": [{
            "entity": record.entity,
            "document_id": record.document_id,
            "uid": record.uid,
            "record_system": record.record_system,
        } for record in result.records],
        "held_back": [{
            "entity": held.entity,
            "document_id": held.document_id,
            "reason": held.reason.value,
            "partial": held.partial,
            "message": held.message,
        } for held in result.held_back],
        "would_be_refused": list(result.would_refuse),
    }
