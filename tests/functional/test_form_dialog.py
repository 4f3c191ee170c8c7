"""A slow check (a key derivation, a re-encryption) runs off the UI thread: koto keeps painting meanwhile."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from textual.widgets import Button, Input, Static

from koto_tui.app import KotoApp
from koto_tui.screens.form_dialog import FieldSpec, FormDialog
from tests.functional.helpers import seeded, unlock, until


async def test_a_slow_check_runs_in_a_worker_and_the_dialog_says_it_is_working(tmp_path: Path) -> None:
    paths, _ids = seeded(tmp_path / "data")
    release = threading.Event()
    seen: list[str] = []

    def check(values: dict[str, Any]) -> str | None:
        seen.append(threading.current_thread().name)
        release.wait(60)
        return None

    results: list[object] = []
    app = KotoApp(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        dialog = FormDialog("Testi", [FieldSpec("name", "Nimi", required=True)], check=check, slow=True)
        await app.push_screen(dialog, results.append)
        await until(pilot, lambda: dialog.query_one("#dlg-name", Input) is not None, "the dialog")
        dialog.query_one("#dlg-name", Input).value = "Aino"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(seen), "the check started")
        assert seen[0] != threading.main_thread().name  # not on the UI thread
        assert dialog.query_one("#dlg-save", Button).disabled
        assert "Tarkistetaan" in str(dialog.query_one("#dlg-problem", Static).render())
        await pilot.press("ctrl+s")  # a second save while checking starts nothing
        await pilot.pause()
        release.set()
        await until(pilot, lambda: results == [{"name": "Aino"}], "the dialog closed with the values")
        assert len(seen) == 1


async def test_the_dialog_and_its_message_fit_an_80_column_terminal(tmp_path: Path) -> None:
    """At 80×24 the dialog's box, its fields and a long refusal stay inside the screen (it was 100 wide)."""
    paths, _ids = seeded(tmp_path / "data")
    refusal = ("Tämä ei ole oma tunnuslauseesi: vahvista muutos kirjoittamalla tunnuslause, "
               "jolla avasit koton.")
    app = KotoApp(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        dialog = FormDialog("Poistetaanko?", [FieldSpec("confirm", "Oma tunnuslauseesi", "password")],
                            check=lambda values: refusal)
        await app.push_screen(dialog)
        await until(pilot, lambda: dialog.query_one("#dlg-confirm", Input) is not None, "the dialog")
        dialog.query_one("#dlg-confirm", Input).value = "väärä"
        await pilot.press("ctrl+s")
        problem = dialog.query_one("#dlg-problem", Static)
        await until(pilot, lambda: "jolla avasit" in str(problem.render()), "the refusal")
        await pilot.pause()
        for widget in (dialog.query_one("#form-dialog"), dialog.query_one("#dlg-confirm"), problem):
            assert widget.region.right <= 80, widget
        assert problem.region.height >= 2  # wrapped, not cut at the edge


async def test_the_dialog_takes_control_characters_out_and_says_so(tmp_path: Path) -> None:
    """A pasted escape or bidi override is not saved, and the counsellor is told; a default with one is
    shown without it (a title or markup in it is shown literally)."""
    paths, _ids = seeded(tmp_path / "data")
    results: list[object] = []
    app = KotoApp(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        dialog = FormDialog("[/]\x1b]0;x\x07", [FieldSpec("place", "Paikka", default="Kirjasto\x1b[2J"),
                                                FieldSpec("name", "Nimi", required=True)])
        await app.push_screen(dialog, results.append)
        await until(pilot, lambda: dialog.query_one("#dlg-name", Input) is not None, "the dialog")
        assert dialog.query_one("#dlg-place", Input).value == "Kirjasto[2J"
        dialog.query_one("#dlg-name", Input).value = "Ai\x1b]0;pwned\x07no \u202e"
        await pilot.press("ctrl+s")
        expected = {"place": "Kirjasto[2J", "name": "Ai]0;pwnedno"}
        await until(pilot, lambda: results == [expected], "the values")
        assert any("ohjausmerkkejä" in str(n.message) for n in app._notifications)
