"""Shared helpers for driving the real app with Pilot."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pypdf import PdfReader
from textual.pilot import Pilot

from koto_tui.model import ClientData, Profile
from koto_tui.store import DataPaths, Store
from koto_tui.workflow import register_shipped_forms

if TYPE_CHECKING:
    from koto_tui.screens.interview import InterviewScreen

PASSPHRASE = "oikea hevonen patteri"
PROFILE = Profile("Maija Meikäläinen", "kotoutumisohjaaja", "Mikkelin kaupunki",
                  "Elinvoimapalvelut / kotoutumispalvelut", "Mikkeli")


#: How long a functional test waits for a state before failing; generous, for a loaded 2-core machine.
BUDGET = 60.0


async def until(pilot: Pilot[None], condition: Callable[[], bool], what: str, budget: float = BUDGET) -> None:
    """Let the app run until *condition* holds (workers and writer threads finish), or fail.

    The app gets a pause between tries whatever the condition did (held, failed or raised, e.g. while
    there is no screen yet), so the budget is time, not a number of tries spent in microseconds.
    """
    deadline = time.monotonic() + budget
    raised: BaseException | None = None
    while True:
        try:
            if condition():
                return
            raised = None
        except Exception as exc:  # not ready yet (no screen, no widget): look again after a pause
            raised = exc
        if time.monotonic() > deadline:
            last = f" (the last try raised {type(raised).__name__})" if raised else ""
            raise AssertionError(f"timed out after {budget:.0f} s waiting for: {what}{last}")
        await pilot.pause(0.02)


async def workers_settled(pilot: Pilot[None], what: str = "the app's workers") -> None:
    """Wait until no worker is pending or running.

    Not ``app.workers.wait_for_complete()``: it raises when one of them was cancelled, which is how an
    exclusive worker replaces an earlier one (a screen loaded on mount and again on resume), and under
    load that happens while a test waits.
    """
    from textual.worker import WorkerState

    busy = (WorkerState.PENDING, WorkerState.RUNNING)
    await until(pilot, lambda: not any(w.state in busy for w in pilot.app.workers), what)


async def unlock(pilot: Pilot[None], passphrase: str = PASSPHRASE) -> None:
    """Give *passphrase* on the unlock screen (the first one, or the one after a lock) and wait for the
    client register."""
    from textual.widgets import Input

    from koto_tui.screens.clients import ClientsScreen
    from koto_tui.screens.unlock import UnlockScreen

    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, UnlockScreen) and bool(app.screen.query("#passphrase")),
                "the lock screen")
    app.screen.query_one("#passphrase", Input).value = passphrase
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "client list")


async def open_settings(pilot: Pilot[None], passphrase: str = PASSPHRASE) -> None:
    """Unlock with *passphrase*, then open the settings (F8) and wait until they have loaded."""
    from koto_tui.screens.settings import SettingsScreen

    await unlock(pilot, passphrase)
    await pilot.press("f8")
    await until(pilot, lambda: isinstance(pilot.app.screen, SettingsScreen), "settings")
    await workers_settled(pilot)


async def open_interview(pilot: Pilot[None], interview_id: int) -> InterviewScreen:
    """Unlock, then open the interview *interview_id* and wait for its first question."""
    from textual.widgets import Input

    from koto_tui.screens.interview import InterviewScreen

    await unlock(pilot)
    screen = InterviewScreen(interview_id)
    await pilot.app.push_screen(screen)
    await until(pilot, lambda: screen.query("#q-arrival_date").first(Input) is not None, "the questions")
    return screen


def seeded(root: Path, *clients: ClientData, role: str = "counsellor") -> tuple[DataPaths, list[int]]:
    """A data directory with a database (its first user in *role*), the shipped forms and *clients*."""
    paths = DataPaths(root)
    store = Store.create(paths, PROFILE, PASSPHRASE, role)
    register_shipped_forms(store)
    ids = [store.clients.add(c) for c in clients]
    store.close()
    return paths, ids


def started_interview(root: Path, role: str = "counsellor") -> tuple[DataPaths, int]:
    """A data directory with one client (Virtanen Aino) and her basic assessment started, nothing answered."""
    paths, (client_id,) = seeded(root, ClientData("Virtanen", "Aino", None), role=role)
    store = Store.unlock(paths, PASSPHRASE)
    interview = store.interviews.start(client_id, "assessment-basic", "1", store.profile())
    store.close()
    return paths, interview.id


def pdf_text(path: Path) -> str:
    """All the text of a PDF."""
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


class LayoutCount:
    """Counts a screen's layouts (``_refresh_layout``) from when it is made on."""

    def __init__(self, screen: Any) -> None:
        self.layouts = 0
        self._reflow = screen._refresh_layout
        screen._refresh_layout = self._counted

    def _counted(self, *args: Any, **kwargs: Any) -> None:
        self.layouts += 1
        self._reflow(*args, **kwargs)
