"""Archiving: every kind of printout has XMP metadata matching its information dictionary, and embeds
every font it references."""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from koto_tui import __version__, clock
from koto_tui.printing import render_interview
from koto_tui.printing.metadata import xmp_packet
from tests.conftest import FIXED_NOW

CLIENT = "Zyxwv Qwerty"


def _report() -> bytes:
    from koto_tui.printing.report import ReportDocument, ReportTable, render_report

    return render_report(ReportDocument("Mikkeli", "Koto", "Seurantaraportti", "2026", "1.12.2026",
                                        (ReportTable("Taulu", ("Kuukausi", "Määrä"), (("1/2026", 3),)),),
                                        chart=(("2026-01", 3, 2),), chart_legend=("A", "P")))


def _handout() -> bytes:
    from koto_tui.printing.handout import Handout, render_handout

    return render_handout(Handout("Mikkeli", "Koto", "th", "Aloitusteksti", ("ก",), True))


def _plan() -> bytes:
    from koto_tui.printing.plan import render_plan
    from tests.unit.printing.samples import plan

    return render_plan(plan("arabic", client_name=CLIENT))


def _interview(reprint: bool) -> bytes:
    from tests.unit.printing.samples import interview

    return render_interview(interview("thai", client_name=CLIENT, copy_of=clock.today() if reprint else None))


KINDS = {
    "assessment": (lambda: _interview(False), "Arviointi", "fi"),
    "reprint": (lambda: _interview(True), "Arviointi", "fi"),
    "plan": (_plan, "Kotoutumissuunnitelma", "fi"),
    "report": (_report, "Seurantaraportti", "fi"),
    "handout": (_handout, "Aloitusteksti", "th"),
}


@functools.cache
def rendered(kind: str) -> bytes:
    """The printout of *kind*, rendered once (the clock is fixed at FIXED_NOW for every test)."""
    return KINDS[kind][0]()


@pytest.mark.parametrize("kind", KINDS)
def test_xmp_names_the_document_type_its_language_its_creation_date_and_koto(kind: str) -> None:
    _, title, language = KINDS[kind]
    reader = PdfReader(io.BytesIO(rendered(kind)))
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"x-default": title}
    assert xmp.dc_language == [language]
    made = FIXED_NOW.astimezone().astimezone(UTC).replace(tzinfo=None)  # pypdf gives naive UTC
    assert xmp.xmp_create_date == made
    assert xmp.pdf_producer == f"koto {__version__}" and xmp.xmp_creator_tool == "koto"
    info = reader.metadata
    assert info is not None and info.title == title and info.producer == f"koto {__version__}"
    assert info.creator == "koto"
    assert info.creation_date_raw.startswith("D:20261127103000")
    assert "/Filter" not in reader.trailer["/Root"]["/Metadata"].get_object()  # readable by any archive tool


@pytest.mark.parametrize("kind", ["assessment", "reprint", "plan"])
def test_the_metadata_holds_nothing_of_the_client(kind: str) -> None:
    reader = PdfReader(io.BytesIO(rendered(kind)))
    packet = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert CLIENT not in packet and "Zyxwv" not in str(reader.metadata)


def test_the_packet_is_escaped_and_dated_with_its_offset() -> None:
    packet = xmp_packet("A <b> & C", "fi", datetime(2026, 11, 27, 10, 30).astimezone())
    assert "A &lt;b&gt; &amp; C" in packet and "<xmp:CreateDate>2026-11-27T10:30:00" in packet


def _fonts(resources: DictionaryObject) -> Iterator[DictionaryObject]:
    """Every font a resource dictionary references, also through form XObjects and Type 0 descendants."""
    for ref in (resources.get("/Font") or {}).values():
        font = ref.get_object()
        yield font
        for descendant in font.get("/DescendantFonts") or ():
            yield descendant.get_object()
    for ref in (resources.get("/XObject") or {}).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            yield from _fonts(xobject["/Resources"].get_object())


@pytest.mark.parametrize("kind", KINDS)
def test_every_referenced_font_is_embedded(kind: str) -> None:
    reader = PdfReader(io.BytesIO(rendered(kind)))
    fonts = [font for page in reader.pages for font in _fonts(page["/Resources"].get_object())]
    assert fonts
    for font in fonts:
        if font["/Subtype"] in ("/Type3", "/Type0"):
            continue  # a Type 0 font's glyphs are in its descendant, checked on its own
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font["/BaseFont"]
