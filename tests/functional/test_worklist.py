"""The worklist on the demo data at 100x30: first after unlock, filters, Enter to the place, F10, meetings."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from koto_tui.app import KotoApp
from koto_tui.demo import DEMO_PASSPHRASE, demo_paths
from koto_tui.rules.due import Kind
from koto_tui.screens.client import ClientScreen
from koto_tui.screens.clients import ClientsScreen
from koto_tui.screens.form_dialog import FormDialog
from koto_tui.screens.interview import InterviewScreen
from koto_tui.screens.plan import PlanScreen
from koto_tui.screens.worklist import OVERDUE_MARK, WorklistScreen
from koto_tui.store import DataPaths
from koto_tui.widgets.fields import Field
from koto_tui.worklist import Group
from tests.functional.helpers import until, workers_settled


@pytest.fixture
def paths(seeded_demo: Path, tmp_path: Path) -> DataPaths:
    shutil.copytree(seeded_demo, tmp_path / "data")
    return demo_paths(DataPaths(tmp_path / "data"))


def _loaded(app: KotoApp) -> bool:
    screen = app.screen
    return isinstance(screen, WorklistScreen) and screen.worklist is not None


async def _unlock(app: KotoApp, pilot: Pilot[None]) -> WorklistScreen:
    await until(pilot, lambda: app.screen.query_one("#passphrase", Input) is not None, "unlock")
    app.screen.query_one("#passphrase", Input).value = DEMO_PASSPHRASE
    await pilot.press("enter")
    await until(pilot, lambda: _loaded(app), "the worklist, first after unlock")
    assert isinstance(app.screen, WorklistScreen)
    return app.screen


async def _everyone(screen: WorklistScreen, pilot: Pilot[None]) -> None:
    screen.query_one("#worklist-whose", Select).value = "everyone"
    await until(pilot, lambda: screen.worklist is not None and not screen.filters.mine
                and any(r.item.kind is Kind.AWAITING_APPROVAL for r in screen.worklist.rows), "everyone's")


def _cursor_to(screen: WorklistScreen, kind: Kind) -> None:
    """Put the cursor on the first row of *kind*."""
    table = screen.query_one(DataTable)
    for index in range(table.row_count):
        table.move_cursor(row=index)
        row = screen.selected_row()
        if row is not None and row.item.kind is kind:
            return
    raise AssertionError(f"no {kind} row")


async def test_the_worklist_opens_first_and_enter_goes_to_the_interview_and_the_plan(
        paths: DataPaths) -> None:
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _unlock(app, pilot)
        counts = str(screen.query_one("#worklist-counts", Static).render())
        assert "Tänään" in counts and "Myöhässä 0" in counts
        await _everyone(screen, pilot)
        assert screen.worklist is not None
        assert screen.worklist.counts[Group.TODAY] >= 1
        _cursor_to(screen, Kind.WINDOW_CLOSING)
        target = screen.selected_row()
        assert target is not None
        await until(pilot, lambda: "KotoL 681/2023 14 §" in str(
            screen.query_one("#worklist-detail", Static).render()), "the rule in full under the list")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, InterviewScreen), "the interview")
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.interview_id == target.item.target_id
        await pilot.press("escape")
        await until(pilot, lambda: _loaded(app), "back on the worklist")
        _cursor_to(screen, Kind.REVIEW_DUE)
        review = screen.selected_row()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PlanScreen), "the plan")
        assert isinstance(app.screen, PlanScreen) and review is not None
        assert app.screen.plan_id == review.item.target_id


async def test_a_meeting_set_on_the_client_page_is_on_the_worklist_overdue_with_a_mark(
        paths: DataPaths) -> None:
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await _unlock(app, pilot)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "the client register")
        store = app.require_store()
        cid = store.clients.search("Mäkelä")[0].id
        await app.push_screen(ClientScreen(cid))
        await until(pilot, lambda: isinstance(app.screen, ClientScreen) and app.screen.client is not None,
                    "the client page")
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the meeting dialog")
        dialog = app.screen
        dialog.query_one("#dlg-day", Input).value = "26.11.2026"
        dialog.query_one("#dlg-time", Input).value = "9.30"
        dialog.query_one("#dlg-place", Input).value = "[bold]Maaherrankatu 9"
        dialog.query_one("#dlg-agency", Input).value = "Tulkkauspalvelu Oy"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: store.worklist.meeting(cid) is not None, "the meeting stored")
        meeting = store.worklist.meeting(cid)
        assert meeting is not None and (meeting.day.isoformat(), meeting.place) == (
            "2026-11-26", "[bold]Maaherrankatu 9")
        await until(pilot, lambda: "Maaherrankatu" in str(
            app.screen.query_one("#client-meeting", Static).render()), "the meeting on the client page")
        await pilot.press("f10")
        await until(pilot, lambda: _loaded(app), "F10: the worklist")
        screen = app.screen
        assert isinstance(screen, WorklistScreen) and screen.worklist is not None
        [row] = [r for r in screen.worklist.rows if r.item.kind is Kind.MEETING]
        assert row.group is Group.OVERDUE and "[bold]Maaherrankatu 9" in row.item.what
        table = screen.query_one(DataTable)
        assert str(table.get_row_at(0)[1]).startswith("Myöhässä (1)")
        assert str(table.get_row_at(1)[0]).startswith(OVERDUE_MARK)
        _cursor_to(screen, Kind.MEETING)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ClientScreen) and app.screen.client is not None
                    and len(app.screen_stack) == 5, "Enter: the client page")
        assert isinstance(app.screen, ClientScreen) and app.screen.client_id == cid


async def test_the_days_an_unfinished_interview_may_wait_are_set_with_f8(paths: DataPaths) -> None:
    from koto_tui.rules.due import STALE_SETTING
    from koto_tui.screens.settings import SettingsScreen

    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await _unlock(app, pilot)
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen) and app.screen.query_one(
            "#setting-stale-days", Input).value == "14", "the settings, with the default 14 days")
        app.screen.query_one("#setting-stale-days", Input).value = "0"
        await pilot.press("ctrl+s")
        [field] = [f for f in app.screen.query(Field) if f.field_name == "stale_days"]
        await until(pilot, lambda: field.has_class("-invalid"), "0 refused at its field")
        assert app.require_store().setting(STALE_SETTING) is None
        app.screen.query_one("#setting-stale-days", Input).value = "3"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.require_store().setting(STALE_SETTING) == 3, "the setting stored")


async def test_enter_on_a_record_to_export_opens_its_export_and_the_export_takes_it_off_the_list(
        paths: DataPaths) -> None:
    # Enter opened the finalised interview, which cannot export: the counsellor had to find F6 themselves.
    from koto_tui.screens.export import ExportScreen

    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _unlock(app, pilot)
        _cursor_to(screen, Kind.NOT_EXPORTED)
        row = screen.selected_row()
        assert row is not None
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export screen")
        export = app.screen
        assert isinstance(export, ExportScreen) and export.client_id == row.item.client_id
        await workers_settled(pilot, "the preview")
        await pilot.press("ctrl+e")
        await until(pilot, lambda: (paths.root / "exports").exists() and bool(
            list((paths.root / "exports").glob("*.json.age"))), "the export written")
        await workers_settled(pilot, "the export logged")
        await pilot.press("escape")
        await until(pilot, lambda: _loaded(app) and app.screen is screen, "back on the worklist")
        await workers_settled(pilot, "the list read again")
        assert screen.worklist is not None
        assert not [r for r in screen.worklist.rows
                    if r.item.kind is Kind.NOT_EXPORTED and r.item.client_id == row.item.client_id]
        assert [r for r in screen.worklist.rows if r.item.kind is Kind.NOT_EXPORTED]  # the other client's


async def test_enter_on_an_imports_conflicts_lists_them_and_enter_opens_the_client(paths: DataPaths) -> None:
    from koto_tui.demo import DEMO_COORDINATOR_PASSPHRASE
    from koto_tui.screens.import_conflicts import ImportConflictsScreen
    from koto_tui.screens.rights import ReasonDialog
    from koto_tui.store import Store
    from koto_tui.store.exchange import Exchange, ImportConflict
    from koto_tui.store.restriction import Restrictions

    store = Store.unlock(paths, DEMO_COORDINATOR_PASSPHRASE)
    nguyen = store.clients.search("Nguy")[0].id
    Restrictions(store.session).restrict(nguyen, "kiistää tietojen paikkansapitävyyden")
    store.close()
    store = Store.unlock(paths, DEMO_PASSPHRASE)  # the counsellor's own import: on "my items"
    kovalenko = store.clients.search("Коваленко")[0].id
    makela = store.clients.search("Mäkelä")[0].id
    other = next(c.id for c in store.clients.search("") if c.id not in (kovalenko, makela, nguyen))
    # ^ named to look restricted: the mark is in its own column
    store.clients.update(other, replace(store.clients.get(other).data, family_name="[rajoitettu]",
                                           given_names="rajoitettu"))
    Exchange(store.session).record_import("ab" * 32, 0, 1, 0, [
        ImportConflict(kovalenko, "plan", "KOTO-S-2026-000001", "record_changed_here"),
        ImportConflict(makela, "client", "c" * 32, "client_changed_here"),
        ImportConflict(nguyen, "plan", "KOTO-S-2026-000003", "link_to_other_client"),
        ImportConflict(other, "client", "d" * 32, "client_changed_here")])
    store.close()
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _unlock(app, pilot)
        _cursor_to(screen, Kind.IMPORT_CONFLICTS)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ImportConflictsScreen)
                    and app.screen.query_one(DataTable).row_count == 4, "the import's conflicts")
        shown = app.screen
        assert isinstance(shown, ImportConflictsScreen)
        table = shown.query_one(DataTable)
        assert str(table.ordered_columns[0].label) == "Käsittely"  # the mark's own column
        rows = [" | ".join(str(c) for c in table.get_row_at(i)) for i in range(4)]
        assert rows == [
            " | Коваленко Олена | suunnitelma KOTO-S-2026-000001 | täällä olevaa kopiota on muutettu sen "
            "saapumisen jälkeen, tai se on tehty täällä",
            " | Mäkelä Aino Åsa | asiakkaan tiedot | täällä olevia tietoja on muutettu niiden saapumisen "
            "jälkeen",
            "rajoitettu | – | suunnitelma KOTO-S-2026-000003 | suunnitelma viittaa täällä toisen asiakkaan "
            "arviointiin",  # a restricted client (GDPR art. 18): no name, the mark in its column
            " | [rajoitettu] rajoitettu | asiakkaan tiedot | täällä olevia tietoja on muutettu niiden "
            "saapumisen jälkeen"]  # a name that reads like the mark, in the name's column, no mark
        assert "4 ristiriitaa" in str(shown.query_one(".title").render())
        assert str(shown.query_one("#conflicts-detail", Static).render()) == (  # in full under the list
            "Коваленко Олена, suunnitelma KOTO-S-2026-000001: täällä olevaa kopiota on muutettu sen "
            "saapumisen jälkeen, tai se on tehty täällä")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ClientScreen), "the client's page")
        assert isinstance(app.screen, ClientScreen) and app.screen.client_id == kovalenko
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is shown, "back on the list")
        table.move_cursor(row=2)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReasonDialog), "a reason asked first")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is shown, "back on the list")
        await pilot.press("escape")
        await until(pilot, lambda: _loaded(app), "back on the worklist")


async def test_the_list_is_read_once_when_shown_and_one_read_at_a_time(
        paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """At a city's 100,000 clients a read takes 2 s of the interpreter: the first showing read it twice
    (mount, then resume) and every reload started another beside the running one. Now: one read when shown;
    reloads asked for during a read make one more read after it, with the filters then chosen."""
    import threading

    from koto_tui.screens import worklist as worklist_screen

    reads: list[bool] = []
    gate = threading.Event()
    gate.set()
    real = worklist_screen.gather

    def counted(*args: object, **kwargs: object) -> object:
        reads.append(True)
        gate.wait(60)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(worklist_screen, "gather", counted)
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _unlock(app, pilot)
        await workers_settled(pilot)
        assert len(reads) == 1
        gate.clear()
        for _key in range(3):
            await pilot.press("ctrl+r")
        await until(pilot, lambda: len(reads) == 2, "the reload's read")
        screen.query_one("#worklist-whose", Select).value = "everyone"  # asked for during the read
        await pilot.pause()
        gate.set()
        await until(pilot, lambda: not screen.filters.mine and screen.worklist is not None
                    and any(r.item.kind is Kind.AWAITING_APPROVAL for r in screen.worklist.rows),
                    "the read after the running one, with the filter chosen meanwhile")
        await workers_settled(pilot)
        assert len(reads) == 3
