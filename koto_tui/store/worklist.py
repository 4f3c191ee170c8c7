"""The worklist's facts in a few set-based queries (no query per client), and the next meeting on a client."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from koto_tui import clock
from koto_tui.plans import EventKind, PlanEvent, PlanVersion, content_from_json
from koto_tui.rules.due import (
    AssessmentFacts,
    ClientFacts,
    ConsentFacts,
    Facts,
    ImportFacts,
    MeetingFacts,
    PlanFacts,
)
from koto_tui.rules.eligibility import EligibilityInput, TargetGroup, eligibility_from_answers
from koto_tui.rules.plan import MeasureStatus, add_months
from koto_tui.store import writes
from koto_tui.store.session import Session

#: The answers the due-date rules read (KotoL 681/2023 § 14 window, § 16 plan decision).
_QUESTIONS = ("window_event_date", "trafficking_reachable_later", "target_groups", "plan_needed",
              "planned_plan_date", "registered_jobseeker")
_FINALISED = ("completed", "amending")
#: SQLite's default limit on bound variables is far above this; chunks keep each IN list small.
_CHUNK = 500


@dataclass(frozen=True)
class ClientLine:
    """What a worklist row shows of a client: the name and the language to filter on."""

    id: int
    name: str
    language: str


@dataclass(frozen=True)
class Meeting:
    """The next meeting set on a client: when, where (or the phone), and the interpreter booked."""

    day: date
    time: str = ""
    place: str = ""
    interpreter_agency: str = ""
    booking_reference: str = ""


def _day(value: str | None) -> date | None:
    """An ISO date (or the date part of a time stamp), None when missing or not a date."""
    return _date_of(value[:10]) if isinstance(value, str) and value else None


@lru_cache(maxsize=4096)
def _date_of(text: str) -> date | None:
    """*text* as an ISO date, None when it is not one; remembered (a register's 100,000 time stamps fall on
    a few thousand days)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


