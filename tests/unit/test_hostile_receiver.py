"""Texts from the municipality's file and the settings table that an attacker could craft: the receiving
office on the access report's paper, a user's language setting at unlock."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from koto_tui.access_printout import write_pdf
from koto_tui.demo import DEMO_PASSPHRASE, demo_paths
from koto_tui.exchange import export, settings
from koto_tui.exchange.export import ExportRequest, run_export
from koto_tui.municipality import shipped_municipality
from koto_tui.preferences import LANGUAGE, Reading, read
from koto_tui.store import DataPaths, Store

CLIENT = 1
OFFICE = 'Virasto <img src="/etc/hostname"/> A&B <b>lihava</b>'


@pytest.fixture
def store(seeded_demo: Path, tmp_path: Path) -> Iterator[Store]:
    root = tmp_path / "data"
    shutil.copytree(seeded_demo, root)
    opened = Store.unlock(demo_paths(DataPaths(root)), DEMO_PASSPHRASE)
    opened.set_setting(settings.EXPORT_SENSITIVE, False)
    yield opened
    opened.close()


def test_a_receiving_office_with_markup_is_printed_as_written(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = dataclasses.replace(shipped_municipality(), receiving_office=OFFICE)
    monkeypatch.setattr(export, "shipped_municipality", lambda: hostile)
    run_export(store, ExportRequest(client_id=CLIENT, out=tmp_path / "a<b>&c.json"))
    text = "".join(page.extract_text() for page in PdfReader(write_pdf(store, CLIENT, tmp_path)).pages)
    assert OFFICE in text  # not markup: no image read, no bold, '&' kept
    assert "a<b>&c.json" in text


@pytest.mark.parametrize("value", ["../../x", "xx", "[b]sv[/b]", "sv\x1b[2J", "SV", 1, ["sv"], {"sv": 1},
                                   None])
def test_a_crafted_language_setting_is_ignored_at_unlock(value: object) -> None:
    """Only fi, sv and en are taken from the settings table: anything else leaves the language as it is."""
    stored = {LANGUAGE.key("u1"): value}
    fake = SimpleNamespace(user=SimpleNamespace(id="u1"),
                           setting=lambda key, default: stored.get(key, default))
    assert read(fake, LANGUAGE) == Reading(None, valid=False)  # type: ignore[arg-type]
    stored[LANGUAGE.key("u1")] = "sv"
    assert read(fake, LANGUAGE) == Reading("sv")  # type: ignore[arg-type]
