"""Long reads on a connection of their own (``Session.snapshot``): the worklist's facts and the retention scan
never hold the session's lock, so the client search and the saves go on while they read."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from koto_tui import clock
from koto_tui.model import ClientData, Profile
from koto_tui.store import DataPaths, Store

PROFILE = Profile("Olli Ohjaaja", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli")
#: How long a test waits for a state before it fails (generous: the machine may be loaded).
BUDGET_S = 20.0


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.create(DataPaths(tmp_path / "data"), PROFILE, "oikea-salasana-äö")
    opened.clients.add(ClientData("Virtanen", "Aino", date(1990, 1, 1)))
    yield opened
    opened.close()


def _names(db: object) -> list[str]:
    return [row[0] for row in db.execute("SELECT family_name FROM clients ORDER BY id")]  # type: ignore[attr-defined]


def test_a_save_and_a_search_go_on_while_a_snapshot_reads(store: Store) -> None:
    """Another thread saves and searches during the read (with the session's lock held by the read, as the
    worklist's read held it, the save would wait until the read ended: the test would time out)."""
    done = threading.Event()
    found: list[int] = []

    def meanwhile() -> None:
        store.clients.add(ClientData("Korhonen", "Eero", date(1985, 5, 5)))
        found.append(len(store.clients.search("")))
        done.set()

    with store.session.snapshot() as db:
        before = _names(db)
        threading.Thread(target=meanwhile, daemon=True).start()
        assert done.wait(BUDGET_S), "the save waited for the read"
        assert _names(db) == before == ["Virtanen"]  # one snapshot for the whole read
    assert found == [2]
    with store.session.snapshot() as db:
        assert _names(db) == ["Virtanen", "Korhonen"]  # the next read sees what was saved


def test_a_snapshot_is_read_only_and_leaves_no_connection_open(store: Store) -> None:
    from koto_tui.store.connection import DatabaseError

    opened: list[object] = []
    opener = store.session.opener
    assert opener is not None
    store.session.opener = lambda: opened.append(db := opener()) or db  # type: ignore[func-returns-value]
    with pytest.raises(DatabaseError, match=r"readonly|read-only|query_only"), store.session.snapshot() as db:
        db.execute("DELETE FROM clients")
    with store.session.snapshot() as db:
        assert _names(db) == ["Virtanen"]
    assert len(opened) == 2
    for db in opened:
        with pytest.raises(Exception, match="closed"):
            db.execute("SELECT 1")  # type: ignore[attr-defined]


def test_a_closed_store_reads_no_snapshot(store: Store) -> None:
    """Once the store is closed there is no key to open a connection with: the read fails as any read of a
    closed store fails, never on a connection opened after the lock."""
    store.close()
    assert store.session.opener is not None and store.session.opener() is None
    with pytest.raises(Exception, match="closed"), store.session.snapshot() as db:
        db.execute("SELECT 1")


def test_the_worklist_reads_while_the_session_is_held(store: Store) -> None:
    """The worklist's facts with the session's lock held by another thread (a save, the search): read all
    the same, not after it."""
    from koto_tui.worklist import Filters, gather

    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with store.session.lock:
            held.set()
            release.wait(3 * BUDGET_S)

    threading.Thread(target=hold, daemon=True).start()
    assert held.wait(BUDGET_S)
    result: list[object] = []
    reader = threading.Thread(target=lambda: result.append(store.worklist.facts(clock.today(), 14, 6)),
                              daemon=True)
    reader.start()
    reader.join(BUDGET_S)
    release.set()
    assert result, "the worklist's facts waited for the session's lock"
    assert gather(store, clock.today(), Filters()).total == 1
