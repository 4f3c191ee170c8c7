"""Backing up from inside the app (command palette and settings) while answers keep being saved."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from koto_tui.app import KotoApp
from koto_tui.cli import main
from koto_tui.screens.backup import BackupDialog
from koto_tui.screens.settings import SettingsScreen
from koto_tui.store import DataPaths, Store
from tests.functional.helpers import PASSPHRASE, started_interview, unlock, until


def status(app: KotoApp) -> str:
    return str(app.screen.query_one("#backup-status", Static).render())


def backup_rows(store: Store) -> list[str]:
    with store.session.reading() as db:
        return [r[0] for r in db.execute("SELECT entity_id FROM audit WHERE action = 'backup'").fetchall()]


async def dialog_open(pilot: Pilot[None], app: KotoApp) -> None:
    """Wait until the backup dialog is on top with its path field."""
    await until(pilot, lambda: isinstance(app.screen, BackupDialog)
                and app.screen.query_one("#backup-path", Input) is not None, "the backup dialog")


class Typist:
    """Saves a new answer again and again on another thread, as the interview's writer does."""

    def __init__(self, store: Store, interview_id: int) -> None:
        self.saved: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._type, args=(store, interview_id))

    def _type(self, store: Store, interview_id: int) -> None:
        while not self._stop.is_set():
            question = f"note_{len(self.saved):05d}"
            store.interviews.save_answer(interview_id, question, f"typed {question}")
            self.saved.append(question)

    def __enter__(self) -> Typist:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=60)


async def test_palette_backup_while_answers_are_saved_restores_every_earlier_answer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths, interview_id = started_interview(tmp_path / "data")
    out = tmp_path / "usb" / "laptop.zip"
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        store = app.require_store()
        entry = next(c for c in app.get_system_commands(app.screen) if c.title == "Varmuuskopioi tietokanta")
        app.call_next(entry.callback)
        await dialog_open(pilot, app)
        app.screen.query_one("#backup-path", Input).value = str(out)
        with Typist(store, interview_id) as typist:
            await until(pilot, lambda: len(typist.saved) >= 20, "answers being saved")
            began = list(typist.saved)
            app.screen.query_one("#do-backup", Button).press()
            await until(pilot, lambda: "Varmuuskopioidaan" in status(app) or "tarkistettu" in status(app),
                        "the backup under way")
            await until(pilot, lambda: "tarkistettu avaamalla" in status(app), "the backup written")
            await until(pilot, lambda: len(typist.saved) > len(began) + 20, "saving went on")
        assert str(out) in status(app) and " Mt)" in status(app)
        assert not app.screen.query_one("#do-backup", Button).disabled
        assert backup_rows(store) == ["laptop.zip"]

    fresh = DataPaths(tmp_path / "new-laptop")  # the old laptop is lost: restore onto a new one
    monkeypatch.setenv("KOTO_PASSPHRASE", PASSPHRASE)
    assert main(["--lang", "en", "restore", "--data-dir", str(fresh.root), str(out)]) == 0
    copy = Store.unlock(fresh, PASSPHRASE)
    try:
        answers = copy.interviews.answers(interview_id)
        assert all(answers.get(q) == f"typed {q}" for q in began)
        with copy.session.reading() as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert db.execute("PRAGMA cipher_integrity_check").fetchall() == []
    finally:
        copy.close()


async def test_settings_backup_to_a_place_that_cannot_be_written_says_why(tmp_path: Path) -> None:
    paths, _ = started_interview(tmp_path / "data")
    (tmp_path / "notes.txt").write_text("not a folder")
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen), "settings")
        app.screen.query_one("#backup-database", Button).press()
        await dialog_open(pilot, app)
        app.screen.query_one("#backup-path", Input).value = str(tmp_path / "notes.txt" / "koto.zip")
        app.screen.query_one("#do-backup", Button).press()
        await until(pilot, lambda: "ei ole kansio" in status(app), "the failure explained")
        assert status(app).startswith(str(tmp_path / "notes.txt"))
        assert app.screen.query_one("#backup-status", Static).has_class("-failed")
        assert not app.screen.query_one("#do-backup", Button).disabled  # the user can try another place
        assert backup_rows(app.require_store()) == []

        app.screen.query_one("#backup-path", Input).value = str(tmp_path / "notes.txt")
        app.screen.query_one("#do-backup", Button).press()
        await until(pilot, lambda: "on jo olemassa" in status(app), "an existing file is not overwritten")
        assert (tmp_path / "notes.txt").read_text() == "not a folder"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen), "back to the settings")


async def test_ctrl_l_during_a_backup_lets_it_finish_then_locks(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from koto_tui.admin import take
    from koto_tui.screens.unlock import UnlockScreen

    started, release = threading.Event(), threading.Event()
    write_backup = take.write_backup

    def held(store: Store, out: Path) -> object:
        started.set()
        assert release.wait(timeout=60)
        return write_backup(store, out)

    monkeypatch.setattr(take, "write_backup", held)
    paths, _ = started_interview(tmp_path / "data")
    out = tmp_path / "usb" / "laptop.zip"
    app = KotoApp(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        app.action_backup()
        await dialog_open(pilot, app)
        app.screen.query_one("#backup-path", Input).value = str(out)
        app.screen.query_one("#do-backup", Button).press()
        await until(pilot, started.is_set, "the backup under way")
        settle = app._settle_workers

        async def settle_then_release(*args: object) -> None:
            release.set()  # the lock has begun waiting for workers while the backup is being written
            await settle(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(app, "_settle_workers", settle_then_release)
        await pilot.press("ctrl+l")
        await until(pilot, lambda: app.store is None and isinstance(app.screen, UnlockScreen), "locked")
    assert out.stat().st_size > 0  # the lock waited for the backup
    store = Store.unlock(paths, PASSPHRASE)
    try:
        assert backup_rows(store) == ["laptop.zip"]
    finally:
        store.close()
