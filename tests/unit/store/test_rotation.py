"""Removing a user replaces the database key: an old key file opens nothing; a crash at any step is too."""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from pathlib import Path

import pytest

from koto_tui import messages
from koto_tui.admin.backup import put_back, read_manifest, unpack, write_backup
from koto_tui.model import ClientData, IdentityKind, Profile
from koto_tui.store import (
    DataPaths,
    KeyFileOutdated,
    Store,
    UnreadableDatabase,
    WrongPassphrase,
    keyfile,
    keys,
    rotation,
)
from koto_tui.store.connection import connect
from koto_tui.store.errors import UserRefused

PROFILE = Profile("Kaisa Koordinaattori", "kotoutumiskoordinaattori", "Mikkelin kaupunki",
                  "Kotoutumispalvelut", "Mikkeli")
STAYS, LEAVES = "kaisan-pitkä-salasana", "pekan-pitkä-salasana"
CLIENT = ClientData("Virtanen", "Aino", None, IdentityKind.NONE)
STEPS = ["next-written", "marker-written", "rekeyed", "checkpointed", "generation-stored", "swapped"]


@pytest.fixture
def team(tmp_path: Path) -> tuple[DataPaths, str, bytes]:
    """A coordinator and a counsellor; returns the paths, the counsellor's id and the old key file's bytes."""
    paths = DataPaths(tmp_path / "data")
    store = Store.create(paths, PROFILE, STAYS, role="coordinator")
    store.clients.add(CLIENT)
    leaver = store.users.add("Pekka Poistuva", "kotoutumisohjaaja", "counsellor", LEAVES,
                              confirm_passphrase=STAYS)
    store.close()
    return paths, leaver, paths.keyfile.read_bytes()


def _remove(paths: DataPaths, user_id: str) -> None:
    store = Store.unlock(paths, STAYS)
    try:
        store.users.remove(user_id,
                              confirm_passphrase=STAYS)
    finally:
        store.close()


def _client_names(paths: DataPaths) -> list[str]:
    store = Store.unlock(paths, STAYS)
    try:
        return [c.full_name for c in store.clients.search("")]
    finally:
        store.close()


def test_removal_rekeys_the_database_and_an_old_key_file_is_refused_as_outdated(
        team: tuple[DataPaths, str, bytes]) -> None:
    paths, leaver, old_keys = team
    old_key = keys.unlock(paths.keyfile, STAYS).key
    _remove(paths, leaver)

    document = keyfile.read(paths.keyfile)
    assert document.generation == 1 and [e["user_id"] for e in document.entries] != [leaver]
    new_key = keys.unlock(paths.keyfile, STAYS).key
    assert new_key != old_key
    connect(paths.database, new_key).conn.close()
    with pytest.raises(UnreadableDatabase):
        connect(paths.database, old_key)
    assert _client_names(paths) == ["Virtanen Aino"]
    with pytest.raises(WrongPassphrase):
        Store.unlock(paths, LEAVES)
    assert not rotation.next_path(paths).exists()

    paths.keyfile.write_bytes(old_keys)  # the copy kept from before the removal
    for passphrase in (LEAVES, STAYS):
        with pytest.raises(KeyFileOutdated) as refused:
            Store.unlock(paths, passphrase)
        assert (refused.value.found, refused.value.current) == (0, 1)
    assert messages.exit_status(refused.value) == messages.EXIT_KEYFILE_DAMAGED
    text = messages.store_error_message(refused.value, paths)
    assert "vanha kopio" in text and "27.11.2026" in text


_CRASH = """
import os, sys
from pathlib import Path
from koto_tui.store import DataPaths, Store, kdf, rotation
kdf.fix({"memory_kib": 8, "iterations": 1, "lanes": 1})
step = sys.argv[2]
def reached(name):
    if name == step:
        os._exit(9)
rotation.reached = reached
store = Store.unlock(DataPaths(Path(sys.argv[1])), sys.argv[3])
store.users.remove(sys.argv[4], confirm_passphrase=sys.argv[3])
"""


@pytest.mark.parametrize("step", STEPS)
def test_a_crash_at_any_step_of_the_rotation_leaves_data_the_remaining_user_opens(
        team: tuple[DataPaths, str, bytes], step: str) -> None:
    paths, leaver, old_keys = team
    done = subprocess.run([sys.executable, "-c", _CRASH, str(paths.root), step, STAYS, leaver],
                          capture_output=True, timeout=120, check=False)
    assert done.returncode == 9, done.stderr[-2000:]

    assert _client_names(paths) == ["Virtanen Aino"]  # this unlock also finishes the rotation
    assert keyfile.read(paths.keyfile).generation == 1
    assert not rotation.next_path(paths).exists()
    with pytest.raises(WrongPassphrase):
        Store.unlock(paths, LEAVES)
    paths.keyfile.write_bytes(old_keys)
    for passphrase in (LEAVES, STAYS):
        with pytest.raises(KeyFileOutdated):
            Store.unlock(paths, passphrase)


