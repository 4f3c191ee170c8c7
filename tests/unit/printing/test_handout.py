"""The opening-text handout names the controller, the data protection officer, the legal basis, the
retention and the right to complain, in Finnish and the client's language, with date and page numbers."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from koto_tui.model import Profile
from koto_tui.municipality import load_municipality
from koto_tui.opening import OpeningText, handout_for, load_opening
from koto_tui.printing.handout import Privacy, render_handout
from tests.unit.printing.pdfcheck import glyph_defects
from tests.unit.printing.samples import FRAME

PROFILE = Profile("Liisa Virtanen", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli")


def text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in pages))


@pytest.mark.parametrize("lang", ["th", "ar", "fi"])
def test_the_handout_says_who_processes_the_data_and_where_to_complain(lang: str) -> None:
    opening = load_opening(lang)
    assert opening is not None
    pdf = render_handout(handout_for(opening, PROFILE, date(2026, 12, 2)))
    printed = text(pdf)
    town = load_municipality()
    for expected in ("Rekisterinpitäjä", "Tietosuojavastaava", "Säilytys", "tietosuojavaltuutetulle",
                     town.controller, "tietosuoja@mikkeli.fi", "Liisa Virtanen", "2.12.2026", "sivu 1 ("):
        assert expected in printed, expected
    assert glyph_defects(pdf, FRAME) == []


def test_the_fixed_texts_are_also_in_the_handouts_language() -> None:
    opening = OpeningText("ru", "Заголовок", ("Текст.",), draft=True)
    printed = text(render_handout(handout_for(opening, PROFILE, date(2026, 12, 2))))
    assert "Уполномоченный по защите данных" in printed
    assert "(tietosuojavaltuutettu," in printed and "www.tietosuoja.fi" in printed


def test_what_the_municipality_has_not_filled_in_is_printed_as_missing_not_left_blank() -> None:
    opening = OpeningText("ru", "Заголовок", ("Текст.",), draft=True)
    handout = replace(handout_for(opening, PROFILE, date(2026, 12, 2)), privacy=Privacy("", "", "", ""))
    printed = text(render_handout(handout))
    assert printed.count("Puuttuu: kunnan on lisättävä tämä tietoihinsa.") == 3  # controller, DPO, retention
    assert printed.count("Не заполнено: муниципалитет должен добавить эти сведения.") == 3
    for label in ("Rekisterinpitäjä", "Tietosuojavastaava", "Säilytys"):
        assert label in printed


def test_a_missing_legal_basis_of_the_secrecy_marking_is_printed_as_missing() -> None:
    from koto_tui.printing import render_interview
    from tests.unit.printing.samples import interview

    pages = PdfReader(io.BytesIO(render_interview(interview("thai", confidentiality=" ")))).pages
    assert all("peruste puuttuu: kunnan on lisättävä se" in page.extract_text() for page in pages)
