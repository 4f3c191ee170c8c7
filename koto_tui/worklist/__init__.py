"""The counsellor's worklist: what falls due, grouped by when, filtered by whose and what (headless).

The store gathers the facts, ``rules.due`` decides what is due by when; this package names the clients,
groups the items (overdue, today, this week, later), applies the filters and writes ``--json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from koto_tui.i18n import N_, _, format_number, ngettext
from koto_tui.memory import collection_paused
from koto_tui.rules.due import (
    COORDINATORS,
    DEFAULT_STALE_DAYS,
    NO_CLIENT,
    STALE_SETTING,
    Due,
    Kind,
    due_items,
    short_date,
)
from koto_tui.rules.law import cite
from koto_tui.rules.plan import DEFAULT_REVIEW_MONTHS
from koto_tui.store.worklist import ClientLine
from koto_tui.text import printable

if TYPE_CHECKING:
    from koto_tui.store.database import Store

#: The municipality's review interval setting (the same key as ``planning.REVIEW_SETTING``).
REVIEW_SETTING = "plan_review_months"


class Group(StrEnum):
    """When an item falls due, seen from today; listed in this order."""

    OVERDUE = "overdue"
    TODAY = "today"
    WEEK = "week"
    LATER = "later"


#: The groups' names as the user reads them (translated where shown).
GROUP_NAMES = {Group.OVERDUE: N_("Overdue"), Group.TODAY: N_("Today"), Group.WEEK: N_("This week"),
               Group.LATER: N_("Later")}

#: The kinds' names for the filter (translated where shown).
KIND_NAMES = {
    Kind.WINDOW_CLOSING: N_("Three-year window closing"),
    Kind.PLAN_TO_DRAW_UP: N_("Plan to draw up"),
    Kind.FIRST_PLAN_LIMIT: N_("First plan's 12 months"),
    Kind.REVIEW_DUE: N_("Plan review"),
    Kind.ENROLMENT_TARGET: N_("Enrolment target"),
    Kind.PLAN_ENDING: N_("Plan ending"),
    Kind.AWAITING_APPROVAL: N_("Waiting for approval"),
    Kind.RETURNED: N_("Returned with comments"),
    Kind.UNFINISHED_INTERVIEW: N_("Unfinished interview"),
    Kind.NOT_EXPORTED: N_("Not exported to KOTO-AJ"),
    Kind.CONSENT_WITHDRAWN: N_("Consent withdrawn"),
    Kind.MEETING: N_("Next meeting"),
    Kind.ASSESSMENT_TO_START: N_("Assessment to start"),
    Kind.IMPORT_CONFLICTS: N_("Import with conflicts"),
}

#: The client line of an item about no one client (an import's conflicts).
NOBODY = ClientLine(NO_CLIENT, "", "")


@dataclass(frozen=True)
class Filters:
    """What the list shows: only the user's own items or everyone's, one kind, one client language."""

    mine: bool = True
    kind: Kind | None = None
    language: str | None = None


@dataclass(frozen=True)
class Row:
    """One line of the worklist: the item, its client and its group."""

    item: Due
    client: ClientLine
    group: Group


@dataclass(frozen=True)
class Worklist:
    """The rows that pass the filters (soonest first) and the counts per group."""

    today: date
    rows: tuple[Row, ...]
    """Every row that passes, or with ``gather(…, shown=n)`` the first n of each group."""
    counts: dict[Group, int] = field(default_factory=dict)
    """The rows that pass, per group (all of them, also those left out of *rows*)."""
    languages: tuple[str, ...] = ()
    """The client languages found on the unfiltered list (the language filter's choices)."""

    @property
    def total(self) -> int:
        """The rows that pass, in every group."""
        return sum(self.counts.values())

    def in_group(self, group: Group) -> list[Row]:
        """The group's rows, as kept (see *rows*)."""
        return [row for row in self.rows if row.group is group]


def group_of(due: date, today: date) -> Group:
    """Overdue before today, today, this calendar week (until Sunday), later after it."""
    if due < today:
        return Group.OVERDUE
    if due == today:
        return Group.TODAY
    sunday = today + timedelta(days=6 - today.weekday())
    return Group.WEEK if due <= sunday else Group.LATER


def is_for(item: Due, user_id: str, role: str) -> bool:
    """Whether *item* is the user's own: theirs by owner, or a coordinator's decision for a coordinator."""
    return item.owner == user_id or (item.owner == COORDINATORS and role == COORDINATORS)


def _setting(store: Store, key: str, default: int) -> int:
    value = store.setting(key, default)
    return value if isinstance(value, int) and value > 0 else default


def stale_days(store: Store) -> int:
    """The days an unfinished interview may wait before it is listed (a setting, 14 when not set)."""
    return _setting(store, STALE_SETTING, DEFAULT_STALE_DAYS)


def _passes(item: Due, language: str, filters: Filters, user_id: str, role: str) -> bool:
    if filters.mine and not is_for(item, user_id, role):
        return False
    if filters.kind is not None and item.kind is not filters.kind:
        return False
    return filters.language is None or language == filters.language


def gather(store: Store, today: date, filters: Filters, shown: int | None = None) -> Worklist:
    """The worklist of the user who unlocked *store*, as of *today*; with *shown*, only the first *shown*
    rows of each group are kept (the counts are of all).

    A city's register has 90,000 clients with no assessment yet, each an item: the facts are read on a
    connection of their own (``Session.snapshot``: the client search never waits for them) and Python's
    cyclic collector is paused meanwhile (the items make no cycles; its full collections walked them from
    the worker, holding the interpreter lock, and stopped the UI for 50-160 ms each). What is kept with
    *shown* is a few hundred rows, not the 100,000 a full collection would walk again and again.
    """
    with collection_paused():
        # (read and sorted in a call of its own: its 300,000 objects are gone before the collector is on)
        return _gathered(store, today, filters, shown)


def _gathered(store: Store, today: date, filters: Filters, shown: int | None) -> Worklist:
    facts = store.worklist.facts(today, stale_days(store), _setting(store, REVIEW_SETTING,
                                                                    DEFAULT_REVIEW_MONTHS))
    items = due_items(facts)
    spoken = store.worklist.languages()
    spoken[NO_CLIENT] = NOBODY.language
    user = store.user
    counts = dict.fromkeys(Group, 0)
    languages: set[str] = set()
    kept: list[tuple[Due, Group]] = []
    for item in items:
        language = spoken.get(item.client_id)
        if language is None:  # restricted (GDPR art. 18): nothing of theirs is listed
            continue
        if language:
            languages.add(language)
        if not _passes(item, language, filters, user.id, user.role):
            continue
        group = group_of(item.due, today)
        counts[group] += 1
        if shown is None or counts[group] <= shown:  # (soonest first: the groups come in their order)
            kept.append((item, group))
    named = store.worklist.clients(item.client_id for item, _group in kept)
    named[NO_CLIENT] = NOBODY
    rows = tuple(Row(item, named[item.client_id], group) for item, group in kept
                 if item.client_id in named)  # (restricted since the languages were read: left out)
    return Worklist(today, rows, counts, tuple(sorted(languages)))


def to_json(worklist: Worklist) -> dict[str, Any]:
    """The worklist as plain data for ``koto worklist --json`` (texts in the UI language)."""
    return {
        "today": worklist.today.isoformat(),
        "counts": {str(group): count for group, count in worklist.counts.items()},
        "items": [{
            "group": str(row.group), "due": row.item.due.isoformat(), "kind": str(row.item.kind),
            "client_id": row.client.id, "client": row.client.name, "language": row.client.language,
            "what": row.item.what, "rule": row.item.rule, "section": row.item.section,
            "target": str(row.item.target), "target_id": row.item.target_id,
        } for row in worklist.rows],
    }


def text_lines(worklist: Worklist) -> list[str]:
    """The worklist as lines for the terminal: a heading per group, then date, client, what and rule."""
    lines: list[str] = []
    for group in Group:
        rows = worklist.in_group(group)
        if not rows:
            continue
        lines.append(f"{_(GROUP_NAMES[group])} ({format_number(worklist.counts[group])})")
        for row in rows:
            mark = "! " if group is Group.OVERDUE else "  "
            rule = row.item.rule + (f", {cite(row.item.section)}" if row.item.section else "")
            who = f"{printable(row.client.name)}: " if row.client.name else ""
            lines.append(f"{mark}{short_date(row.item.due):<10}  {who}{printable(row.item.what)} ({rule})")
    total = worklist.total
    lines.append(ngettext("{n} item", "{n} items", total).format(n=format_number(total)) if total else _(
        "Nothing falls due."))
    return lines
