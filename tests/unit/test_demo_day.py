"""`koto demo` holds a worklist row of every kind, dated around the day it is made."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from koto_tui import clock
from koto_tui.demo import demo_paths, seed_demo
from koto_tui.rules.due import Kind
from koto_tui.store import DataPaths
from koto_tui.store.exchange import Exchange
from koto_tui.worklist import Filters, Group, gather


def test_the_demos_day_puts_every_kind_on_the_worklist(tmp_path: Path) -> None:
    clock.fix(datetime(2027, 3, 10, 8, 0))  # any day: the day's items move with it
    store = seed_demo(demo_paths(DataPaths(tmp_path / "data")), day=True)
    try:
        worklist = gather(store, clock.today(), Filters(mine=False))
        [imported] = [r for r in worklist.rows if r.item.kind is Kind.IMPORT_CONFLICTS]
        lines = Exchange(store.session).conflicts(imported.item.target_id)
    finally:
        store.close()
    kinds = {row.item.kind for row in worklist.rows}
    assert kinds == set(Kind)
    assert imported.group is Group.TODAY and "2 ristiriitaa" in imported.item.what
    assert [line.name for line in lines] == ["Kowalski Piotr", "Said Omar"]
    assert clock.fixed() == datetime(2027, 3, 10, 8, 0)  # the clock put back after the backdated interview
    [unfinished] = [r for r in worklist.rows if r.item.kind is Kind.UNFINISHED_INTERVIEW]
    assert unfinished.group is Group.TODAY and unfinished.client.name == "Popescu Ana"


def test_the_tests_demo_has_no_day_items(seeded_demo: Path) -> None:
    from koto_tui.demo import DEMO_PASSPHRASE
    from koto_tui.store import Store

    store = Store.unlock(demo_paths(DataPaths(seeded_demo)), DEMO_PASSPHRASE)
    try:
        assert not store.clients.search("Kowalski")
    finally:
        store.close()
