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
from tests.functional.helpers import open_interview, started_interview, until


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
    paths, interview_id = started_interview(root / "data")
    filler = root / "filler"
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot, interview_id)
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
