"""The interpreter row of the assessment and the plan reads as one label and its value ("Tolk: arabiska"),
never a label inside a label ("Tolk: språk: arabiska"), in a Finnish and a Swedish municipality."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from koto_tui.config import use_config_dir
from koto_tui.demo import DEMO_PASSPHRASE, demo_paths
from koto_tui.i18n import translation
from koto_tui.municipality import shipped_municipality
from koto_tui.plan_printing import build_plan_printout
from koto_tui.printing import render_interview
from koto_tui.printing.plan import render_plan
from koto_tui.printing.preview import interview_texts
from koto_tui.store import DataPaths, Store
from koto_tui.workflow import build_printout
from tests.unit.printing.test_document_language import _write_town
from tests.unit.printing.test_text_layer import pdftotext

KOVALENKO = 1  # an interpreter session on site (Tulkki T-1024, Ukrainian) and a plan; needs an interpreter
AL_AHMAD = 2  # the assessment of a client who needs an Arabic interpreter; no interpreter session recorded
#: Per document language: the interpreter label, and the row's value for each client.
EXPECTED = {
    "fi": ("Tulkki", "arabia", "Tulkki T-1024, ukraina (paikan päällä)", "ukraina"),
    "sv": ("Tolk", "arabiska", "Tulkki T-1024, ukrainska (på plats)", "ukrainska"),
}


@pytest.fixture(params=sorted(EXPECTED))
def store(request: pytest.FixtureRequest, seeded_demo: Path, tmp_path: Path) -> Iterator[Store]:
    """The demo in a municipality whose documents are in Finnish or Swedish."""
    _write_town(tmp_path / "config", document_language=request.param)
    use_config_dir(tmp_path / "config")
    shipped_municipality.cache_clear()
    shutil.copytree(seeded_demo, tmp_path / "data")
    opened = Store.unlock(demo_paths(DataPaths(tmp_path / "data")), DEMO_PASSPHRASE)
    yield opened
    opened.close()
    use_config_dir(None)
    shipped_municipality.cache_clear()


def _text(pdf: bytes) -> str:
    return " ".join(pdftotext(pdf).split())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_interpreter_row_is_the_interpreter_and_the_language(store: Store) -> None:
    lang = shipped_municipality().document_language
    label, arabic, session, ukrainian = EXPECTED[lang]
    language_label = translation(lang).gettext("language: {language}").split(":")[0]  # "kieli", "språk"
    needs = build_printout(store, AL_AHMAD)
    assert needs.interpreter == arabic
    took_part = build_printout(store, KOVALENKO)
    assert took_part.interpreter == session
    plan = build_plan_printout(store, store.plans.for_client(KOVALENKO)[0].id)
    assert plan.interpreter == ukrainian
    for doc, pdf in ((needs, render_interview(needs)), (took_part, render_interview(took_part)),
                     (plan, render_plan(plan))):
        text = _text(pdf)
        # the label (with its line in the client's language) and then the value, as in the signature block
        assert not re.search(rf"{label} (\S+ ){{0,3}}{language_label}:", text), text[:600]
        assert re.search(rf"{label} (\S+ ){{0,3}}{re.escape(doc.interpreter or '')}", text), text[:600]
    assert needs.interpreter in interview_texts(needs).values()  # the preview reports the same text
