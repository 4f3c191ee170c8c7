"""Passphrase fields: masked, never copied to the clipboard, and emptied once used (also after a failure)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Input

import koto_tui
from koto_tui.app import KotoApp
from koto_tui.screens.clients import ClientsScreen
from koto_tui.screens.first_run import FirstRunScreen
from koto_tui.store import DataPaths
from koto_tui.widgets.secret import SecretInput
from tests.functional.helpers import PASSPHRASE, seeded, until

PACKAGE = Path(koto_tui.__file__).resolve().parent


def test_every_masked_field_is_a_secret_input() -> None:
    """No module builds a masked Input of its own: every passphrase field is a SecretInput."""
    masked = re.compile(r"password\s*=\s*True")
    found = [path.name for path in PACKAGE.rglob("*.py") if masked.search(path.read_text())]
    assert found == ["secret.py"]


async def test_a_passphrase_cannot_be_copied_or_cut_to_the_clipboard(tmp_path: Path) -> None:
    paths, _ids = seeded(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query("#passphrase").first(SecretInput) is not None, "unlock")
        box = app.screen.query_one("#passphrase", SecretInput)
        box.focus()
        await pilot.press(*"salainen")
        await pilot.press("ctrl+shift+a", "ctrl+c")  # select all, copy
        await pilot.press("shift+home", "ctrl+x")  # select, cut: the characters go, not to the clipboard
        await pilot.pause()
        assert app.clipboard == ""
        assert box.value == "" and box.password and not box.allow_select
        box.password = False
        assert box.password


async def test_a_failed_unlock_empties_the_field(tmp_path: Path) -> None:
    paths, _ids = seeded(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query("#passphrase").first(SecretInput) is not None, "unlock")
        box = app.screen.query_one("#passphrase", SecretInput)
        box.value = "väärä lause tähän"
        await pilot.press("enter")
        field = app.screen.query_one("#field-passphrase")
        await until(pilot, lambda: field.has_class("-invalid"), "refused")
        assert box.value == ""


@pytest.mark.parametrize("fails", [False, True], ids=["created", "creating-failed"])
async def test_the_first_run_passphrases_are_emptied(tmp_path: Path, fails: bool,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from koto_tui.store import Store

    if fails:
        def refuse(*_args: object, **_kwargs: object) -> Store:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(Store, "create", refuse)
    app = KotoApp(DataPaths(tmp_path / "data"))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FirstRunScreen), "first run")
        first = app.screen
        for name, value in (("name", "Maija Meikäläinen"), ("passphrase", PASSPHRASE),
                            ("passphrase2", PASSPHRASE)):
            first.query_one(f"#{name}", Input).value = value
        await pilot.press("ctrl+s")
        if fails:
            await until(pilot, lambda: bool(app._notifications), "the failure told")
        else:
            await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "the client register")
        assert [box.value for box in first.query(SecretInput)] == ["", ""]
