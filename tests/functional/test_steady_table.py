"""The steady table: rows added below a full table do not lay the screen out again, draw nothing again, and
still scroll into view; a change to what is shown is still drawn."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from koto_tui.widgets.table import SteadyTable

from .helpers import LayoutCount, until


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
        counted = LayoutCount(app.screen)
        grid.add_rows([(str(n),) for n in range(20, 50)])
        await until(pilot, lambda: grid.virtual_size.height == 51, "the new rows measured")
        await pilot.pause()
        grid.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        return counted.layouts, int(grid.scroll_y)


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


async def _rows_drawn_again(table: type[DataTable[Any]]) -> tuple[int, list[str]]:
    """How many times rows that were on screen are drawn again while 30 rows are added below them (the
    table already scrolls), and the last lines on screen once scrolled to the end."""
    app = _Tables(table)
    async with app.run_test(size=(60, 20)) as pilot:
        grid = app.query_one("#table", DataTable)
        grid.add_columns("n", "x")
        grid.add_rows([(str(n), "x") for n in range(20)])
        await until(pilot, lambda: grid.virtual_size.height == 21, "the first rows measured")
        await pilot.pause()
        shown = set(grid.rows)
        drawn: list[object] = []
        draw = grid._render_line_in_row

        def counted(row_key: Any, *args: Any, **kwargs: Any) -> Any:
            if row_key in shown:
                drawn.append(row_key)
            return draw(row_key, *args, **kwargs)

        grid._render_line_in_row = counted  # type: ignore[method-assign]
        grid.add_rows([(str(n), "x") for n in range(20, 50)])
        await until(pilot, lambda: grid.virtual_size.height == 51, "the new rows measured")
        await pilot.pause()
        await pilot.pause()
        again = len(drawn)
        grid.add_rows([(str(n), "x") for n in range(50, 80)])  # the scroll bar's thumb stays as it is
        await until(pilot, lambda: grid.virtual_size.height == 81, "more rows measured")
        assert grid.vertical_scrollbar.window_virtual_size == 81  # dragging it reaches the last row
        await pilot.pause()
        grid.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        return again, [grid.render_line(y).text.split()[0] for y in range(1, grid.size.height)]


async def test_rows_added_below_the_window_draw_nothing_again() -> None:
    """Textual's table draws every row on screen again after any row is added (its update count is in
    the key of every render cache); the steady table draws none of them, and the new rows still show."""
    steady, steady_end = await _rows_drawn_again(SteadyTable)
    plain, plain_end = await _rows_drawn_again(DataTable)
    assert plain >= 4  # Textual's own table (so that this test can tell the difference)
    assert steady == 0
    assert steady_end == plain_end == [str(n) for n in range(80 - len(steady_end), 80)]


async def test_a_wider_cell_below_the_window_widens_its_column_on_screen() -> None:
    """A new row that widens a column moves what is on screen: it is drawn again at the new width."""
    app = _Tables(SteadyTable)
    async with app.run_test(size=(60, 20)) as pilot:
        grid = app.query_one("#table", DataTable)
        grid.add_columns("n", "x")
        grid.add_rows([(str(n), "x") for n in range(20)])
        await until(pilot, lambda: grid.virtual_size.height == 21, "the first rows measured")
        await pilot.pause()
        before = grid.render_line(1).text.index("x")
        grid.add_row("a much wider first cell", "x")
        await until(pilot, lambda: grid.render_line(1).text.index("x") > before, "the first row drawn wider")


async def test_rows_removed_sorted_or_cleared_after_additions_are_shown_as_they_are() -> None:
    """The lists of rows and lines the steady table extends start anew after any other change."""
    app = _Tables(SteadyTable)
    async with app.run_test(size=(60, 20)) as pilot:
        grid = app.query_one("#table", DataTable)
        grid.add_columns("n")
        keys = grid.add_rows([(f"{n:02}",) for n in range(20)])
        await pilot.pause()
        grid.add_rows([(f"{n:02}",) for n in range(20, 30)])
        await pilot.pause()

        def first_lines() -> list[str]:
            return [grid.render_line(y).text.strip() for y in range(1, 4)]

        grid.remove_row(keys[0])
        await until(pilot, lambda: first_lines() == ["01", "02", "03"], "the first row gone")
        grid.sort(reverse=True)
        await until(pilot, lambda: first_lines() == ["29", "28", "27"], "sorted the other way")
        grid.clear()
        grid.add_rows([("a",), ("b",)])
        await until(pilot, lambda: first_lines() == ["a", "b", ""], "the new rows after the clear")
        await until(pilot, lambda: grid.virtual_size.height == 3, "the header and two rows measured")


async def test_rows_removed_below_a_scrolled_table_bring_the_scroll_back() -> None:
    """Scrolled below where the rows end once the last ones are removed, the table comes back within
    them (the lists of rows and lines start anew, the scroll range follows)."""
    app = _Tables(SteadyTable)
    async with app.run_test(size=(60, 20)) as pilot:
        grid = app.query_one("#table", DataTable)
        grid.add_columns("n")
        keys = grid.add_rows([(str(n),) for n in range(200)])
        await until(pilot, lambda: grid.virtual_size.height == 201, "the rows measured")
        grid.scroll_to(y=170, animate=False, immediate=True)
        await until(pilot, lambda: grid.scroll_y == 170, "scrolled down")
        for key in keys[140:]:
            grid.remove_row(key)
        await until(pilot, lambda: grid.virtual_size.height == 141, "the rows gone")
        await until(pilot, lambda: grid.scroll_y <= grid.max_scroll_y
                    and grid.render_line(grid.size.height - 1).text.strip() == "139", "the last row shown")


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


async def test_a_table_of_a_set_size_asks_for_no_layout_as_rows_fill_it() -> None:
    """A table whose height is set and whose scroll bars are always shown keeps its box whatever rows come
    (the export screen's tables): no layout of the screen while its first rows fill it, though its width
    is a fraction (``1fr`` fills the container, whatever the content's width)."""

    class Set(App[None]):
        CSS = "SteadyTable { height: 8; width: 1fr; overflow: scroll scroll; }"

        def compose(self) -> ComposeResult:
            yield SteadyTable(id="table")

    app = Set()
    async with app.run_test(size=(60, 20)) as pilot:
        grid = app.query_one(SteadyTable)
        grid.add_column("n")
        await pilot.pause()
        counted = LayoutCount(app.screen)
        grid.add_rows([(f"{n} wider and wider" + "x" * n,) for n in range(3)])
        await until(pilot, lambda: grid.virtual_size.height == 4, "three rows measured")
        grid.add_rows([(str(n),) for n in range(3, 20)])
        await until(pilot, lambda: grid.virtual_size.height == 21, "the table full and scrolling")
        await pilot.pause()
        assert counted.layouts == 0
        assert grid.render_line(1).text.startswith(" 0 wider") and grid.size.height == 8


async def test_new_rows_are_measured_without_making_their_renderables() -> None:
    """Rows added below the window are measured from their texts: DataTable made (and cached) each new
    row's renderables and measured them through Rich on the UI thread, for rows not drawn."""
    app = _Tables(SteadyTable)
    async with app.run_test(size=(60, 20)) as pilot:
        grid = app.query_one("#table", DataTable)
        grid.add_columns("n", "x")
        grid.add_rows([(str(n), "x") for n in range(20)])
        await until(pilot, lambda: grid.virtual_size.height == 21, "the first rows measured")
        await pilot.pause()
        made: list[int] = []
        make = grid._get_row_renderables

        def counted(row_index: int) -> Any:
            made.append(row_index)
            return make(row_index)

        grid._get_row_renderables = counted  # type: ignore[method-assign]
        grid.add_rows([(Text(str(n)), "x") for n in range(20, 200)])
        await until(pilot, lambda: grid.virtual_size.height == 201, "the new rows measured")
        await pilot.pause()
        assert [index for index in made if index >= 20] == []


async def test_cells_are_measured_as_textual_measures_them() -> None:
    """Every kind of cell gets the width DataTable gives it: texts (wide characters, several lines),
    strings with markup, numbers, empty cells."""
    rows: list[tuple[object, ...]] = [
        (Text("kaksi"), "[b]lihava[/b]", 1.5, None),
        (Text("漢字かな"), "a\nlonger second line", 12345678, "x"),
        (Text("one\nthe longest line here"), "[not markup", None, Text("")),
    ]
    widths = []
    for table in (SteadyTable, DataTable):
        app = _Tables(table)
        async with app.run_test(size=(60, 20)) as pilot:
            grid = app.query_one("#table", DataTable)
            grid.add_columns("a", "b", "c", "d")
            grid.add_rows(rows)
            await until(pilot, lambda: grid.virtual_size.height == 4, "the rows measured")  # noqa: B023
            widths.append(([column.content_width for column in grid.ordered_columns], grid.virtual_size))
    assert widths[0] == widths[1]
