"""The access report's records printed as label / value lists (headless): the next meeting, the tables of
``other_records`` (restrictions, import conflicts, and any table added later), the KOTO-AJ entries, the
records' transfer identifiers and a plan's reviews, each under a heading and with labels in the document
language."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from koto_tui.access_report import USER_COLUMNS
from koto_tui.audit.names import ENTITIES
from koto_tui.exchange.conflicts import ENTITIES as CONFLICT_ENTITIES
from koto_tui.exchange.conflicts import REASONS
from koto_tui.i18n import N_, P_, format_clock, format_short_date, translation
from koto_tui.plan_names import USER_ROLES
from koto_tui.printing.access import (
    KOTO_AJ,
    NEXT_MEETING,
    NOT_TAKEN_OVER,
    RECORD_IDS,
    RESTRICTION,
    AccessPart,
)
from koto_tui.printing.interview import PrintField, PrintSection
from koto_tui.printing.paper import Paper


@dataclass(frozen=True)
class RecordKind:
    """How one kind of the report's records is printed: a heading, then each row's values under labels."""

    heading: str
    """The fixed text (``P_``) printed in the document language and the client's."""
    labels: tuple[tuple[str, str], ...]
    """Each column and its label (``N_``, in the document language), in the order printed."""
    codes: Mapping[str, Mapping[Any, str]] = field(default_factory=dict)
    """A column's stored codes and their names (``N_``); a code not named prints as stored."""


RECORDED_BY = (("recorded_at", N_("Recorded")), ("recorded_by", N_("Recorded by")))
#: The report's records printed as label / value lists, by their place in its JSON (a table in
#: ``other_records`` as "other_records/<table>"). A table added later prints under its own name and its
#: columns' names until it is named here (tests/unit/test_access_paper.py fails until then).
LISTED_RECORDS: dict[str, RecordKind] = {
    "next_meetings": RecordKind(NEXT_MEETING, (
        ("day", N_("Date")), ("time", N_("Time")), ("place", N_("Place or phone")),
        ("interpreter_agency", N_("Interpreter booked: agency")),
        ("booking_reference", N_("Interpreter booking reference")),
        ("set_at", N_("Recorded")), ("set_by", N_("Recorded by")))),
    "other_records/restrictions": RecordKind(RESTRICTION, (
        ("restricted_at", N_("Restricted")), ("restricted_by", N_("Restricted by")), ("reason", N_("Reason")),
        ("lifted_at", N_("Restriction lifted")), ("lifted_by", N_("Lifted by")),
        ("lift_reason", N_("Reason for lifting")))),
    "other_records/import_conflicts": RecordKind(NOT_TAKEN_OVER, (
        ("entity", N_("Record")), ("document_id", N_("Document")), ("reason", N_("Reason")),
        ("import_id", N_("Import number"))),
        {"entity": CONFLICT_ENTITIES, "reason": {code.value: name for code, name in REASONS.items()}}),
    "koto_aj_entries": RecordKind(KOTO_AJ, (
        ("entity", N_("Record")), ("uid", N_("Identifier")), ("entered_on", N_("Entered into KOTO-AJ on")),
        ("marked_at", N_("Recorded")), ("marked_by", N_("Recorded by")),
        ("purged_at", N_("Removed from this computer")), ("content_hash", N_("Checksum of the content"))),
        {"entity": ENTITIES}),
    "record_ids": RecordKind(RECORD_IDS, (
        ("entity", N_("Record")), ("local_id", N_("Number on this computer")), ("uid", N_("Identifier")),
        ("document_id", N_("Document")), ("link_uid", N_("Linked to")),
        ("imported_hash", N_("Checksum when imported")), ("routing", N_("Routing"))), {"entity": ENTITIES}),
    "plans/plan_reviews": RecordKind(P_("Review of the plan"), (
        ("version", N_("Version")), ("review_date", N_("Date of the review")),
        ("participants", N_("Participants")), ("changes", N_("What changed")),
        ("next_review", N_("Next review")), *RECORDED_BY, ("recorded_by_name", N_("Recorder's name")))),
}
#: An assessment's and a plan's own details, printed first in its part (no heading of their own).
ASSESSMENT_DETAILS = RecordKind("", (
    ("interview_date", N_("Date of interview")), ("status", N_("Status")), ("form_id", N_("Form")),
    ("form_version", N_("Version")), ("counsellor_name", N_("Counsellor")),
    ("counsellor_title", N_("Title")), ("counsellor_id", N_("Recorded by")), ("created_at", N_("Recorded")),
    ("completed_at", N_("Finalised on")), ("updated_at", N_("Last changed")),
    ("current_question", N_("Question where the interview was left"))),
    {"status": {"in_progress": N_("in progress"), "completed": N_("finalised"),
                "amending": N_("being amended")}})
