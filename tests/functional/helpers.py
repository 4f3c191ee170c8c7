"""Shared helpers for driving the real app with Pilot."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader
from textual.pilot import Pilot

from koto_tui.model import ClientData, Profile
from koto_tui.store import DataPaths, Store
from koto_tui.workflow import register_shipped_forms

PASSPHRASE = "oikea hevonen patteri"
PROFILE = Profile("Maija Meikäläinen", "kotoutumisohjaaja", "Mikkelin kaupunki",
                  "Elinvoimapalvelut / kotoutumispalvelut", "Mikkeli")


async def until(pilot: Pilot[None], condition: Callable[[], bool], what: str, tries: int = 200) -> None:
    """Let the app run until *condition* holds (workers and writer threads finish), or fail."""
    for _ in range(tries):
        try:
            if condition():
                return
        except Exception:  # noqa: S112 - e.g. no screen yet: not ready, look again
            continue
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for: {what}")


def seeded(root: Path, *clients: ClientData) -> tuple[DataPaths, list[int]]:
    """A data directory with a database, the shipped forms and *clients*."""
    paths = DataPaths(root)
    store = Store.create(paths, PROFILE, PASSPHRASE)
    register_shipped_forms(store)
    ids = [store.clients.add(c) for c in clients]
    store.close()
    return paths, ids


def pdf_text(path: Path) -> str:
    """All the text of a PDF."""
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
