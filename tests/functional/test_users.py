"""Adding a coordinator in the app: they type their own passphrase, then unlock with it after Ctrl+L."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, Static

from koto_tui.app import KotoApp
from koto_tui.screens.clients import ClientsScreen
from koto_tui.screens.form_dialog import FormDialog
from koto_tui.screens.unlock import UnlockScreen
from koto_tui.screens.users import UsersScreen
from tests.functional.helpers import PASSPHRASE, seeded, until


async def _unlock(app: KotoApp, pilot: object, passphrase: str) -> None:
    await until(pilot, lambda: isinstance(app.screen, UnlockScreen), "unlock")  # type: ignore[arg-type]
    app.screen.query_one("#passphrase", Input).value = passphrase
    await pilot.press("enter")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "clients")  # type: ignore[arg-type]


def _fill(app: KotoApp, values: dict[str, str]) -> None:
    for name, value in values.items():
        control = app.screen.query_one(f"#dlg-{name}")
        if isinstance(control, Select):
            control.value = value
        else:
            assert isinstance(control, Input)
            control.value = value


async def test_a_new_user_unlocks_with_their_own_passphrase(tmp_path: Path) -> None:
    paths, _ids = seeded(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(130, 45)) as pilot:
        await _unlock(app, pilot, PASSPHRASE)
        await pilot.press("f12")
        await until(pilot, lambda: isinstance(app.screen, UsersScreen), "users")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "new user dialog")
        assert app.screen.query_one("#dlg-passphrase", Input).password
        _fill(
            app,
            {
                "name": "Kaisa Koordinaattori",
                "title": "kotoutumiskoordinaattori",
                "role": "coordinator",
                "passphrase": "kaisan oma lause",
                "again": "kaisan oma lausе",
            },
        )  # a Cyrillic е: differs
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: "täsmää" in str(app.screen.query_one("#dlg-problem", Static).render()),
            "the passphrases differ",
        )
        _fill(app, {"again": "kaisan oma lause"})
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, UsersScreen), "back at the users")
        assert [u.name for u in app.require_store().users.all()] == [
            "Maija Meikäläinen",
            "Kaisa Koordinaattori",
        ]
        await pilot.press("ctrl+l")
        await _unlock(app, pilot, "kaisan oma lause")
        assert app.require_store().user.role == "coordinator"
        await pilot.pause(0.1)
