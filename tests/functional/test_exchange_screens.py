"""The export, report and settings screens on the demo data: what they store and write."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from koto_tui.app import KotoApp
from koto_tui.demo import DEMO_COORDINATOR_PASSPHRASE, DEMO_PASSPHRASE, demo_paths
from koto_tui.exchange import settings
from koto_tui.exchange.importer import read_export
from koto_tui.exchange.seal import new_private_key, public_key_text
from koto_tui.screens.clients import ClientsScreen
from koto_tui.screens.export import ExportScreen
from koto_tui.screens.form_dialog import FormDialog
from koto_tui.screens.report import ReportScreen
from koto_tui.screens.settings import SettingsScreen
from koto_tui.store import DataPaths, Store
from tests.functional.helpers import until, workers_settled


@pytest.fixture
def paths(seeded_demo: Path, tmp_path: Path) -> DataPaths:
    shutil.copytree(seeded_demo, tmp_path / "data")
    return demo_paths(DataPaths(tmp_path / "data"))


async def _unlock(app: KotoApp, pilot,  # type: ignore[no-untyped-def]
                  passphrase: str = DEMO_PASSPHRASE) -> None:
    await until(pilot, lambda: app.screen.query_one("#passphrase", Input) is not None, "unlock")
    app.screen.query_one("#passphrase", Input).value = passphrase
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, ClientsScreen) and app.screen.query_one(
        DataTable).row_count == 7, "client register")


async def test_export_screen_previews_exports_and_marks_entered(paths: DataPaths) -> None:
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(130, 50)) as pilot:
        await _unlock(app, pilot)
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen), "export screen")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#only-client", Checkbox).value = False
        screen.action_preview()
        await until(pilot, lambda: screen.query_one("#export-records", DataTable).row_count == 5
                    and screen.query_one("#export-held", DataTable).row_count >= 8, "preview")  # (both grow)
        assert screen.query_one("#export-held", DataTable).row_count == 8
        assert not (paths.root / "exports").exists()
        await pilot.press("ctrl+e")
        await until(pilot, lambda: (paths.root / "exports").exists() and list(
            (paths.root / "exports").glob("*.json.age")), "export written")
        await workers_settled(pilot)  # the file is there before its export is logged: a preview now saw none
        written = next((paths.root / "exports").glob("*.json.age"))
        assert len(read_export(app.require_store(), written.read_bytes())["documents"]) == 3
        screen.action_preview()
        await until(pilot, lambda: screen.query_one("#export-records", DataTable).row_count == 0
                    and len(screen.held) == 13, "unchanged after export")
        unchanged = next(i for i, h in enumerate(screen.held) if h.document_id == "KOTO-S-2026-000002")
        screen.query_one("#export-held", DataTable).move_cursor(row=unchanged)
        screen.action_mark_entered()
        await until(pilot, lambda: all(h.document_id != "KOTO-S-2026-000002" for h in screen.held),
                    "marked and purged")
    store = Store.unlock(paths, DEMO_PASSPHRASE)
    try:
        assert "KOTO-S-2026-000002" not in {p.document_id for p in store.plans.all()}
    finally:
        store.close()


async def test_report_screen_shows_the_tables_and_saves_csv(paths: DataPaths) -> None:
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(130, 50)) as pilot:
        await _unlock(app, pilot)
        await pilot.press("f7")
        await until(pilot, lambda: isinstance(app.screen, ReportScreen) and app.screen.report is not None
                    and app.screen.query("#report-months"), "report")
        screen = app.screen
        assert isinstance(screen, ReportScreen) and screen.report is not None
        assert screen.query_one("#report-months", DataTable).row_count == 12
        assert screen.report.table("months").rows[10][1:] == (2, 3)
        await pilot.press("f5")
        await until(pilot, lambda: (paths.root / "reports").exists() and list(
            (paths.root / "reports").glob("*.csv")), "csv saved")
        assert next((paths.root / "reports").glob("*.csv")).read_bytes().startswith(b"\xef\xbb\xbf")


async def test_a_counsellor_cannot_change_the_receiving_key_or_the_senders(paths: DataPaths) -> None:
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(130, 50)) as pilot:
        await _unlock(app, pilot)
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen) and app.screen.query_one(
            "#setting-name", Input).value == "Demo Ohjaaja", "settings loaded")
        for selector in ("#setting-receiver-key", "#add-sender", "#remove-sender"):
            assert app.screen.query_one(selector).disabled
        assert "Demo" in str(app.screen.query_one("#senders-list", Static).render())


async def test_settings_are_stored(paths: DataPaths) -> None:
    key = public_key_text(new_private_key())
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(130, 50)) as pilot:
        await _unlock(app, pilot, DEMO_COORDINATOR_PASSPHRASE)
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen) and app.screen.query_one(
            "#setting-name", Input).value == "Demo Ohjaaja", "settings loaded")
        screen = app.screen
        screen.query_one("#setting-receiver-key", Input).value = "not a key"
        screen.query_one("#setting-review-months", Input).value = "0"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.query(".-invalid"), "errors shown")
        assert {f.field_name for f in screen.query(".-invalid")} == {"receiver_key", "review_months"}
        screen.query_one("#setting-receiver-key", Input).value = key
        screen.query_one("#setting-review-months", Input).value = "3"
        screen.query_one("#setting-sensitive", Checkbox).value = True
        screen.query_one("#setting-retention", Select).value = "keep"
        screen.query_one("#setting-printer", Input).value = "Toimisto_HP"
        screen.query_one("#setting-print-days", Input).value = "0"
        screen.query_one("#setting-export-days", Input).value = "7"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the passphrase asked")
        dialog = app.screen
        dialog.query_one("#dlg-confirm", Input).value = DEMO_COORDINATOR_PASSPHRASE
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "saved and closed")
    store = Store.unlock(paths, DEMO_PASSPHRASE)
    try:
        assert store.setting(settings.RECEIVER_KEY) == key and settings.export_retention_days(store) == 7
        assert store.setting("plan_review_months") == 3
        assert settings.export_sensitive(store) and settings.retention(store) == "keep"
        assert store.setting(settings.PRINTER) == "Toimisto_HP" and settings.print_retention_days(store) == 0
    finally:
        store.close()


async def test_a_coordinator_adds_a_trusted_sender_in_the_settings(paths: DataPaths) -> None:
    from textual.widgets import Button

    from koto_tui.exchange.signing import fingerprint, new_signing_key, signing_public_text
    from koto_tui.exchange.trust import trust

    sender = signing_public_text(new_signing_key())
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(130, 50)) as pilot:
        await _unlock(app, pilot, DEMO_COORDINATOR_PASSPHRASE)
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen) and not app.screen.query_one(
            "#add-sender", Button).disabled, "settings loaded for a coordinator")
        settings_screen = app.screen
        settings_screen.query_one("#add-sender", Button).press()
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the sender dialog")
        for name, value in {"name": "Mikkelin toimisto", "key": sender, "confirm": "väärä"}.items():
            app.screen.query_one(f"#dlg-{name}", Input).value = value
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "tunnuslause" in str(
            app.screen.query_one("#dlg-problem", Static).render()), "a wrong passphrase refused")
        app.screen.query_one("#dlg-confirm", Input).value = DEMO_COORDINATOR_PASSPHRASE
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is settings_screen and fingerprint(sender) in str(
            settings_screen.query_one("#senders-list", Static).render()), "the sender listed")
        found = trust(app.require_store()).find(sender)
        assert found is not None and found.name == "Mikkelin toimisto"
