"""The integration plan (KotoL 681/2023 § 16) as plain records: content, versions, events, reviews.

No I/O here. The store keeps a plan as versions whose content is the JSON of :class:`PlanContent`, and
the lifecycle as dated events per version; where a plan stands is derived from those events by
``koto_tui.rules.plan_lifecycle``. The comparison of two versions (:func:`compare`) lives here too.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, fields, replace
from datetime import date
from enum import StrEnum
from typing import Any

from koto_tui.rules.plan import MeasureInput, MeasureStatus, PlanArea, PlanInput, PlanPeriod


class GoalTerm(StrEnum):
    """KotoL 681/2023 § 16: long-term goals, and the goals for the plan's period."""

    LONG_TERM = "long_term"
    PERIOD = "period"


class EventKind(StrEnum):
    """What happened to a plan version."""

    SUBMITTED = "submitted"      # the counsellor sent it to the coordinator for approval
    WITHDRAWN = "withdrawn"      # the counsellor took it back before a decision
    RETURNED = "returned"        # the coordinator returned it with comments
    APPROVED = "approved"        # the coordinator approved it as an official
    SIGNED = "signed"            # the client's signature was recorded (the date on the paper)


class Role(StrEnum):
    """What a user of the laptop may do."""

    COUNSELLOR = "counsellor"
    COORDINATOR = "coordinator"  # approves plans as an official (viranhaltija)


@dataclass(frozen=True)
class Goal:
    """One goal of the plan, in one of the § 16 areas."""

    id: str
    area: PlanArea
    term: GoalTerm
    text: str


@dataclass(frozen=True)
class Measure:
    """One measure or service agreed in the plan, from the catalogue (service_id) or written freely."""

    id: str
    name: str
    service_id: str | None = None
    provider: str = ""
    responsible: str = ""
    start: date | None = None
    end: date | None = None
    duration_months: int | None = None
    """The length when no end date is known yet (self-motivated study, open-ended courses)."""
    hours: int | None = None
    status: MeasureStatus = MeasureStatus.PLANNED
    goal_id: str | None = None
    binding: bool = False
    """Whether the measure binds the client (the jobseeking obligation, agreed services)."""
    jobseeking_obligation: bool = False
    civic_orientation: bool = False
    self_motivated_study: bool = False
    basic_education: bool = False
    language: str = ""
    notes: str = ""


@dataclass(frozen=True)
class PlanContent:
    """What the counsellor and the client agreed: the period, goals, measures and follow-up."""

    start: date
    end: date
    goals: tuple[Goal, ...] = ()
    measures: tuple[Measure, ...] = ()
    review_date: date | None = None
    follow_up: str = ""
    """How follow-up was agreed (KotoL 681/2023 § 16)."""
    other_content: str = ""

    def goal(self, goal_id: str | None) -> Goal | None:
        """The goal with this id, or None."""
        return next((g for g in self.goals if g.id == goal_id), None)

    def next_id(self, prefix: str) -> str:
        """A fresh id for a new goal ("g") or measure ("m"): random, so a removed one's id never returns."""
        taken = {goal.id for goal in self.goals} | {measure.id for measure in self.measures}
        while (ident := f"{prefix}-{secrets.token_hex(4)}") in taken:
            pass
        return ident


@dataclass(frozen=True)
class PlanEvent:
    """A dated step of a version's lifecycle, with the user who took it."""

    kind: EventKind
    at: str
    user_id: str
    user_name: str
    user_title: str = ""
    on: date | None = None
    """The date the step concerns: the approval date, or the date written on the signed paper."""
    text: str = ""
    """The coordinator's comments when returning."""
    via: str = ""
    """The sender whose laptop this step was taken on, when it arrived by import ("" when taken here)."""


