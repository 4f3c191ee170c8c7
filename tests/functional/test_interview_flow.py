"""The whole path a counsellor takes: first run, client, interview, quit, unlock, resume, print."""

from __future__ import annotations

import stat
from pathlib import Path

from textual.widgets import Checkbox, Input, Select, Static

from koto_tui.app import KotoApp
from koto_tui.screens.client import ClientScreen
from koto_tui.screens.client_form import ClientFormScreen
from koto_tui.screens.clients import ClientsScreen
from koto_tui.screens.first_run import FirstRunScreen
from koto_tui.screens.interview import InterviewScreen
from koto_tui.screens.print_dialog import PrintDialog
from koto_tui.screens.print_preview import PreviewScreen
from koto_tui.screens.unlock import UnlockScreen
from koto_tui.store import DataPaths, Store
from tests.functional.helpers import PASSPHRASE, pdf_text, until, workers_settled


async def _first_run(app: KotoApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: isinstance(app.screen, FirstRunScreen), "first-run screen")
    screen = app.screen
    screen.query_one("#name", Input).value = "Maija Meikäläinen"
    screen.query_one("#passphrase", Input).value = "lyhyt"
    await pilot.press("ctrl+s")
    assert screen.query_one("#field-passphrase").has_class("-invalid")
    screen.query_one("#passphrase", Input).value = PASSPHRASE
    screen.query_one("#passphrase2", Input).value = PASSPHRASE + "x"
    await pilot.press("ctrl+s")
    assert screen.query_one("#field-passphrase2").has_class("-invalid")
    screen.query_one("#passphrase2", Input).value = PASSPHRASE
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "client register after first run")


async def _new_client(app: KotoApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+n")
    await until(pilot, lambda: isinstance(app.screen, ClientFormScreen), "client form")
    form = app.screen
    form.query_one("#family-name", Input).value = "Коваленко"
    form.query_one("#given-names", Input).value = "Олена"
    form.query_one("#id-kind", Select).value = "hetu"
    form.query_one("#identity-code", Input).value = "131052Y308X"   # wrong check character
    form.query_one("#native-language", Select).value = "uk"
    form.query_one("#interpreter-needed", Checkbox).value = True
    await pilot.press("ctrl+s")
    await until(pilot, lambda: form.query_one("#field-identity-code").has_class("-invalid"), "the refusal")
    assert form.query_one("#field-interpreter-language").has_class("-invalid")
    assert form.query_one("#family-name", Input).value == "Коваленко"  # nothing typed is lost
    form.query_one("#identity-code", Input).value = "131052Y308T"
    form.query_one("#interpreter-language", Select).value = "uk"
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(app.screen, ClientScreen), "client screen")


async def _answer(app: KotoApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("a")
    await until(pilot, lambda: isinstance(app.screen, InterviewScreen) and app.screen.form is not None,
                "interview screen")
    screen = app.screen
    assert isinstance(screen, InterviewScreen)
    await until(pilot, lambda: app.focused is not None and app.focused.id == "q-registered_jobseeker",
                "focus on the first question")
    screen.query_one("#q-arrival_date", Input).focus()
    await pilot.press(*"1.2.2024")
    await pilot.press("tab")
    await until(pilot, lambda: screen.answers.get("arrival_date") == "2024-02-01", "date saved")
    screen.query_one("#q-interview_language", Input).focus()
    await pilot.press(*"venäjä")
    await until(pilot, lambda: screen.answers.get("interview_language") == "venäjä", "text saved")
    assert "Tallennettu" in str(screen.query_one("#saved-indicator").render())


async def test_first_run_to_resumed_print(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await _first_run(app, pilot)
        await _new_client(app, pilot)
        await _answer(app, pilot)
        await pilot.press("ctrl+q")
    assert stat.S_IMODE(paths.database.stat().st_mode) == 0o600

    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen), "unlock screen")
        await pilot.press(*"väärä")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.query_one("#field-passphrase").has_class("-invalid"),
                    "wrong passphrase message")
        assert app.store is None
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "client register")
        await pilot.press(*"Ков")
        await until(pilot, lambda: app.screen.query_one("#client-table").row_count == 1, "search")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ClientScreen), "client")
        await until(pilot, lambda: app.screen.query_one("#interview-table").row_count == 1, "interviews")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, InterviewScreen) and app.focused is not None
                    and app.focused.id == "q-interview_language", "resumed at the same question")
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert screen.query_one("#q-arrival_date", Input).value == "1.2.2024"
        assert screen.query_one("#q-interview_language", Input).value == "venäjä"
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, PrintDialog), "print dialog")
        out = tmp_path / "out" / "arviointi.pdf"
        app.screen.query_one("#print-path", Input).value = str(out)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PreviewScreen), "the preview")
        assert "1/" in str(app.screen.query_one("#preview-text", Static).render())
        await pilot.press("enter")  # the print button has the focus
        await until(pilot, out.exists, "the PDF")
        await workers_settled(pilot)
    text = pdf_text(out)
    assert "Коваленко Олена" in text
    assert "27. marraskuuta 2026" in text
    assert "1.2.2024" in text
    assert "131052Y308T" not in text  # the identity code only when chosen
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    store = Store.unlock(paths, PASSPHRASE)
    try:
        actions = [(e["action"], e["entity"]) for e in store.audit_entries(500)]
        assert ("print", "interview") in actions
        assert ("create", "client") in actions
    finally:
        store.close()
