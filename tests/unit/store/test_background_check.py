"""The unlock's background check of every page (``Store.verify``) and the rest of the app: neither waits for
the other."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from koto_tui.model import Profile
from koto_tui.store import DataPaths, Store
from koto_tui.store import database as database_module
from koto_tui.store.connection import pages_intact as real_pages_intact

PASSPHRASE = "oikea-salasana-äö"
PROFILE = Profile("Olli Ohjaaja", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli")
#: How long a test waits for a state before it fails (generous: the machine may be loaded).
BUDGET_S = 20.0


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.create(DataPaths(tmp_path / "data"), PROFILE, PASSPHRASE)
    yield opened
    opened.close()


def _in_thread(work: Callable[[], object]) -> tuple[threading.Thread, list[BaseException], threading.Event]:
    failed: list[BaseException] = []
    done = threading.Event()

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # reported by the test
            failed.append(exc)
        finally:
            done.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, failed, done


def test_the_check_does_not_wait_for_a_long_read_of_the_store(store: Store) -> None:
    """A screen's read holds the session's lock for as long as it reads (the worklist at 100,000 clients:
    10-25 s); the check, on a connection of its own, runs meanwhile (it waited for the lock to read the key:
    the unlock's check and every checkpoint started only after such reads)."""
    release = threading.Event()
    holding = threading.Event()

    def long_read() -> None:
        with store.session.reading():
            holding.set()
            release.wait(3 * BUDGET_S)  # longer than the test waits: it is released at its end

    reader, _failed, _done = _in_thread(long_read)
    try:
        assert holding.wait(BUDGET_S)
        _checker, failed, done = _in_thread(store.verify)
        assert done.wait(BUDGET_S), "the check waited for the read to end"
        assert not failed
        assert _in_thread(store.checkpoint)[2].wait(BUDGET_S), "the checkpoint waited for the read to end"
    finally:
        release.set()
        reader.join(BUDGET_S)


def test_the_store_is_not_held_while_the_check_reads(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the check goes through the file, the store answers searches and saves at once."""
    reading = threading.Event()
    finish = threading.Event()

    def slow_check(db: object) -> bool:
        reading.set()
        finish.wait(BUDGET_S)
        return real_pages_intact(db)  # type: ignore[arg-type]

    monkeypatch.setattr(database_module, "pages_intact", slow_check)
    _checker, failed, done = _in_thread(store.verify)
    try:
        assert reading.wait(BUDGET_S)
        started = time.monotonic()
        store.clients.search("Mä")
        store.set_setting("theme", "koto-dark")
        assert time.monotonic() - started < BUDGET_S / 2
        assert not done.is_set()  # all that while the check still ran
    finally:
        finish.set()
    assert done.wait(BUDGET_S) and not failed
