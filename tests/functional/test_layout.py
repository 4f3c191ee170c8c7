"""Every screen and dialog of koto is usable at 80×24 and at 200×60: no control outside the screen or cut by
a container that cannot scroll to it, no dialog box bigger than the screen."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.containers import ScrollableContainer
from textual.geometry import Region
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Footer,
    Input,
    Label,
    OptionList,
    RadioSet,
    Select,
    SelectionList,
    Switch,
    TextArea,
)
from textual.widgets._footer import FooterKey

from koto_tui.app import KotoApp
from koto_tui.demo import DEMO_COORDINATOR_PASSPHRASE, DEMO_PASSPHRASE, demo_paths
from koto_tui.model import ClientData
from koto_tui.store import DataPaths, Store
from koto_tui.widgets.footer import KotoFooter
from tests.functional.helpers import until, workers_settled
from tests.functional.test_lock import BEFORE_UNLOCK, _cases, _unlock, screen_classes

SIZES = [(80, 24), (200, 60)]

#: What a person types into, picks from or reads a field's name on.
CONTROLS = (Input, Select, Button, TextArea, DataTable, Checkbox, RadioSet, Switch, SelectionList, OptionList)

#: Fewer columns than this and an input shows too little of what is typed to be usable.
MIN_INPUT_WIDTH = 12
#: A table lower than this many rows (with its header) hides what it lists behind a scroll nobody sees.
MIN_TABLE_ROWS = 3


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory: pytest.TempPathFactory, seeded_demo: Path) -> DataPaths:
    """One copy of the demo for the module: opening screens changes nothing in it."""
    root = tmp_path_factory.mktemp("layout") / "data"
    shutil.copytree(seeded_demo, root)
    return demo_paths(DataPaths(root))


def test_every_screen_is_opened_here() -> None:
    """A new screen without a case in test_lock._cases (and so here) fails."""
    assert set(screen_classes()) == set(_cases()) | BEFORE_UNLOCK


def _is_control(widget: Widget) -> bool:
    return isinstance(widget, CONTROLS) or (isinstance(widget, Label) and widget.has_class("field-label"))


def _view(container: Widget) -> Region:
    """The part of *container* its children are drawn in (inside padding, border and scrollbars)."""
    return container.scrollable_content_region


def _scrolls(container: Widget, vertical: bool) -> bool:
    """Whether *container* can scroll along the axis to bring a child into view."""
    if isinstance(container, Screen | ScrollableContainer) or container.is_scrollable:
        overflow = container.styles.overflow_y if vertical else container.styles.overflow_x
        return overflow in ("auto", "scroll")
    return False


def _cut(widget: Widget) -> str | None:
    """How *widget* is cut by a container it cannot be scrolled into view in, or None when it is not."""
    region = widget.region
    for container in widget.ancestors:
        if not isinstance(container, Widget):
            break
        view = _view(container)
        for vertical in (False, True):
            start, end = (region.y, region.bottom) if vertical else (region.x, region.right)
            low, high = (view.y, view.bottom) if vertical else (view.x, view.right)
            if low <= start and end <= high:
                continue
            if not _scrolls(container, vertical):
                side = "height" if vertical else "width"
                return f"cut by {_name(container)} {view} in {side}"
            # Scrolling *container* brings the widget into its view: go on from there.
            moved = max(low, min(start, high - (end - start))) - start
            region = region.translate((0, moved) if vertical else (moved, 0))
    return None


def _name(widget: Widget) -> str:
    return f"{type(widget).__name__}#{widget.id}" if widget.id else type(widget).__name__


def _shown(widget: Widget) -> bool:
    """Whether *widget* takes part in the layout (it and its ancestors displayed and visible)."""
    return widget.display and widget.visible and all(
        a.display for a in widget.ancestors if isinstance(a, Widget))


def problems(screen: Screen[Any]) -> list[str]:
    """Controls cut or squeezed, a dialog box bigger than the screen, footer keys that do not fit."""
    found: list[str] = []
    size = screen.size
    whole = Region(0, 0, size.width, size.height)
    if isinstance(screen, ModalScreen):
        box = screen.children[0].region
        if box.width > size.width or box.height > size.height:
            found.append(f"the dialog box {box} is bigger than the screen {size}")
    for widget in screen.query(Widget):
        in_footer = any(isinstance(a, Footer) for a in widget.ancestors)
        if not _is_control(widget) or not _shown(widget) or in_footer:
            continue
        region = widget.region
        if region.area == 0:
            found.append(f"{_name(widget)} has no room ({region})")
        elif not whole.contains_region(region) and not _scrolls(screen, vertical=True):
            found.append(f"{_name(widget)} {region} lies outside the screen")
        elif (cut := _cut(widget)) is not None:
            found.append(f"{_name(widget)} {region} is {cut}")
        elif isinstance(widget, Input | Select | TextArea) and region.width < MIN_INPUT_WIDTH:
            found.append(f"{_name(widget)} is only {region.width} columns wide")
        elif isinstance(widget, DataTable) and region.height < _rows_needed(widget):
            found.append(f"{_name(widget)} is {region.height} rows high: too low to show its rows")
    found.extend(_footer_problems(screen, whole))
    return found


def _rows_needed(table: DataTable[Any]) -> int:
    """A table shows its header and at least three of its rows (all of them when it has fewer)."""
    return int(table.show_header) + min(table.row_count, MIN_TABLE_ROWS) + table.styles.gutter.height


def _footer_problems(screen: Screen[Any], whole: Region) -> list[str]:
    """The footer shows what fits in one row: the palette's key (docked right) must be whole, and every key
    that is cut must be one the palette and F1 list (the screen's and the app's own bindings)."""
    from koto_tui.screens.help import user_bindings

    found = []
    listed = {binding.key for binding, _owner in user_bindings(screen, screen.app)}
    for footer in screen.query(Footer):
        keys = [key for key in footer.query(FooterKey) if _shown(key)]
        palette = [key for key in keys if key.has_class("-command-palette")]
        if not palette or not whole.contains_region(palette[0].region):
            found.append("the footer's palette key is not shown whole")
            continue
        row = footer.region.intersection(whole)
        for key in keys:
            if not row.overlaps(key.region):
                if key.key not in listed:  # left out for want of room
                    found.append(f"the footer's key {key.key!r} has no room and F1 and the palette omit it")
            elif not row.contains_region(key.region) or (
                    key is not palette[0] and key.region.overlaps(palette[0].region)):
                found.append(f"the footer's key {key.key!r} {key.region} is cut")
    return found


async def _settled(app: App[Any], pilot: Any, name: str) -> Screen[Any]:
    await until(pilot, lambda: type(app.screen).__name__ == name, name)
    await workers_settled(pilot)
    await pilot.pause()  # the last worker's message drawn
    await until(pilot, lambda: _footer_built(app.screen), f"{name}'s footer")
    return app.screen


def _footer_built(screen: Screen[Any]) -> bool:
    """Whether the footer's keys are built once, for the bindings now (it builds them again on a change)."""
    return all(isinstance(footer, KotoFooter) and footer.keys_fitted
               and len(footer.query(".-command-palette")) == 1 for footer in screen.query(Footer))


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_every_screen_and_dialog_fits(size: tuple[int, int], demo_copy: DataPaths) -> None:
    """One app per size: each screen is opened over the client register, looked at and closed."""
    found: list[str] = []
    app = KotoApp(demo_copy, demo=True)
    async with app.run_test(size=size) as pilot:
        found += [f"UnlockScreen: {p}" for p in problems(await _settled(app, pilot, "UnlockScreen"))]
        await _unlock(app, pilot, DEMO_COORDINATOR_PASSPHRASE)
        for name, make in sorted(_cases().items()):
            await app.push_screen(make(app, app.require_store()))
            found += [f"{name}: {p}" for p in problems(await _settled(app, pilot, name))]
            await app.pop_screen()
            await _settled(app, pilot, "ClientsScreen")
    assert not found, f"at {size[0]}×{size[1]}:\n" + "\n".join(found)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_the_first_run_fits(size: tuple[int, int], tmp_path: Path) -> None:
    app = KotoApp(DataPaths(tmp_path / "new"))
    async with app.run_test(size=size) as pilot:
        found = problems(await _settled(app, pilot, "FirstRunScreen"))
    assert not found, "\n".join(found)


