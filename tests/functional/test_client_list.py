"""The client list refills in steps and keeps the cursor on the same client."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

from textual.coordinate import Coordinate
from textual.widgets import DataTable

from koto_tui.app import KotoApp
from koto_tui.model import ClientData, ClientSummary
from koto_tui.screens.client import ClientScreen
from koto_tui.screens.clients import FILL_STEP, ClientsScreen
from tests.functional.helpers import seeded, unlock, until, workers_settled

CLIENTS = 120


def _register(tmp_path: Path) -> KotoApp:
    people = [ClientData("Asiakas", f"{n:03d}", date(1990, 1, 1)) for n in range(CLIENTS)]
    paths, _ids = seeded(tmp_path / "data", *people)
    return KotoApp(paths)


def _under_cursor(table: DataTable[object]) -> str:
    return str(table.get_row_at(table.cursor_row)[0])


async def test_the_list_keeps_the_cursor_on_the_same_client_when_it_refills(tmp_path: Path) -> None:
    app = _register(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        table = app.screen.query_one("#client-table", DataTable)
        await until(pilot, lambda: table.row_count == CLIENTS, "the whole list")
        table.move_cursor(row=80, animate=False)
        assert _under_cursor(table) == "Asiakas 080"
        assert app.store is not None
        app.store.clients.add(ClientData("Aalto", "Ensimmäinen", date(1980, 1, 1)))  # sorts first: rows move
        screen = app.screen
        assert isinstance(screen, ClientsScreen)
        screen.refresh_list()
        await until(pilot, lambda: table.row_count == CLIENTS + 1, "the list with the new client")
        assert table.cursor_row == 81 and _under_cursor(table) == "Asiakas 080"
        app.store.clients.update(app.store.clients.search("Asiakas 080")[0].id,
                                 ClientData("Asiakas", "080", date(1991, 2, 3)))
        screen.refresh_list()  # the same clients in the same order: the changed cell, the cursor stays
        await until(pilot, lambda: "1991" in str(table.get_row_at(81)[1]), "the changed date of birth")
        assert table.cursor_row == 81 and table.row_count == CLIENTS + 1


async def test_a_long_result_is_shown_a_screenful_first(tmp_path: Path) -> None:
    app = _register(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        screen = app.screen
        assert isinstance(screen, ClientsScreen)
        table = screen.query_one("#client-table", DataTable)
        await until(pilot, lambda: table.row_count == CLIENTS, "the whole list")
        assert app.store is not None
        # Another order, without the client under the cursor: the table is filled anew from its top.
        rows = app.store.clients.search("", limit=CLIENTS)[:0:-1]
        screen._show(rows)
        assert table.row_count == FILL_STEP  # the rest once typing pauses, not with every keystroke
        await until(pilot, lambda: table.row_count == CLIENTS - 1, "the rest of the rows")
        names = [str(table.get_row_at(i)[0]) for i in range(CLIENTS - 1)]
        assert names == [row.full_name for row in rows]
        key = table.coordinate_to_cell_key(Coordinate(0, 0)).row_key.value
        assert key == str(rows[0].id)



async def test_enter_opens_the_client_under_the_cursor_while_a_search_is_in_flight(tmp_path: Path) -> None:
    app = _register(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        screen = app.screen
        assert isinstance(screen, ClientsScreen) and app.store is not None
        table = screen.query_one("#client-table", DataTable)
        await until(pilot, lambda: table.row_count == CLIENTS, "the whole list")
        table.move_cursor(row=7, animate=False)
        held, search = threading.Event(), app.store.clients.search
        asked: list[str] = []

        def slow(text: str = "", *args: Any, **kwargs: Any) -> list[ClientSummary]:
            asked.append(text)
            held.wait(10)  # the search stays in flight until the client has been opened
            return search(text, *args, **kwargs)

        app.store.clients.search = slow  # type: ignore[method-assign]
        await pilot.press(*"Asiakas 09")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ClientScreen), "the client's page")
        assert isinstance(app.screen, ClientScreen)
        assert app.store.clients.get(app.screen.client_id).data.given_names == "007"
        held.set()
        await until(pilot, lambda: "Asiakas 09" in asked, "the last keystroke's search")
        await workers_settled(pilot)
        # The answers came back in any order: only the last keystroke's is in the list (older ones dropped).
        wanted = [str(row.id) for row in search("Asiakas 09")]
        await until(pilot, lambda: [row.key.value for row in table.ordered_rows] == wanted, "the last answer")
