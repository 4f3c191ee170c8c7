"""Opening koto's data directory: create, close, unlock, wrong passphrases, damage, keys, locks, files."""

from __future__ import annotations

import base64
import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

from koto_tui import clock
from koto_tui.model import ClientData, IdentityKind, InterviewStatus, Profile
from koto_tui.store import (
    AlreadyInitialised,
    AlreadyOpen,
    DataPaths,
    KeyFileError,
    MissingKeyFile,
    Store,
    UnreadableDatabase,
    WrongPassphrase,
    kdf,
    keyfile,
    keys,
    lock_data_dir,
)
from koto_tui.store.connection import DatabaseError
from koto_tui.store.migrations import apply

PASSPHRASE = "oikea-salasana-äö"
PROFILE = Profile("Olli Ohjaaja", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli")
FORM_TEXT = "id: t\nversion: '1'\n"
FAMILY = "Ковальчук-Зінченко"
CLIENT = ClientData(
    FAMILY, "Олександра", date(1985, 3, 14), IdentityKind.TEMPORARY, "140385Y9501",
    native_language="uk", communication_language="uk", interpreter_needed=True,
    interpreter_language="uk", phone="+358 40 123 4567", street_address="Porrassalmenkatu 1",
    postal_code="50100", post_office="Mikkeli", address_nondisclosure=True,
)
DISTINCTIVE = "Tämä-on-erottuva-vastaus-7731"
ANSWERS: dict[str, object] = {
    "text": DISTINCTIVE,
    "count": 3,
    "share": 0.75,
    "yes": True,
    "no": False,
    "many": ["work", "study"],
    "nested": {"lang": "uk", "levels": [1, 2], "note": "Привіт"},
    "day": "2024-05-02",
}


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    """A data directory that does not exist yet."""
    return DataPaths(tmp_path / "data")


@pytest.fixture
def store(paths: DataPaths) -> Iterator[Store]:
    """A freshly created store (closed again at the end)."""
    opened = Store.create(paths, PROFILE, PASSPHRASE)
    yield opened
    opened.close()


@dataclass(frozen=True)
class Template:
    """A filled, closed database to copy, and where some of its tables lie."""

    root: Path
    client_id: int
    page_size: int
    migrations_page: int
    clients_page: int


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """Created once per module (Argon2 is slow on purpose); tests get a copy through `closed`."""
    clock.fix(datetime(2026, 11, 27, 10, 30))
    try:
        paths = DataPaths(tmp_path_factory.mktemp("template") / "data")
        store = Store.create(paths, PROFILE, PASSPHRASE)
        client_id, _ = fill(store)
        made = Template(paths.root, client_id, page_size(store), rootpage(store, "_sqlite_migrations"),
                        rootpage(store, "clients"))
        store.close()
    finally:
        clock.fix(None)
    return made


@pytest.fixture
def closed(tmp_path: Path, template: Template) -> DataPaths:
    """A private copy of the filled, closed template database."""
    root = tmp_path / "closed"
    shutil.copytree(template.root, root)
    return DataPaths(root)


def fill(store: Store) -> tuple[int, int]:
    """One client with one interview and answers of several JSON types; returns (client, interview)."""
    client_id = store.clients.add(CLIENT)
    store.interviews.register_form("t", "1", FORM_TEXT)
    interview = store.interviews.start(client_id, "t", "1", store.profile())
    for qid, value in ANSWERS.items():
        store.interviews.save_answer(interview.id, qid, value)
    return client_id, interview.id


def schema(store: Store) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The migration records and the whole sqlite_master."""
    db = store.session.db
    migrations = db.execute("SELECT * FROM _sqlite_migrations ORDER BY id").fetchall()
    master = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    return migrations, master


def damage(path: Path, offset: int, length: int = 64) -> None:
    """Overwrite *length* bytes of *path* at *offset*."""
    data = bytearray(path.read_bytes())
    assert offset + length <= len(data)
    data[offset:offset + length] = bytes((b ^ 0xA5) for b in data[offset:offset + length])
    path.write_bytes(bytes(data))


def rootpage(store: Store, table: str) -> int:
    """The page number (1-based) of *table*'s root."""
    row = store.session.db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()
    return int(row[0])


def page_size(store: Store) -> int:
    """The database page size in bytes."""
    return int(store.session.db.execute("PRAGMA page_size").fetchone()[0])


# --- round trip -------------------------------------------------------------------------------------


def test_create_close_unlock_round_trip(paths: DataPaths) -> None:
    store = Store.create(paths, PROFILE, PASSPHRASE)
    user_id = store.user.id
    client_id, interview_id = fill(store)
    store.close()

    again = Store.unlock(paths, PASSPHRASE)
    try:
        assert again.profile() == PROFILE
        user = again.user
        assert (user.id, user.name, user.title, user.role) == (
            user_id, PROFILE.name, PROFILE.title, "counsellor")
        client = again.clients.get(client_id)
        assert client.data == CLIENT
        assert client.data.full_name == "Ковальчук-Зінченко Олександра"
        assert client.created_at == client.updated_at == "2026-11-27T10:30:00"
        interview = again.interviews.get(interview_id)
        assert (interview.client_id, interview.form_id, interview.form_version) == (client_id, "t", "1")
        assert interview.status is InterviewStatus.IN_PROGRESS
        assert interview.interview_date == date(2026, 11, 27)
        assert (interview.counsellor_name, interview.counsellor_title) == (PROFILE.name, PROFILE.title)
        assert interview.answered == len(ANSWERS)
        assert interview.document_id == f"KOTO-2026-{interview_id:06d}"
        answers = again.interviews.answers(interview_id)
        assert answers == ANSWERS
        assert type(answers["count"]) is int and type(answers["share"]) is float
        assert type(answers["yes"]) is bool
        assert again.interviews.form_source("t", "1") == FORM_TEXT
    finally:
        again.close()


def test_create_refuses_an_initialised_directory(store: Store, paths: DataPaths) -> None:
    with pytest.raises(AlreadyInitialised):
        Store.create(paths, PROFILE, "toinen-salasana")


# --- migrations -------------------------------------------------------------------------------------


def test_migrations_are_recorded_once(store: Store) -> None:
    migrations, master = schema(store)
    recorded = [(row[1], row[2]) for row in migrations]
    assert len(recorded) == len(set(recorded))
    assert recorded[:4] == [
        ("koto", "m001_initial"), ("koto", "m002_amendments_and_results"),
        ("koto", "m003_interpreting_participants_consents"), ("koto", "m004_plans_and_user_roles")]
    names = {row[1] for row in master}
    assert {"users", "settings", "audit", "clients", "clients_fts", "form_versions", "interviews",
            "answers", "prints"} <= names


def test_second_apply_is_a_no_op(store: Store, paths: DataPaths) -> None:
    fill(store)
    before = schema(store)
    apply(store.session.db)
    assert schema(store) == before
    store.close()
    again = Store.unlock(paths, PASSPHRASE)  # unlocking applies the migrations again
    try:
        assert schema(again) == before
    finally:
        again.close()


# --- encryption at rest -----------------------------------------------------------------------------

SECRETS = [FAMILY.encode("utf-8"), "Олександра".encode(), DISTINCTIVE.encode("utf-8"),
           b"140385Y9501", b"Porrassalmenkatu"]


def assert_no_plaintext(path: Path) -> None:
    data = path.read_bytes()
    assert data, f"{path.name} is empty: the check would prove nothing"
    for secret in SECRETS:
        assert secret not in data, f"{secret!r} in plain text in {path.name}"
    assert b"SQLite format 3" not in data[:100]


def test_database_and_wal_hold_no_plaintext(store: Store, paths: DataPaths) -> None:
    fill(store)
    wal = paths.root / "koto.db-wal"
    assert wal.exists() and wal.stat().st_size > 0
    assert_no_plaintext(paths.database)
    assert_no_plaintext(wal)
    store.close()
    assert not wal.exists(), "a clean close folds the WAL back into the database"
    assert_no_plaintext(paths.database)
    assert_no_plaintext(paths.keyfile)
    assert paths.database.stat().st_size > 16 * 4096


def test_files_are_owner_only(store: Store, paths: DataPaths) -> None:
    fill(store)
    assert stat.S_IMODE(paths.root.stat().st_mode) == 0o700
    for path in (paths.database, paths.keyfile, paths.root / "koto.db-wal"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    store.close()
    for path in (paths.database, paths.keyfile):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


# --- passphrases and the key file -------------------------------------------------------------------


def test_wrong_passphrase_then_the_right_one(closed: DataPaths, template: Template) -> None:
    paths, client_id = closed, template.client_id
    with pytest.raises(WrongPassphrase):
        Store.unlock(paths, "väärä-salasana")
    with pytest.raises(WrongPassphrase):
        Store.unlock(paths, PASSPHRASE.upper())
    again = Store.unlock(paths, PASSPHRASE)
    try:
        assert again.clients.get(client_id).data.family_name == FAMILY
    finally:
        again.close()


def test_missing_key_file(closed: DataPaths) -> None:
    paths = closed
    paths.keyfile.unlink()
    with pytest.raises(MissingKeyFile):
        Store.unlock(paths, PASSPHRASE)


def test_missing_database_with_a_key_file(closed: DataPaths) -> None:
    paths = closed
    paths.database.unlink()
    with pytest.raises(UnreadableDatabase):
        Store.unlock(paths, PASSPHRASE)


def _entry(paths: DataPaths) -> dict[str, object]:
    return dict(json.loads(paths.keyfile.read_text(encoding="utf-8"))["users"][0])


@pytest.mark.parametrize(
    "damaged",
    [
        pytest.param(lambda text, entry: "", id="empty"),
        pytest.param(lambda text, entry: text[: len(text) // 2], id="truncated"),
        pytest.param(lambda text, entry: "not json at all", id="not-json"),
        pytest.param(lambda text, entry: json.dumps([entry]), id="a-list"),
        pytest.param(lambda text, entry: json.dumps({"format": 99, "users": [entry]}), id="unknown-format"),
        pytest.param(lambda text, entry: json.dumps({"format": 1, "users": []}), id="no-users"),
        pytest.param(lambda text, entry: json.dumps({"format": 1, "users": ["x"]}), id="user-not-object"),
        pytest.param(lambda text, entry: json.dumps({"format": 1, "users": [{"user_id": "x"}]}),
                     id="fields-missing"),
        pytest.param(lambda text, entry: json.dumps({"format": 1, "users": [{**entry, "salt": "!!!"}]}),
                     id="salt-not-base64"),
        pytest.param(lambda text, entry: json.dumps({"format": 1, "users": [{**entry, "params": "x"}]}),
                     id="params-not-object"),
    ],
)
def test_damaged_key_file(closed: DataPaths, damaged: Callable[[str, dict[str, object]], str]) -> None:
    paths = closed
    text = paths.keyfile.read_text(encoding="utf-8")
    paths.keyfile.write_text(damaged(text, _entry(paths)), encoding="utf-8")
    with pytest.raises(KeyFileError):
        Store.unlock(paths, PASSPHRASE)


def test_a_key_file_of_another_database_cannot_open_this_one(closed: DataPaths, tmp_path: Path) -> None:
    first = closed
    second = DataPaths(tmp_path / "second")
    Store.create(second, PROFILE, "toisen-salasana").close()
    first.keyfile.write_bytes(second.keyfile.read_bytes())
    with pytest.raises(UnreadableDatabase):
        Store.unlock(first, "toisen-salasana")


def test_second_user_unlocks_the_same_key_without_touching_the_database(
        closed: DataPaths, template: Template) -> None:
    paths, client_id = closed, template.client_id
    before = (paths.database.read_bytes(), paths.database.stat().st_mtime_ns)
    key = keys.unlock(paths.keyfile, PASSPHRASE).key

    keys.add_user(paths.keyfile, "second-user", "toisen-käyttäjän-salasana", key)

    assert (paths.database.read_bytes(), paths.database.stat().st_mtime_ns) == before
    assert keys.user_count(paths.keyfile) == 2
    assert stat.S_IMODE(paths.keyfile.stat().st_mode) == 0o600
    second = keys.unlock(paths.keyfile, "toisen-käyttäjän-salasana")
    assert (second.user_id, second.key) == ("second-user", key)
    for passphrase in (PASSPHRASE, "toisen-käyttäjän-salasana"):
        opened = Store.unlock(paths, passphrase)
        try:
            assert opened.clients.get(client_id).data == CLIENT
        finally:
            opened.close()


def test_key_file_uses_argon2id_and_no_plain_key(closed: DataPaths) -> None:
    data = json.loads(closed.keyfile.read_text(encoding="utf-8"))
    assert data["format"] == 2 and data["generation"] == 0
    (entry,) = data["users"]
    assert entry["kdf"] == "argon2id"
    assert entry["params"] == kdf.fixed()  # the suite's cheap parameters; calibration: test_keys_kdf.py
    unlocked = keys.unlock(closed.keyfile, PASSPHRASE)
    assert len(unlocked.key) == 32 and unlocked.private is not None
    raw = closed.keyfile.read_bytes()
    for secret in (unlocked.key, unlocked.private):
        assert secret not in raw and secret.hex().encode() not in raw and base64.b64encode(secret) not in raw
    assert PASSPHRASE.encode("utf-8") not in raw


def test_wrapped_key_is_bound_to_its_user_id(closed: DataPaths) -> None:
    """Renaming the user of an entry breaks its authentication instead of unlocking as someone else."""
    paths = closed
    data = json.loads(paths.keyfile.read_text(encoding="utf-8"))
    data["users"][0]["user_id"] = "someone-else"
    paths.keyfile.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(KeyFileError) as caught:  # the checksum finds the edit first
        Store.unlock(paths, PASSPHRASE)
    assert caught.value.reason == KeyFileError.CHANGED
    data["checksum"] = keyfile.checksum(data["users"])
    paths.keyfile.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(WrongPassphrase):
        Store.unlock(paths, PASSPHRASE)


# --- damaged database -------------------------------------------------------------------------------


@pytest.mark.parametrize("offset", [0, 20, 2048], ids=["salt", "first-page-header", "first-page-middle"])
def test_damaged_first_page_is_unreadable(closed: DataPaths, offset: int) -> None:
    paths = closed
    damage(paths.database, offset)
    with pytest.raises(UnreadableDatabase):
        Store.unlock(paths, PASSPHRASE)


def test_damaged_schema_page_is_unreadable(closed: DataPaths, template: Template) -> None:
    paths, page, size = closed, template.migrations_page, template.page_size
    damage(paths.database, (page - 1) * size + size // 2)
    with pytest.raises(UnreadableDatabase):
        Store.unlock(paths, PASSPHRASE)


def test_damaged_middle_is_found_by_verify(closed: DataPaths, template: Template) -> None:
    """Unlocking without the check reads only what it needs (the app's unlock, fast at any size); ``verify``
    checks every page, on a connection of its own, and a read of the damaged page fails rather than
    returning anything. With the check (the default, every command) the damage stops the unlock."""
    paths, page, size = closed, template.clients_page, template.page_size
    assert 1 < page < paths.database.stat().st_size // size
    damage(paths.database, (page - 1) * size + size // 2)
    with pytest.raises(UnreadableDatabase):
        Store.unlock(paths, PASSPHRASE)
    opened = Store.unlock(paths, PASSPHRASE, verify=False)
    try:
        with pytest.raises(UnreadableDatabase):
            opened.verify()
        with pytest.raises(DatabaseError):
            opened.clients.search("")
    finally:
        opened.close()


def test_verify_passes_on_a_sound_database_and_skips_a_closed_one(closed: DataPaths) -> None:
    opened = Store.unlock(closed, PASSPHRASE)
    opened.verify()
    opened.close()
    opened.verify()  # the key is gone: nothing to check with, and no error


def test_plain_file_is_unreadable(closed: DataPaths) -> None:
    """A file that is not a koto database (with a valid key file beside it) is reported as such."""
    paths = closed
    paths.database.write_bytes(os.urandom(8192))
    with pytest.raises(UnreadableDatabase):
        Store.unlock(paths, PASSPHRASE)


# --- one koto at a time -----------------------------------------------------------------------------


def test_second_lock_in_the_same_process(paths: DataPaths) -> None:
    lock = lock_data_dir(paths)
    try:
        with pytest.raises(AlreadyOpen):
            lock_data_dir(paths)
    finally:
        lock.release()
    again = lock_data_dir(paths)  # released: free again
    again.release()
    assert stat.S_IMODE(paths.lockfile.stat().st_mode) == 0o600


_HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from koto_tui.store import DataPaths, lock_data_dir
    lock = lock_data_dir(DataPaths(Path(sys.argv[1])))
    print("locked", flush=True)
    sys.stdin.read()
    lock.release()
""")

_TAKER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from koto_tui.store import AlreadyOpen, DataPaths, lock_data_dir
    try:
        lock_data_dir(DataPaths(Path(sys.argv[1])))
    except AlreadyOpen:
        print("already-open")
    else:
        print("got-it")
""")


def test_lock_held_by_another_process(paths: DataPaths) -> None:
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(paths.root)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(AlreadyOpen):
            lock_data_dir(paths)
    finally:
        holder.communicate(input="", timeout=30)
    assert holder.returncode == 0
    lock_data_dir(paths).release()  # the other process has gone: free again


def test_lock_held_here_stops_another_process(paths: DataPaths) -> None:
    lock = lock_data_dir(paths)
    try:
        taker = subprocess.run([sys.executable, "-c", _TAKER, str(paths.root)],
                               capture_output=True, text=True, timeout=30, check=False)
    finally:
        lock.release()
    assert (taker.returncode, taker.stdout.strip()) == (0, "already-open"), taker.stderr
