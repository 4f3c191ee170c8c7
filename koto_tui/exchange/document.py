"""One export document per client: identity, assessments (decree 874/2024 § 1), plans (§§ 2–3).

A document holds only what may leave the laptop (``holdback``); what stays is returned beside it with the
reason. Every record carries a uid that stays the same on every laptop it reaches, and a content hash over
its canonical JSON, so that an unchanged record is recognised (export log, import).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import msgspec

from koto_tui.assessment import eligibility_of, result_record
from koto_tui.engine import AnswerContext, Form, Question, Scope, display_answer
from koto_tui.exchange import holdback
from koto_tui.exchange.holdback import HeldBack, Reason
from koto_tui.model import Client, Interview
from koto_tui.plans import Plan, PlanContent, PlanEvent, PlanVersion, content_to_json
from koto_tui.rules.eligibility import RecordSystem, Responsible
from koto_tui.rules.plan import months_between
from koto_tui.rules.plan_lifecycle import status, version_status
from koto_tui.store import Store
from koto_tui.store.exchange import Exchange, Uids
from koto_tui.workflow import form_of

#: The language of the human-readable texts in the document (labels, answers as text).
TEXT_LANGUAGE = "fi"
#: Source questions of the assessment form: "source_<section id>" (decree 874/2024 § 1).
SOURCE_PREFIX = "source_"


def canonical(value: object) -> bytes:
    """The canonical JSON of *value* (sorted keys, no spaces, UTF-8): what hashes are taken over."""
    return _CANONICAL(value).encode("utf-8")


#: One encoder for every hash (``json.dumps`` with options builds a new encoder on each call).
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode
#: The same bytes for a value without floats, ten times faster (msgspec writes floats otherwise: 1e16).
_FAST = msgspec.json.Encoder(order="sorted").encode


def content_hash(value: object, floats: bool = True) -> str:
    """SHA-256 of the canonical JSON of *value*; *floats* False (parsed JSON known to hold no float) lets
    msgspec write the same bytes."""
    return hashlib.sha256(canonical(value) if floats else _FAST(value)).hexdigest()


@dataclass(frozen=True)
class RecordOut:
    """An assessment or a plan as it goes into a document."""

    entity: str
    local_id: int
    uid: str
    document_id: str
    data: dict[str, Any]

    @property
    def hash(self) -> str:
        """The content hash of the record."""
        return content_hash(self.data)


@dataclass
class ClientOut:
    """What one client's document would hold, and what stays."""

    client_id: int
    uid: str
    client: dict[str, Any]
    records: list[RecordOut] = field(default_factory=list)
    held_back: list[HeldBack] = field(default_factory=list)

    def document(self) -> dict[str, Any]:
        """The client's export document."""
        return {"uid": self.uid, "client": self.client,
                "assessments": [r.data for r in self.records if r.entity == "assessment"],
                "plans": [r.data for r in self.records if r.entity == "plan"]}


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- the client --------------------------------------------------------------------------------------

def client_block(store: Store, client: Client) -> dict[str, Any]:
    """Identity, languages, contact (never an address under non-disclosure) and consents."""
    d = client.data
    address = None if d.address_nondisclosure else {
        "street": d.street_address, "postal_code": d.postal_code, "post_office": d.post_office}
    return {
        "family_name": d.family_name, "given_names": d.given_names, "birth_date": _day(d.birth_date),
        "identification": {"kind": str(d.id_kind), "code": d.identity_code, "country": d.id_country},
        "languages": {"native": d.native_language, "communication": d.communication_language,
                      "interpreter_needed": d.interpreter_needed,
                      "interpreter_language": d.interpreter_language},
        "phone": d.phone, "address": address, "address_nondisclosure": d.address_nondisclosure,
        "consents": [{"party": c.party, "given": c.given, "decided_on": c.decided_on.isoformat(),
                      "how": c.how, "scope": c.scope, "withdrawn_on": _day(c.withdrawn_on)}
                     for c in store.record.consents(client.id)],
    }


# --- assessments -------------------------------------------------------------------------------------

def _entry_text(form: Form, entry: dict[str, Any]) -> str:
    parts = [(form.question(qid), value) for qid, value in entry.items()]
    return "; ".join(f"{q.label.get(TEXT_LANGUAGE)}: {display_answer(q, value, TEXT_LANGUAGE)}"
                     for q, value in parts)


