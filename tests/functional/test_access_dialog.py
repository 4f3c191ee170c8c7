"""The client page's corrections and access report: the history in one place, the report after a warning."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Button, Static

from koto_tui.app import KotoApp
from koto_tui.demo import DEMO_PASSPHRASE, demo_paths
from koto_tui.screens.access import AccessDialog
from koto_tui.screens.client import ClientScreen
from koto_tui.store import DataPaths, Store
from tests.functional.helpers import until, workers_settled
from tests.functional.test_lock import _unlock

CLIENT = 1


async def test_the_history_is_shown_and_the_report_is_made_after_the_warning(seeded_demo: Path,
                                                                             tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(seeded_demo, root)
    paths = demo_paths(DataPaths(root))
    store = Store.unlock(paths, DEMO_PASSPHRASE)
    interview = store.interviews.for_client(CLIENT)[0].id
    store.interviews.lifecycle.amend(interview, "Syntymäaika korjattu [bold]passista[/]", "Demo Ohjaaja")
    store.close()
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await _unlock(app, pilot, DEMO_PASSPHRASE)
        await app.push_screen(ClientScreen(CLIENT))
        await until(pilot, lambda: isinstance(app.screen, ClientScreen), "the client page")
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, AccessDialog), "the dialog")
        history = app.screen.query_one("#access-history-text", Static)
        await until(pilot, lambda: "passista" in str(history.render()), "the history")
        assert "[bold]passista[/]" in str(history.render())  # shown literally, never as markup
        prints = paths.prints
        make = app.screen.query_one("#access-make", Button)
        await until(pilot, lambda: app.focused is make, "the button focused")  # AUTO_FOCUS, after mounting
        await pilot.press("enter")  # the keyboard first (the button has the focus), the mouse below
        warning = app.screen.query_one("#access-warning", Static)
        await until(pilot, lambda: "arkaluonteiset" in str(warning.render()), "the warning")
        await workers_settled(pilot)
        assert not list(prints.glob("KOTO-A-*.pdf")), "nothing is made before the warning is confirmed"
        assert str(make.label) == "Kyllä, tee selvitys"
        await until(pilot, lambda: not make.has_class("-active"), "the button ready again")
        await pilot.click("#access-make")
        await until(pilot, lambda: bool(list(prints.glob("KOTO-A-*.pdf"))), "the report")
        await until(pilot, lambda: not isinstance(app.screen, AccessDialog), "the dialog closed")
    store = Store.unlock(paths, DEMO_PASSPHRASE)
    try:
        logged = store.session.db.execute(
            "SELECT entity, entity_id, detail FROM audit WHERE action = 'access_report'").fetchall()
    finally:
        store.close()
    assert [tuple(r) for r in logged] == [("client", str(CLIENT), "pdf")]
