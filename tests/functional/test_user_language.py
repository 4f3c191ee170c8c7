"""A UI language per user (F8): switched at run time everywhere (footer, palette, help, the screen's labels),
applied at unlock, kept by the lock screen, and `--lang` winning for one run."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Label, Select
from textual.widgets._footer import FooterKey

from koto_tui import i18n
from koto_tui.app import KotoApp
from koto_tui.preferences import LANGUAGE
from koto_tui.screens.clients import ClientsScreen
from koto_tui.screens.help import user_bindings
from koto_tui.screens.settings import SettingsScreen
from koto_tui.screens.unlock import UnlockScreen
from koto_tui.store import Store
from koto_tui.widgets.footer import KotoFooter
from tests.functional.helpers import PASSPHRASE, open_settings, seeded, unlock, until, workers_settled

OTHER = "toisen ohjaajan lause"

#: The settings screen's Back key, the app's Lock key and the settings title in each language.
EXPECTED = {
    "fi": ("Takaisin", "Lukitse (vaihda käyttäjää)", "Asetukset"),
    "sv": ("Tillbaka", "Lås (byt användare)", "Inställningar"),
    "en": ("Back", "Lock (change user)", "Settings"),
}




def _footer(app: KotoApp) -> list[str]:
    footer = app.screen.query_one(KotoFooter)
    return [key.description for key in footer.query(FooterKey)] if footer.keys_fitted else []


async def _palette(app: KotoApp, pilot: object) -> list[str]:
    await pilot.press("ctrl+p")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, CommandPalette)  # type: ignore[arg-type]
                and app.screen.query_one(CommandList).option_count > 0, "the palette")
    options = app.screen.query_one(CommandList)
    found = [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]
    await pilot.press("escape")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, SettingsScreen), "the palette closed")  # type: ignore[arg-type]
    return found


async def test_switching_fi_sv_en_in_one_app_changes_footer_palette_and_labels(tmp_path: Path) -> None:
    # Textual fixed the keys' descriptions when their class was made: they stayed in the start language.
    paths, _ = seeded(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_settings(pilot, PASSPHRASE)
        await until(pilot, lambda: "Takaisin" in _footer(app), "the footer in Finnish to start with")
        for lang in ("sv", "en", "fi"):
            app.screen.query_one("#setting-language", Select).value = lang
            back, lock, title = EXPECTED[lang]
            await until(pilot, lambda b=back: b in _footer(app), f"the footer in {lang}")  # type: ignore[misc]
            await until(pilot, lambda t=title: str(app.screen.query_one(".form-title", Label).content) == t,
                        f"the labels in {lang}")
            assert i18n.language() == lang
            descriptions = [b.description for b, _owner in user_bindings(app.screen, app)]
            assert back in descriptions and lock in descriptions  # F1's list
            palette = await _palette(app, pilot)
            assert back in palette and lock in palette
            await workers_settled(pilot, "the language saved")
            store = app.require_store()
            assert store.setting(LANGUAGE.key(store.user.id)) == lang
        app.screen.query_one("#setting-name", Input).value = "kept while relabelled"
        app.screen.query_one("#setting-language", Select).value = "sv"
        await until(pilot, lambda: "Tillbaka" in _footer(app), "the footer in Swedish")
        assert app.screen.query_one("#setting-name", Input).value == "kept while relabelled"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen)
                    and "Lås (byt användare)" in _footer(app), "the register built again in Swedish")
        await workers_settled(pilot)


async def test_each_user_gets_their_language_at_unlock_and_the_lock_screen_keeps_the_last_ones(
        tmp_path: Path) -> None:
    paths, _ = seeded(tmp_path / "data", role="coordinator")
    store = Store.unlock(paths, PASSPHRASE)
    store.users.add("Olli Ohjaaja", "", "counsellor", OTHER, confirm_passphrase=PASSPHRASE)
    store.set_setting(LANGUAGE.key(store.user.id), "sv")
    store.close()
    app = KotoApp(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen) and bool(app.screen.query(Label)),
                    "the lock screen")
        assert str(app.screen.query_one("#unlock-title", Label).content) == "Avaa tietokanta"
        await unlock(pilot, PASSPHRASE)
        assert i18n.language() == "sv"
        await until(pilot, lambda: "Lås (byt användare)" in _footer(app), "the register in Swedish")
        await pilot.press("ctrl+l")
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen)
                    and str(app.screen.query_one("#unlock-title", Label).content) == "Öppna databasen",
                    "the lock screen in the last user's language")
        await unlock(pilot, OTHER)
        assert i18n.language() == "sv"  # Olli never chose one: the language in use stays
        await workers_settled(pilot)


async def test_lang_on_the_command_line_wins_over_the_users_language(tmp_path: Path) -> None:
    paths, _ = seeded(tmp_path / "data")
    store = Store.unlock(paths, PASSPHRASE)
    store.set_setting(LANGUAGE.key(store.user.id), "sv")
    store.close()
    i18n.set_language("en", pinned=True)
    app = KotoApp(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, PASSPHRASE)
        assert i18n.language() == "en"
        await until(pilot, lambda: "Lock (change user)" in _footer(app), "the register in English")
        await workers_settled(pilot)


async def test_a_fresh_start_after_a_swedish_session_shows_the_lock_screen_in_swedish(tmp_path: Path) -> None:
    """The language is in the encrypted database: before the passphrase koto knew only KOTO_LANG or Finnish.
    The last language used here is kept beside the database and the next start's lock screen speaks it."""
    from koto_tui.commands import start_app
    from koto_tui.i18n.remembered import use_remembered_language

    paths, _ = seeded(tmp_path / "data")
    store = Store.unlock(paths, PASSPHRASE)
    store.set_setting(LANGUAGE.key(store.user.id), "sv")
    store.close()
    app = KotoApp(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen) and bool(app.screen.query(Label)),
                    "the lock screen")
        assert str(app.screen.query_one("#unlock-title", Label).content) == "Avaa tietokanta"
        await unlock(pilot, PASSPHRASE)
        await workers_settled(pilot, "the language remembered")
    assert paths.ui_language.read_text(encoding="ascii") == "sv\n"
    assert "Avaa" not in paths.ui_language.read_text(encoding="ascii")  # two letters, nothing else
    i18n.set_language("fi")  # a new process: Finnish (or KOTO_LANG) until the start reads the file
    app = start_app(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen) and bool(app.screen.query(Label)),
                    "the lock screen")
        assert str(app.screen.query_one("#unlock-title", Label).content) == "Öppna databasen"
        assert [str(label.content) for label in app.screen.query(".field-label")] == ["Lösenfras"]
    i18n.set_language("en", pinned=True)  # `koto --lang en`: the command line wins
    use_remembered_language(paths.ui_language)
    assert i18n.language() == "en"


@pytest.mark.parametrize("content", [b"", b"xx\n", b"SV", b"../sv", b"sv" * 20, b"\xff\xfe", b"s\x00v"])
def test_a_remembered_language_file_that_names_no_ui_language_is_ignored(tmp_path: Path,
                                                                         content: bytes) -> None:
    from koto_tui.i18n.remembered import remember_language, remembered_language, use_remembered_language

    path = tmp_path / "ui-language"
    assert remembered_language(path) is None  # missing
    path.write_bytes(content)
    assert remembered_language(path) is None
    use_remembered_language(path)
    assert i18n.language() == "fi"
    remember_language(path, "klingon")
    assert path.read_bytes() == content
    remember_language(path, "sv")
    assert remembered_language(path) == "sv" and path.stat().st_mode & 0o077 == 0
