"""A user's language and theme settings that cannot be read (not JSON, no known language or theme): the unlock
goes on with the defaults, says so in the user's language, and the settings screen's Save puts it right."""

from __future__ import annotations

from pathlib import Path

import pytest

from koto_tui import i18n
from koto_tui.app import KotoApp
from koto_tui.preferences import DEFAULT_THEME, LANGUAGE, THEME, Reading, read
from koto_tui.screens.clients import ClientsScreen
from koto_tui.screens.settings import SettingsScreen
from koto_tui.store import DataPaths, Store
from tests.functional.helpers import PASSPHRASE, seeded, unlock, until, workers_settled


def _damaged(root: Path, language: object, theme: object) -> DataPaths:
    """A database whose user's language and theme rows hold *language* and *theme* as stored text."""
    paths, _ids = seeded(root)
    store = Store.unlock(paths, PASSPHRASE)
    with store.session.transaction() as db:
        for key, raw in ((LANGUAGE.key(store.user.id), language), (THEME.key(store.user.id), theme)):
            db.table("settings").upsert({"key": f"setting:{key}", "value": raw}, pk="key")
    store.close()
    return paths


@pytest.mark.parametrize(("lang", "language", "theme", "word"), [
    ("fi", "{", '"klingon"', "asetuksista"),
    ("sv", '"xx"', "[[[", "inställningarna"),
    ("en", "[" * 100_000, "17", "settings"),
])
async def test_unreadable_settings_leave_the_defaults_and_say_so_and_save_repairs_them(
        tmp_path: Path, lang: str, language: str, theme: str, word: str) -> None:
    """The unlock failed (json.loads raised in the unlock's handler) on a language or theme row that was not
    JSON; now it goes on in the language in use, with the default theme and a warning in that language."""
    paths = _damaged(tmp_path / "data", language, theme)
    i18n.set_language(lang)
    app = KotoApp(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        assert i18n.language() == lang and app.theme == DEFAULT_THEME
        told = [str(n.message) for n in app._notifications]
        assert sum(word in line and "F8" in line for line in told) == 2, told
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen) and app.screen.shown is not None,
                    "the settings, loaded")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "saved")
        await workers_settled(pilot)
        store = app.require_store()
        assert read(store, LANGUAGE) == Reading(lang) and read(store, THEME) == Reading(DEFAULT_THEME)