def _screen_lines(screen: Screen[Any]) -> list[str]:
    """The screen as drawn: one string per line, as the compositor composed it."""
    return [strip.text for strip in screen._compositor.render_strips()]


def _headers_cut(screen: Screen[Any], table: DataTable[Any]) -> list[str]:
    """The column headers of *table* not shown whole on its header line of the drawn screen."""
    top = table.content_region.y
    line = _screen_lines(screen)[top] if 0 <= top < screen.size.height else ""
    labels = [column.label.plain for column in table.ordered_columns]
    return [label for label in labels if label.strip() and label not in line]


async def _tables_headers(app: App[Any], pilot: Any, screen: Screen[Any]) -> list[str]:
    """Each shown table brought into view, and the headers it does not show whole."""
    found = []
    for table in screen.query(DataTable):
        if not _shown(table) or not table.columns:
            continue
        screen.scroll_to_widget(table, animate=False, top=True)
        await pilot.pause()
        if cut := _headers_cut(screen, table):
            found.append(f"{_name(table)}: {cut} not on screen")
    return found


#: A name longer than the client list's and the worklist's room at 80 columns (it pushed the columns after it
#: off the screen).
LONG_NAME = ClientData("Virtanen-Korhonen-Lehtinen-Mäkinen-Nieminen", "Anna-Maria Kristiina Elisabet", None)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
async def test_every_tables_headers_are_on_screen_at_80_columns(seeded_demo: Path, tmp_path: Path,
                                                                lang: str) -> None:
    """At 80×24 each table of each screen shows every column's header whole on the drawn screen, in each UI
    language (the worklist's 'Rule' lay beyond the 80th column, and a long name pushed the client list's
    last columns off): the columns share the screen's width."""
    from koto_tui import i18n

    i18n.set_language(lang)
    shutil.copytree(seeded_demo, tmp_path / "data")
    paths = demo_paths(DataPaths(tmp_path / "data"))
    store = Store.unlock(paths, DEMO_PASSPHRASE)
    store.clients.add(LONG_NAME)
    store.close()
    found: list[str] = []
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settled(app, pilot, "UnlockScreen")
        await _unlock(app, pilot, DEMO_COORDINATOR_PASSPHRASE)
        for name, make in sorted(_cases().items()):
            await app.push_screen(make(app, app.require_store()))
            screen = await _settled(app, pilot, name)
            found += [f"{name}: {p}" for p in await _tables_headers(app, pilot, screen)]
            await app.pop_screen()
            await _settled(app, pilot, "ClientsScreen")
    assert not found, "\n".join(found)


async def test_tables_share_the_width_again_when_the_terminal_narrows(demo_copy: DataPaths) -> None:
    """The worklist opened at 200 columns, then the terminal made 80 wide: every header is still on screen;
    and wide again, every column as wide as its content."""
    from koto_tui.screens.worklist import WorklistScreen

    app = KotoApp(demo_copy, demo=True)
    async with app.run_test(size=(200, 40)) as pilot:
        await _settled(app, pilot, "UnlockScreen")
        await _unlock(app, pilot, DEMO_COORDINATOR_PASSPHRASE)
        await app.push_screen(WorklistScreen())
        screen = await _settled(app, pilot, "WorklistScreen")
        table = screen.query_one(DataTable)
        wide = [column.width for column in table.ordered_columns]
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: screen.size.width == 80, "the narrow screen")
        await pilot.pause()
        assert _headers_cut(screen, table) == []
        assert table.virtual_size.width <= table.scrollable_content_region.width
        await pilot.resize_terminal(200, 40)
        await until(pilot, lambda: [column.width for column in table.ordered_columns] == wide, "wide again")
