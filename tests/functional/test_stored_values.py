"""A stored answer that no typed input could give (year 9999 from a crafted file) opens without a crash."""

from __future__ import annotations

from pathlib import Path

from koto_tui.app import KotoApp
from koto_tui.model import ClientData
from koto_tui.screens.client import ClientScreen
from koto_tui.screens.interview import InterviewScreen
from koto_tui.store import Store
from tests.functional.helpers import PASSPHRASE, seeded, unlock, until, workers_settled


async def test_a_date_in_year_9999_opens_the_client_and_the_interview(tmp_path: Path) -> None:
    paths, (client_id,) = seeded(tmp_path / "data", ClientData("Virtanen", "Aino", None))
    store = Store.unlock(paths, PASSPHRASE)
    interview = store.interviews.start(client_id, "assessment", "1", store.profile())
    store.interviews.save_answer(interview.id, "window_event", "first_residence_permit")
    store.interviews.save_answer(interview.id, "window_event_date", "9999-12-31")
    store.close()
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        client = ClientScreen(client_id)
        await app.push_screen(client)
        await until(pilot, lambda: client.client is not None, "the client page")
        screen = InterviewScreen(interview.id)
        await app.push_screen(screen)
        await until(pilot, lambda: screen.form is not None, "the interview")
        await workers_settled(pilot)
        assert app.return_code in (None, 0)
