"""`koto export` and the export screen: build, validate, (seal,) write and log an export file.

An export holds the pending records (new, or changed since they were last exported) of every client or of
one client; what stays on the laptop is returned with the reason. The file is written atomically and
owner-only, signed with this laptop's key and sealed (age) for the receiving office, and logged only once
written; an unsealed (still signed) file is made only when asked, and never with sensitive answers.
A record exported and entered into KOTO-AJ can be marked so; the laptop copy is then purged or kept as
the retention setting says.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from koto_tui import clock
from koto_tui.exchange import holdback, settings
from koto_tui.exchange.document import ClientOut, RecordOut, build_client, jobseeker_of
from koto_tui.exchange.holdback import HeldBack
from koto_tui.exchange.schema import DOCUMENTS, FORMAT, FORMAT_VERSION, problems
from koto_tui.exchange.seal import normalise_public_key, seal
from koto_tui.exchange.signing import sign
from koto_tui.exchange.trust import own_signing_key
from koto_tui.files import write_private
from koto_tui.i18n import _, ngettext
from koto_tui.store import Store
from koto_tui.store.exchange import Exchange, LoggedRecord


class ExportRefused(Exception):
    """The export cannot be made as asked; the message says why (never with client data)."""


@dataclass(frozen=True)
class ExportRequest:
    """What to export and where."""

    client_id: int | None = None
    """One client, or every client (None)."""
    include_unchanged: bool = False
    """Export records again even when they have not changed since their last export."""
    out: Path | None = None
    unsealed: bool = False
    """Write the file signed but not sealed (asked explicitly; refused with sensitive answers)."""
    dry_run: bool = False
    """Say what would be exported and what stays; write and log nothing."""


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote (or would write) and what it held back, with the reasons."""

    path: Path | None
    sealed: bool
    documents: int
    records: tuple[RecordOut, ...]
    held_back: tuple[HeldBack, ...]
    export_id: int | None = None
    sensitive_included: bool = False


def software() -> str:
    """koto and its version, as named in the export's source."""
    try:
        return f"koto {version('koto-tui')}"
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without metadata
        return "koto"


def envelope(store: Store, documents: list[dict[str, Any]]) -> dict[str, Any]:
    """The export file's content around the client documents."""
    profile = store.profile()
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "exported_at": clock.stamp(),
            "exported_by": {"name": profile.name, "title": profile.title},
            "source": {"municipality": profile.municipality, "unit": profile.unit, "software": software()},
            "documents": documents}


def serialised(content: dict[str, Any]) -> bytes:
    """The export file's JSON: keys in alphabetical order, but ``documents`` as the last top-level field
    (an import reads the few fields before it, then the documents one at a time)."""
    header = {key: value for key, value in content.items() if key != DOCUMENTS}
    head = json.dumps(header, ensure_ascii=False, indent=2, sort_keys=True).removesuffix("\n}")
    # A line break inside a text is escaped (\n): each one here is the layout's, indented one level more.
    body = json.dumps(content[DOCUMENTS], ensure_ascii=False, indent=2, sort_keys=True).replace("\n", "\n  ")
    return f'{head},\n  "{DOCUMENTS}": {body}\n}}\n'.encode()


def _pending(out: ClientOut, last: dict[str, tuple[str, str]], again: bool) -> ClientOut:
    """Drop the records that have not changed since their last export (each said in held_back)."""
    kept = []
    for record in out.records:
        previous = last.get(record.uid)
        if again or previous is None or previous[0] != record.hash:
            kept.append(record)
            continue
        when = datetime.fromisoformat(previous[1]).date()
        reason = holdback.unchanged_note(record.document_id, when)
        out.held_back.append(HeldBack(out.client_id, record.entity, record.local_id, record.document_id,
                                      *reason))
    out.records = kept
    return out


def collect(store: Store, request: ExportRequest) -> list[ClientOut]:
    """Every client's pending records and held-back records (one client's when asked)."""
    sensitive = settings.export_sensitive(store)
    if request.client_id is not None and store.clients.is_restricted(request.client_id):  # GDPR art. 18
        raise ExportRefused(_("the client's processing is restricted: a restricted client is not exported."))
    ids = [request.client_id] if request.client_id is not None else sorted(  # restricted ones are left out
        c.id for c in store.clients.search("", limit=1_000_000))
    last = Exchange(store.session).last_exports()
    today = clock.today()
    again = request.include_unchanged
    return [_pending(build_client(store, cid, sensitive, today), last, again) for cid in ids]


def default_path(store: Store, sealed: bool) -> Path:
    """exports/koto-export-<time>.json.age (.json unsealed) in the data directory: no client name in it."""
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    folder, suffix = store.paths.root / "exports", ".json.age" if sealed else ".json"
    path, number = folder / f"koto-export-{stamp}{suffix}", 1
    while path.exists():  # two exports in one second: never write over the first
        number += 1
        path = folder / f"koto-export-{stamp}-{number}{suffix}"
    return path


def _sealing_key(store: Store, request: ExportRequest) -> str | None:
    """The receiving office's key (``age1…``), or None for an unsealed export; refused when neither may be."""
    if request.unsealed:
        if settings.export_sensitive(store):
            raise ExportRefused(_("sensitive answers never leave unsealed: export without --unsealed, or "
                                  "turn off sensitive answers in the settings (F8)."))
        return None
    key = settings.receiver_key(store)
    if not key and not request.dry_run:
        raise ExportRefused(_("no receiving office's key is set, and exports are sealed with it: a "
                              "coordinator sets it in the settings (F8), or with koto export --receiver-key "
                              "KEY."))
    return normalise_public_key(key) if key else None


