"""Finalising an interview, amending a finalised one (with a reason), and the stored rules' result."""

from __future__ import annotations

import json
from typing import Any

from koto_tui import clock
from koto_tui.model import Amendment, InterviewStatus
from koto_tui.store import writes
from koto_tui.store.errors import InterviewLocked
from koto_tui.store.rows import rows_where
from koto_tui.store.session import Session


def _amendment(row: dict[str, Any]) -> Amendment:
    return Amendment(id=row["id"], interview_id=row["interview_id"], opened_at=row["opened_at"],
                     user_name=row["user_name"], reason=row["reason"],
                     changed=tuple(json.loads(row["changed"])), closed_at=row["closed_at"])


class Finalising:
    """The lifecycle of a finalised assessment: lock, amend with a reason, lock again."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def _status(self, interview_id: int) -> InterviewStatus:
        row = self._s.db.execute("SELECT status FROM interviews WHERE id = ?", [interview_id]).fetchone()
        if row is None:
            raise KeyError(interview_id)
        return InterviewStatus(row[0])

    def finalise(self, interview_id: int, result: dict[str, object]) -> None:
        """Lock the interview, close an open amendment and keep the rules' result with it."""
        stamp = clock.stamp()
        with self._s.transaction() as db:
            self._status(interview_id)
            db.execute("UPDATE interviews SET status = ?, completed_at = ?, updated_at = ? WHERE id = ?",
                       [str(InterviewStatus.COMPLETED), stamp, stamp, interview_id])
            db.execute("UPDATE amendments SET closed_at = ? WHERE interview_id = ? AND closed_at IS NULL",
                       [stamp, interview_id])
            db.table("interview_results").upsert(
                {"interview_id": interview_id, "result": json.dumps(result, ensure_ascii=False),
                 "computed_at": stamp}, pk="interview_id")
            self._s.audit("finalise", "interview", interview_id)

    def amend(self, interview_id: int, reason: str, user_name: str) -> int:
        """Reopen a finalised interview for a change; the reason is required."""
        if not reason.strip():
            raise ValueError("an amendment needs a reason")
        with self._s.transaction() as db:
            if self._status(interview_id) is not InterviewStatus.COMPLETED:
                raise InterviewLocked(str(interview_id))
            amendment_id = writes.insert(db, "amendments", {
                "interview_id": interview_id, "opened_at": clock.stamp(), "opened_by": self._s.user_id,
                "user_name": user_name, "reason": reason.strip(), "changed": "[]", "closed_at": None})
            db.execute("UPDATE interviews SET status = ? WHERE id = ?",
                       [str(InterviewStatus.AMENDING), interview_id])
            self._s.audit("amend", "interview", interview_id, f"amendment {amendment_id}")
        return amendment_id

    def note_change(self, interview_id: int, question_id: str) -> None:
        """Inside a save's transaction: refuse changes to a locked interview, log them in an amendment."""
        status = self._status(interview_id)
        if status is InterviewStatus.COMPLETED:
            raise InterviewLocked(str(interview_id))
        if status is not InterviewStatus.AMENDING:
            return
        row = self._s.db.execute("SELECT id, changed FROM amendments WHERE interview_id = ? AND "
                                 "closed_at IS NULL ORDER BY id DESC", [interview_id]).fetchone()
        if row is None:
            return
        changed = json.loads(row[1])
        if question_id not in changed:
            changed.append(question_id)
            self._s.db.execute("UPDATE amendments SET changed = ? WHERE id = ?",
                               [json.dumps(changed), row[0]])

    def amendments(self, interview_id: int) -> list[Amendment]:
        """Every amendment of an interview, oldest first."""
        with self._s.reading() as db:
            rows = rows_where(db, "amendments", "interview_id = ?", [interview_id], order_by="id")
            return [_amendment(row) for row in rows]

    def result(self, interview_id: int) -> dict[str, Any] | None:
        """The rules' result stored when the interview was last finalised."""
        with self._s.reading() as db:
            row = db.execute("SELECT result FROM interview_results WHERE interview_id = ?",
                             [interview_id]).fetchone()
        return None if row is None else dict(json.loads(row[0]))
