"""The worklist's facts from the store: set-based (no query per client), the next meeting, the demo's list."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from koto_tui import clock
from koto_tui.demo import DEMO_PASSPHRASE, demo_paths
from koto_tui.model import ClientData, Profile
from koto_tui.plans import PlanContent
from koto_tui.rules.due import Kind, Target
from koto_tui.store import DataPaths, Store
from koto_tui.store.exchange import Exchange, ImportConflict
from koto_tui.store.migrations import apply
from koto_tui.store.worklist import Meeting
from koto_tui.worklist import Filters, Group, Worklist, gather, text_lines, to_json

PROFILE = Profile("Maija Meikäläinen", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut",
                  "Mikkeli")


@pytest.fixture
def demo(seeded_demo: Path, tmp_path: Path) -> Iterator[Store]:
    """A private copy of the demo database, opened by the demo counsellor."""
    root = tmp_path / "demo"
    shutil.copytree(seeded_demo, root)
    store = Store.unlock(demo_paths(DataPaths(root)), DEMO_PASSPHRASE)
    yield store
    store.close()


def _laptop(root: Path, clients: int) -> Store:
    """A laptop with *clients* clients, each with an interview in progress and a draft plan."""
    store = Store.create(DataPaths(root), PROFILE, "maijan-salasana")
    store.interviews.register_form("assessment", "1", "id: assessment")
    for n in range(clients):
        cid = store.clients.add(ClientData(f"Asiakas{n}", "Testi", date(1990, 1, 1), native_language="uk"))
        interview = store.interviews.start(cid, "assessment", "1", PROFILE)
        store.interviews.save_answer(interview.id, "window_event_date", "2024-01-15")
        store.plans.create(cid, interview.id, PlanContent(start=date(2026, 12, 1), end=date(2027, 11, 30)))
        store.worklist.set_meeting(cid, Meeting(date(2026, 12, 1), "10.00", "Maaherrankatu 9"))
    return store


def _statements(store: Store) -> int:
    """How many SQL statements gathering the facts runs (on the connection of its own it reads through)."""
    seen: list[str] = []
    opener = store.session.opener
    assert opener is not None

    def traced() -> Any:
        db = opener()
        db.conn.set_trace_callback(seen.append)
        return db

    store.session.opener = traced
    store.session.db.conn.set_trace_callback(seen.append)
    try:
        store.worklist.facts(clock.today(), 14, 6)
    finally:
        store.session.opener = opener
        store.session.db.conn.set_trace_callback(None)
    return len([sql for sql in seen if sql.lstrip().upper().startswith(("SELECT", "WITH"))])


def test_the_facts_take_as_many_queries_for_thirty_clients_as_for_two(tmp_path: Path) -> None:
    few, many = _laptop(tmp_path / "few", 2), _laptop(tmp_path / "many", 30)
    try:
        assert len(many.worklist.facts(clock.today(), 14, 6).plans) == 30
        assert 0 < _statements(few) == _statements(many)
    finally:
        few.close()
        many.close()


def test_the_demo_worklist_names_each_item_its_rule_and_where_enter_goes(demo: Store) -> None:
    made = gather(demo, clock.today(), Filters(mine=False))
    found = {(row.item.kind, row.client.name) for row in made.rows}
    assert (Kind.WINDOW_CLOSING, "الأحمد محمد") in found
    assert (Kind.REVIEW_DUE, "Nguyễn Thị Hương") in found
    assert (Kind.AWAITING_APPROVAL, "احمدی زهرا") in found
    assert all(row.item.rule for row in made.rows)
    window = next(row for row in made.rows if row.item.kind is Kind.WINDOW_CLOSING)
    assert window.item.section == "KotoL 681/2023 § 14" and window.item.target is Target.INTERVIEW
    assert sum(made.counts.values()) == len(made.rows)
    assert [row.item.due for row in made.rows] == sorted(row.item.due for row in made.rows)


def test_mine_leaves_the_coordinators_approvals_out_for_a_counsellor(demo: Store) -> None:
    everyone = gather(demo, clock.today(), Filters(mine=False))
    mine = gather(demo, clock.today(), Filters(mine=True))
    assert Kind.AWAITING_APPROVAL in {row.item.kind for row in everyone.rows}
    assert Kind.AWAITING_APPROVAL not in {row.item.kind for row in mine.rows}
    only_uk = gather(demo, clock.today(), Filters(mine=False, language="uk"))
    assert only_uk.rows and {row.client.language for row in only_uk.rows} == {"uk"}
    reviews = gather(demo, clock.today(), Filters(mine=False, kind=Kind.REVIEW_DUE))
    assert {row.item.kind for row in reviews.rows} == {Kind.REVIEW_DUE}


def test_a_recorded_review_leaves_the_list(demo: Store) -> None:
    made = gather(demo, date(2026, 12, 15), Filters(mine=False, kind=Kind.REVIEW_DUE))
    [row] = made.rows
    assert row.group is Group.TODAY
    demo.plans.add_review(row.item.target_id, date(2026, 12, 15), "asiakas, ohjaaja", "ei muutoksia",
                             date(2027, 6, 15))
    assert gather(demo, date(2026, 12, 15), Filters(mine=False, kind=Kind.REVIEW_DUE)).rows == ()


def test_the_next_meeting_is_set_listed_and_cleared(demo: Store) -> None:
    cid = demo.clients.search("Mäkelä")[0].id
    meeting = Meeting(date(2026, 11, 27), "13.15", "puhelin 040 123", "Tulkkauspalvelu Oy", "TP-77")
    demo.worklist.set_meeting(cid, meeting)
    assert demo.worklist.meeting(cid) == meeting
    [row] = gather(demo, clock.today(), Filters(kind=Kind.MEETING)).rows
    assert row.group is Group.TODAY and "Tulkkauspalvelu Oy TP-77" in row.item.what
    demo.worklist.set_meeting(cid, None)
    assert demo.worklist.meeting(cid) is None
    assert gather(demo, clock.today(), Filters(kind=Kind.MEETING)).rows == ()


def test_a_client_with_a_meeting_can_still_be_purged(tmp_path: Path) -> None:
    store = Store.create(DataPaths(tmp_path / "data"), PROFILE, "maijan-salasana")
    cid = store.clients.add(ClientData("Virtanen", "Aino", date(1990, 1, 1)))
    store.worklist.set_meeting(cid, Meeting(date(2026, 12, 1)))
    assert Exchange(store.session).purge_client_if_empty(cid)
    assert store.worklist.meeting(cid) is None
    apply(store.session.db)  # a second apply is a no-op
    store.close()


def test_json_and_text_carry_the_same_items(demo: Store) -> None:
    made = gather(demo, clock.today(), Filters(mine=False))
    data = json.loads(json.dumps(to_json(made), ensure_ascii=False))
    assert data["today"] == "2026-11-27" and len(data["items"]) == len(made.rows)
    assert {"group", "due", "kind", "client", "what", "rule", "section", "target", "target_id"} <= set(
        data["items"][0])
    lines = text_lines(made)
    assert lines[-1] == f"{len(made.rows)} asiaa"
    assert any("الأحمد محمد" in line and "KotoL 681/2023 14 §" in line for line in lines)


def test_a_client_without_an_assessment_is_to_start_until_one_is_started(tmp_path: Path) -> None:
    store = Store.create(DataPaths(tmp_path / "data"), PROFILE, "maijan-salasana")
    store.interviews.register_form("assessment", "1", "id: assessment")
    cid = store.clients.add(ClientData("Virtanen", "Aino", date(1990, 1, 1)))
    [row] = gather(store, clock.today(), Filters(mine=True)).rows  # mine: the counsellor added them
    assert row.item.kind is Kind.ASSESSMENT_TO_START and row.client.name == "Virtanen Aino"
    assert row.item.section == "KotoL 681/2023 § 14" and (row.item.target, row.item.target_id) == (
        Target.CLIENT, cid)
    store.interviews.start(cid, "assessment", "1", PROFILE)
    assert gather(store, clock.today(), Filters(kind=Kind.ASSESSMENT_TO_START)).rows == ()
    store.close()


def test_an_import_with_conflicts_is_listed_without_a_client(tmp_path: Path) -> None:
    store = Store.create(DataPaths(tmp_path / "data"), PROFILE, "maijan-salasana")
    cid = store.clients.add(ClientData("Virtanen", "Aino", date(1990, 1, 1)))
    Exchange(store.session).record_import("ab" * 32, 1, 0, 0, [
        ImportConflict(cid, "client", "ab" * 16, "client_changed_here"),
        ImportConflict(cid, "plan", "KOTO-S-2026-000001", "record_changed_here")])
    Exchange(store.session).record_import("cd" * 32, 1, 0, 0)
    made = gather(store, clock.today(), Filters(mine=True, kind=Kind.IMPORT_CONFLICTS))
    [row] = made.rows
    assert row.item.kind is Kind.IMPORT_CONFLICTS and row.item.target is Target.IMPORT
    assert row.client.name == "" and "2 ristiriitaa" in row.item.what
    assert text_lines(made)[1].strip().endswith("(tuonnin ristiriidat)")
    assert to_json(made)["items"][0]["client"] == ""
    store.close()


def test_a_restricted_clients_items_leave_the_worklist(seeded_demo: Path, tmp_path: Path) -> None:
    """Restriction (GDPR art. 18) hides a client from every list, the worklist too, until it is lifted."""
    from koto_tui.demo import DEMO_COORDINATOR_PASSPHRASE
    from koto_tui.store.restriction import Restrictions

    root = tmp_path / "demo"
    shutil.copytree(seeded_demo, root)
    store = Store.unlock(demo_paths(DataPaths(root)), DEMO_COORDINATOR_PASSPHRASE)
    try:
        before = gather(store, clock.today(), Filters(mine=False))
        client = before.rows[0].client.id
        Restrictions(store.session).restrict(client, "asiakas kiistää tiedot")
        during = gather(store, clock.today(), Filters(mine=False))
        Restrictions(store.session).lift(client, "tiedot oikaistu")
        after = gather(store, clock.today(), Filters(mine=False))
    finally:
        store.close()
    assert client not in {row.client.id for row in during.rows}
    assert len(during.rows) < len(before.rows)
    assert [row.item for row in after.rows] == [row.item for row in before.rows]


def test_with_shown_each_group_keeps_its_first_rows_and_counts_them_all(tmp_path: Path) -> None:
    """A city's 90,000 clients with no assessment are 90,000 items: the screen keeps the first few of each
    group (the heap a full collection walks stays small) and still says how many there are."""
    store = Store.create(DataPaths(tmp_path / "data"), PROFILE, "maijan-salasana")
    store.interviews.register_form("assessment", "1", "id: assessment")
    for n in range(7):
        store.clients.add(ClientData(f"Asiakas{n}", "Testi", date(1990, 1, 1), native_language="uk"))
    try:
        everything = gather(store, clock.today(), Filters())
        shown = gather(store, clock.today(), Filters(), shown=3)
        assert everything.counts[Group.TODAY] == shown.counts[Group.TODAY] == 7 == shown.total
        assert len(everything.rows) == 7 and shown.rows == everything.rows[:3]
        assert shown.languages == everything.languages == ("uk",)
        assert text_lines(shown)[0].endswith("(7)") and text_lines(shown)[-1] == text_lines(everything)[-1]
    finally:
        store.close()


@pytest.mark.parametrize(("lang", "count"), [("fi", "95\u00a0000"), ("sv", "95\u00a0000"), ("en", "95,000")])
def test_a_citys_counts_are_written_as_numbers_of_the_ui_language(lang: str, count: str) -> None:
    from koto_tui.i18n import language, set_language
    from koto_tui.screens.worklist import counts_text

    before = language()
    set_language(lang)
    try:
        made = Worklist(date(2026, 12, 4), (), {**dict.fromkeys(Group, 0), Group.TODAY: 95_000})
        assert f" {count}" in counts_text(made) and "95000" not in counts_text(made)
        assert text_lines(made)[-1].startswith(count)
    finally:
        set_language(before)