def run_export(store: Store, request: ExportRequest) -> ExportResult:
    """Export the pending records: validate, sign, seal, write atomically, then log."""
    key = _sealing_key(store, request)
    clients = collect(store, request)
    held = tuple(h for c in clients for h in c.held_back)
    chosen = [c for c in clients if c.records]
    records = tuple(r for c in chosen for r in c.records)
    sensitive = settings.export_sensitive(store)
    if request.dry_run or not chosen:
        return ExportResult(None, key is not None, len(chosen), records, held, sensitive_included=sensitive)
    content = envelope(store, [c.document() for c in chosen])
    found = problems(content)
    if found:  # a bug, not the user's doing: never write a file that breaks the published format
        raise ExportRefused(_("the export does not match its schema: {problem}").format(problem=found[0]))
    data = serialised(content)
    data = sign(data, own_signing_key(store), key)
    if key is not None:
        data = seal(data, key)
    path = write_private(data, request.out or default_path(store, key is not None))
    logged = [LoggedRecord(r.entity, r.uid, c.uid, r.hash) for c in chosen for r in c.records]
    export_id = Exchange(store.session).record_export(path.name, hashlib.sha256(data).hexdigest(),
                                                      key is not None, len(chosen), logged)
    return ExportResult(path, key is not None, len(chosen), records, held, export_id, sensitive)


# --- entered into KOTO-AJ ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Entered:
    """A record marked as entered into KOTO-AJ, and whether the laptop copy was purged."""

    entity: str
    uid: str
    purged: bool
    client_purged: bool
    files_deleted: int = 0
    """Export files in exports/ deleted because they held the purged records."""


def _current(store: Store, entity: str, local_id: int) -> tuple[int, RecordOut | None]:
    """The record's client and its current export form (None when it may not leave the laptop now)."""
    if entity == "interview":
        client_id = store.interviews.get(local_id).client_id
    else:
        client_id = store.plans.get(local_id).client_id
    out = build_client(store, client_id, settings.export_sensitive(store), clock.today())
    kind = "assessment" if entity == "interview" else "plan"
    return client_id, next((r for r in out.records if r.entity == kind and r.local_id == local_id), None)


def mark_entered(store: Store, uid: str, entered_on: date | None = None) -> Entered:
    """Mark an exported record as entered into KOTO-AJ; then purge or keep it per the retention setting."""
    ex = Exchange(store.session)
    found = [(e, i) for e in ("interview", "plan") if (i := ex.local_id(e, uid)) is not None]
    if not found:
        raise ExportRefused(_("there is no assessment or plan with the id {uid} here.").format(uid=uid))
    entity, local_id = found[0]
    client_id, record = _current(store, entity, local_id)
    last = ex.last_exports().get(uid)
    if last is None:
        raise ExportRefused(_("{uid} has not been exported yet: export it first.").format(uid=uid))
    if record is None or record.hash != last[0]:
        raise ExportRefused(_("{uid} has changed since it was exported: export it again first.").format(
            uid=uid))
    ex.mark_entered(entity, uid, last[0], entered_on or clock.today())
    if settings.retention(store) != "purge":
        return Entered(entity, uid, False, False)
    client_key = ex.key("client", client_id)
    if entity == "interview":
        for plan in store.plans.for_client(client_id):  # a plan keeps its assessment's id and routing
            link = uid if plan.interview_id == local_id else ex.uid("interview", plan.interview_id) if (
                plan.interview_id) else None
            ex.link("plan", plan.id, link, jobseeker_of(store, plan)[1])
        ex.purge_interview(local_id)
    else:
        ex.purge_plan(local_id)
    client_purged = ex.purge_client_if_empty(client_id)
    purged = [uid, client_key["uid"]] if client_purged and client_key else [uid]
    return Entered(entity, uid, True, client_purged, purge_export_files(store, purged))


def purge_export_files(store: Store, uids: list[str]) -> int:
    """Delete the files in exports/ that held any of *uids* (each with an audit entry); how many."""
    ex = Exchange(store.session)
    folder = store.paths.root / "exports"
    deleted = 0
    for name in ex.files_holding(uids):
        path = folder / name
        if path.is_file() and not path.is_symlink():
            with contextlib.suppress(OSError):
                path.unlink()
                deleted += 1
                with store.session.transaction():
                    store.session.audit("purge", "export", name, "held purged records")
    return deleted


def summary(result: ExportResult, dry_run: bool) -> str:
    """One line saying what an export wrote (or would write), with its counts, for the screen and the CLI."""
    documents = ngettext("{n} client document", "{n} client documents", result.documents).format(
        n=result.documents)
    records = ngettext("{n} record", "{n} records", len(result.records)).format(n=len(result.records))
    if result.path is not None:
        return _("Wrote {documents} ({records}) to {path}.").format(documents=documents, records=records,
                                                                   path=result.path)
    if dry_run:
        return _("Would export {documents} ({records}).").format(documents=documents, records=records)
    return _("Nothing to export: no record is new or changed.")
