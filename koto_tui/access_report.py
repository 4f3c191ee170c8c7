"""A client's access report (GDPR art. 15) and its portable JSON copy (art. 20), gathered from the store.

Everything stored about the client is in it, sensitive answers included: it is the data subject's own copy.
Staff who handled the record are named or shown by role only, as the municipality's data says
(``access_report_user_names``). The report's making is logged in the audit trail (who, when, which client).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from koto_tui import clock, document_ids
from koto_tui.exchange.export import software
from koto_tui.files import write_private
from koto_tui.i18n import translation
from koto_tui.municipality import Municipality, shipped_municipality
from koto_tui.printing.handout import COMPLAINT, LEGAL_BASIS
from koto_tui.store import Store
from koto_tui.store.access import AccessReading, ClientRows, Row

FORMAT = "koto-access-report"
FORMAT_VERSION = "1.1"  # 1.1: each disclosure names its receiver (receiver_fingerprint, receiver_name)
#: The first koto that records an export's receiver (m012): exports made before say "not recorded".
RECEIVER_RECORDED_SINCE = "koto 0.1.0"
SCHEMA_FILE = "koto-access-report-1.schema.json"
#: Columns stored as JSON text: the report holds their decoded value.
JSON_COLUMNS = frozenset({"value", "result", "changed", "content", "routing"})
#: Columns that hold a koto user's id: shown as the user's name or role, as the municipality's data says.
USER_COLUMNS = frozenset({"user_id", "counsellor_id", "updated_by", "printed_by", "opened_by", "created_by",
                          "ended_by", "recorded_by", "marked_by", "set_by", "restricted_by", "lifted_by"})
#: Names of staff in the handling trail (not part of a signed document): withheld unless names are allowed.
HANDLER_NAME_COLUMNS = frozenset({("exports", "user_name")})
#: What the municipality's data must say for the report's data-protection part (GDPR art. 13–15).
PROCESSING_FIELDS = ("controller", "controller_contact", "data_protection_officer", "retention")


@dataclass(frozen=True)
class HistoryEntry:
    """One correction after finalising or signing: an assessment's amendment or a plan's new version."""

    at: str
    kind: str
    """"amendment" or "plan_version"."""
    document_id: str
    reason: str
    by: str
    """The name stored with the correction (it is part of the record)."""
    detail: str
    """The changed questions' ids (an amendment) or the version number (a plan)."""


def history(rows: ClientRows) -> list[HistoryEntry]:
    """Every amendment and every plan version after the first, oldest first."""
    entries: list[HistoryEntry] = []
    for interview in rows.interviews:
        document = document_ids.assessment(str(interview["interview_date"]), int(interview["id"]))
        for a in rows.interview_parts[interview["id"]]["amendments"]:
            changed = ", ".join(str(q) for q in _decoded(a["changed"]) or [])
            entries.append(HistoryEntry(str(a["opened_at"]), "amendment", document, str(a["reason"]),
                                        str(a["user_name"]), changed))
    for plan in rows.plans:
        document = document_ids.plan(str(plan["created_at"]), int(plan["id"]))
        for v in rows.plan_parts[plan["id"]]["plan_versions"]:
            if int(v["number"]) > 1:
                entries.append(HistoryEntry(str(v["created_at"]), "plan_version", document, str(v["reason"]),
                                            str(v["created_by_name"]), str(v["number"])))
    return sorted(entries, key=lambda e: e.at)


def access_reading(store: Store) -> AccessReading:
    """The store's reading of one client's rows."""
    return AccessReading(store.session)


def client_history(store: Store, client_id: int) -> list[HistoryEntry]:
    """The rectification history of one client (for the client page)."""
    return history(access_reading(store).rows(client_id))


def gather(store: Store, client_id: int, municipality: Municipality | None = None) -> dict[str, Any]:
    """The whole report as JSON-ready data (KeyError when there is no such client); nothing is logged."""
    municipality = municipality or shipped_municipality()
    rows = AccessReading(store.session).rows(client_id)
    show = _UserShown(rows.users, municipality.access_report_user_names)
    profile = store.profile()
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION, "made_at": clock.stamp(),
        "made_by": {"name": profile.name, "title": profile.title},
        "source": {"municipality": profile.municipality, "unit": profile.unit, "software": software()},
        "user_names": municipality.access_report_user_names,
        "client": show.row("clients", rows.client),
        "assessments": [_with_parts(show, "interviews", i, rows.interview_parts[i["id"]])
                        for i in rows.interviews],
        "plans": [_with_parts(show, "plans", p, rows.plan_parts[p["id"]]) for p in rows.plans],
        "consents": show.rows("consents", rows.consents),
        "next_meetings": show.rows("next_meetings", rows.next_meetings),
        "other_records": {table: show.rows(table, found) for table, found in rows.other.items()},
        "record_ids": show.rows("exchange_keys", rows.record_ids),
        "disclosures": [_disclosure(show, e) for e in rows.exports],
        "koto_aj_entries": show.rows("koto_aj_entries", rows.koto_aj_entries),
        "rectifications": [e.__dict__ for e in history(rows)],
        "handling": show.rows("audit", rows.audit),
        "processing": processing(municipality),
    }


