"""F1 lists the keys of the screen; the command palette offers the same actions in Finnish."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.widgets import Input, Static

from koto_tui.app import KotoApp
from koto_tui.screens.client_form import ClientFormScreen
from koto_tui.screens.clients import ClientsScreen
from koto_tui.screens.help import HelpScreen
from tests.functional.helpers import PASSPHRASE, seeded, unlock, until


async def test_help_and_palette_come_from_the_bindings(tmp_path: Path) -> None:
    paths, _ = seeded(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query_one("#passphrase", Input) is not None, "unlock")
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "client register")
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        console = Console(record=True, width=100, file=io.StringIO())
        console.print(app.screen.query_one("#help-keys", Static).content)
        table = console.export_text()
        assert "Uusi asiakas" in table and "Ctrl+N" in table and "Asetukset" in table
        unsaved = str(app.screen.query_one("#help-unsaved", Static).render())
        assert "ei voi tallentaa" in unsaved and "pääteikkunan" in unsaved.lower()
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "back from help")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Uusi asiakas" in titles and "Lopeta" in titles
        new_client = next(c for c in app.get_system_commands(app.screen) if c.title == "Uusi asiakas")
        app.call_next(new_client.callback)
        await until(pilot, lambda: isinstance(app.screen, ClientFormScreen), "palette opened the form")
        await pilot.pause(0.1)


async def test_help_fits_an_80_column_terminal(tmp_path: Path) -> None:
    # At 80×24 the help box (90 wide) ran past the right edge and cut every long line.
    paths, _ = seeded(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        box = app.screen.query_one("#help").region
        assert box.x >= 0 and box.right <= 80


async def test_the_palette_names_each_action_once_with_its_key_in_the_ui_language(tmp_path: Path) -> None:
    # Each action showed its Finnish name twice (as title and help) under an English placeholder.
    from textual.command import CommandInput, CommandList, CommandPalette

    paths, _ = seeded(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette)
                    and app.screen.query_one(CommandList).option_count > 5, "the palette's actions")
        assert app.screen.query_one(CommandInput).placeholder == "Hae toimintoa…"
        options = app.screen.query_one(CommandList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert "Asetukset\nF8" in shown and "Uusi asiakas\nCtrl+N" in shown
        assert all(title != help_line for title, _, help_line in (s.partition("\n") for s in shown))
        await pilot.press(*"zqzq")
        await until(pilot, lambda: any("Yksikään toiminto ei vastaa hakua" in str(options.get_option_at_index(
            i).prompt) for i in range(options.option_count)), "no matches, in Finnish")
        await pilot.press("escape")
        await pilot.pause(0.1)


def test_keys_are_named_as_on_the_keyboard() -> None:
    from textual.binding import Binding

    from koto_tui.screens.help import key_text

    shown = [key_text(Binding(key, "x", "x")) for key in ("ctrl+n", "f8", "escape,f1", "delete", "enter")]
    assert shown == ["Ctrl+N", "F8", "Esc / F1", "Delete", "Enter"]
