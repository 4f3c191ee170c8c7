"""Restriction and erasure in the app: a restricted client is hidden, opened only with a logged reason and
read only; an erasure asks for a reason, is refused with the rule, or goes and leaves the register."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input

from koto_tui.app import KotoApp
from koto_tui.model import ClientData
from koto_tui.screens import rights
from koto_tui.screens.client import ClientScreen
from koto_tui.screens.clients import ClientsScreen
from koto_tui.screens.rights import ReasonDialog
from koto_tui.screens.unlock import UnlockScreen
from koto_tui.store import DataPaths, Store, keys
from koto_tui.store.restriction import Restrictions
from tests.functional.helpers import PROFILE, until, workers_settled

COORDINATOR = "koordinaattorin oma lause"


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataPaths:
    """A coordinator's database with two clients, the first restricted."""
    monkeypatch.setattr(keys, "DEFAULT_KDF", {"memory_kib": 8, "iterations": 1, "lanes": 1})
    data = DataPaths(tmp_path / "data")
    store = Store.create(data, PROFILE, COORDINATOR, role="coordinator")
    hidden = store.clients.add(ClientData("Rajoitettu", "Riikka", None))
    store.clients.add(ClientData("Virtanen", "Aino", None))
    Restrictions(store.session).restrict(hidden, "kiistää tietojen paikkansapitävyyden")
    store.close()
    return data


async def _unlock(app: KotoApp, pilot: object) -> None:
    await until(pilot, lambda: isinstance(app.screen, UnlockScreen), "unlock")  # type: ignore[arg-type]
    app.screen.query_one("#passphrase", Input).value = COORDINATOR
    await pilot.press("enter")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "clients")  # type: ignore[arg-type]


def _rows(app: KotoApp) -> list[str]:
    table = app.screen.query_one("#client-table", DataTable)
    return [str(table.get_cell_at(Coordinate(row, table.get_column_index("name"))))
            for row in range(table.row_count)]


def _marks(app: KotoApp) -> dict[str, str]:
    """Each listed client's restriction mark, by name (the mark's own column)."""
    table = app.screen.query_one("#client-table", DataTable)
    return {name: str(table.get_cell_at(Coordinate(row, table.get_column_index("mark"))))
            for row, name in enumerate(_rows(app))}


def _store(app: KotoApp) -> Store:
    return app.require_store()


async def test_a_restricted_client_is_shown_on_request_and_opened_with_a_reason(paths: DataPaths) -> None:
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await _unlock(app, pilot)
        await until(pilot, lambda: _rows(app) == ["Virtanen Aino"], "only the client not restricted")
        register = app.screen
        assert isinstance(register, ClientsScreen)
        rights._toggle_shown(register)
        await until(pilot, lambda: len(_rows(app)) == 2, "the restricted client shown too")
        hidden = next(c.id for c in _store(app).clients.search("Rajoitettu", include_restricted=True))
        register._open(hidden)
        await until(pilot, lambda: isinstance(app.screen, ReasonDialog) and app.screen.query("#reason-text"),
                    "the reason is asked")
        app.screen.query_one("#reason-text", Input).value = "asiakkaan oikaisupyyntö"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ClientScreen), "the client's page")
        await workers_settled(pilot)
        page = app.screen
        assert isinstance(page, ClientScreen) and page.restricted
        assert page.check_action("print", ()) is False and page.check_action("back", ()) is True
        logged = [r for r in _store(app).audit.rows() if r.action == "view_restricted"]
        assert [(r.entity_id, r.detail) for r in logged] == [(str(hidden), "asiakkaan oikaisupyyntö")]


