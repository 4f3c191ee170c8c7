"""The export screen's progress bar out of sight leaves nothing on the screen: drawn in the background
colour (opacity 0) it was still text, and a copy of the screen, a terminal's scrollback read as text or a
screen reader met "100%" after every preview."""

from __future__ import annotations

import re

from textual.widgets import DataTable

from koto_tui.app import KotoApp
from koto_tui.screens.export import ExportScreen
from koto_tui.store import DataPaths
from tests.functional.helpers import until, workers_settled
from tests.functional.test_export_preview import _text, _wide_open, gate, paths  # noqa: F401 (fixtures)

#: What a progress bar draws: its bar's glyphs and a percentage.
_PROGRESS = re.compile(r"[━─╸╺]|\d+\s*%")


def _drawn(app: KotoApp) -> str:
    """Every character on the screen as the terminal shows it (colours left out)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_nothing_of_the_bar_is_drawn_once_the_preview_is_through(
        paths: DataPaths, gate) -> None:  # noqa: F811
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(130, 50)) as pilot:
        screen = await _wide_open(app, pilot)
        screen.action_preview()
        await until(pilot, lambda: "3" in _text(screen) and "7" in _text(screen), "three clients through")
        assert _PROGRESS.search(_drawn(app)), "the bar is drawn while the preview runs"
        gate.set()
        await until(pilot, lambda: screen.query_one("#export-records", DataTable).row_count == 5, "preview")
        await workers_settled(pilot)
        await until(pilot, lambda: "Vietäisiin 3" in _text(screen), "the summary")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert not _PROGRESS.search(_drawn(app))
