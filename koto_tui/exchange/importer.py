"""`koto import`: load an export made by another koto (the coordinator's, say) into this database.

Records are matched by uid. A record not here is created; one here with the same content is left alone
(importing a file twice creates nothing twice); one here that differs replaces the local copy only when
that copy has not changed since it was itself imported, otherwise it is reported as a conflict and
nothing is overwritten. Each client document is imported in one transaction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from koto_tui.exchange.document import (
    assessment_record,
    client_block,
    content_hash,
    jobseeker_of,
    plan_record,
)
from koto_tui.exchange.schema import FORMAT, problems
from koto_tui.exchange.seal import SealError
from koto_tui.exchange.trust import Opened, unwrap
from koto_tui.exchange.trust import own_private_key as own_private_key  # its earlier home; still imported
from koto_tui.i18n import _
from koto_tui.model import ClientData, Consent, IdentityKind
from koto_tui.plans import PlanContent, content_to_json
from koto_tui.rules.plan import MeasureStatus
from koto_tui.store import Store
from koto_tui.store.exchange import Exchange, ImportedInterview, ImportedPlan
from koto_tui.workflow import register_shipped_forms

CREATED, UPDATED, UNCHANGED, CONFLICT = "created", "updated", "unchanged", "conflict"


class ImportRefused(Exception):
    """The file cannot be imported at all; the message says why (never with client data)."""


@dataclass(frozen=True)
class Outcome:
    """What happened to one record of the file."""

    entity: str
    uid: str
    document_id: str
    action: str
    message: str = ""


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


# --- reading the file --------------------------------------------------------------------------------

def read_export(store: Store, data: bytes) -> dict[str, Any]:
    """The export in *data* (opened and its signature checked), checked against the schema."""
    return parse_export(opened(store, data).payload)


def opened(store: Store, data: bytes) -> Opened:
    """*data* opened with this database's key when sealed, its signer checked against the trusted senders."""
    try:
        return unwrap(store, data)
    except SealError as exc:
        raise ImportRefused(str(exc)) from None


def parse_export(data: bytes) -> dict[str, Any]:
    """The export's JSON content, checked against the schema."""
    try:
        content = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ImportRefused(_("the file is not a koto export (it is not JSON).")) from None
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        raise ImportRefused(_("the file is not a koto export."))
    found = problems(content)
    if found:
        raise ImportRefused(_("the file does not match the export format: {problem}").format(
            problem=found[0]))
    return content


def import_file(store: Store, data: bytes) -> ImportResult:
    """Import every client document of a signed export file from a trusted sender (sealed or not)."""
    received = opened(store, data)
    content = parse_export(received.payload)
    register_shipped_forms(store)
    result = ImportResult(sender=received.sender.name, sender_fingerprint=received.sender.fingerprint)
    for document in content["documents"]:
        with store.session.transaction():
            result.outcomes += _Importer(store, document).run()
    _mark_arrived(store, result, received.sender.name)
    result.import_id = Exchange(store.session).record_import(
        hashlib.sha256(data).hexdigest(), result.count(CREATED), result.count(UPDATED),
        result.count(UNCHANGED), result.count(CONFLICT),
        sender=(received.sender.name, received.sender.fingerprint))
    return result


