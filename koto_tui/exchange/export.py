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
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from koto_tui import clock
from koto_tui.exchange import holdback, settings
from koto_tui.exchange.document import ClientOut, RecordOut, build_client, jobseeker_of
from koto_tui.exchange.holdback import HeldBack
from koto_tui.exchange.schema import (
    DOCUMENTS,
    FORMAT,
    FORMAT_VERSION,
    conforms,
    document_problems,
    header_problems,
)
from koto_tui.exchange.seal import fingerprint, normalise_public_key
from koto_tui.exchange.signing import header_line
from koto_tui.exchange.trust import KeyUnusable, own_signing_key, signing_key_problem
from koto_tui.exchange.writing import Payload, write_export
from koto_tui.i18n import _, format_number, ngettext
from koto_tui.municipality import shipped_municipality
from koto_tui.store import Store
from koto_tui.store.exchange import UNSEALED, Exchange, LoggedRecord, Receiver, UidBook


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
class Exported:
    """A record that leaves (or would leave) the laptop, without its content."""

    entity: str
    local_id: int
    uid: str
    document_id: str
    record_system: str
    """Where it belongs: "koto_aj" or "employment_services" (KotoL 681/2023 § 14)."""
    hash: str

    @classmethod
    def of(cls, record: RecordOut) -> Exported:
        """The record's identity, destination and content hash."""
        return cls(record.entity, record.local_id, record.uid, record.document_id,
                   str(record.data["routing"]["record_system"]), record.hash)


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote (or would write) and what it held back, with the reasons."""

    path: Path | None
    sealed: bool
    documents: int
    records: tuple[Exported, ...]
    held_back: tuple[HeldBack, ...]
    export_id: int | None = None
    sensitive_included: bool = False
    would_refuse: tuple[str, ...] = ()
    """A dry run's: why the export itself would be refused now (none: it would be written)."""


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


@dataclass(frozen=True)
class ClientStep:
    """One client's part of an export: the document (None when nothing of theirs leaves), its records
    without their content, and what stays with the reasons."""

    client_id: int
    client_uid: str
    document: dict[str, Any] | None
    records: tuple[Exported, ...]
    held_back: tuple[HeldBack, ...]


def steps(store: Store, request: ExportRequest, book: UidBook) -> Iterator[ClientStep]:
    """Every client's step in id order (one client's when asked), built one at a time: only the clients
    with an assessment or a plan are built; the uids made for a client whose document is not written are
    forgotten."""
    sensitive, today, again = settings.export_sensitive(store), clock.today(), request.include_unchanged
    if request.client_id is not None and store.clients.is_restricted(request.client_id):  # GDPR art. 18
        raise ExportRefused(_("the client's processing is restricted: a restricted client is not exported."))
    last = Exchange(store.session).last_exports()
    for client_id, has_records, hidden in Exchange(store.session).export_candidates(request.client_id):
        if not has_records:
            if hidden:
                yield ClientStep(client_id, "", None, (), (
                    HeldBack(client_id, "client", client_id, "", *holdback.address_note(client_id)),))
            continue
        mark = book.mark()
        out = _pending(build_client(store, client_id, sensitive, today, book), last, again)
        if not out.records:
            book.forget(mark)
        yield ClientStep(client_id, out.uid, out.document() if out.records else None,
                         tuple(Exported.of(r) for r in out.records), tuple(out.held_back))


def collect(store: Store, request: ExportRequest) -> list[ClientStep]:
    """Every client's step, all at once (writes nothing; for a small export or a test)."""
    return list(steps(store, request, UidBook(Exchange(store.session))))


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


def would_refuse(store: Store, request: ExportRequest) -> tuple[str, ...]:
    """Why the export asked for would be refused now, reading only (none: it would be written): what a dry
    run and the export screen's preview say beside what they list."""
    reasons = []
    try:
        _sealing_key(store, replace(request, dry_run=False))
    except ExportRefused as exc:
        reasons.append(str(exc))
    if (problem := signing_key_problem(store)) is not None:
        reasons.append(problem)
    return tuple(reasons)