def _group_value(scope: Scope, q: Question, sensitive: bool) -> tuple[list[dict[str, Any]], int]:
    entries: list[dict[str, Any]] = []
    left_out = 0
    raw = scope.answers.get(q.id)
    for entry in raw if isinstance(raw, list) else []:
        kept = {}
        for n in q.questions:
            if n.id not in entry:
                continue
            if scope.printable(n.id, sensitive, entry=entry):
                kept[n.id] = entry[n.id]
            elif _left_out(scope, n.id, sensitive, entry):
                left_out += 1
        entries.append(kept)
    return entries, left_out


def _left_out(scope: Scope, qid: str, sensitive: bool, entry: dict[str, Any] | None = None) -> bool:
    """Whether an answer that is not exported was left out only for being sensitive (printable would
    hold with sensitive answers included; asked only after the cheaper check failed)."""
    return not sensitive and scope.printable(qid, True, entry=entry)


def answer_sections(form: Form, answers: dict[str, object], context: AnswerContext,
                    sensitive: bool) -> tuple[list[dict[str, Any]], int]:
    """The exported answers by section (shown and answered; sensitive ones only when allowed).

    Returns the sections and how many sensitive answers were left out.
    """
    sections, left_out = [], 0
    scope = form.scope(answers, context)  # each condition evaluated once for the whole walk
    for section in form.sections:
        items = []
        for q in section.questions:
            if not q.answerable:
                continue
            if not scope.printable(q.id, sensitive):
                left_out += _left_out(scope, q.id, sensitive)
                continue
            value: object
            if q.is_group:
                entries, dropped = _group_value(scope, q, sensitive)
                left_out += dropped
                value = entries
                text = "\n".join(f"{i}. {_entry_text(form, e)}" for i, e in enumerate(entries, 1))
            else:
                value, text = answers[q.id], display_answer(q, answers[q.id], TEXT_LANGUAGE)
            items.append({"question": q.id, "label": q.label.get(TEXT_LANGUAGE), "value": value,
                          "text": text})
        if items:
            sections.append({"section": section.id, "title": section.title.get(TEXT_LANGUAGE),
                             "answers": items})
    return sections, left_out


def _exported(sections: list[dict[str, Any]]) -> dict[str, Any]:
    return {item["question"]: item for s in sections for item in s["answers"]}


def _decree_fields(sections: list[dict[str, Any]]) -> dict[str, Any]:
    """Decree 874/2024 § 1: further measures, the planned plan date or other referral, the sources."""
    a = _exported(sections)

    def value(qid: str) -> Any:
        return a[qid]["value"] if qid in a else None

    def text(qid: str) -> str | None:
        return a[qid]["text"] if qid in a else None

    return {
        "further_measures": {"codes": value("further_measures") or [], "text": text("further_measures"),
                             "details": value("further_measures_details")},
        "plan_or_referral": {"plan_needed": value("plan_needed"), "reason": value("plan_needed_reason"),
                             "planned_plan_date": value("planned_plan_date"),
                             "other_referral": value("other_referral"),
                             "other_referral_date": value("other_referral_date")},
        "sources": [{"section": qid[len(SOURCE_PREFIX):], "codes": item["value"], "text": item["text"]}
                    for qid, item in a.items() if qid.startswith(SOURCE_PREFIX)],
    }


def routing(result: dict[str, Any] | None, answers: dict[str, object], on: date) -> dict[str, str]:
    """Who is responsible and where the record belongs (KotoL 681/2023 § 14), from the stored result."""
    data = result or result_record(eligibility_of(answers, on))
    return {"responsible": str(data["responsible"]), "record_system": str(data["record_system"])}


def assessment_record(store: Store, interview: Interview, sensitive: bool, uids: Uids | None = None,
                      answers: dict[str, object] | None = None) -> tuple[dict[str, Any], int]:
    """The assessment as exported, and the number of sensitive answers left out (uids from *uids*, else
    made durable at once; its *answers* when already read)."""
    form = form_of(store, interview)
    client = store.clients.get(interview.client_id).data
    answers = store.interviews.answers(interview.id) if answers is None else answers
    context = AnswerContext(today=interview.interview_date, client_birth_date=client.birth_date)
    sections, left_out = answer_sections(form, answers, context, sensitive)
    result = store.interviews.lifecycle.result(interview.id)
    ex = uids or Exchange(store.session)
    record = {
        "uid": ex.uid("interview", interview.id),
        "document_id": _document_id(ex, "interview", interview.id, interview.document_id),
        "routing": routing(result, answers, interview.interview_date),
        "form": {"id": interview.form_id, "version": interview.form_version},
        "date": interview.interview_date.isoformat(),
        "authors": [{"name": interview.counsellor_name, "title": interview.counsellor_title,
                     "role": "counsellor"}],
        "content": sections,
        **_decree_fields(sections),
        "sensitive_answers_included": sensitive,
        "eligibility": result,
        "amendments": [{"opened_at": a.opened_at, "user_name": a.user_name, "reason": a.reason,
                        "changed": list(a.changed), "closed_at": a.closed_at}
                       for a in store.interviews.lifecycle.amendments(interview.id)],
        "interpreting": [{"mode": s.mode, "language": s.language, "variant": s.variant,
                          "interpreter": s.interpreter, "agency": s.agency, "started_at": s.started_at,
                          "ended_at": s.ended_at, "fee_informed": s.fee_informed}
                         for s in store.record.sessions(interview.id)],
        "participants": [{"role": p.role, "name": p.name, "organisation": p.organisation}
                         for p in store.record.participants(interview.id)],
    }
    return record, left_out


