"""Taking a backup as a user (`koto backup` and the app share it): audited, with clear failures."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from koto_tui.admin import take
from koto_tui.admin.backup import BackupError
from koto_tui.admin.take import default_path, take_backup, target
from koto_tui.cli import main
from koto_tui.demo import DEMO_PASSPHRASE, demo_paths
from koto_tui.i18n import set_language
from koto_tui.store import DataPaths, Store


@pytest.fixture
def store(seeded_demo: Path, tmp_path: Path) -> Store:
    root = tmp_path / "data"
    shutil.copytree(seeded_demo, root)
    return Store.unlock(demo_paths(DataPaths(root)), DEMO_PASSPHRASE)


def backup_rows(store: Store) -> list[tuple[str, str, str, str]]:
    with store.session.reading() as db:
        return [tuple(r) for r in db.execute(  # type: ignore[misc]
            "SELECT user_id, entity, entity_id, detail FROM audit WHERE action = 'backup'").fetchall()]


def test_a_backup_is_written_verified_and_recorded(store: Store, tmp_path: Path) -> None:
    try:
        taken = take_backup(store, tmp_path / "usb" / "laptop.zip")
        assert taken.path == tmp_path / "usb" / "laptop.zip" and taken.size == taken.path.stat().st_size > 0
        assert taken.manifest.migrations
        row = (store.session.user_id, "database", "laptop.zip", str(tmp_path / "usb"))
        assert backup_rows(store) == [row]
    finally:
        store.close()


def test_koto_backup_on_the_command_line_is_recorded_too(seeded_demo: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "data"
    shutil.copytree(seeded_demo, root)
    monkeypatch.setenv("KOTO_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["--lang", "en", "backup", "--demo", "--data-dir", str(root)]) == 0
    written = list((demo_paths(DataPaths(root)).root / "backups").glob("koto-backup-*.zip"))
    assert len(written) == 1 and str(written[0]) in capsys.readouterr().out
    store = Store.unlock(demo_paths(DataPaths(root)), DEMO_PASSPHRASE)
    try:
        assert [row[2] for row in backup_rows(store)] == [written[0].name]
    finally:
        store.close()


def test_a_path_through_a_file_is_refused_clearly_and_nothing_is_recorded(store: Store,
                                                                          tmp_path: Path) -> None:
    set_language("en")
    (tmp_path / "notes.txt").write_text("x")
    try:
        with pytest.raises(BackupError) as caught:
            take_backup(store, tmp_path / "notes.txt" / "backup.zip")
        assert str(caught.value) == (f"{tmp_path / 'notes.txt'} is not a folder: choose another place "
                                     "for the backup.")
        assert backup_rows(store) == []
    finally:
        store.close()


@pytest.mark.parametrize(("code", "expected"), [
    (errno.ENOSPC, "could not write the backup: the disk is full: free some space and try again."),
    (errno.EACCES, "could not write the backup: no permission to write to /media/usb."),
    (errno.ENOENT, "/media/usb cannot be reached (is the USB stick or network drive there?)."),
])
def test_full_disks_and_unwritable_places_are_explained(store: Store, monkeypatch: pytest.MonkeyPatch,
                                                        code: int, expected: str) -> None:
    set_language("en")

    def failing(_store: Store, _out: Path) -> None:
        raise OSError(code, "raw", "/media/usb")

    monkeypatch.setattr(take, "write_backup", failing)
    try:
        with pytest.raises(BackupError) as caught:
            take_backup(store, Path("/media/usb/backup.zip"))
        assert str(caught.value) == expected
    finally:
        store.close()


def test_a_typed_path_means_a_file_a_folder_or_the_default(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    assert target("  ", paths).parent == paths.root / "backups" == default_path(paths).parent
    assert target(str(tmp_path), paths).parent == tmp_path
    assert target(str(tmp_path), paths).name.startswith("koto-backup-")
    assert target(str(tmp_path / "mine.zip"), paths) == tmp_path / "mine.zip"


def test_a_backup_that_cannot_be_recorded_is_not_left_behind(store: Store, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from koto_tui.store.driver import dbapi2

    def closed(*_args: object) -> None:
        raise dbapi2.ProgrammingError("Cannot operate on a closed database.")

    monkeypatch.setattr(store.session, "audit", closed)
    try:
        with pytest.raises(BackupError):
            take_backup(store, tmp_path / "laptop.zip")
        assert not (tmp_path / "laptop.zip").exists()
    finally:
        store.close()
