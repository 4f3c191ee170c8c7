"""`koto import`: load an export made by another koto (the coordinator's, say) into this database.

Records are matched by uid. A record not here is created; one here with the same content is left alone
(importing a file twice creates nothing twice); one here that differs replaces the local copy only when
that copy has not changed since it was itself imported, otherwise it is reported as a conflict and
nothing is overwritten. Every value is first checked with the parsers typed input goes through
(``checking``); a file with any problem is refused whole, and the whole file is imported in one transaction
(all or nothing).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from koto_tui.exchange import schema
from koto_tui.exchange.checking import MAX_PROBLEMS, Checker, Problem, header_problems, plan_content
from koto_tui.exchange.conflicts import Reason
from koto_tui.exchange.document import (
    assessment_record,
    client_block,
    content_hash,
    jobseeker_of,
    plan_record,
)
from koto_tui.exchange.reading import ExportJson, ReadRefused, parse_json
from koto_tui.exchange.schema import FORMAT, document_problems, problems
from koto_tui.exchange.seal import SealError
from koto_tui.exchange.trust import Opened, unwrap
from koto_tui.exchange.trust import own_private_key as own_private_key  # its earlier home; still imported
from koto_tui.i18n import _, ngettext
from koto_tui.model import ClientData, Consent, IdentityKind
from koto_tui.plans import PlanContent, content_to_json
from koto_tui.rules.plan import months_between
from koto_tui.store import Store, writes
from koto_tui.store.exchange import Exchange, ImportConflict, ImportedInterview, ImportedPlan
from koto_tui.store.senders import TrustedSender
from koto_tui.workflow import register_shipped_forms

CREATED, UPDATED, UNCHANGED, CONFLICT = "created", "updated", "unchanged", "conflict"
#: The audit trail's action for a refused import (koto_tui.audit.names).
REFUSED_ACTION = "import_refused"
#: The most problems a refusal lists (all of them are counted).
SHOWN_PROBLEMS = 20
#: The documents whose new rows wait in the batch before they are written together.
FLUSH_EVERY = 250


class ImportRefused(Exception):
    """The file cannot be imported at all; the message says why (never with client data)."""


class ImportInvalid(ImportRefused):
    """Values of the file break the rules of typed input: nothing was imported; *problems* lists them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        head = ngettext("the file was refused for {n} problem; nothing was imported:",
                        "the file was refused for {n} problems; nothing was imported:", len(problems))
        lines = [f"  - {problem}" for problem in problems[:SHOWN_PROBLEMS]]
        if len(problems) > SHOWN_PROBLEMS:
            lines.append("  " + _("… and {n} more.").format(n=len(problems) - SHOWN_PROBLEMS))
        super().__init__("\n".join([head.format(n=len(problems)), *lines]))


@dataclass(frozen=True)
class Outcome:
    """What happened to one record of the file."""

    entity: str
    uid: str
    document_id: str
    action: str
    message: str = ""
    reason: Reason | None = None
    """Why a conflict was left as it was (the code kept in the store)."""
    client_id: int | None = None
    """The local client a conflict concerns: whose copy here was left as it was, or with whom to compare."""

    def conflict(self) -> ImportConflict | None:
        """The conflict as the store keeps it (None for any other outcome)."""
        if self.action != CONFLICT or self.reason is None or self.client_id is None:
            return None
        return ImportConflict(self.client_id, self.entity,
                              self.uid if self.entity == "client" else self.document_id, str(self.reason))


@dataclass
class ImportResult:
    """Every record's outcome, and the counts."""

    outcomes: list[Outcome] = field(default_factory=list)
    import_id: int | None = None
    sender: str = ""
    """The trusted sender who signed the file, and their fingerprint."""
    sender_fingerprint: str = ""

    def count(self, action: str) -> int:
        """How many records had *action*."""
        return sum(o.action == action for o in self.outcomes)

    def conflicts(self) -> list[ImportConflict]:
        """Every conflict as the store keeps it, in the order they were met."""
        return [c for o in self.outcomes if (c := o.conflict()) is not None]