def _signing_key(store: Store) -> str:
    """This laptop's signing key, read before anything is built; refused when it is stored but unusable."""
    try:
        return own_signing_key(store)
    except KeyUnusable as exc:
        raise ExportRefused(str(exc)) from None


def receiver(key: str | None) -> Receiver:
    """To whom a file sealed for *key* (None: unsealed) is disclosed: the key's fingerprint as the settings
    show it, and the receiving office named in the municipality's data."""
    if key is None:
        return Receiver(UNSEALED)
    return Receiver(fingerprint(key), shipped_municipality().receiving_office.strip() or None)


class _Gathered:
    """What the steps of an export add up to; with a payload, the documents serialised as they come."""

    def __init__(self, payload: Payload | None, header: dict[str, Any]) -> None:
        self.payload = payload
        self.header = header
        self.documents = 0
        self.records: list[Exported] = []
        self.held: list[HeldBack] = []
        self.logged: list[LoggedRecord] = []

    def add(self, step: ClientStep) -> None:
        """Count the step; validate and serialise its document when the file is to be written."""
        self.held += step.held_back
        if step.document is None:
            return
        self.documents += 1
        self.records += step.records
        if self.payload is not None:
            _check(self.header, step.document, self.documents - 1)
            self.payload.add(step.document)
            self.logged += [LoggedRecord(r.entity, r.uid, step.client_uid, r.hash) for r in step.records]


def _check(header: dict[str, Any], document: dict[str, Any], index: int) -> None:
    """Refuse a document (or header) that breaks the schema: a bug, not the user's doing, and never a file
    that breaks the published format. One compiled schema checks the header with each document."""
    if conforms({**header, DOCUMENTS: [document]}):
        return
    found = header_problems(header) or document_problems(document, index)
    raise ExportRefused(_("the export does not match its schema: {problem}").format(
        problem=found[0] if found else "?"))


def run_export(store: Store, request: ExportRequest) -> ExportResult:
    """Export the pending records: build, validate and serialise one client at a time; keep the new uids;
    sign, seal and write the file atomically; then log. A dry run writes nothing at all."""
    key = _sealing_key(store, request)
    signer = "" if request.dry_run else _signing_key(store)  # a dry run never signs (nor makes a key)
    sensitive = settings.export_sensitive(store)
    book = UidBook(Exchange(store.session))
    header = {k: v for k, v in envelope(store, []).items() if k != DOCUMENTS}
    gathered = _Gathered(None if request.dry_run else Payload(header), header)
    for step in steps(store, request, book):
        gathered.add(step)
    records, held = tuple(gathered.records), tuple(gathered.held)
    if gathered.payload is None or not gathered.documents:
        return ExportResult(None, key is not None, gathered.documents, records, held,
                            sensitive_included=sensitive,
                            would_refuse=would_refuse(store, request) if request.dry_run else ())
    payload = gathered.payload
    payload.finish()
    book.keep()  # before the file: a file never holds a uid this laptop would not give the record again
    first = header_line(payload.size, payload.sha256, signer, key)
    path, digest = write_export(request.out or default_path(store, key is not None), first, payload, key)
    export_id = Exchange(store.session).record_export(path.name, digest, receiver(key), gathered.documents,
                                                      gathered.logged)
    return ExportResult(path, key is not None, gathered.documents, records, held, export_id, sensitive)


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
        n=format_number(result.documents))
    records = ngettext("{n} record", "{n} records", len(result.records)).format(
        n=format_number(len(result.records)))
    if result.path is not None:
        return _("Wrote {documents} ({records}) to {path}.").format(documents=documents, records=records,
                                                                   path=result.path)
    if dry_run:
        return _("Would export {documents} ({records}).").format(documents=documents, records=records)
    return _("Nothing to export: no record is new or changed.")