def test_a_rekey_torn_before_its_commit_leaves_the_old_key_and_the_rotation_is_redone(
        team: tuple[DataPaths, str, bytes]) -> None:
    """A crash in the middle of PRAGMA rekey: the WAL lacks the commit frame, so the old key still opens."""
    paths, leaver, old_keys = team
    done = subprocess.run([sys.executable, "-c", _CRASH, str(paths.root), "rekeyed", STAYS, leaver],
                          capture_output=True, timeout=120, check=False)
    assert done.returncode == 9, done.stderr[-2000:]
    wal = paths.database.with_name(paths.database.name + "-wal")
    frame = 24 + 4096  # frame header + one SQLCipher page
    assert wal.stat().st_size > 32 + frame
    with wal.open("r+b") as handle:  # the last frame (the commit) never reached the disk
        handle.truncate(wal.stat().st_size - frame)
    old = keys.unlock(paths.keyfile, STAYS)
    assert old.generation == 0
    connect(paths.database, old.key).conn.close()  # the old key still opens it

    assert _client_names(paths) == ["Virtanen Aino"]
    assert keyfile.read(paths.keyfile).generation == 1 and not rotation.next_path(paths).exists()
    paths.keyfile.write_bytes(old_keys)
    with pytest.raises(KeyFileOutdated):
        Store.unlock(paths, LEAVES)


