"""`koto backup` and `koto restore`: a lost laptop comes back with every answer saved before the backup."""

from __future__ import annotations

import json
import shutil
import stat
import threading
import zipfile
from pathlib import Path

import pytest

from koto_tui.admin.backup import write_backup
from koto_tui.cli import main
from koto_tui.demo import _CLIENTS, DEMO_PASSPHRASE, demo_paths
from koto_tui.store import DataPaths, Store, lock_data_dir

NAMES = [c.family_name for c in _CLIENTS] + [c.given_names for c in _CLIENTS]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    assert not [name for name in NAMES if name in out + err]
    assert "Traceback" not in out + err
    return code, out + err


def demo_store(root: Path) -> Store:
    return Store.unlock(demo_paths(DataPaths(root)), DEMO_PASSPHRASE)


def answers_of(root: Path) -> dict[int, dict[str, object]]:
    store = demo_store(root)
    try:
        return {i.id: store.interviews.answers(i.id) for c in store.clients.search("")
                for i in store.interviews.for_client(c.id)}
    finally:
        store.close()


def save(root: Path, question: str, value: str) -> None:
    store = demo_store(root)
    try:
        store.interviews.save_answer(3, question, value)
    finally:
        store.close()


def test_backup_lose_the_laptop_and_restore(data_dir: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    save(data_dir, "goals_notes", "typed before the backup")
    before = answers_of(data_dir)
    out = tmp_path / "usb" / "koto-backup.zip"
    code, text = run(capsys, "backup", "--demo", "--data-dir", str(data_dir), "--out", str(out))
    assert code == 0 and str(out) in text
    save(data_dir, "goals_notes", "typed after the backup")
    shutil.rmtree(data_dir)  # the laptop is lost

    code, text = run(capsys, "restore", "--demo", "--data-dir", str(data_dir), str(out))
    assert code == 0 and "Restored the backup" in text and "kept in" not in text
    assert answers_of(data_dir) == before
    assert before[3]["goals_notes"] == "typed before the backup"


def test_restore_keeps_the_current_files_aside(data_dir: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "backup.zip"
    assert run(capsys, "backup", "--demo", "--data-dir", str(data_dir), "--out", str(out))[0] == 0
    demo = demo_paths(DataPaths(data_dir)).root
    current = (demo / "koto.db").read_bytes()
    code, text = run(capsys, "restore", "--demo", "--data-dir", str(data_dir), str(out))
    assert code == 0
    aside = next(demo.glob("before-restore-*"))
    assert str(aside) in text
    assert (aside / "koto.db").read_bytes() == current and (aside / "koto.keys").exists()


def test_the_backup_file_is_private_and_holds_no_plaintext(data_dir: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "backup.zip"
    assert run(capsys, "backup", "--demo", "--data-dir", str(data_dir), "--out", str(out))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    raw = out.read_bytes()
    assert b"SQLite format 3" not in raw
    assert not [name for name in NAMES if name.encode("utf-8") in raw]
    with zipfile.ZipFile(out) as zipped:
        assert sorted(zipped.namelist()) == ["koto.db", "koto.keys", "manifest.json"]
        manifest = json.loads(zipped.read("manifest.json"))
    assert manifest["migrations"] and set(manifest["sha256"]) == {"koto.db", "koto.keys"}


def test_the_default_place_is_backups_in_the_data_directory(data_dir: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "backup", "--demo", "--data-dir", str(data_dir))[0] == 0
    made = list((demo_paths(DataPaths(data_dir)).root / "backups").glob("koto-backup-20261127-*.zip"))
    assert len(made) == 1


def test_both_refuse_while_another_koto_has_the_database(data_dir: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "backup.zip"
    assert run(capsys, "backup", "--demo", "--data-dir", str(data_dir), "--out", str(out))[0] == 0
    lock = lock_data_dir(demo_paths(DataPaths(data_dir)))
    try:
        code, text = run(capsys, "backup", "--demo", "--data-dir", str(data_dir), "--out",
                         str(tmp_path / "b"))
        assert code == 1 and "another koto is already using" in text
        code, text = run(capsys, "restore", "--demo", "--data-dir", str(data_dir), str(out))
        assert code == 1 and "another koto is already using" in text
    finally:
        lock.release()
    assert not (tmp_path / "b").exists()


def test_a_wrong_passphrase_changes_nothing(data_dir: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "backup.zip"
    assert run(capsys, "backup", "--demo", "--data-dir", str(data_dir), "--out", str(out))[0] == 0
    demo = demo_paths(DataPaths(data_dir)).root
    before = sorted(p.name for p in demo.iterdir())
    monkeypatch.setenv("KOTO_PASSPHRASE", "not the passphrase")
    code, text = run(capsys, "restore", "--demo", "--data-dir", str(data_dir), str(out))
    assert code == 1 and "passphrase does not open this backup" in text
    assert sorted(p.name for p in demo.iterdir()) == before


def _rewrite(path: Path, change: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path) as zipped:
        members = {name: zipped.read(name) for name in zipped.namelist()}
    members.update(change)
    with zipfile.ZipFile(path, "w") as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)


def test_damaged_newer_and_foreign_files_are_refused(data_dir: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "backup.zip"
    assert run(capsys, "backup", "--demo", "--data-dir", str(data_dir), "--out", str(out))[0] == 0
    restore = ["restore", "--demo", "--data-dir", str(data_dir)]

    damaged = tmp_path / "damaged.zip"
    shutil.copy(out, damaged)
    with zipfile.ZipFile(out) as zipped:
        database = bytearray(zipped.read("koto.db"))
        manifest = json.loads(zipped.read("manifest.json"))
    database[5000] ^= 0xFF
    _rewrite(damaged, {"koto.db": bytes(database)})
    code, text = run(capsys, *restore, str(damaged))
    assert code == 1 and "koto.db does not match its checksum" in text

    newer = tmp_path / "newer.zip"
    shutil.copy(out, newer)
    manifest.update(koto="9.0.0", migrations=[*manifest["migrations"], "m999_from_the_future"])
    _rewrite(newer, {"manifest.json": json.dumps(manifest).encode()})
    code, text = run(capsys, *restore, str(newer))
    assert code == 1 and "koto 9.0.0, which is newer than this koto" in text

    foreign = tmp_path / "notes.zip"
    foreign.write_bytes(b"not a zip")
    code, text = run(capsys, *restore, str(foreign))
    assert code == 1 and "is not a koto backup" in text
    assert not list(demo_paths(DataPaths(data_dir)).root.glob("before-restore-*"))


def test_a_backup_taken_while_answers_are_saved_is_one_moment(data_dir: Path, tmp_path: Path) -> None:
    store = demo_store(data_dir)
    stop, typing = threading.Event(), threading.Event()
    saved: list[int] = []

    def keep_typing() -> None:
        while not stop.is_set():
            store.interviews.save_answer(3, "goals_notes", f"draft {len(saved)}")
            saved.append(len(saved))
            if len(saved) == 20:
                typing.set()

    typist = threading.Thread(target=keep_typing)
    typist.start()
    try:
        assert typing.wait(timeout=30)
        manifest = write_backup(store, tmp_path / "live.zip")
    finally:
        stop.set()
        typist.join(timeout=30)
        store.close()
    assert manifest.migrations
    restored = tmp_path / "restored"
    restored.mkdir()
    with zipfile.ZipFile(tmp_path / "live.zip") as zipped:
        zipped.extractall(restored)
    copy = Store.unlock(DataPaths(restored), DEMO_PASSPHRASE)
    try:
        value = copy.interviews.answers(3)["goals_notes"]
    finally:
        copy.close()
    assert isinstance(value, str) and value.startswith("draft ")
    assert 20 <= int(value.split()[1]) < len(saved)  # saved while the backup was taken, not after it


def test_a_path_with_control_characters_is_printed_harmlessly(data_dir: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A backup path holding a title-setting escape is shown with visible marks, never sent as it is."""
    out = tmp_path / "x\x1b]0;pwned\x07.zip"
    code, text = run(capsys, "backup", "--demo", "--data-dir", str(data_dir), "--out", str(out))
    assert code == 0 and out.exists()
    assert "\x1b" not in text and "\x07" not in text and "␛]0;pwned␇" in text
    code, text = run(capsys, "restore", "--demo", "--data-dir", str(tmp_path / "x\x1b[2J"), str(out))
    assert code == 0 and "\x1b" not in text and "␛[2J" in text
