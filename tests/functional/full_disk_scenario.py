"""A full disk for real: run by test_unsaved.py inside a small tmpfs (``python -m ... DIR``), prints "ok".

The interview's answer cannot be written while the filesystem is full, is shown as not saved and kept, and
is written by a retry once space is freed; nothing typed is lost.
"""

from __future__ import annotations

import asyncio
import errno
import os
import sys
from pathlib import Path

from textual.widgets import Input, Static

from koto_tui.app import KotoApp
from koto_tui.model import ClientData
from koto_tui.screens.clients import ClientsScreen
from koto_tui.screens.interview import InterviewScreen
from koto_tui.store import Store
from tests.functional.helpers import PASSPHRASE, seeded, until


def fill(path: Path) -> None:
    """Write zeros to *path* until the filesystem is full."""
    block = b"\0" * 65536
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            try:
                if os.write(fd, block) == 0:
                    return
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                if len(block) == 1:
                    return
                block = block[: len(block) // 2]  # top it up to the last byte
    finally:
        os.close(fd)


async def scenario(root: Path) -> None:
    KotoApp.START_WITH_WORKLIST = False
    paths, (client_id,) = seeded(root / "data", ClientData("Virtanen", "Aino", None))
    store = Store.unlock(paths, PASSPHRASE)
    interview_id = store.interviews.start(client_id, "assessment-basic", "1", store.profile()).id
    store.close()
    filler = root / "filler"
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query("#passphrase").first(Input) is not None, "unlock")
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "client list")
        screen = InterviewScreen(interview_id)
        await app.push_screen(screen)
        await until(pilot, lambda: screen.query("#q-arrival_date").first(Input) is not None, "the questions")
        with app.require_store().session.reading() as db:  # the next write must grow the WAL file
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        fill(filler)

        def indicator() -> str:
            return str(screen.query_one("#saved-indicator", Static).render())

        def answers() -> dict[str, object]:
            return app.require_store().interviews.answers(interview_id)

        screen.query_one("#q-arrival_date", Input).value = "1.2.2024"
        await until(pilot, lambda: "EI TALLENNETTU: 1 vastaus" in indicator(), "the failure shown")
        assert "arrival_date" not in answers()
        assert screen.query_one("#q-arrival_date", Input).value == "1.2.2024"
        filler.unlink()  # space freed: the periodic retry writes it without anything typed
        await until(pilot, lambda: answers().get("arrival_date") == "2024-02-01", "written by a retry")
        await until(pilot, lambda: indicator().startswith("Tallennettu"), "saved shown")
    print("ok")


if __name__ == "__main__":
    asyncio.run(scenario(Path(sys.argv[1])))