# --- reading the file --------------------------------------------------------------------------------

def read_export(store: Store, data: bytes) -> dict[str, Any]:
    """The whole export in *data* (opened and its signature checked), checked against the schema: for
    small files (a test, the demo); an import reads its documents one at a time (``open_export``)."""
    content = _parsed(bytes(opened(store, data).payload))
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        raise ImportRefused(_("the file is not a koto export."))
    found = problems(content)
    if found:
        raise ImportRefused(_schema_refusal(found[0]))
    return content


def opened(store: Store, data: bytes) -> Opened:
    """*data* opened with this database's key when sealed, its signer checked against the trusted senders."""
    try:
        return unwrap(store, data)
    except SealError as exc:
        raise ImportRefused(str(exc)) from None


def open_export(payload: bytes | memoryview) -> ExportJson:
    """The export's JSON checked within the limits of ``reading``, its top-level fields against the schema;
    its documents are read (and checked) one at a time."""
    try:
        export = ExportJson(payload)
    except ReadRefused as exc:
        raise ImportRefused(str(exc)) from None
    if export.header.get("format") != FORMAT:
        raise ImportRefused(_("the file is not a koto export."))
    found = schema.header_problems(export.header)
    if found:
        raise ImportRefused(_schema_refusal(found[0]))
    return export


def checked_documents(export: ExportJson) -> Iterator[dict[str, Any]]:
    """The export's documents, each checked against the schema first (ImportRefused at the first that
    breaks it, or when the file breaks a rule of ``reading``)."""
    try:
        for index, document in enumerate(export.documents()):
            found = document_problems(document, index)
            if found:
                raise ImportRefused(_schema_refusal(found[0]))
            yield document
    except ReadRefused as exc:
        raise ImportRefused(str(exc)) from None


def _schema_refusal(problem: str) -> str:
    return _("the file does not match the export format: {problem}").format(problem=problem)


def _parsed(data: bytes) -> Any:
    """The JSON in *data* read within the limits of ``reading``; ImportRefused naming the limit."""
    try:
        return parse_json(data)
    except ReadRefused as exc:
        raise ImportRefused(str(exc)) from None


def import_file(store: Store, data: bytes) -> ImportResult:
    """Import every client document of a signed export from a trusted sender: all of it, or nothing.

    The file is read once, a document at a time, inside one transaction: each document is checked and,
    while none has had a problem, written. A problem anywhere rolls everything back; the checks go on, so
    that the refusal (ImportInvalid) lists every problem. Refusals are recorded in the audit trail with the
    file's sha256 and the number of problems.
    """
    digest = hashlib.sha256(data).hexdigest()
    try:
        received = opened(store, data)
        export = open_export(received.payload)
        register_shipped_forms(store)
        try:
            return _import_all(store, export, digest, received.sender)
        except (KeyError, TypeError, ValueError) as exc:  # a value no check foresaw: still nothing written
            raise ImportRefused(_("the file could not be imported ({error}); nothing was written.").format(
                error=type(exc).__name__)) from None
    except ImportRefused as exc:
        log_refusal(store, digest, len(exc.problems) if isinstance(exc, ImportInvalid) else 1)
        raise


def _import_all(store: Store, export: ExportJson, digest: str, sender: TrustedSender) -> ImportResult:
    """Check and write every document, mark what arrived and log the import, in one transaction that an
    exception (ImportInvalid when any document had a problem) rolls back whole."""
    result = ImportResult(sender=sender.name, sender_fingerprint=sender.fingerprint)
    checker, found = Checker(store), header_problems(export.header)
    with store.session.bulk() as db:
        importer = _Importer(store, _codes(store), checker.contents, writes.Batch(db))
        for document in checked_documents(export):
            found += checker.document(document, export.plain)
            if len(found) >= MAX_PROBLEMS:
                break
            if not found:
                result.outcomes += importer.run(document, export.floats)
        if found:
            raise ImportInvalid(found[:MAX_PROBLEMS])
        importer.flush()
        _mark_arrived(store, result, sender.name, importer.known)
        result.import_id = Exchange(store.session).record_import(
            digest, result.count(CREATED), result.count(UPDATED), result.count(UNCHANGED),
            result.conflicts(), sender=(sender.name, sender.fingerprint))
    return result