class Worklist:
    """Reads what the due-date rules need; stores the next meeting set on a client."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def facts(self, today: date, stale_days: int, review_months: int) -> Facts:
        """Everything ``rules.due`` reads, as of *today*, in one read (on a connection of its own: 1-2 s at
        100,000 clients, while the search and the saves go on)."""
        with self._s.snapshot() as db:
            return Facts(today=today, assessments=tuple(self._assessments(db)),
                         plans=tuple(self._plans(db, review_months)), consents=tuple(self._consents(db)),
                         meetings=tuple(self._meetings(db)), not_assessed=tuple(self._not_assessed(db)),
                         imports=tuple(self._imports(db)), stale_days=stale_days)

    # --- assessments ---------------------------------------------------------------------------------

    def _answers(self, db: Any) -> dict[int, dict[str, object]]:
        marks = ",".join("?" * len(_QUESTIONS))
        rows = db.execute(f"SELECT a.interview_id, a.question_id, a.value FROM interviews i "  # noqa: S608
                          f"JOIN answers a ON a.interview_id = i.id AND a.question_id IN ({marks})",
                          list(_QUESTIONS)).fetchall()
        answers: dict[int, dict[str, object]] = {}
        for interview_id, question_id, value in rows:
            answers.setdefault(interview_id, {})[question_id] = json.loads(value)
        return answers

    def _exported(self, db: Any) -> set[int]:
        rows = db.execute(
            """SELECT k.local_id FROM exchange_keys k WHERE k.entity = 'interview'
               AND (EXISTS (SELECT 1 FROM export_log l WHERE l.uid = k.uid)
                    OR EXISTS (SELECT 1 FROM koto_aj_entries e WHERE e.uid = k.uid))""").fetchall()
        return {row[0] for row in rows}

    def _plans_started(self, db: Any) -> dict[int, list[tuple[int | None, str]]]:
        started: dict[int, list[tuple[int | None, str]]] = {}
        for client_id, interview_id, created_at in db.execute(
                "SELECT client_id, interview_id, created_at FROM plans").fetchall():
            started.setdefault(client_id, []).append((interview_id, created_at))
        return started

    def _assessments(self, db: Any) -> Iterator[AssessmentFacts]:
        answers, exported, started = self._answers(db), self._exported(db), self._plans_started(db)
        rows = db.execute("SELECT id, client_id, form_id, counsellor_id, status, updated_at, completed_at "
                          "FROM interviews ORDER BY id DESC").fetchall()
        seen: set[tuple[int, str]] = set()
        for iid, cid, form_id, counsellor, status, updated, completed in rows:
            newest = (cid, form_id) not in seen
            seen.add((cid, form_id))
            got = answers.get(iid, {})
            rules = eligibility_from_answers(got, date.min)
            done = _day(completed) or _day(updated) if status in _FINALISED else None
            plan_made = any(plan_iid == iid or (completed and created >= completed)
                            for plan_iid, created in started.get(cid, ()))
            yield AssessmentFacts(
                interview_id=iid, client_id=cid, form_id=form_id, counsellor_id=counsellor,
                completed_on=done, last_change=_day(updated) or date.min,
                window_event_date=rules.window_event_date, window_exempt=_exempt(rules),
                plan_needed=_flag(got.get("plan_needed")),
                planned_plan_date=_day(_text(got.get("planned_plan_date"))),
                jobseeker=rules.registered_jobseeker, plan_made=plan_made,
                exported=iid in exported, newest=newest)

    # --- plans ---------------------------------------------------------------------------------------

    def _plans(self, db: Any, review_months: int) -> Iterator[PlanFacts]:
        rows = db.execute(
            """WITH cur AS (SELECT plan_id, max(number) AS number FROM plan_versions GROUP BY plan_id)
               SELECT p.id, p.client_id, p.created_by, p.first_plan, v.number, v.content, v.created_by,
                      v.created_at
               FROM plans p JOIN cur ON cur.plan_id = p.id
               JOIN plan_versions v ON v.plan_id = p.id AND v.number = cur.number
               WHERE p.ended_on IS NULL""").fetchall()
        events, reviews = self._events(db), self._next_reviews(db)
        for pid, cid, creator, first, number, content_json, drafter, created_at in rows:
            content = content_from_json(content_json)
            steps = tuple(events.get((pid, number), ()))
            version = PlanVersion(pid, number, content, "", created_at, "", steps)
            review = reviews.get(pid) or content.review_date or add_months(content.start, review_months)
            submitted = version.last(EventKind.SUBMITTED) if version.pending else None
            returned = version.returned
            yield PlanFacts(
                plan_id=pid, client_id=cid, creator_id=creator, drafter_id=drafter, first_plan=bool(first),
                start=content.start, end=content.end, next_review=review,
                in_force=version.approval is not None and version.signature is not None,
                submitted_on=_day(submitted.at) if submitted else None,
                returned_on=_day(returned.at) if returned else None,
                measures_not_started=sum(m.status is MeasureStatus.PLANNED for m in content.measures))

    def _events(self, db: Any) -> dict[tuple[int, int], list[PlanEvent]]:
        events: dict[tuple[int, int], list[PlanEvent]] = {}
        for pid, number, kind, at in db.execute(
                """SELECT e.plan_id, e.version, e.kind, e.at FROM plan_events e
                   JOIN plans p ON p.id = e.plan_id WHERE p.ended_on IS NULL ORDER BY e.id""").fetchall():
            events.setdefault((pid, number), []).append(PlanEvent(EventKind(kind), at, "", ""))
        return events

    def _next_reviews(self, db: Any) -> dict[int, date]:
        # SQLite: with max(), the other columns come from the row holding the maximum (the newest review).
        rows = db.execute("SELECT plan_id, next_review, max(id) FROM plan_reviews GROUP BY plan_id")
        days = {pid: _day(next_review) for pid, next_review, _id in rows.fetchall()}
        return {pid: day for pid, day in days.items() if day is not None}

    # --- consents and meetings -----------------------------------------------------------------------

    def _consents(self, db: Any) -> Iterator[ConsentFacts]:
        rows = db.execute("SELECT client_id, party, withdrawn_on, max(id) FROM consents "
                          "GROUP BY client_id, party").fetchall()
        for cid, party, withdrawn, _id in rows:
            if (day := _day(withdrawn)) is not None:
                yield ConsentFacts(cid, party, day)

    def _meetings(self, db: Any) -> Iterator[MeetingFacts]:
        rows = db.execute("SELECT client_id, day, time, place, interpreter_agency, booking_reference, set_by "
                          "FROM next_meetings").fetchall()
        for cid, day, time, place, agency, reference, set_by in rows:
            if (when := _day(day)) is not None:
                yield MeetingFacts(cid, when, time, place, agency, reference, set_by)

    def _not_assessed(self, db: Any) -> Iterator[ClientFacts]:
        rows = db.execute(
            """SELECT c.id, c.created_at FROM clients c WHERE NOT EXISTS (
                   SELECT 1 FROM interviews i WHERE i.client_id = c.id AND i.form_id LIKE 'assessment%')"""
        ).fetchall()
        added_by = self._added_by(db) if rows else {}
        for cid, created in rows:
            if (day := _day(created)) is not None:
                yield ClientFacts(cid, day, added_by.get(str(cid)))

    def _added_by(self, db: Any) -> dict[str, str | None]:
        # Who added a client is kept only in the audit trail; SQLite's min() picks the row of the first entry.
        rows = db.execute("SELECT entity_id, user_id, min(id) FROM audit WHERE entity = 'client' "
                          "AND action = 'create' GROUP BY entity_id").fetchall()
        return {entity_id: user_id for entity_id, user_id, _id in rows}

    def _imports(self, db: Any) -> Iterator[ImportFacts]:
        for iid, at, conflicts, user_id in db.execute(
                "SELECT id, at, conflicts, user_id FROM imports WHERE conflicts > 0").fetchall():
            if (day := _day(at)) is not None:
                yield ImportFacts(iid, day, conflicts, user_id)

    def languages(self) -> dict[int, str]:
        """Every client's language (communication language, else native; "" when neither), by id; a
        restricted client (GDPR art. 18) is not among them, so nothing of theirs is on the worklist. Read
        without the names: of a city's 95,000 items the screen names a few hundred (``clients``)."""
        with self._s.snapshot() as db:
            return {cid: spoken or native or "" for cid, spoken, native in db.execute(
                "SELECT id, communication_language, native_language FROM clients WHERE NOT restricted")}

    def clients(self, ids: Iterable[int]) -> dict[int, ClientLine]:
        """The named clients' names and languages (communication language, else native), by id; a restricted
        client (GDPR art. 18) is not among them."""
        wanted, found = sorted(set(ids)), {}
        with self._s.snapshot() as db:
            for chunk in _chunks(wanted):
                marks = ",".join("?" * len(chunk))
                for cid, family, given, spoken, native in db.execute(
                        f"SELECT id, family_name, given_names, communication_language, native_language "  # noqa: S608
                        f"FROM clients WHERE id IN ({marks}) AND NOT restricted", chunk).fetchall():
                    name = f"{family} {given}" if family and given else family or given or ""
                    found[cid] = ClientLine(cid, name, spoken or native or "")
        return found

    # --- the next meeting ----------------------------------------------------------------------------

    def meeting(self, client_id: int) -> Meeting | None:
        """The next meeting set on the client, or None."""
        with self._s.reading() as db:
            row = db.execute("SELECT day, time, place, interpreter_agency, booking_reference "
                             "FROM next_meetings WHERE client_id = ?", [client_id]).fetchone()
        if row is None or (day := _day(row[0])) is None:
            return None
        return Meeting(day, row[1], row[2], row[3], row[4])

    def set_meeting(self, client_id: int, meeting: Meeting | None) -> None:
        """Set (or with None, clear) the client's next meeting, with an audit entry."""
        with self._s.transaction() as db:
            db.execute("DELETE FROM next_meetings WHERE client_id = ?", [client_id])
            if meeting is not None:
                writes.insert(db, "next_meetings", {
                    "client_id": client_id, "day": meeting.day.isoformat(), "time": meeting.time,
                    "place": meeting.place, "interpreter_agency": meeting.interpreter_agency,
                    "booking_reference": meeting.booking_reference, "set_at": clock.stamp(),
                    "set_by": self._s.user_id})
            self._s.audit("change" if meeting else "delete", "meeting", client_id)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _flag(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _exempt(rules: EligibilityInput) -> bool:
    """KotoL 681/2023 § 14: a trafficking victim reached only later is exempt from the window."""
    return TargetGroup.TRAFFICKING_VICTIM in rules.target_groups and rules.reachable_only_later