def test_a_full_disk_before_the_rekey_keeps_the_old_key_and_the_next_unlock_rotates(
        team: tuple[DataPaths, str, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    paths, leaver, old_keys = team
    real = keyfile.write

    def full(path: Path, *args: object) -> None:
        if path.name.endswith(".next"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(keyfile, "write", full)
    store = Store.unlock(paths, STAYS)
    store.users.remove(leaver, confirm_passphrase=STAYS)  # removed; the key replacement is owed
    assert rotation.owed(store.session)
    store.clients.add(ClientData("Korhonen", "Eino", None, IdentityKind.NONE))  # the old key still works
    store.close()
    monkeypatch.setattr(keyfile, "write", real)

    assert _client_names(paths) == ["Korhonen Eino", "Virtanen Aino"]  # this unlock rotates
    assert keyfile.read(paths.keyfile).generation == 1
    paths.keyfile.write_bytes(old_keys)
    with pytest.raises(KeyFileOutdated):
        Store.unlock(paths, STAYS)


def test_a_full_disk_after_the_rekey_keeps_the_new_key_in_use(
        team: tuple[DataPaths, str, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    paths, leaver, _old = team
    store = Store.unlock(paths, STAYS)
    def full(step: str) -> None:
        if step == "generation-stored":  # the rename of koto.keys.next fails
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(rotation, "reached", full)
    store.users.remove(leaver, confirm_passphrase=STAYS)
    monkeypatch.undo()
    store.clients.add(ClientData("Korhonen", "Eino", None, IdentityKind.NONE))
    store.close()
    assert rotation.next_path(paths).exists()
    assert _client_names(paths) == ["Korhonen Eino", "Virtanen Aino"]  # opened from koto.keys.next
    assert keyfile.read(paths.keyfile).generation == 1 and not rotation.next_path(paths).exists()


def test_on_demand_rotation_needs_no_passphrase_and_every_user_still_unlocks(
        team: tuple[DataPaths, str, bytes]) -> None:
    paths, _leaver, _old = team
    store = Store.unlock(paths, STAYS)
    before = store.users._key
    store.users.rotate_key()
    store.users.rotate_key()
    after = store.users._key
    store.close()
    assert after != before and keyfile.read(paths.keyfile).generation == 2
    for passphrase in (STAYS, LEAVES):
        Store.unlock(paths, passphrase).close()


def test_only_a_coordinator_rotates_on_demand(team: tuple[DataPaths, str, bytes]) -> None:
    paths, _leaver, _old = team
    store = Store.unlock(paths, LEAVES)  # a counsellor
    try:
        with pytest.raises(UserRefused):
            store.users.rotate_key()
    finally:
        store.close()
    assert keyfile.read(paths.keyfile).generation == 0


def test_a_removed_user_with_the_old_key_file_is_refused_even_before_a_rotation(
        team: tuple[DataPaths, str, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    """Had the rotation not run (a crash before step 1), the old copy must still not sign the leaver in."""
    paths, leaver, old_keys = team
    monkeypatch.setattr(rotation, "rotate_or_defer", lambda session, paths, key: key)
    _remove(paths, leaver)
    paths.keyfile.write_bytes(old_keys)
    with pytest.raises(KeyFileOutdated):
        Store.unlock(paths, LEAVES)


def test_a_whole_backup_from_before_a_rotation_restores_and_opens(
        team: tuple[DataPaths, str, bytes], tmp_path: Path) -> None:
    paths, leaver, _old = team
    store = Store.unlock(paths, STAYS)
    archive = tmp_path / "before.zip"
    write_backup(store, archive)
    store.close()
    _remove(paths, leaver)

    folder = tmp_path / "unpacked"
    folder.mkdir()
    unpack(archive, read_manifest(archive), folder)
    put_back(paths, folder)
    assert _client_names(paths) == ["Virtanen Aino"]  # the pair of generation 0, as it was
    assert json.loads(rotation.marker_path(paths).read_text(encoding="utf-8"))["generation"] == 0
    Store.unlock(paths, LEAVES).close()  # the backup was made when they were a user


def test_a_backup_made_after_a_rotation_holds_the_new_key_file(team: tuple[DataPaths, str, bytes],
                                                                 tmp_path: Path) -> None:
    paths, leaver, _old = team
    _remove(paths, leaver)
    store = Store.unlock(paths, STAYS)
    archive = tmp_path / "after.zip"
    write_backup(store, archive)
    store.close()
    folder = tmp_path / "unpacked"
    folder.mkdir()
    unpack(archive, read_manifest(archive), folder)
    assert keyfile.read(folder / "koto.keys").generation == 1
    store = Store.unlock(DataPaths(folder), STAYS)
    store.close()
    with pytest.raises(WrongPassphrase):
        Store.unlock(DataPaths(folder), LEAVES)


def test_a_rotation_waits_for_users_who_have_not_unlocked_since_key_pairs(tmp_path: Path) -> None:
    """A format 1 entry cannot be wrapped to (no public key): the removal's rotation runs once it can."""
    paths = DataPaths(tmp_path / "data")
    store = Store.create(paths, PROFILE, STAYS, role="coordinator")
    key = store.users._key
    second = store.users.add("Pekka Poistuva", "kotoutumisohjaaja", "counsellor", LEAVES,
                              confirm_passphrase=STAYS)
    third = store.users.add("Liisa Legacy", "kotoutumisohjaaja", "counsellor", "liisan-pitkä-salasana",
                              confirm_passphrase=STAYS)
    store.close()
    _to_format_1(paths, key, {second: LEAVES, third: "liisan-pitkä-salasana"})

    store = Store.unlock(paths, STAYS)  # the coordinator's entry becomes a key pair; the others wait
    assert json.loads(paths.keyfile.read_text(encoding="utf-8"))["format"] == 2
    assert sorted(keys.legacy_users(paths.keyfile)) == sorted([second, third])
    with pytest.raises(UserRefused):
        store.users.rotate_key()
    store.users.remove(second,
                              confirm_passphrase=STAYS)
    assert rotation.owed(store.session) and keyfile.read(paths.keyfile).generation == 0
    store.close()

    Store.unlock(paths, "liisan-pitkä-salasana").close()  # the last format 1 entry: the rotation runs
    assert keyfile.read(paths.keyfile).generation == 1
    store = Store.unlock(paths, STAYS)
    assert not rotation.owed(store.session)
    store.close()


def _to_format_1(paths: DataPaths, key: bytes, passphrases: dict[str, str]) -> None:
    """Rewrite the key file as koto wrote it before key pairs (one passphrase-wrapped key per user)."""
    import base64
    import secrets

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from koto_tui.store import kdf

    entries = []
    for user_id, passphrase in [(e["user_id"], None) for e in keyfile.read(paths.keyfile).entries]:
        secret = passphrases.get(user_id, passphrase or STAYS)
        salt, nonce, params = secrets.token_bytes(16), secrets.token_bytes(12), kdf.fixed() or kdf.FLOOR
        wrapped = AESGCM(kdf.derive(secret, salt, params)).encrypt(nonce, key, user_id.encode())
        entries.append({"user_id": user_id, "kdf": "argon2id", "params": params,
                        "salt": base64.b64encode(salt).decode(), "nonce": base64.b64encode(nonce).decode(),
                        "wrapped": base64.b64encode(wrapped).decode()})
    document = {"format": 1, "users": entries, "checksum": keyfile.checksum(entries, version=1)}
    paths.keyfile.write_text(json.dumps(document), encoding="utf-8")


@pytest.mark.parametrize("marker", [
    '{"generation": 5, "rotated_at": "garbage\\u001b]0;title\\u0007"}',
    '{"generation": 1e999, "rotated_at": "2026-12-03T03:40:40"}',
    '{"generation": true, "rotated_at": "2026-12-03T03:40:40"}',
    '{"generation": 5, "rotated_at": 7}',
    '[1, 2]',
])
def test_a_crafted_generation_file_is_never_trusted(team: tuple[DataPaths, str, bytes], marker: str) -> None:
    """koto.generation is not encrypted: a crafted one beside an old key file gives a refusal, not a crash."""
    paths, leaver, old_keys = team
    _remove(paths, leaver)
    paths.keyfile.write_bytes(old_keys)
    rotation.marker_path(paths).write_text(marker, encoding="utf-8")
    with pytest.raises((KeyFileOutdated, UnreadableDatabase)) as refused:
        Store.unlock(paths, STAYS)
    message = messages.store_error_message(refused.value, paths)
    assert "\x1b" not in message and "\x07" not in message