@dataclass(frozen=True)
class PlanVersion:
    """One version of a plan: its content, why it was made, and what happened to it."""

    plan_id: int
    number: int
    content: PlanContent
    reason: str
    created_at: str
    created_by_name: str
    events: tuple[PlanEvent, ...] = ()
    created_by: str = ""
    """The id of the user who made this version (its drafter)."""

    def last(self, *kinds: EventKind) -> PlanEvent | None:
        """The newest event of these kinds, or None."""
        return next((e for e in reversed(self.events) if e.kind in kinds), None)

    @property
    def approval(self) -> PlanEvent | None:
        """The coordinator's approval of this version."""
        return self.last(EventKind.APPROVED)

    @property
    def signature(self) -> PlanEvent | None:
        """The client's recorded signature of this version."""
        return self.last(EventKind.SIGNED)

    @property
    def approved_by_drafter(self) -> bool:
        """Whether the user who made this version also approved it (where the municipality allows it)."""
        approval = self.approval
        return approval is not None and bool(self.created_by) and approval.user_id == self.created_by

    @property
    def pending(self) -> bool:
        """Submitted and waiting for the coordinator's decision."""
        step = self.last(EventKind.SUBMITTED, EventKind.WITHDRAWN, EventKind.RETURNED, EventKind.APPROVED)
        return step is not None and step.kind is EventKind.SUBMITTED

    @property
    def returned(self) -> PlanEvent | None:
        """The coordinator's return with comments, when that is the newest decision."""
        step = self.last(EventKind.SUBMITTED, EventKind.WITHDRAWN, EventKind.RETURNED, EventKind.APPROVED)
        return step if step is not None and step.kind is EventKind.RETURNED else None

    @property
    def locked(self) -> bool:
        """KotoL 681/2023 § 16 (Mikkeli practice): a signed or approved version is never changed."""
        return self.approval is not None or self.signature is not None


@dataclass(frozen=True)
class PlanReview:
    """A review of a plan in force: when, who took part, what changed, and the next review date."""

    id: int
    plan_id: int
    version: int
    review_date: date
    participants: str
    changes: str
    next_review: date | None
    recorded_by_name: str
    recorded_at: str


@dataclass(frozen=True)
class Plan:
    """A client's integration plan with all its versions (oldest first) and reviews."""

    id: int
    client_id: int
    interview_id: int | None
    first_plan: bool
    earlier_months: int
    """Months covered by the client's earlier plans when this plan was started."""
    created_at: str
    versions: tuple[PlanVersion, ...]
    reviews: tuple[PlanReview, ...] = ()
    ended_on: date | None = None
    end_reason: str = ""

    @property
    def current(self) -> PlanVersion:
        """The newest version: the only one that can change or be approved."""
        return self.versions[-1]

    def version(self, number: int) -> PlanVersion:
        """One version by its number (KeyError when there is none)."""
        for version in self.versions:
            if version.number == number:
                return version
        raise KeyError(number)

    @property
    def next_review(self) -> date | None:
        """The planned review date: from the newest review, else the current version's content."""
        if self.reviews and self.reviews[-1].next_review is not None:
            return self.reviews[-1].next_review
        return self.current.content.review_date

    @property
    def document_id(self) -> str:
        """The id printed in the footer of the plan's printouts."""
        from koto_tui import document_ids

        return document_ids.plan(self.created_at, self.id)


def plan_input(content: PlanContent, *, today: date, first_plan: bool, earlier_months: int,
               jobseeker: bool | None, window_end: date | None, review_interval_months: int) -> PlanInput:
    """What the legal checks of ``koto_tui.rules.plan`` need to know about a drafted plan."""
    return PlanInput(
        today=today, period=PlanPeriod(content.start, content.end), first_plan=first_plan,
        earlier_months=earlier_months, jobseeker=jobseeker, window_end=window_end,
        measures=tuple(MeasureInput(
            service_id=m.service_id, name=m.name, start=m.start, end=m.end, hours=m.hours,
            is_civic_orientation=m.civic_orientation, binding=m.binding,
            is_jobseeking_obligation=m.jobseeking_obligation, self_motivated_study=m.self_motivated_study,
            basic_education=m.basic_education, study_months=m.duration_months) for m in content.measures),
        review_interval_months=review_interval_months,
    )


# --- JSON ---------------------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def _record(item: Any) -> dict[str, Any]:
    return {name: _plain(getattr(item, name)) for name in _field_names(type(item))}


def _field_names(kind: Any) -> tuple[str, ...]:
    """The names of a dataclass's fields (``fields`` builds them anew on every call), kept per class."""
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind))
    return names


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


#: The stored content's JSON writer, made once (``json.dumps`` with options makes an encoder per call).
_CONTENT_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def content_to_json(content: PlanContent) -> str:
    """The content as stored: stable JSON (sorted keys), dates as ISO text."""
    data = _record(content)
    data["goals"] = [_record(g) for g in content.goals]
    data["measures"] = [_record(m) for m in content.measures]
    return _CONTENT_JSON(data)


