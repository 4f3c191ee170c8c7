"""A second client with the same identity code is stopped at the field, names the first, and opens them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Button, Input, Select, Static

from koto_tui.app import KotoApp
from koto_tui.model import ClientData, IdentityKind
from koto_tui.screens.client import ClientScreen
from koto_tui.screens.client_form import ClientFormScreen
from koto_tui.screens.form_dialog import FormDialog
from koto_tui.store import Store
from tests.functional.helpers import PASSPHRASE, seeded, unlock, until

AINO = ClientData("Mäkelä", "[b]Aino[/b]", date(1952, 10, 13), IdentityKind.HETU, "131052-308T")
OTHER = ClientData("Toinen", "Henkilö", date(1990, 1, 1))


def _error(form: ClientFormScreen) -> str:
    return str(form.query_one("#field-identity-code .field-error", Static).render())


async def _typed_duplicate(app: KotoApp, pilot, form: ClientFormScreen) -> None:  # type: ignore[no-untyped-def]
    form.query_one("#id-kind", Select).value = "hetu"
    form.query_one("#identity-code", Input).value = "131052-308t"
    await pilot.press("ctrl+s")
    await until(pilot, lambda: form.query_one("#field-identity-code").has_class("-invalid"), "the refusal")


async def test_a_new_client_with_a_code_in_use_is_stopped_and_the_other_client_opens(tmp_path: Path) -> None:
    paths, (aino,) = seeded(tmp_path / "data", AINO)
    app = KotoApp(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        form = ClientFormScreen()
        await app.push_screen(form)
        await until(pilot, lambda: form.query_one("#family-name", Input).has_focus, "the form")
        form.query_one("#family-name", Input).value = "Mäkelä"
        form.query_one("#given-names", Input).value = "Toinen"
        await _typed_duplicate(app, pilot, form)
        assert "Mäkelä [b]Aino[/b]" in _error(form)  # the name, literally (not markup)
        assert "13.10.1952" in _error(form)
        actions = form.query_one("#duplicate-actions")
        opener = form.query_one("#open-duplicate", Button)
        assert actions.display and "Mäkelä [b]Aino[/b]" in str(opener.label)
        await pilot.pause()
        for button in form.query("#duplicate-actions Button"):
            assert button.region.right <= 80, button
        await until(pilot, lambda: opener.region.y >= 0 and opener.region.bottom <= 24, "the actions in view")
        await pilot.click("#open-duplicate")
        await until(pilot, lambda: isinstance(app.screen, ClientScreen), "the other client")
        assert isinstance(app.screen, ClientScreen) and app.screen.client_id == aino
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is form, "back in the form")
        assert form.query_one("#given-names", Input).value == "Toinen"  # nothing typed is lost
    store = Store.unlock(paths, PASSPHRASE)
    try:
        assert [c.id for c in store.clients.search("")] == [aino]
    finally:
        store.close()


async def test_a_deliberate_duplicate_needs_a_reason(tmp_path: Path) -> None:
    paths, (aino,) = seeded(tmp_path / "data", AINO)
    app = KotoApp(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        form = ClientFormScreen()
        saved: list[int | None] = []
        await app.push_screen(form, saved.append)
        await until(pilot, lambda: form.query_one("#family-name", Input).has_focus, "the form")
        form.query_one("#family-name", Input).value = "Mäkelä"
        form.query_one("#given-names", Input).value = "Toinen"
        await _typed_duplicate(app, pilot, form)
        button = form.query_one("#save-duplicate")
        await until(pilot, lambda: button.region.y >= 0 and button.region.bottom <= 24, "the actions in view")
        await pilot.click("#save-duplicate")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the reason dialog")
        dialog = app.screen
        await pilot.press("ctrl+s")
        await until(pilot, lambda: dialog.query_one("#field-reason").has_class("-invalid"), "a reason asked")
        assert dialog.query_one("#form-dialog").region.right <= 80
        dialog.query_one("#dlg-reason", Input).value = "Kaksi henkilöä, sama tilapäinen tunnus"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(saved), "the form saved")
        new_id = saved[0]
    store = Store.unlock(paths, PASSPHRASE)
    try:
        assert sorted(c.id for c in store.clients.with_code("131052-308T")) == [aino, new_id]
        row = store.session.db.execute("SELECT duplicate_reason FROM clients WHERE id = ?",
                                       [new_id]).fetchone()
        assert row[0] == "Kaksi henkilöä, sama tilapäinen tunnus"
    finally:
        store.close()


async def test_an_edit_to_a_code_in_use_is_stopped_and_another_code_clears_it(tmp_path: Path) -> None:
    paths, (_aino, other) = seeded(tmp_path / "data", AINO, OTHER)
    app = KotoApp(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        form = ClientFormScreen(other, OTHER)
        await app.push_screen(form)
        await until(pilot, lambda: form.query_one("#family-name", Input).value == "Toinen", "the form")
        form.query_one("#birth-date", Input).value = ""
        await _typed_duplicate(app, pilot, form)
        assert "Mäkelä [b]Aino[/b]" in _error(form)
        assert form.query_one("#duplicate-actions").display
        form.query_one("#identity-code", Input).value = "010190-123M"
        await until(pilot, lambda: not form.query_one("#duplicate-actions").display, "the buttons hidden")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form, "saved")
    store = Store.unlock(paths, PASSPHRASE)
    try:
        assert store.clients.get(other).data.identity_code == "010190-123M"
    finally:
        store.close()
