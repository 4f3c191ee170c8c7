"""A client whose name looks like markup or terminal escapes is shown and printed literally."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import DataTable, Static

from koto_tui.app import KotoApp
from koto_tui.model import ClientData
from koto_tui.screens.client import ClientScreen
from koto_tui.store import Store
from koto_tui.workflow import PrintRequest, print_interview
from tests.functional.helpers import PASSPHRASE, pdf_text, seeded, unlock, until

NASTY = "[bold]x[/] <b>&amp; \x1b[31m"
SHOWN = "[bold]x[/] <b>&amp; \u241b[31m"  # the ESC control character is shown as ␛, the rest literally


async def test_markup_name_is_shown_literally(tmp_path: Path) -> None:
    paths, _ = seeded(tmp_path / "data", ClientData(NASTY, "Olga", None))
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await until(pilot, lambda: app.screen.query_one(DataTable).row_count == 1, "client list")
        cell = app.screen.query_one(DataTable).get_row_at(0)[0]
        assert isinstance(cell, Text)
        assert cell.plain == f"{SHOWN} Olga"
        assert not cell.spans  # no style was taken from the name
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ClientScreen) and app.screen.client is not None,
                    "client screen")
        details = app.screen.query_one("#client-details", Static).render()
        assert SHOWN in str(details)
        assert "\x1b" not in str(details)


def test_markup_name_is_printed_literally(tmp_path: Path) -> None:
    paths, (client_id,) = seeded(tmp_path / "data", ClientData(NASTY, "<img src=\"/etc/passwd\">", None))
    store = Store.unlock(paths, PASSPHRASE)
    try:
        interview = store.interviews.start(client_id, "assessment-basic", "1", store.profile())
        store.interviews.save_answer(interview.id, "own_words", "AT&T <i>kursiivi</i> [red]ei[/]")
        out = print_interview(store, PrintRequest(interview.id, tmp_path / "p.pdf"))
    finally:
        store.close()
    text = pdf_text(out)
    assert "[bold]x[/] <b>&amp;" in text
    assert "<img src=\"/etc/passwd\">" in text
    assert "AT&T <i>kursiivi</i> [red]ei[/]" in text
    assert b"/Subtype /Image" not in out.read_bytes()


def test_reprint_is_marked_as_a_copy(tmp_path: Path) -> None:
    paths, (client_id,) = seeded(tmp_path / "data", ClientData("Virtanen", "Aino", None))
    store = Store.unlock(paths, PASSPHRASE)
    try:
        interview = store.interviews.start(client_id, "assessment-basic", "1", store.profile())
        first = pdf_text(print_interview(store, PrintRequest(interview.id, tmp_path / "1.pdf")))
        second = pdf_text(print_interview(store, PrintRequest(interview.id, tmp_path / "2.pdf")))
        assert store.interviews.print_count(interview.id) == 2
    finally:
        store.close()
    assert "KOPIO" not in first
    assert "KOPIO / tulostettu 27.11.2026" in second
