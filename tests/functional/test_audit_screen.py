"""The audit trail screen: a coordinator filters and exports it; a counsellor is refused; a break is told."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import DataTable, Input, Select, Static

from koto_tui.app import KotoApp
from koto_tui.exchange import seal
from koto_tui.model import ClientData
from koto_tui.screens.audit import AuditScreen
from koto_tui.screens.clients import ClientsScreen
from koto_tui.screens.form_dialog import FormDialog
from koto_tui.screens.unlock import UnlockScreen
from koto_tui.screens.users import UsersScreen
from koto_tui.store import DataPaths, Store, keys
from tests.functional.helpers import PROFILE, until, workers_settled

COORDINATOR = "koordinaattorin oma lause"
COUNSELLOR = "ohjaajan oma lause"


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataPaths:
    """A coordinator's database with a counsellor, one client and a setting whose name looks like markup."""
    monkeypatch.setattr(keys, "DEFAULT_KDF", {"memory_kib": 8, "iterations": 1, "lanes": 1})
    data = DataPaths(tmp_path / "data")
    store = Store.create(data, PROFILE, COORDINATOR, role="coordinator")
    store.users.add("Olli Ohjaaja", "", "counsellor", COUNSELLOR, confirm_passphrase=COORDINATOR)
    store.clients.add(ClientData("Virtanen", "Aino", None))
    store.set_setting("[bold]x[/]", 1)
    store.close()
    return data


async def _unlock(app: KotoApp, pilot: object, passphrase: str) -> None:
    await until(pilot, lambda: isinstance(app.screen, UnlockScreen), "unlock")  # type: ignore[arg-type]
    app.screen.query_one("#passphrase", Input).value = passphrase
    await pilot.press("enter")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "clients")  # type: ignore[arg-type]


def _notices(app: KotoApp) -> str:
    return " ".join(n.message for n in app._notifications)


def _column(table: DataTable[object], index: int) -> list[object]:
    return [table.get_row_at(row)[index] for row in range(table.row_count)]


async def test_a_coordinator_filters_and_exports_the_trail(paths: DataPaths, tmp_path: Path) -> None:
    app = KotoApp(paths)
    async with app.run_test(size=(140, 45)) as pilot:
        await _unlock(app, pilot, COORDINATOR)
        await pilot.press("f12")
        await until(pilot, lambda: isinstance(app.screen, UsersScreen), "users")
        await pilot.click("#users-audit-button")
        await until(pilot, lambda: isinstance(app.screen, AuditScreen), "the audit screen")
        screen = app.screen
        chain = screen.query_one("#audit-chain", Static)
        await until(pilot, lambda: "ehjät" in str(chain.render()), "the chain checked")
        table = screen.query_one("#audit-table", DataTable)
        # actions and record kinds in the user's language (the CSV keeps the codes)
        await until(pilot, lambda: "avattu lukitus" in [str(c) for c in _column(table, 3)], "the rows")
        assert "käyttäjä" in [str(c) for c in _column(table, 4)]
        details = _column(table, 5)
        assert Text("[bold]x[/]") in details  # shown literally, never as markup
        assert all(isinstance(c, Text) for c in details)
        await until(pilot, lambda: len(screen.query_one("#audit-action", Select)._options) > 2, "choices")
        screen.query_one("#audit-action", Select).value = "unlock"
        await until(pilot, lambda: {str(c) for c in _column(table, 3)} == {"avattu lukitus"}, "only unlocks")
        since = screen.query_one("#audit-since", Input)
        count = screen.query_one("#audit-count", Static)
        since.value = "eilen"
        await until(pilot, lambda: "esimerkiksi 27.11.2026" in str(count.render()), "not a date")
        since.value = "28.11.2026"
        await until(pilot, lambda: table.row_count == 0 and "0 riviä" in str(count.render()), "none since")
        since.value = "27.11.2026"
        await until(pilot, lambda: table.row_count > 0, "today's unlocks")
        target = tmp_path / "dpo.csv"
        await pilot.press("f6")  # no receiving office's key and none given: refused, nothing written
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "where to write")
        app.screen.query_one("#dlg-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "tietosuojavastaavan" in _notices(app), "no key to seal for")
        assert list(tmp_path.glob("dpo*")) == []
        private = seal.new_private_key()
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "where to write")
        app.screen.query_one("#dlg-path", Input).value = str(target)
        app.screen.query_one("#dlg-recipient", Input).value = seal.public_key_text(private)
        await pilot.press("ctrl+s")
        sealed = tmp_path / "dpo.csv.age"
        await until(pilot, lambda: str(sealed) in _notices(app), "where it went")
        assert sealed.stat().st_mode & 0o777 == 0o600 and not target.exists()
        assert seal.is_sealed(sealed.read_bytes()) and b"unlock" not in sealed.read_bytes()
        rows = bytes(seal.open_sealed(sealed.read_bytes(), private)).decode("utf-8-sig").splitlines()
        assert len(rows) == 2 and ";unlock;" in rows[1]
        screen.query_one("#audit-action", Select).clear()
        await until(pilot, lambda: str(table.get_row_at(0)[3]) == "viety", "the export logged, on top")
    store = Store.unlock(paths, COORDINATOR)
    assert "export" in [r.action for r in store.audit.rows()]
    store.close()


