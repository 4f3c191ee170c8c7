"""Damaged data directories: each is told apart, with what happened, what to do and its own exit status.

Every test builds the damage by hand on a copy of a real, closed database (as a person would with
truncate, dd, an editor or chmod), then runs `koto clients` in-process and reads stderr and the status.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils

from koto_tui import messages
from koto_tui.cli import main
from koto_tui.model import ClientData, IdentityKind, Profile
from koto_tui.store import DataPaths, MissingDatabase, NotWritable, Store, keyfile, keys
from koto_tui.store import paths as paths_module
from koto_tui.store.connection import connect, failure, probe_write
from koto_tui.store.driver import dbapi2

PASSPHRASE = "oikea-salasana-äö"
PROFILE = Profile("Olli Ohjaaja", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli")
FAMILY = "Ковальчук-Зінченко"
PAGE = 4096


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed database with some clients (made once: Argon2 is slow on purpose)."""
    root = tmp_path_factory.mktemp("damage") / "data"
    store = Store.create(DataPaths(root), PROFILE, PASSPHRASE)
    for n in range(150):
        store.clients.add(ClientData(f"{FAMILY}{n}", "Олександра", None, IdentityKind.NONE))
    store.close()
    return root


@pytest.fixture
def data(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataPaths:
    """A private copy of the template; the right passphrase in KOTO_PASSPHRASE."""
    root = tmp_path / "data"
    shutil.copytree(template, root)
    monkeypatch.setenv("KOTO_PASSPHRASE", PASSPHRASE)
    return DataPaths(root)


def run_clients(paths: DataPaths, capsys: pytest.CaptureFixture[str],
                command: str = "clients") -> tuple[int, str]:
    """`koto clients` (or *command*) on *paths*: the exit status and stderr (stdout must be empty on
    failure)."""
    status = main([command, "--data-dir", str(paths.root)])
    out, err = capsys.readouterr()
    if status != 0:
        assert out == ""
    assert "Traceback" not in err and FAMILY not in err and PASSPHRASE not in err
    return status, err


def overwrite(path: Path, offset: int, length: int = 64) -> None:
    """What `dd if=/dev/urandom of=PATH seek=OFFSET conv=notrunc` does."""
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(os.urandom(length))


def edit_keys(paths: DataPaths, change: Callable[[dict[str, object]], None]) -> None:
    """Edit the key file's JSON as a person with a text editor would."""
    data = json.loads(paths.keyfile.read_text(encoding="utf-8"))
    change(data)
    paths.keyfile.write_text(json.dumps(data, indent=1), encoding="utf-8")


# --- the database -----------------------------------------------------------------------------------


def test_zero_byte_database_is_never_replaced(data: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    os.truncate(data.database, 0)
    status, err = run_clients(data, capsys)
    assert status == messages.EXIT_DATABASE_MISSING == 10
    assert f"tietokanta {data.database} on tyhjä (0 tavua)" in err
    assert "ei luo uutta tietokantaa" in err and "Palauta koto.db varmuuskopiosta" in err
    assert data.database.stat().st_size == 0
    assert sorted(p.name for p in data.root.iterdir()) == ["koto.db", "koto.keys", "koto.lock"]
    # ...and the same again: nothing was created over it the first time.
    assert run_clients(data, capsys)[0] == 10


def test_missing_database_next_to_a_key_file(data: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    data.database.unlink()
    status, err = run_clients(data, capsys)
    assert status == 10
    assert f"tietokanta {data.database} puuttuu, mutta sen avaintiedosto {data.keyfile} on tallella" in err
    assert not data.database.exists()
    with pytest.raises(MissingDatabase):
        Store.unlock(data, PASSPHRASE)
    assert not data.database.exists()


@pytest.mark.parametrize("damage", [
    pytest.param(lambda db: os.truncate(db, db.stat().st_size // 2 // PAGE * PAGE), id="truncated-at-a-page"),
    pytest.param(lambda db: os.truncate(db, db.stat().st_size // 2 + 100), id="truncated-mid-page"),
    pytest.param(lambda db: overwrite(db, db.stat().st_size // 2), id="dd-over-the-middle"),
])
def test_damaged_database_with_the_right_key(data: DataPaths, capsys: pytest.CaptureFixture[str],
                                             damage: Callable[[Path], None]) -> None:
    """A command that checks every page before it writes (all but `koto clients`, which reads only what it
    lists: README, "Where the whole file is checked")."""
    damage(data.database)
    before = data.database.read_bytes()
    status, err = run_clients(data, capsys, "worklist")
    assert status == messages.EXIT_DATABASE_DAMAGED == 11
    assert f"tietokanta {data.database} on vioittunut: tunnuslause ja avain ovat oikeat" in err
    assert "palauta koto.db varmuuskopiosta" in err
    assert data.database.read_bytes() == before


def test_damaged_start_names_both_possibilities(data: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    overwrite(data.database, 100)
    status, err = run_clients(data, capsys)
    assert status == 11
    assert "joko tietokannan alku on vioittunut tai avaintiedosto kuuluu toiseen koto-tietokantaan" in err


# --- the key file -----------------------------------------------------------------------------------


def test_missing_key_file(data: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    data.keyfile.unlink()
    status, err = run_clients(data, capsys)
    assert status == messages.EXIT_KEYFILE_MISSING == 12
    assert f"avaintiedosto {data.keyfile} puuttuu" in err and "Palauta koto.keys varmuuskopiosta" in err
    assert not data.keyfile.exists()


@pytest.mark.parametrize("text", ["", "{\"format\": 1, \"users\": [", "[]", "{\"format\": 1, \"users\": []}",
                                  "{\"format\": \"1\", \"users\": [{}]}"])
def test_key_file_that_is_not_one(data: DataPaths, capsys: pytest.CaptureFixture[str], text: str) -> None:
    data.keyfile.write_text(text, encoding="utf-8")
    status, err = run_clients(data, capsys)
    assert status == messages.EXIT_KEYFILE_DAMAGED == 13
    assert "on vioittunut: se ei ole luettava koto-avaintiedosto" in err


@pytest.mark.parametrize("field", ["salt", "private_nonce", "private_wrapped", "key_wrapped", "public_key",
                                   "user_id"])
def test_altered_entry_is_not_called_a_wrong_passphrase(data: DataPaths, capsys: pytest.CaptureFixture[str],
                                                        field: str) -> None:
    def alter(doc: dict[str, object]) -> None:
        entry = doc["users"][0]  # type: ignore[index]
        entry[field] = ("B" if entry[field][0] != "B" else "C") + entry[field][1:]

    edit_keys(data, alter)
    status, err = run_clients(data, capsys)
    assert status == 13
    assert "ei enää vastaa tarkistussummaa" in err and "väärä tunnuslause" not in err


def test_altered_entry_with_a_recomputed_checksum_names_both_possibilities(
        data: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    """Whoever recomputes the checksum is indistinguishable from a typo: the message says both."""
    def alter(doc: dict[str, object]) -> None:
        entries = doc["users"]
        wrapped = entries[0]["private_wrapped"]  # type: ignore[index]
        # A fixed first letter changes nothing once in 64 runs (the wrapped key is random).
        entries[0]["private_wrapped"] = ("A" if wrapped[0] != "A" else "B") + wrapped[1:]  # type: ignore[index]
        doc["checksum"] = keyfile.checksum(entries)  # type: ignore[arg-type]

    edit_keys(data, alter)
    status, err = run_clients(data, capsys)
    assert status == messages.EXIT_ERROR == 1
    assert "väärä tunnuslause." in err and f"avaintiedostoa {data.keyfile} on ehkä muutettu" in err


def test_wrong_passphrase(data: DataPaths, capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOTO_PASSPHRASE", "väärä-salasana")
    status, err = run_clients(data, capsys)
    assert status == 1
    assert err.startswith("koto: väärä tunnuslause. Jos olet varma")


def test_key_file_of_a_newer_koto_names_the_versions(data: DataPaths,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    edit_keys(data, lambda doc: doc.update(format=3))
    status, err = run_clients(data, capsys)
    assert status == messages.EXIT_TOO_NEW == 14
    assert "uudempi koto (avaintiedoston muoto 3; tämä koto lukee muotoa 2)" in err
    assert "Päivitä koto" in err


def test_absurd_kdf_parameters_are_damage_not_a_long_wait(data: DataPaths,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    def alter(doc: dict[str, object]) -> None:
        doc["users"][0]["params"]["memory_kib"] = 2**40  # type: ignore[index]
        doc.pop("checksum")

    edit_keys(data, alter)
    assert run_clients(data, capsys)[0] == 13


def test_key_file_without_a_checksum_opens_and_gets_one(data: DataPaths,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    edit_keys(data, lambda doc: doc.pop("checksum"))
    assert run_clients(data, capsys)[0] == 0
    stored = json.loads(data.keyfile.read_text(encoding="utf-8"))
    assert stored["checksum"] == keyfile.checksum(stored["users"])
    assert stat.S_IMODE(data.keyfile.stat().st_mode) == 0o600


# --- files left unwritable --------------------------------------------------------------------------


def _leave_wal(paths: DataPaths) -> None:
    """What a killed koto leaves behind: -wal and -shm beside the database."""
    store = Store.unlock(paths, PASSPHRASE)
    store.set_setting("probe", 1)
    shutil.copy(paths.root / "koto.db-wal", paths.root / "wal.copy")
    shutil.copy(paths.root / "koto.db-shm", paths.root / "shm.copy")
    store.close()
    os.replace(paths.root / "wal.copy", paths.root / "koto.db-wal")
    os.replace(paths.root / "shm.copy", paths.root / "koto.db-shm")


@pytest.mark.parametrize("name", ["koto.db-shm", "koto.db-wal", "koto.db", "koto.keys"])
def test_own_read_only_files_are_repaired_and_saving_works(data: DataPaths, name: str) -> None:
    _leave_wal(data)
    (data.root / name).chmod(0o400)
    store = Store.unlock(data, PASSPHRASE)
    try:
        assert stat.S_IMODE((data.root / name).stat().st_mode) == 0o600
        store.set_setting("after", 2)
        assert store.setting("after") == 2
    finally:
        store.close()


def test_files_of_another_owner_are_named(data: DataPaths, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """-shm left 0400 by another account (say, koto once run with sudo): named, not changed."""
    _leave_wal(data)
    shm = data.root / "koto.db-shm"
    shm.chmod(0o400)
    real_stat = Path.lstat

    def lstat(self: Path) -> os.stat_result:
        result = real_stat(self)
        if self != shm:
            return result
        fields = list(result)
        fields[4] = os.geteuid() + 1  # st_uid: someone else
        return os.stat_result(fields)

    # Chowning needs root, and root may write anything: pretend instead, in both directions.
    monkeypatch.setattr(Path, "lstat", lstat)
    monkeypatch.setattr(paths_module, "_usable", lambda path: path != shm)
    status, err = run_clients(data, capsys)
    assert status == messages.EXIT_NOT_WRITABLE == 15
    assert f"koto: näihin ei voi kirjoittaa: {shm}." in err and "kirjoitusoikeus" in err
    assert stat.S_IMODE(shm.stat().st_mode) == 0o400


def test_write_probe_finds_a_database_that_opens_but_cannot_be_saved(data: DataPaths) -> None:
    """What a read-only -shm, -wal, database or disk does: reads work, the first write fails."""
    key = _key(data)
    db = connect(data.database, key)
    db.conn.close()
    conn = dbapi2.connect(f"file:{data.database}?mode=ro", uri=True, isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    read_only = sqlite_utils.Database(conn)
    assert read_only.execute("SELECT count(*) FROM clients").fetchone()[0] == 150
    with pytest.raises(dbapi2.OperationalError) as caught:
        probe_write(read_only)
    conn.close()
    assert isinstance(failure(caught.value, data.database), NotWritable)


def _key(paths: DataPaths) -> bytes:
    return keys.unlock(paths.keyfile, PASSPHRASE).key


def test_probe_leaves_the_database_as_it_was(data: DataPaths) -> None:
    store = Store.unlock(data, PASSPHRASE)
    try:
        db = store.session.db
        assert db.execute("PRAGMA user_version").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM clients").fetchone()[0] == 150
    finally:
        store.close()


def test_a_first_run_that_fails_leaves_no_key_file_without_its_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Disk full while the first database is made: the next start is a first run again, not a dead end."""
    from koto_tui.store import database

    def full(db: sqlite_utils.Database) -> None:
        raise dbapi2.OperationalError("database or disk is full")

    paths = DataPaths(tmp_path / "first")
    with monkeypatch.context() as patched:
        patched.setattr(database, "apply", full)
        with pytest.raises(dbapi2.OperationalError):
            Store.create(paths, PROFILE, PASSPHRASE)
    assert not paths.initialised()
    assert sorted(p.name for p in paths.root.iterdir()) == []
    Store.create(paths, PROFILE, PASSPHRASE).close()
    assert paths.initialised()
