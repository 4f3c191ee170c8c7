"""The follow-up report's files are the municipality's documents: written in its document language (Finnish
or Swedish, from its data) whatever language the UI speaks, while the screen speaks the UI language."""

from __future__ import annotations

import io
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from textual.widgets import DataTable, Input, Label

from koto_tui import i18n
from koto_tui.app import KotoApp
from koto_tui.config import use_config_dir
from koto_tui.demo import DEMO_PASSPHRASE, demo_paths
from koto_tui.municipality import shipped_municipality
from koto_tui.report import build_report, to_pdf
from koto_tui.screens.clients import ClientsScreen
from koto_tui.screens.report import ReportScreen
from koto_tui.store import DataPaths, Store
from tests.functional.helpers import until, workers_settled
from tests.unit.exchange.test_report import TODAY, YEAR
from tests.unit.printing.test_document_language import _write_town


@pytest.fixture
def paths(seeded_demo: Path, tmp_path: Path) -> DataPaths:
    shutil.copytree(seeded_demo, tmp_path / "data")
    return demo_paths(DataPaths(tmp_path / "data"))


@pytest.fixture
def swedish_town(tmp_path: Path) -> Iterator[None]:
    """The municipality's data file says its documents are in Swedish."""
    _write_town(tmp_path / "config", name="Vasa stad", place="Vasa", document_language="sv")
    use_config_dir(tmp_path / "config")
    shipped_municipality.cache_clear()
    yield
    use_config_dir(None)
    shipped_municipality.cache_clear()


def _words(data: bytes) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return unicodedata.normalize("NFKC", text).replace("\n", " ")


def test_a_report_built_in_swedish_has_swedish_tables_dates_and_pdf_language(paths: DataPaths) -> None:
    store = Store.unlock(paths, DEMO_PASSPHRASE)
    try:
        made = build_report(store, *YEAR, TODAY, "sv")
    finally:
        store.close()
    assert made.lang == "sv" and made.table("languages").title == "Enligt modersmål"
    data = to_pdf(made)
    text = _words(data)
    assert "Integrationsprogrammets uppföljningsrapport" in text and "Enligt modersmål" in text
    assert "Kotoutumisohjelman seurantaraportti" not in text
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == "sv"


@pytest.mark.usefixtures("swedish_town")
async def test_an_english_ui_saves_a_swedish_municipalitys_report_in_swedish(paths: DataPaths) -> None:
    # The PDF was written in the UI language (English here): the municipality's document is Swedish.
    i18n.set_language("en")
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(130, 50)) as pilot:
        await until(pilot, lambda: bool(app.screen.query("#passphrase")), "unlock")
        app.screen.query_one("#passphrase", Input).value = DEMO_PASSPHRASE
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "client register")
        await pilot.press("f7")
        await until(pilot, lambda: isinstance(app.screen, ReportScreen) and app.screen.report is not None
                    and bool(app.screen.query("#report-months")), "report")
        screen = app.screen
        assert isinstance(screen, ReportScreen) and screen.report is not None
        assert screen.report.lang == "en"  # the screen speaks the UI language
        title = str(screen.query_one(".form-title", Label).content)
        assert title == "Follow-up report of the integration programme"
        assert screen.query_one("#report-months", DataTable).row_count == 12
        await pilot.press("f6")
        reports = paths.root / "reports"
        await until(pilot, lambda: reports.exists() and bool(list(reports.glob("*.pdf"))), "pdf saved")
        await workers_settled(pilot)
    text = _words(next(reports.glob("*.pdf")).read_bytes())
    assert "Integrationsprogrammets uppföljningsrapport" in text and "Enligt modersmål" in text
    assert "Follow-up report" not in text and "By native language" not in text
