"""The settings screen with this laptop's own keys stored but unusable: it says so in the user's language,
offers no button that would make a new key, and the stored values are left as they were."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Static

from koto_tui import i18n
from koto_tui.app import KotoApp
from koto_tui.exchange import settings
from koto_tui.screens.settings import SettingsScreen
from koto_tui.store import DataPaths, Store
from tests.functional.helpers import PASSPHRASE, open_settings, seeded, until

SECRET = "QQQQSECRETPART"


def _damaged(root: Path, receiving: str, signing: str) -> DataPaths:
    """A coordinator's database whose own keys' rows hold *receiving* and *signing* as stored text."""
    paths, _ids = seeded(root, role="coordinator")
    store = Store.unlock(paths, PASSPHRASE)
    with store.session.transaction() as db:
        for key, raw in ((settings.OWN_PRIVATE_KEY, receiving), (settings.OWN_SIGNING_KEY, signing)):
            db.table("settings").upsert({"key": f"setting:{key}", "value": raw}, pk="key")
    store.close()
    return paths


def _stored(paths: DataPaths, key: str) -> str:
    store = Store.unlock(paths, PASSPHRASE)
    with store.session.reading() as db:
        value = str(db.table("settings").get(f"setting:{key}")["value"])
    store.close()
    return value


@pytest.mark.parametrize(("lang", "receiving", "signing", "words"), [
    ("fi", "{" + SECRET, f'"{SECRET}"', ("vastaanottoavain", "allekirjoitusavain", "koto restore")),
    ("sv", "17", "[[[", ("mottagningsnyckel", "signeringsnyckel", "koto restore")),
    ("en", f'"AGE-SECRET-KEY-1{SECRET}"', "null", ("receiving key", "signing key", "koto restore")),
])
async def test_damaged_keys_are_said_and_never_replaced(tmp_path: Path, lang: str, receiving: str,
                                                       signing: str, words: tuple[str, ...]) -> None:
    """The old settings screen said there was no receiving key and offered to create one, which replaced the
    stored one for ever; a signing key that was a string but not a key failed its loading worker."""
    paths = _damaged(tmp_path / "data", receiving, signing)
    i18n.set_language(lang)
    app = KotoApp(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        await until(pilot, lambda: screen.shown is not None, "the settings, loaded")
        own = str(screen.query_one("#own-key", Static).render())
        signer = str(screen.query_one("#own-signing-key", Static).render())
        assert words[0] in own and words[2] in own and words[1] in signer
        assert not screen.query_one("#create-key", Button).display
        told = " ".join(str(n.message) for n in app._notifications)
        assert words[0] in told and words[1] in told
        assert SECRET not in own + signer + told
    assert _stored(paths, settings.OWN_PRIVATE_KEY) == receiving
    assert _stored(paths, settings.OWN_SIGNING_KEY) == signing