def _day(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


_MEASURE_FIELDS = frozenset(_field_names(Measure))


def _measure(raw: dict[str, Any]) -> Measure:
    values = {k: v for k, v in raw.items() if k in _MEASURE_FIELDS}
    for key in ("start", "end"):
        values[key] = _day(values.get(key))
    values["status"] = MeasureStatus(values.get("status") or MeasureStatus.PLANNED)
    return Measure(**values)


def content_from_json(text: str) -> PlanContent:
    """The content stored by :func:`content_to_json` (unknown keys of newer versions are ignored)."""
    return content_from_data(json.loads(text))


def content_from_data(raw: dict[str, Any]) -> PlanContent:
    """The content from its stored JSON already parsed (an import's plan version, say)."""
    return PlanContent(
        start=date.fromisoformat(raw["start"]), end=date.fromisoformat(raw["end"]),
        goals=tuple(Goal(id=g["id"], area=PlanArea(g["area"]), term=GoalTerm(g["term"]), text=g["text"])
                    for g in raw.get("goals", [])),
        measures=tuple(_measure(m) for m in raw.get("measures", [])),
        review_date=_day(raw.get("review_date")), follow_up=raw.get("follow_up", ""),
        other_content=raw.get("other_content", ""),
    )


# --- Comparing two versions -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """One difference between two versions: what (a field path), the value before and after."""

    what: str
    """"period", "review_date", "follow_up", "other_content", "goal:<id>" or "measure:<id>"."""
    field: str
    """The field that changed; "" when the whole goal or measure was added or removed."""
    before: object = None
    after: object = None


_TOP_FIELDS = ("start", "end", "review_date", "follow_up", "other_content")


def _item_changes(kind: str, old: tuple[Any, ...], new: tuple[Any, ...]) -> list[Change]:
    before = {item.id: item for item in old}
    after = {item.id: item for item in new}
    changes: list[Change] = []
    for ident, item in before.items():
        if ident not in after:
            changes.append(Change(f"{kind}:{ident}", "", before=item))
    for ident, item in after.items():
        if ident not in before:
            changes.append(Change(f"{kind}:{ident}", "", after=item))
            continue
        for f in fields(item):
            was, now = getattr(before[ident], f.name), getattr(item, f.name)
            if was != now:
                changes.append(Change(f"{kind}:{ident}", f.name, was, now))
    return changes


def compare(old: PlanContent, new: PlanContent) -> list[Change]:
    """What changed from *old* to *new*: top-level fields, then goals and measures matched by id."""
    changes = [Change(name, name, getattr(old, name), getattr(new, name))
               for name in _TOP_FIELDS if getattr(old, name) != getattr(new, name)]
    return changes + _item_changes("goal", old.goals, new.goals) + _item_changes(
        "measure", old.measures, new.measures)


def with_goal(content: PlanContent, goal: Goal) -> PlanContent:
    """The content with *goal* added, or replacing the goal with the same id."""
    goals = [g for g in content.goals if g.id != goal.id]
    index = next((i for i, g in enumerate(content.goals) if g.id == goal.id), len(goals))
    goals.insert(index, goal)
    return replace(content, goals=tuple(goals))


def with_measure(content: PlanContent, measure: Measure) -> PlanContent:
    """The content with *measure* added, or replacing the measure with the same id."""
    measures = [m for m in content.measures if m.id != measure.id]
    index = next((i for i, m in enumerate(content.measures) if m.id == measure.id), len(measures))
    measures.insert(index, measure)
    return replace(content, measures=tuple(measures))


def without(content: PlanContent, item_id: str) -> PlanContent:
    """The content without the goal or measure *item_id* (measures serving a removed goal keep no goal)."""
    return replace(
        content, goals=tuple(g for g in content.goals if g.id != item_id),
        measures=tuple(replace(m, goal_id=None) if m.goal_id == item_id else m
                       for m in content.measures if m.id != item_id))


__all__ = [
    "Change", "EventKind", "Goal", "GoalTerm", "Measure", "Plan", "PlanContent", "PlanEvent", "PlanReview",
    "PlanVersion", "Role", "compare", "content_from_json", "content_to_json", "plan_input",
    "with_goal", "with_measure", "without",
]
