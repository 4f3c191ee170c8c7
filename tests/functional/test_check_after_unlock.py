"""The background check of every page after the unlock (``KotoApp._verify``) holds nothing the screens need:
the client register and the export screen's preview show their rows while it still runs (on the demo data,
the check held back until the test lets it finish)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import DataTable

from koto_tui.app import KotoApp
from koto_tui.demo import demo_paths
from koto_tui.screens.export import ExportScreen
from koto_tui.store import DataPaths
from koto_tui.store import database as database_module
from tests.functional.helpers import until, workers_settled
from tests.functional.test_exchange_screens import _unlock


@pytest.fixture
def paths(seeded_demo: Path, tmp_path: Path) -> DataPaths:
    shutil.copytree(seeded_demo, tmp_path / "data")
    return demo_paths(DataPaths(tmp_path / "data"))


@pytest.fixture
def held_check(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[threading.Event, threading.Event]]:
    """(checking, release): the check of every page waits, once it has started, until *release* is set."""
    checking, release = threading.Event(), threading.Event()
    real = database_module.pages_intact

    def held(db: object) -> bool:
        checking.set()
        release.wait(120)
        return real(db)  # type: ignore[arg-type]

    monkeypatch.setattr(database_module, "pages_intact", held)
    yield checking, release
    release.set()


def _checking(app: KotoApp) -> bool:
    return any(w.group == "integrity" and not w.is_finished for w in app.workers)


async def test_the_register_and_the_preview_show_rows_while_the_check_runs(
        paths: DataPaths, held_check: tuple[threading.Event, threading.Event]) -> None:
    checking, release = held_check
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(130, 50)) as pilot:
        try:
            await _unlock(app, pilot)  # the register's 7 clients
            await until(pilot, checking.is_set, "the check started")
            await pilot.press("f6")
            await until(pilot, lambda: isinstance(app.screen, ExportScreen), "export screen")
            screen = app.screen
            await until(pilot, lambda: screen.query_one("#export-held", DataTable).row_count > 0
                        or screen.query_one("#export-records", DataTable).row_count > 0, "the preview's rows")
            assert _checking(app)
        finally:
            release.set()
        await workers_settled(pilot)
        assert app.store is not None  # a sound file: still unlocked