def _codes(store: Store) -> dict[str, int]:
    """Identity code → the first client here with it (one query, not one scan per new client)."""
    codes: dict[str, int] = {}
    for client in store.clients.search("", limit=-1, include_restricted=True):  # never a duplicate
        if client.identity_code:
            codes.setdefault(client.identity_code, client.id)
    return codes


def _mark_arrived(store: Store, result: ImportResult, sender: str,
                  known: Mapping[tuple[str, str], int]) -> None:
    """Mark the approvals, returns and signatures of the plans written now as made at *sender*'s laptop
    (*known*: the local id of each record by (entity, uid))."""
    written = [o.uid for o in result.outcomes if o.entity == "plan" and o.action in (CREATED, UPDATED)]
    plans = [i for uid in written if (i := known.get(("plan", uid))) is not None]
    Exchange(store.session).mark_events_via(plans, sender)


def log_refusal(store: Store, digest: str, problems: int) -> None:
    """Record a refused import in the audit trail: the file's sha256 and the count, no client data."""
    with store.session.transaction():
        store.session.audit(REFUSED_ACTION, "import", digest[:16], f"sha256 {digest}, problems {problems}")


# --- one client document -----------------------------------------------------------------------------

def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def client_data(block: dict[str, Any]) -> ClientData:
    """The client's details from a document's client block."""
    ident, langs, address = block["identification"], block["languages"], block["address"] or {}
    return ClientData(
        family_name=block["family_name"], given_names=block["given_names"],
        birth_date=_day(block["birth_date"]), id_kind=IdentityKind(ident["kind"]),
        identity_code=ident["code"], id_country=ident["country"], native_language=langs["native"],
        communication_language=langs["communication"], interpreter_needed=langs["interpreter_needed"],
        interpreter_language=langs["interpreter_language"], phone=block["phone"],
        street_address=address.get("street", ""), postal_code=address.get("postal_code", ""),
        post_office=address.get("post_office", ""), address_nondisclosure=block["address_nondisclosure"])


