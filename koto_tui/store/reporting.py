"""What the follow-up report counts, read set-based: one query each, however many clients there are."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from koto_tui.model import InterviewStatus
from koto_tui.store.session import Session

#: An assessment counts once finalised; one reopened for an amendment was finalised before.
_FINALISED = (str(InterviewStatus.COMPLETED), str(InterviewStatus.AMENDING))


@dataclass(frozen=True)
class Finalised:
    """A finalised assessment: its id, client and interview date."""

    id: int
    client_id: int
    day: date


class ReportRows:
    """The rows the follow-up report is made from."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def finalised(self) -> list[Finalised]:
        """Every finalised assessment."""
        with self._s.reading() as db:
            rows = db.execute("SELECT id, client_id, interview_date FROM interviews WHERE status IN (?, ?)",
                              _FINALISED).fetchall()
        return [Finalised(iid, cid, date.fromisoformat(day)) for iid, cid, day in rows]

    def answers(self, question_ids: tuple[str, ...]) -> dict[int, dict[str, object]]:
        """The answers to *question_ids* of every finalised assessment, by interview id."""
        marks = ", ".join("?" * len(question_ids))
        with self._s.reading() as db:
            rows = db.execute(
                "SELECT a.interview_id, a.question_id, a.value FROM interviews i CROSS JOIN answers a"  # noqa: S608
                f" ON a.interview_id = i.id WHERE i.status IN (?, ?) AND a.question_id IN ({marks})",
                [*_FINALISED, *question_ids]).fetchall()
        answers: dict[int, dict[str, object]] = {}
        for interview_id, question_id, value in rows:
            answers.setdefault(interview_id, {})[question_id] = json.loads(value)
        return answers

    def plan_routings(self) -> dict[int, str]:
        """The routing an imported plan arrived with (JSON), by plan id."""
        with self._s.reading() as db:
            rows = db.execute("SELECT local_id, routing FROM exchange_keys WHERE entity = 'plan'"
                              " AND routing IS NOT NULL AND routing != ''").fetchall()
        return dict(rows)

    def jobseeker_answers(self) -> dict[int, dict[int, object]]:
        """For each client with a plan: every interview of theirs (any state) and its jobseeker answer (None
        when unanswered), by client id and interview id."""
        with self._s.reading() as db:
            rows = db.execute(
                "SELECT i.client_id, i.id, a.value FROM interviews i LEFT JOIN answers a"
                " ON a.interview_id = i.id AND a.question_id = 'registered_jobseeker'"
                " WHERE i.client_id IN (SELECT client_id FROM plans)").fetchall()
        answers: dict[int, dict[int, object]] = {}
        for client_id, interview_id, value in rows:
            answers.setdefault(client_id, {})[interview_id] = None if value is None else json.loads(value)
        return answers

    def languages(self) -> dict[int, str]:
        """The native language of every client with a finalised assessment or a plan ("" when none)."""
        with self._s.reading() as db:
            rows = db.execute(
                "SELECT id, coalesce(native_language, '') FROM clients WHERE id IN (SELECT client_id"
                " FROM interviews WHERE status IN (?, ?) UNION SELECT client_id FROM plans)",
                _FINALISED).fetchall()
        return dict(rows)
