"""`--json` output of the command line: stable keys, ISO dates, UTF-8, for scripts and IT's tools."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from koto_tui.text import is_unsafe

if TYPE_CHECKING:
    from koto_tui.exchange.export import ExportResult
    from koto_tui.model import ClientSummary, Interview


def dumps(value: object) -> str:
    """*value* as indented JSON that keeps every script's letters as they are; a control or bidi character
    (text.is_unsafe) is written as its \\u escape, the same string to a parser but inert in a terminal."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _NOT_PLAIN.sub(lambda found: json.dumps(found[0])[1:-1] if is_unsafe(found[0]) else found[0], text)


#: Any character but a line break and printable ASCII (which is never unsafe): the only ones to look at.
_NOT_PLAIN = re.compile(r"[^\n -~]")


def client_json(client: ClientSummary, interviews: list[Interview]) -> dict[str, Any]:
    """One client with their interviews, as `koto clients --json` prints them."""
    return {
        "id": client.id,
        "name": client.full_name,
        "birth_date": client.birth_date.isoformat() if client.birth_date else None,
        "interviews": [{
            "id": interview.id,
            "form_id": interview.form_id,
            "form_version": interview.form_version,
            "date": interview.interview_date.isoformat(),
            "status": interview.status.value,
            "answered": interview.answered,
        } for interview in interviews],
    }


def clients_json(clients: Iterable[tuple[ClientSummary, list[Interview]]]) -> Iterator[str]:
    """*clients* with their interviews as one JSON array (the text `dumps` makes of the list), one by one."""
    opened = False
    for client, interviews in clients:
        item = "\n".join("  " + line for line in dumps(client_json(client, interviews)).split("\n"))
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
    }
