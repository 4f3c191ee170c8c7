"""`koto --lang sv` (or KOTO_LANG=sv) speaks Swedish from the first start through the lock screen; dates
the UI writes in any language read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Button, Input, Static

from koto_tui.app import KotoApp
from koto_tui.cli import main
from koto_tui.i18n import UI_LANGUAGES, format_short_date, language, set_language
from koto_tui.screens.clients import ClientsScreen
from koto_tui.screens.first_run import FirstRunScreen
from koto_tui.screens.report import _day
from koto_tui.screens.unlock import UnlockScreen
from tests.functional.helpers import PASSPHRASE, until, workers_settled


def _started(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> KotoApp:
    """The app `koto` would run with *argv* (its run() is caught so that Pilot drives it instead)."""
    started: list[KotoApp] = []
    monkeypatch.setattr(KotoApp, "run", lambda self, *args, **kwargs: started.append(self))
    assert main(argv) == 0
    (app,) = started
    return app


def _shown(app: KotoApp) -> str:
    """Every text and button label on the current screen (key derivation makes some waits long)."""
    texts = [str(widget.render()) for widget in app.screen.query(Static)]
    return "\n".join(texts + [str(button.label) for button in app.screen.query(Button)])


def _fill(app: KotoApp, **values: str) -> None:
    for name, value in values.items():
        app.screen.query_one(f"#{name}", Input).value = value


async def test_first_run_and_unlock_in_swedish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _started(["--lang", "sv", "--data-dir", str(tmp_path / "data")], monkeypatch)
    assert language() == "sv"
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FirstRunScreen), "the first-run screen")
        shown = _shown(app)
        assert "Välkommen till koto" in shown and "Skapa databasen" in shown
        assert "Databasen krypteras med en lösenfras." in shown and "Lösenfras (minst" in shown
        assert "Welcome" not in shown and "Tervetuloa" not in shown
        assert app.screen.query_one("#title", Input).value == "integrationshandledare"
        _fill(app, name="Stina Sundqvist", municipality="Vasa stad", passphrase="kort", passphrase2="kort")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Lösenfrasen är för kort" in _shown(app), "the short passphrase refused")
        _fill(app, passphrase=PASSPHRASE, passphrase2=PASSPHRASE)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "the client register")
        await until(pilot, lambda: "Inga klienter hittades" in _shown(app), "the empty register in Swedish")
        await workers_settled(pilot)  # locking while the list still loads is another matter
        await pilot.press("ctrl+l")
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen), "the lock screen")
        assert "Öppna databasen" in _shown(app) and "Lösenfras" in _shown(app)
        _fill(app, passphrase="fel fras")
        await pilot.press("enter")
        refused = "Fel lösenfras. Försök igen."
        await until(pilot, lambda: refused in _shown(app), "wrong passphrase refused")
        _fill(app, passphrase=PASSPHRASE)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "unlocked")


def test_koto_lang_sets_swedish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOTO_LANG", "sv")
    _started(["--data-dir", str(tmp_path / "data")], monkeypatch)
    assert language() == "sv"
    monkeypatch.setenv("KOTO_LANG", "xx")  # an unknown language falls back to Finnish
    _started(["--data-dir", str(tmp_path / "data")], monkeypatch)
    assert language() == "fi"


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_the_report_period_reads_back_in_every_language(lang: str) -> None:
    """The report screen fills in its period with the UI's dates (ISO in English) and must read them."""
    set_language(lang)
    assert _day(format_short_date(date(2026, 12, 31))) == date(2026, 12, 31)
