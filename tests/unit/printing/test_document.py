"""A document, not a report: the header on every page, the confidentiality marking with its legal basis,
the document id, and the signatures kept with what is signed and the last content lines."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from koto_tui.municipality import load_municipality
from koto_tui.printing import render_interview
from koto_tui.printing.page import MARGIN
from koto_tui.printing.plan import render_plan
from tests.unit.printing.pdfcheck import read_glyphs
from tests.unit.printing.samples import interview, plan

BASIS = load_municipality().confidentiality


def pages(pdf: bytes) -> list[str]:
    return [unicodedata.normalize("NFKC", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("kind", ["assessment", "plan"])
def test_every_page_has_the_header_the_marking_and_the_document_id(kind: str) -> None:
    if kind == "assessment":
        pdf = render_interview(interview("finnish", confidentiality=BASIS))
        document, doc_id, day = "Arviointi", "KOTO-2026-000123", "27.11.2026"
    else:
        pdf = render_plan(plan("finnish", confidentiality=BASIS))
        document, doc_id, day = "Kotoutumissuunnitelma", "KOTO-P-2026-000045", "27.11.2026"
    texts = pages(pdf)
    assert len(texts) > 1
    for number, text in enumerate(texts, 1):
        for expected in ("Mikkelin kaupunki", document, "Tuomas Äijälä-Öhman", day, "SALASSA PIDETTÄVÄ",
                         BASIS, f"sivu {number} ({len(texts)})", doc_id):
            assert expected in text, (number, expected)


def test_the_marking_names_the_act_and_section_and_comes_from_the_municipalitys_data() -> None:
    assert "621/1999" in BASIS and "24 §" in BASIS
    text = pages(render_interview(interview("finnish", confidentiality="Oma peruste 1 §")))[0]
    assert "Oma peruste 1 §" in text


def test_the_marking_is_also_in_the_clients_language() -> None:
    assert all("SALASSA PIDETTÄVÄ / КОНФИДЕНЦИАЛЬНО" in text for text in pages(render_plan(plan("russian"))))


@pytest.mark.parametrize("second", [None, "sv"])
def test_the_footer_names_the_form_by_its_finnish_title_not_its_english_id(second: str | None) -> None:
    doc = interview("finnish", form_id="assessment-basic", second_language=second)
    glyphs, _ = read_glyphs(render_interview(doc))
    footer = "".join(glyph.char for glyph in glyphs if glyph.page == 1 and glyph.baseline < MARGIN / 2)
    assert footer == "KOTO-2026-000123 · Arviointi, versio 3"
    assert not any(word in footer.lower() for word in ("assessment", "basic", "version"))


def test_the_signatures_come_with_the_statement_and_the_last_answer() -> None:
    texts = pages(render_interview(interview("finnish")))
    last = texts[-1]
    assert "Allekirjoitukset" in last
    assert "Olen käynyt arvioinnin läpi tulkin välityksellä ja saanut siitä kopion." in last
    assert "Haluanoppiasuomeajalöytäätyöpaikan." in last.replace("\n", "")  # the last answer is there too


def test_without_an_interpreter_the_statement_and_the_boxes_say_so() -> None:
    text = "\n".join(pages(render_interview(interview("finnish", interpreter=None))))
    assert "Olen käynyt arvioinnin läpi ja saanut siitä kopion." in text
    assert "Tulkki" not in text
    text = "\n".join(pages(render_plan(plan("finnish", interpreter=None))))
    assert "Olen käynyt suunnitelman läpi ja sitoudun noudattamaan sitä." in text
