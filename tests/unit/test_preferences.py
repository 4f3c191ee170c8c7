"""A user's own settings read from the database as untrusted input: every hostile value gives the default and
says so, never an exception; the settings screen's Save writes a valid value over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from koto_tui import i18n
from koto_tui.idle import DEFAULT_IDLE_LOCK_MINUTES, IDLE_LOCK_SETTING, idle_lock_minutes
from koto_tui.preferences import (
    DEFAULT_THEME,
    LANGUAGE,
    PREFERENCES,
    THEME,
    Preference,
    Reading,
    problems,
    read,
    read_all,
    repair,
    save,
)
from koto_tui.store import DataPaths, Store
from koto_tui.store.setting_values import UNREADABLE
from tests.functional.helpers import PASSPHRASE, PROFILE

#: Stored texts of a settings row that no reader may trust: not JSON, bad UTF-8, nested past the parser's
#: depth, JSON of the wrong type, and strings that name no language or theme.
HOSTILE = ["{", "", "sv", "'sv'", b"\xff\xfe", "[" * 100_000, "null", "1", "true", '["sv"]', '{"sv": 1}',
           '"SV"', '"klingon"', '"../../x"', '"sv\\u001b[2J"', '"[b]sv[/b]"', '"textual-dark "', None]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.create(DataPaths(tmp_path / "data"), PROFILE, PASSPHRASE, "counsellor")
    yield opened
    opened.close()


def _store_raw(store: Store, key: str, raw: object) -> None:
    """A settings row as a damaged or hand-edited database holds it (set_setting would write JSON)."""
    with store.session.transaction() as db:
        db.table("settings").upsert({"key": f"setting:{key}", "value": raw}, pk="key")


@pytest.mark.parametrize("preference", PREFERENCES, ids=lambda p: p.prefix)
@pytest.mark.parametrize("raw", HOSTILE)
def test_a_hostile_stored_value_gives_the_default_and_is_said_not_valid(
        store: Store, preference: Preference, raw: object) -> None:
    _store_raw(store, preference.key(store.user.id), raw)
    assert read(store, preference) == Reading(preference.default, valid=False)


@pytest.mark.parametrize("preference", PREFERENCES, ids=lambda p: p.prefix)
def test_unset_and_valid_values_are_valid(store: Store, preference: Preference) -> None:
    assert read(store, preference) == Reading(preference.default)
    for choice in preference.choices:
        save(store, preference, choice)
        assert read(store, preference) == Reading(choice)
    with pytest.raises(ValueError, match="not a choice"):
        save(store, preference, "klingon")


def test_a_value_that_is_not_json_reads_as_unreadable_for_every_setting(store: Store) -> None:
    """The store's one decoder: a reader's check (the idle lock's, read at unlock) gives its default."""
    _store_raw(store, IDLE_LOCK_SETTING, "{")
    assert store.setting(IDLE_LOCK_SETTING, 5) is UNREADABLE
    assert idle_lock_minutes(store) == DEFAULT_IDLE_LOCK_MINUTES


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_problems_are_told_in_the_ui_language(store: Store, lang: str) -> None:
    _store_raw(store, LANGUAGE.key(store.user.id), "{")
    _store_raw(store, THEME.key(store.user.id), '"klingon"')
    i18n.set_language(lang)
    told = problems(read_all(store))
    assert len(told) == 2
    assert told == [i18n._(LANGUAGE.problem), i18n._(THEME.problem)]
    if lang != "en":
        assert told[0] != LANGUAGE.problem and told[1] != THEME.problem  # translated
    assert all("F8" in line for line in told)


def test_repair_writes_the_value_in_use_over_a_hostile_one_only(store: Store) -> None:
    _store_raw(store, THEME.key(store.user.id), "{")
    save(store, LANGUAGE, "sv")
    repair(store, {LANGUAGE: "en", THEME: DEFAULT_THEME})
    assert read(store, THEME) == Reading(DEFAULT_THEME)
    assert read(store, LANGUAGE) == Reading("sv")  # a valid choice is left as it was
