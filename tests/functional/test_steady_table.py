"""The steady table: rows added below a full table do not lay the screen out again, and still scroll."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from koto_tui.widgets.table import SteadyTable

from .helpers import until


class _Tables(App[None]):
    CSS = "DataTable { height: 6; }"

    def __init__(self, table: type[DataTable[Any]]) -> None:
        super().__init__()
        self.table = table

    def compose(self) -> ComposeResult:
        yield self.table(id="table")


async def _layouts_for_more_rows(table: type[DataTable[Any]]) -> tuple[int, int]:
    """Layouts of the screen while 30 rows are added to a table that already scrolls, and its last row."""
    app = _Tables(table)
    async with app.run_test(size=(60, 20)) as pilot:
        grid = app.query_one("#table", DataTable)
        grid.add_column("n")
        grid.add_rows([(str(n),) for n in range(20)])
        await until(pilot, lambda: grid.virtual_size.height == 21, "the first rows measured")
        await pilot.pause()
        layouts = 0
        reflow = app.screen._refresh_layout

        def counted(*args: Any, **kwargs: Any) -> None:
            nonlocal layouts
            layouts += 1
            reflow(*args, **kwargs)

        app.screen._refresh_layout = counted  # type: ignore[method-assign]
        grid.add_rows([(str(n),) for n in range(20, 50)])
        await until(pilot, lambda: grid.virtual_size.height == 51, "the new rows measured")
        await pilot.pause()
        grid.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        return layouts, int(grid.scroll_y)


async def test_rows_below_a_full_table_need_no_layout_and_scroll_into_view() -> None:
    steady, scrolled = await _layouts_for_more_rows(SteadyTable)
    plain, plain_scrolled = await _layouts_for_more_rows(DataTable)
    assert plain >= 1  # what Textual's own table does (so this test can tell the difference)
    assert steady == 0
    assert scrolled == plain_scrolled > 40  # the scroll range follows the new rows


async def test_a_table_that_grows_into_its_box_is_laid_out() -> None:
    """An auto-height table that is not full yet grows: the screen is laid out for it."""

    class Auto(App[None]):
        CSS = "SteadyTable { height: auto; max-height: 12; }"

        def compose(self) -> ComposeResult:
            yield SteadyTable(id="table")

    app = Auto()
    async with app.run_test(size=(60, 30)) as pilot:
        grid = app.query_one(SteadyTable)
        grid.add_column("n")
        grid.add_rows([("1",), ("2",)])
        await until(pilot, lambda: grid.size.height == 3, "two rows and the header shown")
        grid.add_rows([(str(n),) for n in range(3, 30)])
        await until(pilot, lambda: grid.size.height == 12, "the table as tall as it may be")


def test_a_cleared_cache_frees_its_entries_without_the_collector() -> None:
    """Textual's LRU cache left a ring of entries behind when cleared (freed only by a full collection);
    the steady table's caches unlink it, so what they held goes at once."""
    import gc
    import weakref

    from textual.cache import LRUCache

    from koto_tui.widgets.table import _AcyclicCache

    class Drawn:
        pass

    def left_after_clear(cache: LRUCache[int, Drawn]) -> bool:
        kept = [Drawn() for _n in range(3)]
        for n, value in enumerate(kept):
            cache[n] = value
        watch = weakref.ref(kept[0])
        del kept, value
        cache.clear()
        return watch() is not None

    gc.disable()
    try:
        assert left_after_clear(LRUCache(10))  # Textual's own: a cycle
        assert not left_after_clear(_AcyclicCache(10))
    finally:
        gc.enable()