def _mark_arrived(store: Store, result: ImportResult, sender: str) -> None:
    """Mark the approvals, returns and signatures of the plans written now as made at *sender*'s laptop."""
    ex = Exchange(store.session)
    written = [o.uid for o in result.outcomes if o.entity == "plan" and o.action in (CREATED, UPDATED)]
    ex.mark_events_via([i for uid in written if (i := ex.local_id("plan", uid)) is not None], sender)


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

    def __init__(self, store: Store, document: dict[str, Any]) -> None:
        self.store = store
        self.doc = document
        self.ex = Exchange(store.session)
        self.outcomes: list[Outcome] = []

    def run(self) -> list[Outcome]:
        """The client first (a conflicting new client stops the document), then their records."""
        client_id = self._client()
        if client_id is None:
            return self.outcomes
        for record in self.doc["assessments"]:
            self._assessment(client_id, record)
        for record in self.doc["plans"]:
            self._plan(client_id, record)
        return self.outcomes

    def _say(self, entity: str, uid: str, doc: str, action: str, message: str = "") -> None:
        self.outcomes.append(Outcome(entity, uid, doc, action, message))

    def _decide(self, entity: str, local_id: int, local_hash: str, incoming_hash: str) -> str:
        """Unchanged, updated (the local copy is as it was imported) or conflict."""
        if local_hash == incoming_hash:
            return UNCHANGED
        key = self.ex.key(entity, local_id)
        return UPDATED if key and key["imported_hash"] == local_hash else CONFLICT

    # --- the client ---

    def _client(self) -> int | None:
        uid, block = self.doc["uid"], self.doc["client"]
        incoming = content_hash(block)
        local_id = self.ex.local_id("client", uid)
        if local_id is None:
            return self._new_client(uid, block, incoming)
        local = client_block(self.store, self.store.clients.get(local_id))
        action = self._decide("client", local_id, content_hash(local), incoming)
        message = ""
        if action == UPDATED:
            self._write_client(local_id, block)
            self.ex.remember("client", local_id, uid, incoming)
        elif action == CONFLICT:
            message = _("The client's details or consents differ from the copy here, which was changed "
                        "after it arrived: nothing was overwritten; compare them and correct by hand.")
        self._say("client", uid, str(local_id), action, message)
        return local_id

    def _new_client(self, uid: str, block: dict[str, Any], incoming: str) -> int | None:
        code = block["identification"]["code"]
        same = [c for c in self.store.clients.search(code) if code and c.identity_code == code]
        if same:
            self._say("client", uid, str(same[0].id), CONFLICT, _(
                "Client {id} here has the same identity code but did not come from this export: nothing of "
                "this client was imported; check whether they are the same person.").format(id=same[0].id))
            return None
        client_id = self.store.clients.add(client_data(block))
        self._add_consents(client_id, block)
        self.ex.remember("client", client_id, uid, incoming)
        self._say("client", uid, str(client_id), CREATED)
        return client_id

    def _write_client(self, client_id: int, block: dict[str, Any]) -> None:
        self.store.clients.update(client_id, client_data(block))
        self.ex.delete_consents(client_id)
        self._add_consents(client_id, block)

    def _add_consents(self, client_id: int, block: dict[str, Any]) -> None:
        for c in block["consents"]:
            self.store.record.add_consent(Consent(
                0, client_id, c["party"], c["given"], date.fromisoformat(c["decided_on"]), c["how"],
                c["scope"], _day(c["withdrawn_on"])))

    # --- assessments ---

    def _assessment(self, client_id: int, record: dict[str, Any]) -> None:
        uid, doc = record["uid"], record["document_id"]
        form = record["form"]
        try:
            self.store.interviews.form_source(form["id"], form["version"])
        except KeyError:
            self._say("assessment", uid, doc, CONFLICT, _(
                "{doc} was made with the form {form} version {version}, which this koto does not have: "
                "update koto and import again.").format(doc=doc, form=form["id"], version=form["version"]))
            return
        incoming = content_hash(record)
        local_id = self.ex.local_id("interview", uid)
        action = CREATED
        if local_id is not None:
            interview = self.store.interviews.get(local_id)
            local, _left = assessment_record(self.store, interview, record["sensitive_answers_included"])
            action = self._decide("interview", local_id, content_hash(local), incoming)
        if action in (CREATED, UPDATED):
            new_id = self.ex.write_interview(self._interview(client_id, record), local_id)
            self.ex.remember("interview", new_id, uid, incoming, document_id=doc)
        self._say("assessment", uid, doc, action, _conflict(doc) if action == CONFLICT else "")

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
        incoming = content_hash(record)
        local_id = self.ex.local_id("plan", uid)
        action = CREATED
        if local_id is not None:
            plan = self.store.plans.get(local_id)
            local = plan_record(self.store, plan, jobseeker_of(self.store, plan)[1])
            action = self._decide("plan", local_id, content_hash(local), incoming)
        if action in (CREATED, UPDATED):
            link = record["assessment_uid"]
            interview_id = self.ex.local_id("interview", link) if link else None
            new_id = self.ex.write_plan(self._plan_rows(client_id, interview_id, record), local_id)
            self.ex.remember("plan", new_id, uid, incoming, link_uid=link, document_id=doc,
                             routing=record["routing"])
        self._say("plan", uid, doc, action, _conflict(doc) if action == CONFLICT else "")

    def _plan_rows(self, client_id: int, interview_id: int | None, r: dict[str, Any]) -> ImportedPlan:
        ended = r["ended"]
        return ImportedPlan(
            client_id=client_id, interview_id=interview_id, first_plan=r["first_plan"],
            earlier_months=r["earlier_months"], created_at=r["created_at"],
            ended_on=_day(ended["on"]) if ended else None, end_reason=ended["reason"] if ended else "",
            versions=tuple({"number": v["number"], "content": _content(v), "reason": v["reason"],
                            "created_at": v["created_at"], "created_by_name": v["created_by"],
                            "events": [_event(e) for e in v["events"]]} for v in r["versions"]),
            reviews=tuple({"version": x["version"], "review_date": x["review_date"],
                           "participants": x["participants"], "changes": x["changes"],
                           "next_review": x["next_review"], "recorded_at": x["recorded_at"],
                           "recorded_by_name": x["recorded_by"]} for x in r["reviews"]))


def _content(version: dict[str, Any]) -> str:
    """The stored content JSON of a plan version (as ``plans.content_to_json`` writes it)."""
    from koto_tui.plans import content_from_json

    raw = {"start": version["period"]["start"], "end": version["period"]["end"], "goals": version["goals"],
           "measures": [{**m, "status": m["status"] or str(MeasureStatus.PLANNED)}
                        for m in version["measures"]],
           "review_date": version["planned_review_date"], "follow_up": version["follow_up"],
           "other_content": version["other_content"]}
    content: PlanContent = content_from_json(json.dumps(raw, ensure_ascii=False))
    return content_to_json(content)


def _event(e: dict[str, Any]) -> dict[str, Any]:
    return {"kind": e["kind"], "at": e["at"], "user_name": e["by"], "user_title": e["title"],
            "on_date": e["on"], "text": e["text"]}


def _conflict(doc: str) -> str:
    return _("{doc} differs from the copy here, which was changed after it arrived (or was made here): "
             "nothing was overwritten; compare them and correct by hand.").format(doc=doc)
