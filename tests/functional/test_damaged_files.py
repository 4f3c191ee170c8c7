"""Damaged files in the app: the unlock screen says what happened and what to do, and quitting carries
the exit status; the first-run screen never appears while a key file exists."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import Input, Static

from koto_tui.app import KotoApp
from koto_tui.screens.clients import ClientsScreen
from koto_tui.screens.first_run import FirstRunScreen
from koto_tui.screens.unlock import UnlockScreen
from koto_tui.store import DataPaths
from tests.functional.helpers import PASSPHRASE, seeded, until


def diagnosis(app: KotoApp) -> str:
    """The diagnosis shown on the unlock screen ("" while there is none)."""
    return str(app.screen.query_one("#unlock-diagnosis", Static).render())


async def test_zero_byte_database_is_diagnosed_before_the_passphrase(tmp_path: Path) -> None:
    paths, _ids = seeded(tmp_path / "data")
    os.truncate(paths.database, 0)
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen), "the unlock screen")
        await until(pilot, lambda: "on tyhjä (0 tavua)" in diagnosis(app), "the diagnosis")
        assert "Palauta koto.db varmuuskopiosta" in diagnosis(app)
        assert app.screen.query_one("#passphrase", Input).disabled
        assert not any(isinstance(s, FirstRunScreen) for s in app.screen_stack)
        await pilot.press("escape")
    assert app.return_code == 10
    assert paths.database.stat().st_size == 0


async def test_missing_database_never_shows_the_first_run(tmp_path: Path) -> None:
    paths, _ids = seeded(tmp_path / "data")
    paths.database.unlink()
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "puuttuu, mutta sen avaintiedosto" in diagnosis(app), "the diagnosis")
        assert not any(isinstance(s, FirstRunScreen) for s in app.screen_stack)
        await pilot.press("escape")
    assert app.return_code == 10
    assert not paths.database.exists()


async def test_damage_found_after_the_passphrase(tmp_path: Path) -> None:
    paths = _damaged_in_the_middle(tmp_path)
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen), "the unlock screen")
        app.screen.query_one("#passphrase", Input).value = "väärä salasana"
        await pilot.press("enter")
        await until(pilot, lambda: "Jos olet varma" in _field_error(app), "the wrong passphrase")
        assert diagnosis(app) == ""
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await until(pilot, lambda: "on vioittunut" in diagnosis(app), "the diagnosis")
        assert not isinstance(app.screen, ClientsScreen)
        assert app.screen.query_one("#passphrase", Input).value == ""
        await pilot.press("ctrl+q")  # quitting with the app's own key gives the same status
    assert app.return_code == 11


async def test_damage_a_screen_reads_first_is_the_same_diagnosis_not_a_crash(tmp_path: Path) -> None:
    """With the background check held back, the first screen's own read meets the damaged page: it failed
    the worker and crashed the app (status 70, a details file); now it locks and says what happened, as the
    check does."""
    paths = _damaged_in_the_middle(tmp_path)
    app = KotoApp(paths)
    app._verify = lambda: None  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen), "the unlock screen")
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await until(pilot, lambda: "on vioittunut" in diagnosis(app), "the diagnosis")
        assert app.store is None and not (paths.root / "crashes").exists()
        await pilot.press("ctrl+q")
    assert app.return_code == 11


def _damaged_in_the_middle(tmp_path: Path) -> DataPaths:
    """A seeded database with 64 random bytes written over the middle of the file."""
    paths, _ids = seeded(tmp_path / "data")
    size = paths.database.stat().st_size
    with paths.database.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(os.urandom(64))
    return paths


def _field_error(app: KotoApp) -> str:
    return str(app.screen.query_one(".field-error", Static).render())


async def test_first_run_screen_gives_way_to_the_unlock_screen(tmp_path: Path) -> None:
    """Were the first run ever shown over existing files, it hands over to the unlock screen."""
    paths, _ids = seeded(tmp_path / "data")
    app = KotoApp(DataPaths(tmp_path / "empty"))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FirstRunScreen), "the first run")
        app.paths = paths
        await app.push_screen(FirstRunScreen())
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen), "the unlock screen")
