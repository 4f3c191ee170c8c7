"""Printing in the app: the preview, `lp` when a printer is set, the audit log, and old printouts deleted."""

from __future__ import annotations

import os
import stat
import time
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from koto_tui.app import KotoApp
from koto_tui.exchange.settings import PRINT_RETENTION_DAYS, PRINTER
from koto_tui.model import ClientData
from koto_tui.screens.client import ClientScreen
from koto_tui.screens.clients import ClientsScreen
from koto_tui.screens.print_dialog import PrintDialog
from koto_tui.screens.print_preview import PreviewScreen
from koto_tui.store import Store
from koto_tui.workflow import PrintRequest, print_interview
from tests.functional.helpers import PASSPHRASE, seeded, until


def _fake_lp(folder: Path, log: Path) -> None:
    """An `lp` that records its arguments and answers like CUPS."""
    folder.mkdir()
    lp = folder / "lp"
    lp.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\necho "request id is toimisto-42 (1 file(s))"\n')
    lp.chmod(lp.stat().st_mode | stat.S_IXUSR)


async def test_preview_then_lp_and_old_printouts_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, (cid,) = seeded(tmp_path / "data", ClientData("王", "小明", date(1990, 1, 1)))
    store = Store.unlock(paths, PASSPHRASE)
    interview = store.interviews.start(cid, "assessment", "1", store.profile())
    store.set_setting(PRINTER, "toimisto")
    store.set_setting(PRINT_RETENTION_DAYS, 30)
    old = print_interview(store, PrintRequest(interview.id))  # in prints/, under koto's own name
    store.close()
    keep = paths.prints / "oma-muistio.pdf"  # not koto's: never deleted
    keep.write_bytes(old.read_bytes())
    month_ago = time.time() - 40 * 86400
    for path in (old, keep):
        os.utime(path, (month_ago, month_ago))
    log = tmp_path / "lp.log"
    _fake_lp(tmp_path / "bin", log)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")

    app = KotoApp(paths)
    async with app.run_test(size=(140, 48)) as pilot:
        await until(pilot, lambda: app.screen.query("#passphrase"), "unlock")
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "clients")
        await until(pilot, lambda: not old.exists(), "the old printout deleted")
        assert keep.exists()
        app.push_screen(ClientScreen(cid))
        await until(
            pilot, lambda: isinstance(app.screen, ClientScreen) and app.screen.client is not None, "client"
        )
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, PrintDialog), "print dialog")
        out = tmp_path / "arviointi.pdf"
        app.screen.query_one("#print-path", Input).value = str(out)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PreviewScreen), "the preview")
        # The Chinese name has no shipped font: the preview says so, by field and character.
        problems = str(app.screen.query_one("#preview-problems", Static).render())
        assert "U+738B" in problems and "Asiakas" in problems
        assert "toimisto" in str(app.screen.query_one("#preview-summary", Static).render())
        await pilot.press("enter")
        await until(pilot, lambda: log.exists() and out.exists(), "sent to lp")
        await pilot.pause(0.1)
        audit = app.require_store().audit_entries()
    assert log.read_text().split() == ["-d", "toimisto", "--", str(out)]
    actions = [(e["action"], e["entity"]) for e in audit]
    assert ("purge", "printouts") in actions
    assert actions.count(("print", "interview")) == 2