def processing(municipality: Municipality) -> dict[str, Any]:
    """The purposes, legal basis, retention and right to complain, and what the municipality's data lacks."""
    fi = translation("fi")
    texts = {name: getattr(municipality, name) for name in PROCESSING_FIELDS}
    return {**texts, "legal_basis": fi.gettext(LEGAL_BASIS), "right_to_complain": fi.gettext(COMPLAINT),
            "missing": [name for name, text in texts.items() if not text.strip()]}


class _UserShown:
    """Rows with JSON text decoded and user ids shown as names or roles."""

    def __init__(self, users: dict[str, Row], policy: str) -> None:
        self._users = users
        self._names = policy == "names"

    def user(self, user_id: object) -> str | None:
        """The user's name (with title) or role; None for no user."""
        if user_id is None or user_id == "":
            return None
        user = self._users.get(str(user_id))
        if user is None:
            return "unknown"
        if self._names:
            return f"{user['name']}, {user['title']}" if user["title"] else str(user["name"])
        return str(user["role"])

    def row(self, table: str, row: Row) -> Row:
        """*row* as the report shows it."""
        shown: Row = {}
        for column, value in row.items():
            if column in USER_COLUMNS:
                shown[column] = self.user(value)
            elif (table, column) in HANDLER_NAME_COLUMNS and not self._names:
                continue
            elif column in JSON_COLUMNS and isinstance(value, str):
                shown[column] = _decoded(value)
            else:
                shown[column] = value
        return shown

    def rows(self, table: str, rows: list[Row]) -> list[Row]:
        """Each of *rows* as the report shows it."""
        return [self.row(table, r) for r in rows]


def _with_parts(show: _UserShown, table: str, row: Row, parts: dict[str, list[Row]]) -> Row:
    return {**show.row(table, row), **{name: show.rows(name, found) for name, found in parts.items()}}


def _disclosure(show: _UserShown, export: Row) -> Row:
    """An export that held the client's records: when, by whom, to whom (the receiving key's fingerprint and
    office, or an unsealed file; not recorded before m012) and which of the client's records."""
    records = export.pop("records_of_client")
    shown = show.row("exports", export)
    shown["receiver"] = "receiving_office" if export["sealed"] else "unsealed_file"
    shown["receiver_recorded"] = export.get("receiver_fingerprint") is not None
    shown["records_of_client"] = show.rows("export_log", records)
    return shown


def _decoded(text: Any) -> Any:
    """A JSON column's value, or the text itself when it is not JSON."""
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def dumps(report: dict[str, Any]) -> bytes:
    """The report as UTF-8 JSON (sorted keys, readable indentation)."""
    return (json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def file_stem(client_id: int) -> str:
    """KOTO-A-<year>-<client id>-<time>: a printout's name (no client name), kept as printouts are."""
    now = clock.now()
    return f"{document_ids.access_report(now.year, client_id)}-{now.strftime('%Y%m%d-%H%M%S')}"


def write_json(store: Store, client_id: int, folder: Path, stem: str | None = None) -> Path:
    """Write the portable copy as plain JSON into *folder* (asked for explicitly) and log it."""
    report = gather(store, client_id)
    if problems(report):  # a bug, not the user's doing: never write a copy that breaks its own format
        raise ValueError("the access report does not match its schema: " + "; ".join(problems(report)[:5]))
    data = dumps(report)
    path = write_private(data, folder / f"{stem or file_stem(client_id)}.json")
    AccessReading(store.session).log_report(client_id, "json")
    return path


def problems(report: dict[str, Any]) -> list[str]:
    """Where *report* breaks its JSON Schema ('path: rule' lines, never a value); empty when valid."""
    from jsonschema import Draft202012Validator

    from koto_tui.resources import schemas_dir

    schema = json.loads((schemas_dir() / SCHEMA_FILE).read_text(encoding="utf-8"))
    found = Draft202012Validator(schema).iter_errors(report)
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.validator}" for e in found]