async def test_a_counsellor_is_refused_the_trail(paths: DataPaths) -> None:
    app = KotoApp(paths)
    async with app.run_test(size=(140, 45)) as pilot:
        await _unlock(app, pilot, COUNSELLOR)
        await pilot.press("f12")
        await until(pilot, lambda: isinstance(app.screen, UsersScreen), "users")
        screen = app.screen
        await until(pilot, lambda: screen.query_one("#users-counsellor-note").display, "the users shown")
        assert not screen.query_one("#users-audit-button").display  # neither the button nor the key
        enabled = {b.key for (_n, b, on, _t) in app.active_bindings.values() if on}
        assert "a" not in enabled
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is screen  # the store refuses the rows to a counsellor too (unit tests)


async def test_a_coordinator_is_told_of_a_break_after_unlock_a_counsellor_not(paths: DataPaths) -> None:
    store = Store.unlock(paths, COORDINATOR)
    victim = store.audit.rows()[-2]
    with store.session.transaction() as db:
        db.execute("DELETE FROM audit WHERE id = ?", [victim.id])
    store.close()
    app = KotoApp(paths)
    async with app.run_test(size=(140, 45)) as pilot:
        await _unlock(app, pilot, COUNSELLOR)  # the break is found and logged at this unlock
        await pilot.pause()
        assert "rivistä" not in _notices(app)
    store = Store.unlock(paths, COORDINATOR)
    logged = [r for r in store.audit.rows() if r.action == "chain_broken"]
    assert [r.entity_id for r in logged] == [str(victim.id + 1)]
    report = store.audit.verify()
    assert report.first is not None and report.first.row_id == victim.id + 1
    store.close()
    app = KotoApp(paths)
    async with app.run_test(size=(140, 45)) as pilot:
        await _unlock(app, pilot, COORDINATOR)  # the next coordinator to unlock is told, naming row and time
        await until(pilot, lambda: f"rivistä {victim.id + 1} alkaen (2026-11-27 10:30:00)" in _notices(app),
                    "the notice")
        await pilot.press("f12")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, AuditScreen), "the audit screen")
        chain = app.screen.query_one("#audit-chain", Static)
        await until(pilot, lambda: f"rivistä {victim.id + 1}" in str(chain.render()), "the break shown")
        assert chain.has_class("-broken")
    app = KotoApp(paths)
    async with app.run_test(size=(140, 45)) as pilot:
        await _unlock(app, pilot, COORDINATOR)
        await pilot.pause()
        assert "rivistä" not in _notices(app)  # told once


async def test_opening_a_client_and_locking_are_logged(paths: DataPaths) -> None:
    from koto_tui.screens.client import ClientScreen

    app = KotoApp(paths)
    async with app.run_test(size=(140, 45)) as pilot:
        await _unlock(app, pilot, COUNSELLOR)
        await app.push_screen(ClientScreen(1))
        await workers_settled(pilot)
        await pilot.press("ctrl+l")
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen) and app.store is None, "locked")
    store = Store.unlock(paths, COORDINATOR)
    counsellor = next(u.id for u in store.users.all() if u.role == "counsellor")
    rows = reversed(store.audit.rows())
    mine = [(r.action, r.entity, r.entity_id) for r in rows if r.user_id == counsellor]
    assert mine == [("unlock", "user", counsellor), ("view", "client", "1"), ("lock", "user", counsellor)]
    store.close()


@pytest.mark.parametrize(("who", "offered"), [("coordinator", True), ("counsellor", False)])
async def test_the_palette_offers_the_audit_trail_to_a_coordinator_from_any_screen(
        paths: DataPaths, who: str, offered: bool) -> None:
    app = KotoApp(paths)
    async with app.run_test(size=(140, 45)) as pilot:
        await _unlock(app, pilot, COORDINATOR if who == "coordinator" else COUNSELLOR)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert ("Lokitiedot" in titles) is offered
        if offered:
            command = next(c for c in app.get_system_commands(app.screen) if c.title == "Lokitiedot")
            command.callback()
            await until(pilot, lambda: isinstance(app.screen, AuditScreen), "the audit screen")
            assert "Lokitiedot" not in [c.title for c in app.get_system_commands(app.screen)]
            await workers_settled(pilot)
            await pilot.pause(0.1)
