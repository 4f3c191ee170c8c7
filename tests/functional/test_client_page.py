"""The client page's table of who provides each service (the municipality's responsibility table)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from koto_tui.app import KotoApp
from koto_tui.model import ClientData
from koto_tui.screens.client import ClientScreen
from koto_tui.store import Store
from tests.functional.helpers import PASSPHRASE, seeded, unlock, until, workers_settled


def _providers(client: ClientScreen) -> list[str]:
    table = client.query_one("#responsibility-table", DataTable)
    return [str(table.get_row_at(row)[1]) for row in range(table.row_count)]


async def test_the_providers_say_why_they_are_not_known_and_are_named_once_they_are(tmp_path: Path) -> None:
    """Until the jobseeker question is answered the table says what it waits for, never a bare '?'."""
    paths, (client_id,) = seeded(tmp_path / "data", ClientData("Virtanen", "Aino", None))
    store = Store.unlock(paths, PASSPHRASE)
    interview = store.interviews.start(client_id, "assessment", "1", store.profile())
    store.close()
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        client = ClientScreen(client_id)
        await app.push_screen(client)
        await until(pilot, lambda: client.client is not None and _providers(client) != [], "the providers")
        await workers_settled(pilot)
        unknown = _providers(client)
        assert unknown and set(unknown) == {"riippuu työnhakijuudesta"}
        app.require_store().interviews.save_answer(interview.id, "registered_jobseeker", False)
        app.pop_screen()
        client = ClientScreen(client_id)
        await app.push_screen(client)
        await until(pilot, lambda: client.client is not None and _providers(client) != [], "the providers")
        await workers_settled(pilot)
        known = _providers(client)
        assert "riippuu työnhakijuudesta" not in known and "?" not in known and all(known)