def paper_id(store: Store, entity: str, local_id: int, local: str, uids: Uids | None = None) -> str:
    """The document id on the record's paper (the original one for a record imported from elsewhere)."""
    return _document_id(uids or Exchange(store.session), entity, local_id, local)


def _document_id(ex: Uids, entity: str, local_id: int, local: str) -> str:
    """The id printed on the record's paper: the original one for a record imported from elsewhere."""
    key = ex.key(entity, local_id)
    return str(key["document_id"]) if key and key["document_id"] else local


# --- plans -------------------------------------------------------------------------------------------

def _event(e: PlanEvent | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {"kind": str(e.kind), "at": e.at, "by": e.user_name, "title": e.user_title, "on": _day(e.on),
            "text": e.text}


def content_record(content: PlanContent) -> dict[str, Any]:
    """Decree 874/2024 § 2: the period and duration, goals, agreed measures and services, other content."""
    stored = json.loads(content_to_json(content))
    return {
        "period": {"start": stored["start"], "end": stored["end"],
                   "months": months_between(content.start, content.end)},
        "goals": stored["goals"], "measures": stored["measures"],
        "planned_review_date": stored["review_date"],
        "follow_up": stored["follow_up"], "other_content": stored["other_content"],
    }


def _version(plan: Plan, v: PlanVersion) -> dict[str, Any]:
    return {"number": v.number, "status": str(version_status(plan, v)), "reason": v.reason,
            "created_at": v.created_at, "created_by": v.created_by_name, **content_record(v.content),
            "approval": _event(v.approval), "signature": _event(v.signature),
            "events": [_event(e) for e in v.events]}


def exported_plan(plan: Plan) -> Plan:
    """The plan as it leaves the laptop: the versions up to its last approved or signed one."""
    last = max(v.number for v in plan.versions if v.locked)
    return replace(plan, versions=tuple(v for v in plan.versions if v.number <= last))


def plan_record(store: Store, plan: Plan, route: dict[str, str], uids: Uids | None = None) -> dict[str, Any]:
    """The plan as exported (decree 874/2024 §§ 2–3), with its approved or signed versions only."""
    ex = uids or Exchange(store.session)
    shown = exported_plan(plan)
    key = ex.key("plan", plan.id)
    assessment = ex.uid("interview", plan.interview_id) if plan.interview_id else (
        key["link_uid"] if key else None)
    current = shown.current
    return {
        "uid": ex.uid("plan", plan.id), "document_id": _document_id(ex, "plan", plan.id, plan.document_id),
        "routing": route, "assessment_uid": assessment,
        "first_plan": plan.first_plan, "earlier_months": plan.earlier_months, "created_at": plan.created_at,
        "status": str(status(shown)),
        "date": _day(_decided_on(current)),
        "authors": _plan_authors(current),
        "planned_review_date": _day(shown.next_review),
        "ended": {"on": _day(plan.ended_on), "reason": plan.end_reason} if plan.ended_on else None,
        "versions": [_version(shown, v) for v in shown.versions],
        "reviews": [{"version": r.version, "review_date": r.review_date.isoformat(),
                     "participants": r.participants, "changes": r.changes, "next_review": _day(r.next_review),
                     "recorded_by": r.recorded_by_name, "recorded_at": r.recorded_at} for r in plan.reviews],
    }


def _decided_on(version: PlanVersion) -> date | None:
    """The plan's date: the day the coordinator approved it, else the day the client signed it."""
    event = version.approval or version.signature
    return event.on if event else None


def _plan_authors(version: PlanVersion) -> list[dict[str, str]]:
    """Decree 874/2024 § 2: the counsellor who drew the version up and the coordinator who approved it."""
    authors = [{"name": version.created_by_name, "title": "", "role": "counsellor"}]
    if version.approval is not None:
        authors.append({"name": version.approval.user_name, "title": version.approval.user_title,
                        "role": "approver"})
    return authors


def jobseeker_of(store: Store, plan: Plan, uids: Uids | None = None) -> tuple[object, dict[str, str]]:
    """The jobseeker answer and routing for a plan: as imported, else from its assessment or the newest."""
    key = (uids or Exchange(store.session)).key("plan", plan.id)
    if key and key["routing"]:
        route = json.loads(key["routing"])
        return route["record_system"] == str(RecordSystem.EMPLOYMENT_SERVICES), route
    client_id, interview_id = plan.client_id, plan.interview_id
    interviews = store.interviews.for_client(client_id)
    chosen = [i for i in interviews if i.id == interview_id] or interviews
    if not chosen:
        return None, _route(None)
    answers = store.interviews.answers(chosen[0].id)
    value = answers.get("registered_jobseeker")
    return value, _route(value if isinstance(value, bool) else None)


def _route(jobseeker: bool | None) -> dict[str, str]:
    if jobseeker:
        return {"responsible": str(Responsible.EMPLOYMENT_AUTHORITY),
                "record_system": str(RecordSystem.EMPLOYMENT_SERVICES)}
    return {"responsible": str(Responsible.MUNICIPALITY), "record_system": str(RecordSystem.KOTO_AJ)}


# --- one client --------------------------------------------------------------------------------------

def build_client(store: Store, client_id: int, sensitive: bool, today: date,
                 uids: Uids | None = None) -> ClientOut:
    """Everything of one client that may leave the laptop, and what stays with the reasons (uids from
    *uids*: an export's book, which writes them only with the file; else made durable at once)."""
    ex = uids or Exchange(store.session)
    client = store.clients.get(client_id)
    out = ClientOut(client_id, ex.uid("client", client_id), client_block(store, client))
    consents = store.record.consents(client_id)
    if client.data.address_nondisclosure:
        out.held_back.append(_held(client_id, "client", client_id, "", holdback.address_note(client_id)))
    for interview in sorted(store.interviews.for_client(client_id), key=lambda i: i.id):
        _add_assessment(store, out, interview, consents, sensitive, today, ex)
    for plan in store.plans.for_client(client_id):
        _add_plan(store, out, plan, consents, today, ex)
    return out


def _held(client_id: int, entity: str, local_id: int, doc: str, why: tuple[Reason, str]) -> HeldBack:
    return HeldBack(client_id, entity, local_id, doc, why[0], why[1])


def _add_assessment(store: Store, out: ClientOut, interview: Interview, consents: list[Any], sensitive: bool,
                    today: date, ex: Uids) -> None:
    doc = _document_id(ex, "interview", interview.id, interview.document_id)
    why = holdback.assessment_refusal(interview, doc)
    answers = store.interviews.answers(interview.id) if why is None else {}
    why = why or holdback.routing_refusal(doc, answers.get("registered_jobseeker"))
    if why is None:
        record, left_out = assessment_record(store, interview, sensitive, ex, answers)
        why = holdback.consent_refusal(doc, RecordSystem(record["routing"]["record_system"]), consents, today)
        if why is None:
            out.records.append(RecordOut("assessment", interview.id, record["uid"], doc, record))
            note = holdback.sensitive_note(doc, left_out)
            if note is not None:
                out.held_back.append(_held(out.client_id, "assessment", interview.id, doc, note))
            return
    out.held_back.append(_held(out.client_id, "assessment", interview.id, doc, why))


def _add_plan(store: Store, out: ClientOut, plan: Plan, consents: list[Any], today: date, ex: Uids) -> None:
    doc = _document_id(ex, "plan", plan.id, plan.document_id)
    jobseeker, route = jobseeker_of(store, plan, ex)
    why = (holdback.plan_refusal(plan, doc) or holdback.routing_refusal(doc, jobseeker)
           or holdback.consent_refusal(doc, RecordSystem(route["record_system"]), consents, today))
    if why is not None:
        out.held_back.append(_held(out.client_id, "plan", plan.id, doc, why))
        return
    record = plan_record(store, plan, route, ex)
    out.records.append(RecordOut("plan", plan.id, record["uid"], doc, record))
    out.held_back += [_held(out.client_id, "plan", plan.id, doc, note)
                      for note in holdback.unapproved_versions(plan, doc)]
