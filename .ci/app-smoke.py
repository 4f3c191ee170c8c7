"""Start the installed app headless on the demo database, unlock it (the worklist opens first), go to the
client register and open the first client's page.

Run by .ci/wheel-smoke with the installed wheel's Python: python .ci/app-smoke.py DATA_DIR
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from koto_tui.app import KotoApp
from koto_tui.demo import DEMO_PASSPHRASE, demo_paths
from koto_tui.screens.client import ClientScreen
from koto_tui.screens.clients import ClientsScreen
from koto_tui.screens.unlock import UnlockScreen
from koto_tui.screens.worklist import WorklistScreen
from koto_tui.store import DataPaths


def holds(condition: Callable[[], bool]) -> bool:
    """Whether *condition* holds now (False while the widgets it looks at do not exist yet)."""
    try:
        return condition()
    except Exception:
        return False


async def until(pilot: Pilot[None], condition: Callable[[], bool], what: str) -> None:
    """Let the app run until *condition* holds, for at most about 20 seconds."""
    for _ in range(1000):
        if holds(condition):
            return
        await pilot.pause(0.02)
    raise SystemExit(f"app smoke test: timed out waiting for {what}")


async def main(root: Path) -> None:
    """Unlock, leave the worklist, then open the first client in the register."""
    app = KotoApp(demo_paths(DataPaths(root)), demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen), "the unlock screen")
        app.screen.query_one("#passphrase", Input).value = DEMO_PASSPHRASE
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, WorklistScreen), "the worklist")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "the client register")
        await until(pilot, lambda: app.screen.query_one(DataTable).row_count > 0, "the clients")
        app.screen.query_one(DataTable).focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ClientScreen), "the client's page")
    print("app smoke test: unlocked the demo and opened a client's page")


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