class _Importer:
    """Imports one client document (inside the caller's transaction)."""

    def __init__(self, store: Store, codes: dict[str, int], contents: Mapping[int, PlanContent] | None = None,
                 batch: writes.Batch | None = None) -> None:
        self.store = store
        self.batch = batch
        """The rows of new records, written together (``flush``) before anything reads or changes others."""
        self.documents = 0
        self.contents = contents if contents is not None else {}
        """Plan contents the checks read from this document's versions (by id()), not read again."""
        self.codes = codes
        """Identity code → the first client here with it, kept up to date by this import."""
        self.ex = Exchange(store.session)
        self.known = self.ex.local_ids()
        """The local id of every record here by (entity, uid), those this import creates included."""
        self.forms: dict[tuple[str, str], bool] = {}
        """Whether this koto has each form version the file's assessments were made with."""
        self.doc: dict[str, Any] = {}
        self.outcomes: list[Outcome] = []
        self.floats = True
        self.owners: dict[int, int] = {}
        """The client of each assessment this import wrote, by local id (a plan's link is checked with it)."""

    def run(self, document: dict[str, Any], floats: bool = True) -> list[Outcome]:
        """One document: the client first (a conflicting new client stops it), then their records; *floats*
        False when the document is known to hold no float (its hashes are then quicker to take)."""
        self.doc, self.outcomes, self.floats = document, [], floats
        self.documents += 1
        if self.documents % FLUSH_EVERY == 0:  # the rows waiting stay a few megabytes
            self.flush()
        client_id = self._client()
        if client_id is None:
            return self.outcomes
        for record in self.doc["assessments"]:
            self._assessment(client_id, record)
        for record in self.doc["plans"]:
            self._plan(client_id, record)
        return self.outcomes

    def flush(self) -> None:
        """Write the rows waiting in the batch."""
        if self.batch is not None:
            self.batch.flush()

    def _here(self, entity: str, uid: str) -> int | None:
        """The local id of the record with *uid*; the batch is written first when the record is here (or
        was created by this import), since the steps for a record here read and change rows."""
        local_id = self.known.get((entity, uid))
        if local_id is not None:
            self.flush()
        return local_id

    def _created(self, entity: str, uid: str, local_id: int,
                 batch: writes.Batch | None) -> writes.Batch | None:
        """Note a record written now (its rows waiting in *batch*, when one is given); *batch*, to pass on."""
        self.known[entity, uid] = local_id
        return batch

    def _say(self, entity: str, uid: str, doc: str, action: str, message: str = "") -> None:
        self.outcomes.append(Outcome(entity, uid, doc, action, message))

    def _conflicted(self, entity: str, uid: str, doc: str, message: str, reason: Reason,
                  client_id: int) -> None:
        """A record left as it was: why (*reason*, kept with the import) and the local client it concerns."""
        self.outcomes.append(Outcome(entity, uid, doc, CONFLICT, message, reason, client_id))

    def _decide(self, entity: str, local_id: int, local_hash: str, incoming_hash: str) -> str:
        """Unchanged, updated (the local copy is as it was imported) or conflict."""
        if local_hash == incoming_hash:
            return UNCHANGED
        key = self.ex.key(entity, local_id)
        return UPDATED if key and key["imported_hash"] == local_hash else CONFLICT

    # --- the client ---

    def _client(self) -> int | None:
        uid, block = self.doc["uid"], self.doc["client"]
        incoming = content_hash(block, self.floats)
        local_id = self._here("client", uid)
        if local_id is None:
            return self._new_client(uid, block, incoming)
        local = client_block(self.store, self.store.clients.get(local_id))
        action = self._decide("client", local_id, content_hash(local), incoming)
        code = block["identification"]["code"]
        if action == UPDATED and code and self.codes.get(code, local_id) != local_id:
            # the new code is another client's here: the store would refuse it
            self._conflicted("client", uid, str(local_id), _(
                "The client's new identity code is client {id}'s here: nothing was overwritten; "
                "check whether they are the same person.").format(id=self.codes[code]),
                Reason.IDENTITY_CODE_TAKEN, local_id)
            return local_id
        if action == CONFLICT:
            self._conflicted("client", uid, str(local_id), _(
                "The client's details or consents differ from the copy here, which was changed after it "
                "arrived: nothing was overwritten; compare them and correct by hand."),
                Reason.CLIENT_CHANGED_HERE, local_id)
            return local_id
        if action == UPDATED:
            self._write_client(local_id, block)
            self.ex.remember("client", local_id, uid, incoming)
        self._say("client", uid, str(local_id), action)
        return local_id

    def _new_client(self, uid: str, block: dict[str, Any], incoming: str) -> int | None:
        code = block["identification"]["code"]
        same = self.codes.get(code) if code else None
        if same is not None:
            self._conflicted("client", uid, str(same), _(
                "Client {id} here has the same identity code but did not come from this export: nothing of "
                "this client was imported; check whether they are the same person.").format(id=same),
                Reason.SAME_IDENTITY_CODE, same)
            return None
        if self.batch is None:
            client_id = self.store.clients.add(client_data(block))
        else:
            client_id = self.store.clients.add_imported(client_data(block), self.batch)
        if code:
            self.codes.setdefault(code, client_id)
        self._add_consents(client_id, block)
        self.ex.remember("client", client_id, uid, incoming,
                         batch=self._created("client", uid, client_id, self.batch))
        self._say("client", uid, str(client_id), CREATED)
        return client_id

    def _write_client(self, client_id: int, block: dict[str, Any]) -> None:
        before = self.store.clients.get(client_id).data.identity_code
        if self.codes.get(before) == client_id:
            del self.codes[before]
        self.store.clients.update(client_id, client_data(block))
        if block["identification"]["code"]:
            self.codes.setdefault(block["identification"]["code"], client_id)
        self.ex.delete_consents(client_id)
        self._add_consents(client_id, block)

    def _add_consents(self, client_id: int, block: dict[str, Any]) -> None:
        for c in block["consents"]:
            self.store.record.add_consent(Consent(
                0, client_id, c["party"], c["given"], date.fromisoformat(c["decided_on"]), c["how"],
                c["scope"], _day(c["withdrawn_on"])), self.batch)

    # --- assessments ---

    def _assessment(self, client_id: int, record: dict[str, Any]) -> None:
        uid, doc = record["uid"], record["document_id"]
        form = record["form"]
        if not self._have_form(form["id"], form["version"]):
            self._conflicted("assessment", uid, doc, _(
                "{doc} was made with the form {form} version {version}, which this koto does not have: "
                "update koto and import again.").format(doc=doc, form=form["id"], version=form["version"]),
                Reason.FORM_VERSION_MISSING, client_id)
            return
        incoming = content_hash(record, self.floats)
        local_id = self._here("interview", uid)
        action = CREATED
        if local_id is not None:
            interview = self.store.interviews.get(local_id)
            if interview.client_id != client_id:
                self._conflicted("assessment", uid, doc, _other_client(doc, interview.client_id),
                               Reason.RECORD_OF_OTHER_CLIENT, interview.client_id)
                return
            local, _left = assessment_record(self.store, interview, record["sensitive_answers_included"])
            action = self._decide("interview", local_id, content_hash(local), incoming)
        if action in (CREATED, UPDATED):
            batch = self.batch if local_id is None else None
            new_id = self.ex.write_interview(self._interview(client_id, record), local_id, batch)
            self.ex.remember("interview", new_id, uid, incoming, document_id=doc,
                             batch=self._created("interview", uid, new_id, batch))
            self.owners[new_id] = client_id
        self._record_outcome("assessment", uid, doc, action, client_id)

    def _record_outcome(self, entity: str, uid: str, doc: str, action: str, client_id: int) -> None:
        """Say what happened to a record of the client; a conflict: the copy here was changed."""
        if action == CONFLICT:
            self._conflicted(entity, uid, doc, _conflict(doc), Reason.RECORD_CHANGED_HERE, client_id)
        else:
            self._say(entity, uid, doc, action)

    def _have_form(self, form_id: str, version: str) -> bool:
        if (form_id, version) not in self.forms:
            try:
                self.store.interviews.form_source(form_id, version)
                self.forms[form_id, version] = True
            except KeyError:
                self.forms[form_id, version] = False
        return self.forms[form_id, version]

    def _interview(self, client_id: int, r: dict[str, Any]) -> ImportedInterview:
        author = r["authors"][0]
        return ImportedInterview(
            client_id=client_id, form_id=r["form"]["id"], form_version=r["form"]["version"],
            interview_date=date.fromisoformat(r["date"]), counsellor_name=author["name"],
            counsellor_title=author["title"],
            answers={a["question"]: a["value"] for s in r["content"] for a in s["answers"]},
            result=r["eligibility"], amendments=tuple(r["amendments"]), sessions=tuple(r["interpreting"]),
            participants=tuple(r["participants"]))

    # --- plans ---

    def _plan(self, client_id: int, record: dict[str, Any]) -> None:
        uid, doc = record["uid"], record["document_id"]
        _derive_months(record)
        incoming = content_hash(record, self.floats)
        local_id = self._here("plan", uid)
        action = CREATED
        if local_id is not None:
            plan = self.store.plans.get(local_id)
            if plan.client_id != client_id:
                self._conflicted("plan", uid, doc, _other_client(doc, plan.client_id),
                               Reason.RECORD_OF_OTHER_CLIENT, plan.client_id)
                return
            local = plan_record(self.store, plan, jobseeker_of(self.store, plan)[1])
            action = self._decide("plan", local_id, content_hash(local), incoming)
        if action in (CREATED, UPDATED):
            link = record["assessment_uid"]
            interview_id = self._linked(link)
            if interview_id is not None and self._owner(interview_id) != client_id:
                self._conflicted("plan", uid, doc, _linked_elsewhere(doc), Reason.LINK_TO_OTHER_CLIENT,
                               client_id)
                return
            batch = self.batch if local_id is None else None
            new_id = self.ex.write_plan(self._plan_rows(client_id, interview_id, record), local_id, batch)
            self.ex.remember("plan", new_id, uid, incoming, link_uid=link, document_id=doc,
                             routing=record["routing"],
                             batch=self._created("plan", uid, new_id, batch))
        self._record_outcome("plan", uid, doc, action, client_id)

    def _linked(self, link: str | None) -> int | None:
        """The local id of the assessment a plan links to (one created by this import too), or None."""
        if not link:
            return None
        return self.known.get(("interview", link))

    def _owner(self, interview_id: int) -> int | None:
        """The client of an assessment here: one this import wrote, else as the store has it."""
        owner = self.owners.get(interview_id)
        return owner if owner is not None else self.ex.interview_client(interview_id)

    def _plan_rows(self, client_id: int, interview_id: int | None, r: dict[str, Any]) -> ImportedPlan:
        ended = r["ended"]
        return ImportedPlan(
            client_id=client_id, interview_id=interview_id, first_plan=r["first_plan"],
            earlier_months=r["earlier_months"], created_at=r["created_at"],
            ended_on=_day(ended["on"]) if ended else None, end_reason=ended["reason"] if ended else "",
            versions=tuple({"number": v["number"], "content": content_of(v, self.contents),
                            "reason": v["reason"],
                            "created_at": v["created_at"], "created_by_name": v["created_by"],
                            "events": [_event(e) for e in v["events"]]} for v in r["versions"]),
            reviews=tuple({"version": x["version"], "review_date": x["review_date"],
                           "participants": x["participants"], "changes": x["changes"],
                           "next_review": x["next_review"], "recorded_at": x["recorded_at"],
                           "recorded_by_name": x["recorded_by"]} for x in r["reviews"]))


