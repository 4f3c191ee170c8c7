"""Integration plans: versions, lifecycle events, reviews and prints (one transaction per step).

Every step is checked against ``koto_tui.rules.plan_lifecycle`` inside its transaction, so a refused step
changes nothing; the user who takes a step is recorded with it, and each step is in the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from koto_tui import clock
from koto_tui.i18n import _
from koto_tui.plans import (
    EventKind,
    Plan,
    PlanContent,
    PlanEvent,
    PlanReview,
    PlanVersion,
    content_from_json,
    content_to_json,
)
from koto_tui.rules.plan import months_between
from koto_tui.rules.plan_lifecycle import (
    ALLOW_SELF_APPROVAL,
    Step,
    refusal,
    self_approval_refusal,
    signature_date_problem,
)
from koto_tui.store import writes
from koto_tui.store.errors import PlanRefused
from koto_tui.store.rows import rows_where
from koto_tui.store.session import Session
from koto_tui.store.setting_values import decoded


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class Plans:
    """The clients' integration plans."""

    def __init__(self, session: Session) -> None:
        self._s = session

    # --- reading -------------------------------------------------------------------------------------

    def _user(self) -> dict[str, Any]:
        row = self._s.db.table("users").get(self._s.user_id)
        return {"id": row["id"], "name": row["name"], "title": row["title"], "role": row["role"]}

    def _load(self, row: dict[str, Any]) -> Plan:
        db, plan_id = self._s.db, [row["id"]]
        return _plan(row, list(rows_where(db, "plan_versions", "plan_id = ?", plan_id,
                                                                    order_by="number")),
                     list(rows_where(db, "plan_events", "plan_id = ?", plan_id, order_by="id")),
                     list(rows_where(db, "plan_reviews", "plan_id = ?", plan_id, order_by="id")))

    def get(self, plan_id: int) -> Plan:
        """One plan with all its versions (KeyError when there is none)."""
        with self._s.reading() as db:
            rows = list(rows_where(db, "plans", "id = ?", [plan_id]))
            if not rows:
                raise KeyError(plan_id)
            return self._load(rows[0])

    def for_client(self, client_id: int) -> list[Plan]:
        """The client's plans, oldest first."""
        with self._s.reading() as db:
            return [self._load(r)
                    for r in rows_where(db, "plans", "client_id = ?", [client_id], order_by="id")]

    def all(self) -> list[Plan]:
        """Every plan, oldest first (four queries, however many plans there are)."""
        with self._s.reading() as db:
            versions = _by_plan(db.query("SELECT * FROM plan_versions ORDER BY plan_id, number"))
            events = _by_plan(db.query("SELECT * FROM plan_events ORDER BY plan_id, id"))
            reviews = _by_plan(db.query("SELECT * FROM plan_reviews ORDER BY plan_id, id"))
            return [_plan(r, versions.get(r["id"], []), events.get(r["id"], []), reviews.get(r["id"], []))
                    for r in db.query("SELECT * FROM plans ORDER BY id")]

    def print_count(self, plan_id: int, version: int) -> int:
        """How many times this version has been printed."""
        with self._s.reading() as db:
            return db.table("plan_prints").count_where("plan_id = ? AND version = ?", [plan_id, version])

    # --- steps ---------------------------------------------------------------------------------------

    def create(self, client_id: int, interview_id: int | None, content: PlanContent) -> int:
        """Start a plan (version 1, a draft); refused while the client has a plan that has not ended."""
        with self._s.transaction() as db:
            earlier = [self._load(r) for r in rows_where(db, "plans", "client_id = ?", [client_id])]
            if any(p.ended_on is None for p in earlier):
                raise PlanRefused(_("The client already has a plan that has not ended: open it, or end it "
                                    "before starting the next plan."))
            months = sum(_months(p) for p in earlier)
            stamp, user = clock.stamp(), self._user()
            plan_id = writes.insert(db, "plans", {
                "client_id": client_id, "interview_id": interview_id, "first_plan": int(not earlier),
                "earlier_months": months, "created_at": stamp, "created_by": user["id"],
                "ended_on": None, "end_reason": "", "ended_by": None})
            self._insert_version(plan_id, 1, content, "", stamp, user)
            self._s.audit("create", "plan", plan_id)
        return plan_id

    def _insert_version(self, plan_id: int, number: int, content: PlanContent, reason: str, stamp: str,
                        user: dict[str, Any]) -> None:
        writes.insert(self._s.db, "plan_versions", {
            "plan_id": plan_id, "number": number, "content": content_to_json(content), "reason": reason,
            "created_at": stamp, "created_by": user["id"], "created_by_name": user["name"],
            "updated_at": stamp})

    def _checked(self, plan_id: int, step: Step) -> tuple[Plan, dict[str, Any]]:
        """The plan and the user, or PlanRefused with the reason the step is not allowed."""
        rows = list(rows_where(self._s.db, "plans", "id = ?", [plan_id]))
        if not rows:
            raise KeyError(plan_id)
        plan, user = self._load(rows[0]), self._user()
        reason = refusal(plan, step, user["role"])
        if reason is None and step is Step.APPROVE:
            reason = self_approval_refusal(plan.current, user["id"], self._self_approval_allowed())
        if reason is not None:
            raise PlanRefused(reason)
        return plan, user

    def _self_approval_allowed(self) -> bool:
        """The municipality's setting that lets the drafter approve their own plan (one-person office)."""
        rows = list(rows_where(self._s.db, "settings", "key = ?", [f"setting:{ALLOW_SELF_APPROVAL}"]))
        return bool(rows) and decoded(rows[0]["value"]) is True  # only exactly true: a damaged row is no

    def save_content(self, plan_id: int, content: PlanContent) -> None:
        """Replace the current version's content (only while it is a draft or returned)."""
        with self._s.transaction() as db:
            plan, _user = self._checked(plan_id, Step.EDIT)
            db.execute("UPDATE plan_versions SET content = ?, updated_at = ? "
                       "WHERE plan_id = ? AND number = ?",
                       [content_to_json(content), clock.stamp(), plan_id, plan.current.number])
            self._s.audit("change", "plan", plan_id, f"version {plan.current.number}")

    def _event(self, plan_id: int, step: Step, kind: EventKind, on: date | None = None,
               text: str = "") -> None:
        with self._s.transaction() as db:
            plan, user = self._checked(plan_id, step)
            writes.insert(db, "plan_events", {
                "plan_id": plan_id, "version": plan.current.number, "kind": str(kind), "at": clock.stamp(),
                "user_id": user["id"], "user_name": user["name"], "user_title": user["title"],
                "on_date": on.isoformat() if on else None, "text": text})
            self._s.audit(str(kind), "plan", plan_id, f"version {plan.current.number}")

    def submit(self, plan_id: int) -> None:
        """Send the current version to the coordinator for approval."""
        self._event(plan_id, Step.SUBMIT, EventKind.SUBMITTED)

    def withdraw(self, plan_id: int) -> None:
        """Take a submitted version back to change it."""
        self._event(plan_id, Step.WITHDRAW, EventKind.WITHDRAWN)

    def approve(self, plan_id: int, on: date | None = None) -> None:
        """The coordinator approves the current version as an official (their name, title and the date)."""
        self._event(plan_id, Step.APPROVE, EventKind.APPROVED, on=on or clock.today())

    def return_for_changes(self, plan_id: int, comments: str) -> None:
        """The coordinator returns the current version with comments (required)."""
        if not comments.strip():
            raise PlanRefused(_("Write the comments: what should the counsellor change?"))
        self._event(plan_id, Step.RETURN, EventKind.RETURNED, text=comments.strip())

    def record_signature(self, plan_id: int, signed_on: date) -> None:
        """Enter the date written on the client's signed paper."""
        with self._s.lock:
            plan = self.get(plan_id)
            problem = signature_date_problem(plan.current, signed_on, clock.today())
            if problem is not None:
                raise PlanRefused(problem)
            self._event(plan_id, Step.SIGN, EventKind.SIGNED, on=signed_on)

    def new_version(self, plan_id: int, reason: str, content: PlanContent | None = None) -> int:
        """Make a new draft version of a locked plan, from the current content; the reason is required."""
        if not reason.strip():
            raise PlanRefused(_("Write the reason for the new version."))
        with self._s.transaction():
            plan, user = self._checked(plan_id, Step.NEW_VERSION)
            number = plan.current.number + 1
            self._insert_version(plan_id, number, content or plan.current.content, reason.strip(),
                                 clock.stamp(), user)
            self._s.audit("new_version", "plan", plan_id, f"version {number}")
        return number

    def add_review(self, plan_id: int, review_date: date, participants: str, changes: str,
                   next_review: date | None) -> None:
        """Record a review of the plan in force; the next review date becomes the plan's."""
        if next_review is not None and next_review <= review_date:
            raise PlanRefused(_("The next review must come after this review."))
        with self._s.transaction() as db:
            plan, user = self._checked(plan_id, Step.REVIEW)
            writes.insert(db, "plan_reviews", {
                "plan_id": plan_id, "version": plan.current.number, "review_date": review_date.isoformat(),
                "participants": participants, "changes": changes,
                "next_review": next_review.isoformat() if next_review else None,
                "recorded_at": clock.stamp(), "recorded_by": user["id"], "recorded_by_name": user["name"]})
            self._s.audit("review", "plan", plan_id, f"version {plan.current.number}")

    def end(self, plan_id: int, on: date, reason: str) -> None:
        """End the plan (the period ran out, the client moved, ...); the reason is required."""
        if not reason.strip():
            raise PlanRefused(_("Write why the plan ends."))
        with self._s.transaction() as db:
            _plan, user = self._checked(plan_id, Step.END)
            db.execute("UPDATE plans SET ended_on = ?, end_reason = ?, ended_by = ? WHERE id = ?",
                       [on.isoformat(), reason.strip(), user["id"], plan_id])
            self._s.audit("end", "plan", plan_id)

    def record_printout(self, plan_id: int, version: int, document_id: str) -> None:
        """Log a print of a version (printed plans are also in the audit log)."""
        with self._s.transaction() as db:
            writes.insert(db, "plan_prints", {"plan_id": plan_id, "version": version,
                                              "document_id": document_id, "printed_at": clock.stamp(),
                                              "printed_by": self._s.user_id})
            self._s.audit("print", "plan", plan_id, f"version {version}")


