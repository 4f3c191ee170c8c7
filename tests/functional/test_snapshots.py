"""Snapshots of the main screens at 80×24 on the demo data (27.11.2026, Finnish): what a counsellor sees.

After a deliberate change: `pytest tests/functional/test_snapshots.py --snapshot-update`, then look at the
report (snapshot_report.html) before committing the new SVGs.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, TextArea

from koto_tui.app import KotoApp
from koto_tui.demo import DEMO_PASSPHRASE, demo_paths
from koto_tui.store import DataPaths, Store
from tests.functional.helpers import until, workers_settled
from tests.functional.test_layout import _footer_built
from tests.functional.test_lock import _cases

SIZE = (80, 24)


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory: pytest.TempPathFactory, seeded_demo: Path) -> DataPaths:
    """One copy of the demo for the module: opening screens changes nothing shown in them."""
    root = tmp_path_factory.mktemp("snapshots") / "data"
    shutil.copytree(seeded_demo, root)
    return demo_paths(DataPaths(root))


async def _still(pilot: Pilot[None], name: str) -> None:
    """Wait for *name* with its data loaded, then stop the cursors blinking (a blink is a random frame)."""
    app = pilot.app
    await until(pilot, lambda: type(app.screen).__name__ == name, name)
    await workers_settled(pilot)
    await pilot.pause()
    await until(pilot, lambda: _footer_built(app.screen), "the footer")
    await _scrolled(pilot)
    for field in app.screen.query("Input, TextArea"):
        if isinstance(field, Input | TextArea):
            field.cursor_blink = False
    await pilot.pause()


async def _scrolled(pilot: Pilot[None]) -> None:
    """Wait until nothing scrolls any more (the interview scrolls to its current question after it opens:
    under load the picture was once taken half-way)."""
    def offsets() -> list[tuple[float, float]]:
        return [(w.scroll_x, w.scroll_y) for w in pilot.app.screen.query("*") if w.is_scrollable]

    await pilot.wait_for_scheduled_animations()
    seen: list[list[tuple[float, float]]] = []

    def still() -> bool:  # the same offsets on two tries with a pause between them
        seen.append(offsets())
        return len(seen) > 1 and seen[-1] == seen[-2]

    await until(pilot, still, "the scrolling to stop")


def _opened(name: str) -> Callable[[Pilot[None]], Any]:
    """Unlock the demo, then open *name* over the client register (as test_lock opens each screen)."""
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, KotoApp)
        await until(pilot, lambda: bool(app.screen.query("#passphrase")), "unlock")
        app.screen.query_one("#passphrase", Input).value = DEMO_PASSPHRASE
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "ClientsScreen", "the client register")
        if name != "ClientsScreen":
            make: Callable[[KotoApp, Store], Screen[Any]] = _cases()[name]
            await app.push_screen(make(app, app.require_store()))
        await _still(pilot, name)
    return run_before


async def _unlock_screen(pilot: Pilot[None]) -> None:
    await _still(pilot, "UnlockScreen")


@pytest.mark.parametrize("name", ["UnlockScreen", "ClientsScreen", "ClientScreen", "InterviewScreen",
                                  "PlanScreen"])
def test_main_screen_at_80x24(name: str, demo_copy: DataPaths, snap_compare: Any) -> None:
    run_before = _unlock_screen if name == "UnlockScreen" else _opened(name)
    assert snap_compare(KotoApp(demo_copy, demo=True), terminal_size=SIZE, run_before=run_before)
