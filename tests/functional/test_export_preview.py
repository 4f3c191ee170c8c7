"""The export screen's preview runs in a worker: its rows arrive as clients are gone through, a progress
count shows long work, and Esc cancels it (on the demo data, with the work slowed down at one client)."""

from __future__ import annotations

import gc
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Checkbox, DataTable, Static

from koto_tui.app import KotoApp
from koto_tui.demo import demo_paths
from koto_tui.exchange import export
from koto_tui.screens import export as export_screen
from koto_tui.screens.export import ExportScreen
from koto_tui.store import DataPaths, Store
from koto_tui.widgets.progress import LineProgress
from tests.functional.helpers import LayoutCount, until, workers_settled
from tests.functional.test_exchange_screens import _unlock


@pytest.fixture
def paths(seeded_demo: Path, tmp_path: Path) -> DataPaths:
    shutil.copytree(seeded_demo, tmp_path / "data")
    return demo_paths(DataPaths(tmp_path / "data"))


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The preview stops before its fourth client until the gate opens; rows go out at once."""
    opened = threading.Event()
    real = export.steps

    def slowed(*args: Any) -> Iterator[export.ClientStep]:
        for number, step in enumerate(real(*args)):
            if number == 3:
                opened.wait(30)
            yield step

    monkeypatch.setattr(export, "steps", slowed)
    monkeypatch.setattr(export_screen, "BATCH_S", 0.0)
    monkeypatch.setattr(export_screen, "PROGRESS_AFTER_S", 0.0)
    yield opened
    opened.set()


def _text(screen: ExportScreen) -> str:
    return str(screen.query_one("#export-result", Static).render())


async def test_rows_stream_in_with_a_progress_count(paths: DataPaths, gate: threading.Event) -> None:
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(130, 50)) as pilot:
        screen = await _wide_open(app, pilot)
        screen.action_preview()
        bar = screen.query_one("#export-progress", LineProgress)
        await until(pilot, lambda: bar.shown and bar.progress == 3, "three clients through")
        held = screen.query_one("#export-held", DataTable)
        assert held.row_count > 0 and "3" in _text(screen) and "7" in _text(screen)
        gate.set()
        await until(pilot, lambda: screen.query_one("#export-records", DataTable).row_count == 5, "preview")
        await workers_settled(pilot)
        assert held.row_count == 8 and not bar.shown
        assert "Vietäisiin 3" in _text(screen)


async def test_esc_cancels_a_long_preview_and_stays(paths: DataPaths, gate: threading.Event) -> None:
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(130, 50)) as pilot:
        screen = await _wide_open(app, pilot)
        screen.action_preview()
        bar = screen.query_one("#export-progress", LineProgress)
        await until(pilot, lambda: bar.shown, "progress shown")
        await pilot.press("escape")
        assert app.screen is screen and not bar.shown
        gate.set()
        await workers_settled(pilot)
        assert screen.query_one("#export-records", DataTable).row_count < 5
        assert "keskeytettiin" in _text(screen)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ExportScreen), "back to the register")


async def test_the_rows_cells_are_made_off_the_ui_thread(paths: DataPaths,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The display rule on every value of every row runs in the preview's worker: on the UI thread it was
    a third of that thread's time during a preview of 10,000 clients."""
    made_on: list[bool] = []
    real = export_screen.cell

    def counted(value: object, style: str = "") -> Any:
        made_on.append(threading.current_thread() is threading.main_thread())
        return real(value, style)

    monkeypatch.setattr(export_screen, "cell", counted)
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(130, 50)) as pilot:
        screen = await _wide_open(app, pilot)
        screen.action_preview()
        await until(pilot, lambda: screen.query_one("#export-records", DataTable).row_count == 5, "preview")
        await workers_settled(pilot)
        held = screen.query_one("#export-held", DataTable)
        assert held.row_count == 8 and str(held.get_row_at(0)[0])
    assert len(made_on) >= 2 * (5 + 8) and not any(made_on)


def test_what_a_preview_leaves_alive_is_frozen_not_collected() -> None:
    """Switched back on after a preview, the collector walked everything the preview had made at once (a
    stall of 400–550 ms at 10,000 clients): it is frozen instead, and the collector runs again."""
    gc.unfreeze()
    try:
        with export_screen._collection_paused():
            assert not gc.isenabled()
            made = [[n] for n in range(1000)]
        assert gc.isenabled() and gc.get_freeze_count() >= len(made)
    finally:
        gc.unfreeze()


