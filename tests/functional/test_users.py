"""Users in the app: a coordinator adds (the new user types their own passphrase), removes and changes roles
after typing their own passphrase again; a counsellor is not offered any of it; the first user's role."""

from __future__ import annotations

from pathlib import Path

import pytest
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
    paths, _ids = seeded(tmp_path / "data", role="coordinator")
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
                "confirm": PASSPHRASE,
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
    """K replaces the key (the key file's generation grows); a counsellor is not offered K."""
    from koto_tui.store import DataPaths, Store, keyfile
    from tests.functional.helpers import PROFILE

    paths = DataPaths(tmp_path / "data")
    store = Store.create(paths, PROFILE, PASSPHRASE, role="coordinator")
    store.users.add("Pekka Ohjaaja", "kotoutumisohjaaja", "counsellor", "pekan oma pitkä lause",
                    confirm_passphrase=PASSPHRASE)
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
        assert "k" not in _footer_keys(app)  # a counsellor is not offered it (the store refuses it too)
        await pilot.press("k")
        await pilot.pause()
        assert keyfile.read(paths.keyfile).generation == 1


async def _users_screen(app: KotoApp, pilot: object) -> UsersScreen:
    await pilot.press("f12")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, UsersScreen), "users")  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, UsersScreen)
    return screen


def _problem(app: KotoApp) -> str:
    return str(app.screen.query_one("#dlg-problem", Static).render())


def _footer_keys(app: KotoApp) -> set[str]:
    return {binding.key for (_node, binding, enabled, _tooltip) in app.active_bindings.values() if enabled}


async def test_a_counsellor_is_not_offered_user_management(tmp_path: Path) -> None:
    paths, _ids = seeded(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(130, 45)) as pilot:
        await _unlock(app, pilot, PASSPHRASE)
        screen = await _users_screen(app, pilot)
        await pilot.pause()
        assert screen.query_one("#users-counsellor-note", Static).display
        keys = _footer_keys(app)
        assert "c" in keys and not {"n", "delete", "r"} & keys
        await pilot.press("n", "r", "delete")
        await pilot.pause()
        assert app.screen is screen and len(app.require_store().users.all()) == 1


async def test_a_coordinator_removes_and_changes_a_user_with_their_own_passphrase(tmp_path: Path) -> None:
    from koto_tui.store import Store

    paths, _ids = seeded(tmp_path / "data", role="coordinator")
    store = Store.unlock(paths, PASSPHRASE)
    store.users.add("Pekka Ohjaaja", "", "counsellor", "pekan pitkä tunnuslause",
                    confirm_passphrase=PASSPHRASE)
    store.close()
    app = KotoApp(paths)
    async with app.run_test(size=(130, 45)) as pilot:
        await _unlock(app, pilot, PASSPHRASE)
        screen = await _users_screen(app, pilot)
        assert not screen.query_one("#users-counsellor-note", Static).display
        assert {"n", "delete", "r"} <= _footer_keys(app)
        screen.query_one("#users-table").move_cursor(row=1)  # type: ignore[attr-defined]
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the role dialog")
        confirm = app.screen.query_one("#dlg-confirm", Input)
        assert confirm.password
        _fill(app, {"role": "coordinator", "confirm": "väärä tunnuslause"})
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Tämä ei ole oma tunnuslauseesi" in _problem(app), "the wrong passphrase")
        _fill(app, {"confirm": PASSPHRASE})
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, UsersScreen), "back at the users")
        pekka = next(u for u in app.require_store().users.all() if u.name == "Pekka Ohjaaja")
        assert pekka.role == "coordinator"
        screen.query_one("#users-table").move_cursor(row=1)  # type: ignore[attr-defined]
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the removal dialog")
        _fill(app, {"confirm": PASSPHRASE})
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, UsersScreen), "back at the users")
        assert [u.name for u in app.require_store().users.all()] == ["Maija Meikäläinen"]
        await pilot.pause(0.1)


async def test_suggest_a_passphrase_fills_the_masked_fields_and_shows_it_once(tmp_path: Path) -> None:
    from koto_tui.rules.passphrase import wordlist

    paths, _ids = seeded(tmp_path / "data", role="coordinator")
    app = KotoApp(paths)
    async with app.run_test(size=(130, 45)) as pilot:
        await _unlock(app, pilot, PASSPHRASE)
        await _users_screen(app, pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "new user dialog")
        await pilot.click("#dlg-suggest")
        first = app.screen.query_one("#dlg-passphrase", Input)
        await until(pilot, lambda: bool(first.value), "the suggestion")
        words = first.value.split(" ")
        assert len(words) == 5 and set(words) <= set(wordlist())
        assert first.password and app.screen.query_one("#dlg-again", Input).value == first.value
        assert first.value in str(app.screen.query_one("#dlg-suggestion", Static).render())
        _fill(app, {"name": "Kaisa", "confirm": PASSPHRASE})
        suggestion = first.value
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, UsersScreen), "back at the users")
        assert suggestion not in " ".join(str(w.render()) for w in app.screen.query(Static))
        await pilot.pause(0.1)


async def test_the_first_user_chooses_to_be_the_coordinator(tmp_path: Path) -> None:
    from koto_tui.screens.first_run import FirstRunScreen
    from koto_tui.store import DataPaths

    app = KotoApp(DataPaths(tmp_path / "data"))
    async with app.run_test(size=(130, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FirstRunScreen), "the first run")
        screen = app.screen
        screen.query_one("#name", Input).value = "Maija Meikäläinen"
        screen.query_one("#municipality", Input).value = "Mikkelin kaupunki"
        screen.query_one("#role", Select).value = "coordinator"
        for field in ("passphrase", "passphrase2"):
            screen.query_one(f"#{field}", Input).value = "maija meikäläinen"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.query_one("#field-passphrase").has_class("-invalid"), "refused")
        assert "nimesi" in " ".join(str(w.render()) for w in screen.query(Static))
        await pilot.click("#suggest")
        await until(pilot, lambda: bool(screen.query_one("#passphrase", Input).value != "maija meikäläinen"),
                    "the suggestion")
        assert screen.query_one("#passphrase", Input).password
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "the client register")
        assert app.require_store().user.role == "coordinator"
        await pilot.pause(0.1)


async def _settings(app: KotoApp, pilot: object) -> object:
    from koto_tui.screens.settings import SettingsScreen

    await pilot.press("f8")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, SettingsScreen) and app.screen.query_one(  # type: ignore[arg-type]
        "#setting-name", Input).value == "Maija Meikäläinen", "settings loaded")
    return app.screen


@pytest.mark.parametrize(("role", "allowed"), [("counsellor", False), ("coordinator", True)])
async def test_only_a_coordinator_allows_self_approval_in_the_settings(tmp_path: Path, role: str,
                                                                      allowed: bool) -> None:
    from textual.widgets import Checkbox

    paths, _ids = seeded(tmp_path / "data", role=role)
    app = KotoApp(paths)
    async with app.run_test(size=(130, 50)) as pilot:
        await _unlock(app, pilot, PASSPHRASE)
        screen = await _settings(app, pilot)
        box = screen.query_one("#setting-self-approval", Checkbox)  # type: ignore[attr-defined]
        await until(pilot, lambda: box.disabled is not allowed, "the checkbox state")
        assert box.value is False
        box.value = True  # even set behind the disabled box, a counsellor's save does not store it
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "saved and closed")
        assert app.require_store().setting("allow_self_approval", False) is allowed
        await pilot.pause(0.1)
