"""`koto --lang sv` (or KOTO_LANG=sv) speaks Swedish from the first start through the lock screen; dates
the UI writes in any language read back."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Button, Input, Static

from koto_tui.app import KotoApp
from koto_tui.cli import main
from koto_tui.i18n import LOCALE_DIR, UI_LANGUAGES, format_short_date, language, set_language
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


def _walked(lang: str, demo: Path, tmp_path: Path) -> dict[str, list[str]]:
    """Every screen's texts in *lang*, read by ``screen_walk`` in a process of its own."""
    root = tmp_path / lang
    shutil.copytree(demo, root)
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
           "XDG_CONFIG_HOME": str(tmp_path / "xdg-config")}
    for name in ("KOTO_DATA_DIR", "KOTO_PASSPHRASE", "KOTO_LANG", "KOTO_CONFIG_DIR"):
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-m", "tests.functional.screen_walk", lang, str(root)],
                          capture_output=True, text=True, timeout=600, env=env, check=False,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _catalogue(lang: str) -> dict[str, str]:
    """The UI catalogue of *lang*: English msgid → translation, where the two differ."""
    from babel.messages.pofile import read_po

    path = LOCALE_DIR / lang / "LC_MESSAGES" / "koto.po"
    with path.open("rb") as f:
        catalogue = read_po(f)
    pairs: dict[str, str] = {}
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strs = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs.update({i: s for i, s in zip(ids, strs, strict=False) if i and s and i != s})
    return pairs


def _fixed_part(template: str) -> str:
    """The longest stretch of *template* without a placeholder (what is shown whatever fills it)."""
    return max(re.split(r"\{[^}]*\}", template), key=len).strip()


#: English words no Finnish or Swedish sentence of koto has: an English text left untranslated shows them.
ENGLISH_WORDS = re.compile(r"\b(the|and|with|of|is|are|not|to|your|this|for)\b")
#: Names that are the same in English and in the UI language (CLDR's Swedish name of a country).
SAME_IN_ENGLISH = {"Isle of Man"}


def _without_paths(text: str) -> str:
    """*text* without its paths (the data directory is under /tmp/pytest-of-…)."""
    return re.sub(r"\S*/\S*", "", text)


def _leaks(shown: dict[str, list[str]], other: dict[str, str]) -> list[str]:
    """Each (screen, text) where a text of the *other* language appears (at least 12 fixed characters)."""
    fixed = {part for part in map(_fixed_part, other) if len(part) >= 12}
    return [f"{screen}: {part!r}" for screen, texts in shown.items() for text in texts for part in fixed
            if part in text]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_screen_speaks_the_ui_language(lang: str, seeded_demo: Path, tmp_path: Path) -> None:
    """No English left on a Finnish or Swedish screen (nor Finnish or Swedish on an English one)."""
    shown = _walked(lang, seeded_demo, tmp_path)
    assert {"WorklistScreen", "InterviewScreen", "PlanScreen", "SettingsScreen", "CommandPalette"} <= set(
        shown)
    if lang == "en":
        leaks = _leaks(shown, {v: k for k, v in {**_catalogue("fi"), **_catalogue("sv")}.items()})
    else:
        leaks = _leaks(shown, _catalogue(lang))
        leaks += [f"{screen}: {text!r}" for screen, texts in shown.items() for text in texts
                  if text not in SAME_IN_ENGLISH and ENGLISH_WORDS.search(_without_paths(text))]
    assert not leaks, "\n".join(sorted(set(leaks))[:40])