def _by_plan(rows: Iterable[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["plan_id"], []).append(row)
    return grouped


def _plan(row: dict[str, Any], version_rows: list[dict[str, Any]], event_rows: list[dict[str, Any]],
          review_rows: list[dict[str, Any]]) -> Plan:
    """A plan from its row and the rows of its versions, events and reviews (each in order)."""
    events: dict[int, list[PlanEvent]] = {}
    for e in event_rows:
        events.setdefault(e["version"], []).append(PlanEvent(
            kind=EventKind(e["kind"]), at=e["at"], user_id=e["user_id"] or "", user_name=e["user_name"],
            user_title=e["user_title"], on=_day(e["on_date"]), text=e["text"], via=e.get("via") or ""))
    versions = tuple(PlanVersion(
        plan_id=row["id"], number=v["number"], content=content_from_json(v["content"]),
        reason=v["reason"], created_at=v["created_at"],
        created_by_name=v["created_by_name"], created_by=v["created_by"] or "",
        events=tuple(events.get(v["number"], ()))) for v in version_rows)
    reviews = tuple(PlanReview(
        id=r["id"], plan_id=row["id"], version=r["version"], review_date=date.fromisoformat(r["review_date"]),
        participants=r["participants"], changes=r["changes"], next_review=_day(r["next_review"]),
        recorded_by_name=r["recorded_by_name"], recorded_at=r["recorded_at"]) for r in review_rows)
    return Plan(id=row["id"], client_id=row["client_id"], interview_id=row["interview_id"],
                first_plan=bool(row["first_plan"]), earlier_months=row["earlier_months"],
                created_at=row["created_at"], versions=versions, reviews=reviews,
                ended_on=_day(row["ended_on"]), end_reason=row["end_reason"])


def _months(plan: Plan) -> int:
    """The months a plan covered: from its start to its end, or to the day it ended when that was earlier."""
    content = plan.current.content
    end = min(content.end, plan.ended_on) if plan.ended_on else content.end
    return months_between(content.start, end) if end >= content.start else 0
