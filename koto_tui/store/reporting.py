"""What the follow-up report counts, read set-based: one query each, however many clients there are."""

from __future__ import annotations

import json
from collections.abc import Iterable
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

    def answers(self, question_ids: tuple[str, ...],
                interview_ids: Iterable[int]) -> dict[int, dict[str, object]]:
        """The answers to *question_ids* of the interviews *interview_ids*, by interview id."""
        marks = ", ".join("?" * len(question_ids))
        with self._s.reading() as db:
            rows = db.execute(
                "SELECT a.interview_id, a.question_id, a.value FROM answers a"  # noqa: S608 (marks only)
                f" WHERE a.interview_id IN {_LISTED} AND a.question_id IN ({marks})",
                [_ids(interview_ids), *question_ids]).fetchall()
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

    def jobseeker_answers(self, client_ids: Iterable[int]) -> dict[int, dict[int, object]]:
        """For each of *client_ids*: every interview of theirs (any state) and its jobseeker answer (None
        when unanswered), by client id and interview id."""
        with self._s.reading() as db:
            rows = db.execute(
                "SELECT i.client_id, i.id, a.value FROM interviews i LEFT JOIN answers a"  # noqa: S608
                " ON a.interview_id = i.id AND a.question_id = 'registered_jobseeker'"
                f" WHERE i.client_id IN {_LISTED}", [_ids(client_ids)]).fetchall()
        answers: dict[int, dict[int, object]] = {}
        for client_id, interview_id, value in rows:
            answers.setdefault(client_id, {})[interview_id] = None if value is None else json.loads(value)
        return answers

    def languages(self, client_ids: Iterable[int]) -> dict[int, str]:
        """The native language of each of *client_ids* ("" when none)."""
        with self._s.reading() as db:
            rows = db.execute("SELECT id, coalesce(native_language, '') FROM clients"  # noqa: S608
                              f" WHERE id IN {_LISTED}", [_ids(client_ids)]).fetchall()
        return dict(rows)


#: Ids given as one parameter, a JSON array (JSON1's json_each): any number of them in one query.
_LISTED = "(SELECT value FROM json_each(?))"


def _ids(ids: Iterable[int]) -> str:
    return json.dumps(sorted(ids))
