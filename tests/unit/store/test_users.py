"""Several users on one laptop: each unlocks with their own passphrase; only a coordinator manages users.

These tests call the store directly, without the UI: the store itself refuses what a role may not do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from koto_tui.model import Profile
from koto_tui.store import DataPaths, Store, WrongPassphrase
from koto_tui.store.errors import UserRefused

PROFILE = Profile("Maija Meikäläinen", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut",
                  "Mikkeli")
MAIJA = "maijan-salasana"
KAISA = "kaisan oma tunnuslause"
PEKKA = "pekan pitkä tunnuslause"


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    """A laptop whose first user, Maija, chose to be the coordinator at first run."""
    Store.create(DataPaths(tmp_path), PROFILE, MAIJA, role="coordinator").close()
    return DataPaths(tmp_path)


@pytest.fixture
def store(paths: DataPaths) -> Store:
    opened = Store.unlock(paths, MAIJA)
    yield opened
    opened.close()


def _as_counsellor(tmp_path: Path) -> Store:
    """A laptop whose only user is a counsellor, unlocked."""
    Store.create(DataPaths(tmp_path / "c"), PROFILE, MAIJA).close()
    return Store.unlock(DataPaths(tmp_path / "c"), MAIJA)


def test_each_user_unlocks_with_their_own_passphrase_and_role(paths: DataPaths, store: Store) -> None:
    kaisa = store.users.add("Kaisa Koordinaattori", "kotoutumisohjaaja", "counsellor", KAISA,
                            confirm_passphrase=MAIJA)
    store.close()
    as_kaisa = Store.unlock(paths, KAISA)
    assert as_kaisa.user.id == kaisa and as_kaisa.user.role == "counsellor"
    assert as_kaisa.user.title == "kotoutumisohjaaja"
    assert [u.name for u in as_kaisa.users.all()] == ["Maija Meikäläinen", "Kaisa Koordinaattori"]
    as_kaisa.close()
    again = Store.unlock(paths, MAIJA)
    assert again.user.role == "coordinator"
    again.close()


def test_the_first_user_is_a_counsellor_unless_they_choose(tmp_path: Path) -> None:
    store = _as_counsellor(tmp_path)
    assert store.user.role == "counsellor" and not store.users.may_manage()
    store.close()


def test_the_key_file_holds_no_passphrase(paths: DataPaths, store: Store) -> None:
    store.users.add("Kaisa", "", "coordinator", KAISA, confirm_passphrase=MAIJA)
    text = paths.keyfile.read_text(encoding="utf-8")
    assert KAISA not in text and MAIJA not in text
    assert paths.keyfile.stat().st_mode & 0o777 == 0o600


def test_a_removed_user_cannot_unlock_but_keeps_their_name(paths: DataPaths, store: Store) -> None:
    kaisa = store.users.add("Kaisa", "", "coordinator", KAISA, confirm_passphrase=MAIJA)
    store.users.remove(kaisa, confirm_passphrase=MAIJA)
    assert [u.name for u in store.users.all()] == ["Maija Meikäläinen"]
    removed = [u for u in store.users.all(include_removed=True) if u.id == kaisa]
    assert removed[0].removed_at is not None
    assert any(e["action"] == "remove" and e["entity_id"] == kaisa for e in store.audit_entries())
    store.close()
    with pytest.raises(WrongPassphrase):
        Store.unlock(paths, KAISA)
    Store.unlock(paths, MAIJA).close()


@pytest.mark.parametrize(("name", "role", "passphrase", "message"), [
    ("", "coordinator", KAISA, "nimi"),
    ("Kaisa", "boss", KAISA, "rooli"),
    ("Kaisa", "coordinator", "lyhyt", "12"),
    ("Kaisa", "coordinator", "password1234", "yleinen"),
    ("Kaisa", "coordinator", "kaisa kaisa kaisa", "nimesi"),
    ("maija meikäläinen", "coordinator", KAISA, "on jo"),
])
def test_adding_a_user_is_refused_with_the_reason(store: Store, name: str, role: str, passphrase: str,
                                                  message: str) -> None:
    with pytest.raises(UserRefused) as refused:
        store.users.add(name, "", role, passphrase, confirm_passphrase=MAIJA)
    assert message in str(refused.value).lower()
    assert len(store.users.all()) == 1


def test_when_two_passphrases_collide_the_user_added_first_unlocks(paths: DataPaths, store: Store) -> None:
    store.users.add("Kaisa", "", "coordinator", KAISA, confirm_passphrase=MAIJA)
    store.users.add("Pekka", "", "counsellor", KAISA, confirm_passphrase=MAIJA)  # no oracle: accepted
    store.close()
    for _attempt in range(3):
        opened = Store.unlock(paths, KAISA)
        assert opened.user.name == "Kaisa"
        opened.close()


def test_a_counsellor_cannot_manage_users_even_through_the_store(tmp_path: Path) -> None:
    store = _as_counsellor(tmp_path)
    me = store.user.id
    attempts = [
        lambda: store.users.add("Kaisa", "", "coordinator", KAISA, confirm_passphrase=MAIJA),
        lambda: store.users.change_role(me, "coordinator", confirm_passphrase=MAIJA),
        lambda: store.users.remove(me, confirm_passphrase=MAIJA),
    ]
    for attempt in attempts:
        with pytest.raises(UserRefused) as refused:
            attempt()
        assert "koordinaattori" in str(refused.value)
    assert store.user.role == "counsellor" and len(store.users.all()) == 1
    store.close()


def test_a_coordinator_confirms_with_their_own_passphrase(store: Store) -> None:
    kaisa = store.users.add("Kaisa", "", "counsellor", KAISA, confirm_passphrase=MAIJA)
    for wrong in ("väärä", KAISA):  # someone else's passphrase does not confirm either
        with pytest.raises(UserRefused) as refused:
            store.users.add("Pekka", "", "counsellor", PEKKA, confirm_passphrase=wrong)
        assert "tunnuslause" in str(refused.value).lower()
        with pytest.raises(UserRefused):
            store.users.change_role(kaisa, "coordinator", confirm_passphrase=wrong)
        with pytest.raises(UserRefused):
            store.users.remove(kaisa, confirm_passphrase=wrong)
    assert [u.name for u in store.users.all()] == ["Maija Meikäläinen", "Kaisa"]
    assert next(u for u in store.users.all() if u.id == kaisa).role == "counsellor"


def test_a_coordinator_changes_roles(paths: DataPaths, store: Store) -> None:
    kaisa = store.users.add("Kaisa", "", "counsellor", KAISA, confirm_passphrase=MAIJA)
    store.users.change_role(kaisa, "coordinator", confirm_passphrase=MAIJA)
    store.users.change_role(store.user.id, "counsellor", confirm_passphrase=MAIJA)
    assert store.user.role == "counsellor" and not store.users.may_manage()
    assert any(e["action"] == "change" and e["detail"] == "role coordinator" for e in store.audit_entries())
    with pytest.raises(UserRefused):  # no longer a coordinator: cannot take the role back alone
        store.users.change_role(store.user.id, "coordinator", confirm_passphrase=MAIJA)


def test_the_last_coordinator_cannot_step_down_or_leave(store: Store) -> None:
    with pytest.raises(UserRefused) as refused:
        store.users.change_role(store.user.id, "counsellor", confirm_passphrase=MAIJA)
    assert "ainoa koordinaattori" in str(refused.value)
    with pytest.raises(UserRefused) as refused:
        store.users.remove(store.user.id, confirm_passphrase=MAIJA)
    assert "ainoa koordinaattori" in str(refused.value)
    assert store.user.role == "coordinator"


def test_nobody_removes_themselves(paths: DataPaths, store: Store) -> None:
    store.users.add("Kaisa", "", "coordinator", KAISA, confirm_passphrase=MAIJA)
    with pytest.raises(UserRefused) as refused:
        store.users.remove(store.user.id, confirm_passphrase=MAIJA)
    assert "toinen koordinaattori" in str(refused.value)
    store.close()
    Store.unlock(paths, MAIJA).close()


def test_changing_ones_own_passphrase(paths: DataPaths, store: Store) -> None:
    with pytest.raises(UserRefused):
        store.users.change_passphrase("väärä-salasana", "uusi pitkä tunnuslause")
    with pytest.raises(UserRefused) as refused:
        store.users.change_passphrase(MAIJA, "salasana1234")
    assert "yleinen" in str(refused.value)
    with pytest.raises(UserRefused) as refused:
        store.users.change_passphrase(MAIJA, "Meikäläinen Meikäläinen")
    assert "nimesi" in str(refused.value)
    store.users.change_passphrase(MAIJA, "uusi pitkä tunnuslause")
    store.close()
    with pytest.raises(WrongPassphrase):
        Store.unlock(paths, MAIJA)
    Store.unlock(paths, "uusi pitkä tunnuslause").close()


def test_a_counsellor_changes_their_own_passphrase(tmp_path: Path) -> None:
    store = _as_counsellor(tmp_path)
    store.users.change_passphrase(MAIJA, "uusi pitkä tunnuslause")
    store.close()
    Store.unlock(DataPaths(tmp_path / "c"), "uusi pitkä tunnuslause").close()


def test_an_old_short_passphrase_still_unlocks(tmp_path: Path) -> None:
    # Set before the rules (8 characters were enough): the rule applies to new passphrases only.
    Store.create(DataPaths(tmp_path / "old"), PROFILE, "vanha-123").close()
    Store.unlock(DataPaths(tmp_path / "old"), "vanha-123").close()
