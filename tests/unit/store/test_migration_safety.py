"""Schema changes are safe: a newer koto's database is refused, and a backup is kept before each change."""

from __future__ import annotations

import json
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from koto_tui import __version__, clock, messages
from koto_tui.cli import main
from koto_tui.model import Profile
from koto_tui.store import DataPaths, Store
from koto_tui.store.backup import KEEP_BEFORE_UPDATE, backup_before_migration
from koto_tui.store.migrations import NewerDatabase, known_migrations, migrations

PROFILE = Profile("Maija Meikäläinen", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut",
                  "Mikkeli")
PASSPHRASE = "oikea hevonen patteri"


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    paths = DataPaths(tmp_path / "data")
    Store.create(paths, PROFILE, PASSPHRASE).close()
    return paths


def test_a_new_database_is_not_backed_up(paths: DataPaths) -> None:
    assert not (paths.root / "backups").exists()
    Store.unlock(paths, PASSPHRASE).close()  # nothing pending: no backup either
    assert not (paths.root / "backups").exists()


def test_a_database_from_a_newer_koto_is_refused_with_the_versions(
        paths: DataPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.unlock(paths, PASSPHRASE)
    with store.session.transaction() as db:
        db.table("_sqlite_migrations").insert({"migration_set": "koto", "name": "m999_from_the_future",
                                               "applied_at": "2027-01-01 00:00:00"})
    store.close()
    with pytest.raises(NewerDatabase) as refused:
        Store.unlock(paths, PASSPHRASE)
    assert refused.value.unknown == ["m999_from_the_future"]
    monkeypatch.setenv("KOTO_PASSPHRASE", PASSPHRASE)
    assert main(["--lang", "en", "clients", "--data-dir", str(paths.root)]) == messages.EXIT_TOO_NEW == 14
    err = capsys.readouterr().err
    assert f"newer koto (schema m999_from_the_future; this is koto {__version__})" in err


def test_a_backup_is_kept_before_a_schema_change(paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    before = known_migrations()

    def m999_next(db: Database) -> None:
        db.execute("CREATE TABLE next_feature (id INTEGER PRIMARY KEY)")

    monkeypatch.setattr(migrations, "_migrations", [*migrations._migrations,
                                                    type(migrations._migrations[0])("m999_next", m999_next)])
    store = Store.unlock(paths, PASSPHRASE)
    store.close()
    [archive] = (paths.root / "backups").glob("before-update-*.zip")
    with zipfile.ZipFile(archive) as zipped:
        manifest = json.loads(zipped.read("manifest.json"))
        zipped.extractall(paths.root.parent / "copy")
    assert manifest["migrations"] == before
    # The archived database has the old schema, under the same key and key file.
    monkeypatch.setattr(migrations, "_migrations", migrations._migrations[:-1])
    old = Store.unlock(DataPaths(paths.root.parent / "copy"), PASSPHRASE)
    try:
        with old.session.reading() as db:
            assert "next_feature" not in db.table_names()
    finally:
        old.close()


def test_only_the_newest_backups_before_changes_are_kept(paths: DataPaths) -> None:
    store = Store.unlock(paths, PASSPHRASE)
    try:
        for minute in range(KEEP_BEFORE_UPDATE + 2):
            clock.fix(datetime(2026, 11, 27, 10, minute))
            backup_before_migration(store.session.db, known_migrations())
    finally:
        store.close()
    kept = sorted(p.name for p in (paths.root / "backups").glob("before-update-*.zip"))
    assert kept == [f"before-update-20261127-10{m:02d}00.zip" for m in range(2, KEEP_BEFORE_UPDATE + 2)]
    assert not [p for p in (paths.root / "backups").iterdir() if p.name.startswith(".koto-backup-")]
