"""Several users on one laptop: each unlocks with their own passphrase; a removed user cannot."""

from __future__ import annotations

from pathlib import Path

import pytest

from koto_tui.model import Profile
from koto_tui.store import DataPaths, Store, WrongPassphrase
from koto_tui.store.errors import UserRefused

PROFILE = Profile("Maija Meikäläinen", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut",
                  "Mikkeli")


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    Store.create(DataPaths(tmp_path), PROFILE, "maijan-salasana").close()
    return DataPaths(tmp_path)


def test_each_user_unlocks_with_their_own_passphrase_and_role(paths: DataPaths) -> None:
    store = Store.unlock(paths, "maijan-salasana")
    coordinator = store.users.add("Kaisa Koordinaattori", "kotoutumiskoordinaattori", "coordinator",
                                  "kaisan-salasana")
    store.close()
    as_coordinator = Store.unlock(paths, "kaisan-salasana")
    assert as_coordinator.user.id == coordinator
    assert as_coordinator.user.role == "coordinator"
    assert as_coordinator.user.title == "kotoutumiskoordinaattori"
    as_coordinator.close()
    as_counsellor = Store.unlock(paths, "maijan-salasana")
    assert as_counsellor.user.role == "counsellor"
    assert [u.name for u in as_counsellor.users.all()] == ["Maija Meikäläinen", "Kaisa Koordinaattori"]
    as_counsellor.close()


def test_the_key_file_holds_no_passphrase(paths: DataPaths) -> None:
    store = Store.unlock(paths, "maijan-salasana")
    store.users.add("Kaisa", "", "coordinator", "kaisan-salasana")
    store.close()
    text = paths.keyfile.read_text(encoding="utf-8")
    assert "kaisan-salasana" not in text and "maijan-salasana" not in text
    assert paths.keyfile.stat().st_mode & 0o777 == 0o600


def test_a_removed_user_cannot_unlock_but_keeps_their_name(paths: DataPaths) -> None:
    store = Store.unlock(paths, "maijan-salasana")
    kaisa = store.users.add("Kaisa", "", "coordinator", "kaisan-salasana")
    store.users.remove(kaisa)
    assert [u.name for u in store.users.all()] == ["Maija Meikäläinen"]
    removed = [u for u in store.users.all(include_removed=True) if u.id == kaisa]
    assert removed[0].removed_at is not None
    assert any(e["action"] == "remove" and e["entity_id"] == kaisa for e in store.audit_entries())
    store.close()
    with pytest.raises(WrongPassphrase):
        Store.unlock(paths, "kaisan-salasana")
    Store.unlock(paths, "maijan-salasana").close()


@pytest.mark.parametrize(("name", "role", "passphrase", "message"), [
    ("", "coordinator", "pitka-salasana", "nimi"),
    ("Kaisa", "boss", "pitka-salasana", "rooli"),
    ("Kaisa", "coordinator", "lyhyt", "8"),
    ("maija meikäläinen", "coordinator", "pitka-salasana", "on jo"),
    ("Kaisa", "coordinator", "maijan-salasana", "toinen"),
])
def test_adding_a_user_is_refused_with_the_reason(paths: DataPaths, name: str, role: str, passphrase: str,
                                                  message: str) -> None:
    store = Store.unlock(paths, "maijan-salasana")
    with pytest.raises(UserRefused) as refused:
        store.users.add(name, "", role, passphrase)
    assert message in str(refused.value).lower()
    assert len(store.users.all()) == 1
    store.close()


def test_nobody_removes_themselves(paths: DataPaths) -> None:
    store = Store.unlock(paths, "maijan-salasana")
    with pytest.raises(UserRefused):
        store.users.remove(store.user.id)
    store.close()
    Store.unlock(paths, "maijan-salasana").close()


def test_changing_ones_own_passphrase(paths: DataPaths) -> None:
    store = Store.unlock(paths, "maijan-salasana")
    with pytest.raises(UserRefused):
        store.users.change_passphrase("väärä-salasana", "uusi-salasana")
    store.users.change_passphrase("maijan-salasana", "uusi-salasana")
    store.close()
    with pytest.raises(WrongPassphrase):
        Store.unlock(paths, "maijan-salasana")
    Store.unlock(paths, "uusi-salasana").close()
