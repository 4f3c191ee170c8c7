"""m014: plan_events has one index on plan_id (m006 and m010 had made two), and reads still use one."""

from __future__ import annotations

from pathlib import Path

import pytest

from koto_tui.model import Profile
from koto_tui.store import DataPaths, Store
from koto_tui.store.migrations import known_migrations, migrations

PROFILE = Profile("Maija Meikäläinen", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut",
                  "Mikkeli")
PASSPHRASE = "oikea hevonen patteri"


def _indexes(store: Store) -> list[str]:
    return sorted(name for name, in store.session.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'plan_events'"))


def test_a_database_made_before_m014_keeps_one_index_and_uses_it(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    newest = list(migrations._migrations)
    assert "m014_one_plan_events_index" in known_migrations()
    monkeypatch.setattr(migrations, "_migrations", [m for m in newest if m.name < "m014"])
    paths = DataPaths(tmp_path / "data")
    store = Store.create(paths, PROFILE, PASSPHRASE)
    assert _indexes(store) == ["idx_plan_events_plan_id", "plan_events_plan_id"]
    store.close()
    monkeypatch.setattr(migrations, "_migrations", newest)
    store = Store.unlock(paths, PASSPHRASE)
    try:
        assert _indexes(store) == ["plan_events_plan_id"]
        plan = " ".join(str(row[-1]) for row in store.session.db.execute(
            "EXPLAIN QUERY PLAN SELECT kind FROM plan_events WHERE plan_id = ?", [1]))
        assert "USING INDEX plan_events_plan_id" in plan
    finally:
        store.close()