def content_of(version: dict[str, Any], known: Mapping[int, PlanContent] | None = None) -> str:
    """The stored content JSON of a plan version (as ``plans.content_to_json`` writes it); *known* holds
    the contents the checks already read, by the version's id()."""
    content = (known or {}).get(id(version))
    return content_to_json(content if content is not None else plan_content(version))


def _derive_months(record: dict[str, Any]) -> None:
    """Set each version's ``period.months`` from its start and end, as the stored plan derives it (the file's
    figure is not used for anything, so it is not trusted either: the record's hash holds the derived one)."""
    for version in record["versions"]:
        period = version["period"]
        start, end = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
        period["months"] = months_between(start, end)


def _event(e: dict[str, Any]) -> dict[str, Any]:
    return {"kind": e["kind"], "at": e["at"], "user_name": e["by"], "user_title": e["title"],
            "on_date": e["on"], "text": e["text"]}


def _conflict(doc: str) -> str:
    return _("{doc} differs from the copy here, which was changed after it arrived (or was made here): "
             "nothing was overwritten; compare them and correct by hand.").format(doc=doc)


def _linked_elsewhere(doc: str) -> str:
    return _("{doc} refers to an assessment that is another client's here: nothing was written; check which "
             "client the plan and the assessment belong to.").format(doc=doc)


def _other_client(doc: str, client_id: int) -> str:
    return _("{doc} is client {id}'s here but another client's in the file: nothing was moved or "
             "overwritten; check which client it belongs to.").format(doc=doc, id=client_id)