PLAN_DETAILS = RecordKind("", (
    ("created_at", N_("Recorded")), ("created_by", N_("Recorded by")), ("first_plan", N_("First plan")),
    ("earlier_months", N_("Months of earlier plans")), ("ended_on", N_("Plan ended on")),
    ("end_reason", N_("Why the plan ended")), ("ended_by", N_("Ended by"))),
    {"first_plan": {1: N_("yes"), 0: N_("no")}})
#: Columns that tie a row to the record it is printed under (the database's own numbers): not printed.
LINK_COLUMNS = frozenset({"id", "client_id", "interview_id", "plan_id"})


def listed_records(report: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The report's records printed as label / value lists, each with its place in the report's JSON."""
    return [("next_meetings", report["next_meetings"]),
            *((f"other_records/{table}", rows) for table, rows in report["other_records"].items()),
            ("koto_aj_entries", report["koto_aj_entries"]), ("record_ids", report["record_ids"])]


def records_part(kind: str, rows: list[dict[str, Any]], sheet: Paper) -> AccessPart:
    """A part for one kind of record: its heading and each row (a kind not named: its table's own names)."""
    table = kind.rsplit("/", 1)[-1]
    known = LISTED_RECORDS.get(kind, RecordKind(table, ()))
    title = sheet.both(known.heading) if kind in LISTED_RECORDS else (table, None)
    return AccessPart(title, tuple(record_section(known, row, sheet) for row in rows))


def own_details(kind: RecordKind, row: dict[str, Any], sheet: Paper) -> PrintSection:
    """An assessment's or a plan's own columns (not its parts, the lists of rows printed elsewhere)."""
    own = {k: v for k, v in row.items() if not (isinstance(v, list) and all(isinstance(x, dict) for x in v))}
    return record_section(kind, own, sheet)


def record_section(kind: RecordKind, row: dict[str, Any], sheet: Paper,
                    title: tuple[str, str | None] = ("", None)) -> PrintSection:
    """A row's values under their labels in the document language (a column not named: under its name)."""
    fi = translation(sheet.primary)
    labels = dict(kind.labels)
    fields = []
    for column in [*labels, *(c for c in row if c not in labels and c not in LINK_COLUMNS)]:
        value = row.get(column)
        if value is None or value == "":
            continue
        codes = kind.codes.get(column, USER_ROLES if column in USER_COLUMNS else {})
        coded = not isinstance(value, (dict, list)) and value in codes
        text = fi.gettext(codes[value]) if coded else shown(value, sheet.primary)
        fields.append(PrintField(fi.gettext(labels[column]) if column in labels else column, text))
    return PrintSection(title[0], tuple(fields), title[1])


#: A stored date ("2026-12-03") or time stamp ("2026-12-03T10:30:00").
STAMP = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?")


def shown(value: Any, lang: str) -> str:
    """A stored value as printed: a date or time as the document language writes it, a JSON object's
    items as "name: value", anything else as stored."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {shown(v, lang)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(shown(v, lang) for v in value)
    text = "" if value is None else str(value)
    if not STAMP.fullmatch(text):
        return text
    moment = datetime.fromisoformat(text)
    day = format_short_date(moment.date(), lang)
    return day if len(text) == 10 else f"{day} {format_clock(moment, lang)}"