async def test_rows_that_arrive_while_the_screen_is_taken_down_are_dropped(paths: DataPaths) -> None:
    """A popped screen stays attached a moment while its widgets go; rows a worker hands over then must be
    dropped, not fail the worker and the app (CI under load hit NoMatches('#export-records') there). The
    worker hands them over through ``screens.base.hand_over``, which delivers only to an open screen."""
    import asyncio

    from koto_tui.screens.base import hand_over

    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(130, 50)) as pilot:
        await _unlock(app, pilot)
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen), "export screen")
        await workers_settled(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        reached: list[str] = []

        def add_rows() -> None:
            reached.append("rows")
            screen._add_rows(screen._generation, ([], []), [], (1, 1), False)

        await asyncio.to_thread(hand_over, screen, add_rows)
        assert reached == ["rows"]  # delivered while open
        popped = app.pop_screen()  # taken down: its widgets go, the screen is still attached a moment
        await asyncio.to_thread(hand_over, screen, add_rows)
        await asyncio.to_thread(hand_over, screen, screen._finish, screen._generation,
                                export.ExportResult(None, False, 0, (), ()), "")
        await popped
        assert reached == ["rows"]


async def _wide_open(app: KotoApp, pilot: Any) -> ExportScreen:
    """Unlock, open the export screen, let its opening preview end and take every client."""
    await _unlock(app, pilot)
    await pilot.press("f6")
    await until(pilot, lambda: isinstance(app.screen, ExportScreen), "export screen")
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    await workers_settled(pilot)
    screen.query_one("#only-client", Checkbox).value = False
    await pilot.pause()
    return screen


async def test_a_preview_lays_the_screen_out_not_once(paths: DataPaths, gate: threading.Event) -> None:
    """The tables fill, the progress bar and its count come and go, the first reason is shown: none of it
    changes a box, so the screen is never laid out again while a preview runs (each layout reflowed every
    widget: 10-30 ms of the UI thread with the tables filled, several per preview)."""
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(130, 50)) as pilot:
        screen = await _wide_open(app, pilot)
        counted = LayoutCount(screen)
        screen.action_preview()
        bar = screen.query_one("#export-progress", LineProgress)
        await until(pilot, lambda: bar.shown and bar.progress == 3, "three clients through")
        gate.set()
        await until(pilot, lambda: screen.query_one("#export-records", DataTable).row_count == 5, "preview")
        await workers_settled(pilot)
        await until(pilot, lambda: "Vietäisiin 3" in _text(screen), "the summary")
        assert counted.layouts == 0
        assert not bar.shown and bar.size.height == 1  # its line kept, blank (test_export_progress_hidden)


async def test_a_step_of_the_count_draws_nothing_in_the_scrolled_part(paths: DataPaths) -> None:
    """The progress and its count stand outside the scrolled part of the screen: Textual draws again every
    widget whose container overlaps a change, and inside it that was both tables (with their scroll bars
    and every other widget) at each step of the count."""
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(130, 50)) as pilot:
        screen = await _wide_open(app, pilot)
        screen.action_preview()
        await until(pilot, lambda: screen.query_one("#export-records", DataTable).row_count == 5, "preview")
        await workers_settled(pilot)
        await pilot.pause()
        drawn: list[str] = []
        for table in screen.query(DataTable):
            draw = table.render_lines

            def counted(crop: Any, draw: Any = draw, name: str = str(table.id)) -> Any:
                drawn.append(name)
                return draw(crop)

            table.render_lines = counted  # type: ignore[method-assign]
        bar = screen.query_one("#export-progress", LineProgress)
        for done in range(1, 4):
            screen._count(f"{done} of 7")
            bar.update(total=7, progress=done)
            await until(pilot, lambda: f"{done} of 7" in _text(screen), "the count shown")  # noqa: B023
            await pilot.pause()
        assert drawn == []


async def test_the_preview_says_a_damaged_signing_key_would_stop_the_export(paths: DataPaths) -> None:
    """The preview listed what would leave and the export was then refused; now the line on sealing says so
    first, capitalised as a sentence of its own."""
    from koto_tui.demo import DEMO_PASSPHRASE
    from koto_tui.exchange.settings import OWN_SIGNING_KEY

    store = Store.unlock(paths, DEMO_PASSPHRASE)
    with store.session.transaction() as db:
        db.table("settings").upsert({"key": f"setting:{OWN_SIGNING_KEY}", "value": "42"}, pk="key")
    store.close()
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(130, 50)) as pilot:
        screen = await _wide_open(app, pilot)
        sealing = screen.query_one("#export-sealing", Static)
        await until(pilot, lambda: "allekirjoitusavain" in str(sealing.render()), "the damage said")
        assert ". Tämän koneen allekirjoitusavain" in str(sealing.render())
