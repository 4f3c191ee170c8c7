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


async def test_locking_mid_answer_keeps_what_was_typed(tmp_path: Path) -> None:
    from datetime import date

    from koto_tui.model import ClientData
    from koto_tui.screens.interview import InterviewScreen
    from koto_tui.store import Store

    paths, (cid,) = seeded(tmp_path / "data", ClientData("Tamm", "Mari", date(1990, 1, 1)))
    store = Store.unlock(paths, PASSPHRASE)
    interview_id = store.interviews.start(cid, "assessment", "1", store.profile()).id
    store.close()
    app = KotoApp(paths)
    async with app.run_test(size=(130, 45)) as pilot:
        await _unlock(app, pilot, PASSPHRASE)
        app.push_screen(InterviewScreen(interview_id))
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, InterviewScreen)
                and app.screen.form is not None
                and app.screen.query("#q-interview_language")
            ),
            "interview",
        )
        await until(pilot, lambda: app.focused is not None and app.focused.id == "q-registered_jobseeker",
                    "the interview has put the focus on its first question")
        app.screen.query_one("#q-interview_language", Input).focus()
        await pilot.press(*"viro")
        await pilot.press("ctrl+l")  # at once, before the save delay has passed
        await _unlock(app, pilot, PASSPHRASE)
        assert app.require_store().interviews.answers(interview_id).get("interview_language") == "viro"
        await pilot.pause(0.1)


async def test_a_coordinator_rotates_the_key_from_the_users_screen(tmp_path: Path) -> None:
    """K replaces the key (the key file's generation grows); a counsellor's K is refused with the reason."""
    from koto_tui.store import DataPaths, Store, keyfile
    from tests.functional.helpers import PROFILE

    paths = DataPaths(tmp_path / "data")
    store = Store.create(paths, PROFILE, PASSPHRASE, role="coordinator")
    store.users.add("Pekka Ohjaaja", "kotoutumisohjaaja", "counsellor", "pekan oma pitkä lause")
    store.close()
    app = KotoApp(paths)
    async with app.run_test(size=(130, 45)) as pilot:
        await _unlock(app, pilot, PASSPHRASE)
        await pilot.press("f12")
        await until(pilot, lambda: isinstance(app.screen, UsersScreen), "users")
        await pilot.press("k")
        await until(pilot, lambda: any("avain vaihdettiin" in str(n.message) for n in app._notifications),
                    "the key was replaced")
        assert keyfile.read(paths.keyfile).generation == 1
        await pilot.press("escape", "ctrl+l")
        await _unlock(app, pilot, "pekan oma pitkä lause")
        await pilot.press("f12")
        await until(pilot, lambda: isinstance(app.screen, UsersScreen), "users")
        await pilot.press("k")
        await until(pilot, lambda: any("Vain kotoutumiskoordinaattori" in str(n.message)
                                       for n in app._notifications), "refused")
        assert keyfile.read(paths.keyfile).generation == 1