async def test_an_erasure_asks_for_a_reason_then_the_client_is_gone(paths: DataPaths) -> None:
    import os
    from datetime import datetime, timedelta

    from koto_tui.i18n import format_short_date

    made = datetime.now() - timedelta(days=1)  # an automatic backup taken before an update, yesterday
    backup = paths.root / "backups" / f"before-update-{made:%Y%m%d-%H%M%S}.zip"
    backup.parent.mkdir()
    backup.write_bytes(b"PK")
    os.utime(backup, (made.timestamp(), made.timestamp()))
    due = format_short_date(made.date() + timedelta(days=90))  # data/retention.yaml: backups 90 days
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await _unlock(app, pilot)
        await until(pilot, lambda: _rows(app) == ["Virtanen Aino"], "the register")
        client_id = _store(app).clients.search("Virtanen")[0].id
        register = app.screen
        assert isinstance(register, ClientsScreen)
        register._open(client_id)
        await until(pilot, lambda: isinstance(app.screen, ClientScreen), "the client's page")
        page = app.screen
        assert isinstance(page, ClientScreen)
        rights._erase(page)
        await until(pilot, lambda: isinstance(app.screen, ReasonDialog) and app.screen.query("#reason-text"),
                    "the reason is asked")
        dialog = app.screen
        assert isinstance(dialog, ReasonDialog)
        assert (f"1 ennen poistoa tehty automaattinen varmuuskopio sisältää asiakkaan tiedot, kunnes "
                f"varmuuskopioiden säilytysaika poistaa sen, viimeistään {due}.") in dialog._explanation
        app.screen.query_one("#reason-text", Input).value = "asiakkaan pyyntö"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen) and _rows(app) == [], "back, erased")
        assert _store(app).clients.search("Virtanen", include_restricted=True) == []
        assert any(r.action == "erase" and r.detail == "asiakkaan pyyntö" for r in _store(app).audit.rows())
        assert any(r.action == "erase_unreached" and '"automatic_backups":1' in r.detail
                   for r in _store(app).audit.rows())


async def test_a_restricted_client_is_marked_in_words_when_restricted_clients_are_listed(
        paths: DataPaths) -> None:
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await _unlock(app, pilot)
        await until(pilot, lambda: _rows(app) == ["Virtanen Aino"], "only the client not restricted")
        register = app.screen
        assert isinstance(register, ClientsScreen)
        rights._toggle_shown(register)
        await until(pilot, lambda: len(_rows(app)) == 2, "the restricted client shown too")
        assert _marks(app) == {"Virtanen Aino": "", "Rajoitettu Riikka": "rajoitettu"}
        rights._toggle_shown(register)
        await until(pilot, lambda: _rows(app) == ["Virtanen Aino"], "hidden again")


async def test_a_page_closed_while_it_reloads_does_not_fail_the_app(paths: DataPaths) -> None:
    """The erasure's race: the page's reload reads the client, the page is closed (as an erasure closes
    it), then the reload's result arrives. Drawn into a page whose widgets were being removed, it failed
    the app with NoMatches (CI under load); a closed page's result is now dropped."""
    import threading

    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await _unlock(app, pilot)
        await until(pilot, lambda: _rows(app) == ["Virtanen Aino"], "the register")
        store = _store(app)
        register = app.screen
        assert isinstance(register, ClientsScreen)
        register._open(store.clients.search("Virtanen")[0].id)
        await until(pilot, lambda: isinstance(app.screen, ClientScreen) and app.screen.client is not None,
                    "the client's page")
        page = app.screen
        assert isinstance(page, ClientScreen)
        read, go_on = threading.Event(), threading.Event()
        plans = store.plans.for_client

        def held(client_id: int) -> object:
            read.set()
            go_on.wait(30)
            return plans(client_id)

        store.plans.for_client = held  # type: ignore[method-assign]
        shown: list[object] = []
        page._show_meeting = shown.append  # type: ignore[method-assign,assignment]
        page._load()
        await until(pilot, read.is_set, "the reload has read the client")
        closing = app.pop_screen()  # the page leaves the stack at once; its widgets go after
        go_on.set()
        await closing
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "the page closed")
        await workers_settled(pilot, "the reload is through")
        await pilot.pause()
        assert app.is_running
        assert app._exception is None
        assert shown == []  # the closed page's result was dropped, not drawn into widgets being removed
