"""The import_conflicts table (m013): made on an older database, read with the clients' names, and gone with
the client when they are erased or purged."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from koto_tui.demo import DEMO_COORDINATOR_PASSPHRASE, demo_paths
from koto_tui.model import ClientData, Profile
from koto_tui.retention import erase_client
from koto_tui.rules.retention import Duty, RetentionRules
from koto_tui.store import DataPaths, Store
from koto_tui.store.erasure import Erasure
from koto_tui.store.exchange import Exchange, ImportConflict
from koto_tui.store.migrations import apply, known_migrations, migrations
from koto_tui.store.restriction import Restrictions

PROFILE = Profile("Maija Meikäläinen", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut",
                  "Mikkeli")
PASSPHRASE = "oikea hevonen patteri"


@pytest.fixture
def at_m012(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataPaths:
    """A database whose schema stops at m012, with an import that counted two conflicts (no rows then)."""
    newest = list(migrations._migrations)
    assert "m013_import_conflicts" in known_migrations()
    monkeypatch.setattr(migrations, "_migrations", [m for m in newest if m.name < "m013"])
    paths = DataPaths(tmp_path / "data")
    store = Store.create(paths, PROFILE, PASSPHRASE)
    with store.session.transaction() as db:
        assert "import_conflicts" not in db.table_names()
        db.table("imports").insert({"id": 1, "at": "2026-11-20T09:00:00", "user_id": None,
                                    "file_sha256": "0" * 64, "created": 1, "updated": 0, "unchanged": 0,
                                    "conflicts": 2})
    store.close()
    monkeypatch.setattr(migrations, "_migrations", newest)
    return paths


def test_m013_makes_the_table_with_its_indexes_and_an_older_import_lists_nothing(at_m012: DataPaths) -> None:
    store = Store.unlock(at_m012, PASSPHRASE)
    try:
        db = store.session.db
        assert set(db.table("import_conflicts").columns_dict) == {
            "id", "import_id", "client_id", "entity", "document_id", "reason"}
        indexed = {tuple(i.columns) for i in db.table("import_conflicts").indexes}
        assert {("import_id",), ("client_id",)} <= indexed
        exchange = Exchange(store.session)
        assert exchange.conflicts(1) == [] and exchange.conflicts_counted(1) == 2
        apply(db)  # a second apply is a no-op
        assert [m.name for m in migrations.applied(db)] == known_migrations()
    finally:
        store.close()


@pytest.fixture
def store(seeded_demo: Path, tmp_path: Path) -> Iterator[Store]:
    """The demo database (a private copy), opened by the demo coordinator."""
    root = tmp_path / "data"
    shutil.copytree(seeded_demo, root)
    opened = Store.unlock(demo_paths(DataPaths(root)), DEMO_COORDINATOR_PASSPHRASE)
    yield opened
    opened.close()


def _import_with_conflicts(store: Store, *client_ids: int) -> int:
    return Exchange(store.session).record_import("ab" * 32, 0, 0, 0, [
        ImportConflict(cid, "plan", f"KOTO-S-2026-00009{n}", "record_changed_here")
        for n, cid in enumerate(client_ids)])


def test_the_list_names_the_clients_but_not_a_restricted_one(store: Store) -> None:
    first = store.clients.add(ClientData("Virtanen", "Aino", date(1990, 1, 1)))
    second = store.clients.add(ClientData("Salainen", "Sara", date(1991, 2, 2)))
    Restrictions(store.session).restrict(second, "kiistää tietojen paikkansapitävyyden")
    import_id = _import_with_conflicts(store, first, second)
    lines = Exchange(store.session).conflicts(import_id)
    assert [(line.conflict.client_id, line.name, line.restricted) for line in lines] == [
        (first, "Virtanen Aino", False), (second, "", True)]


def test_an_erased_client_leaves_no_conflict_row_and_the_others_stay(store: Store) -> None:
    erased = store.clients.add(ClientData("Virtanen", "Aino", date(1990, 1, 1)))
    other = store.clients.add(ClientData("Korhonen", "Eino", date(1980, 1, 1)))
    import_id = _import_with_conflicts(store, erased, other)
    rules = RetentionRules(False, {}, (Duty("recent_activity", "Kunnan päätös", 30),))
    changed = Erasure(store.session, store.paths).facts(erased).last_activity
    assert changed is not None
    done = erase_client(store, erased, "pyyntö", rules, date.fromordinal(changed.toordinal() + 31))
    assert done.rows["import_conflicts"] == 1
    assert [line.conflict.client_id for line in Exchange(store.session).conflicts(import_id)] == [other]


def test_a_purged_client_leaves_no_conflict_nor_restriction_row(store: Store) -> None:
    """The purge after the entry into KOTO-AJ deletes the same client tables as an erasure."""
    cid = store.clients.add(ClientData("Virtanen", "Aino", date(1990, 1, 1)))
    import_id = _import_with_conflicts(store, cid)
    restrictions = Restrictions(store.session)
    restrictions.restrict(cid, "kiistää tietojen paikkansapitävyyden")
    restrictions.lift(cid, "oikaistu")
    assert Exchange(store.session).purge_client_if_empty(cid)
    assert Exchange(store.session).conflicts(import_id) == []
    with store.session.reading() as db:
        assert db.execute("SELECT count(*) FROM restrictions WHERE client_id = ?", [cid]).fetchone()[0] == 0
