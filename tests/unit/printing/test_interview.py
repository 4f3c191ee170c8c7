"""The assessment printout: text, page numbers, literal user text, metadata and every script."""

from __future__ import annotations

import dataclasses
import io
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from koto_tui.i18n import translation
from koto_tui.printing import (
    InterviewPrintout,
    PrintField,
    PrintSection,
    missing_characters,
    render_interview,
)

LONG = " ".join(["Asiakas on opiskellut suomea ja haluaa jatkaa ammatilliseen koulutukseen."] * 12)


def make_doc(**changes: object) -> InterviewPrintout:
    """A small printout; keyword arguments replace fields."""
    doc = InterviewPrintout(
        municipality="Mikkelin kaupunki",
        unit="Elinvoimapalvelut / kotoutumispalvelut",
        title="Osaamisen ja kotoutumisen palvelutarpeen arviointi",
        client_name="Olena Kovalenko",
        birth_date=date(1990, 1, 5),
        identity_code=None,
        interview_date=date(2026, 11, 27),
        counsellor_name="Liisa Virtanen",
        counsellor_title="kotoutumisohjaaja",
        place="Mikkeli",
        sections=(
            PrintSection(
                "Kielitaito",
                (PrintField("Äidinkieli", "ukraina"), PrintField("Suomen kielen taso", "A2.1\nopiskelee")),
            ),
        ),
        document_id="KOTO-2026-000123",
        form_id="assessment-basic",
        form_version="1",
    )
    return dataclasses.replace(doc, **changes)  # type: ignore[arg-type]


def read(pdf: bytes) -> PdfReader:
    """A pypdf reader on the bytes."""
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """The extracted text of each page."""
    return [page.extract_text() for page in read(pdf).pages]


def test_basic_printout_text() -> None:
    pdf = render_interview(make_doc(identity_code="050190-999P", interpreter="Ahmad Karimi"))
    text = "\n".join(page_texts(pdf))
    assert pdf.startswith(b"%PDF")
    for expected in (
        "Olena Kovalenko",
        "27. marraskuuta 2026",
        "5.1.1990",
        "050190-999P",
        "ukraina",
        "Liisa Virtanen, kotoutumisohjaaja",
        "Ahmad Karimi",
        "Mikkeli, 27.11.2026",
        "KOTO-2026-000123 · Osaamisen ja kotoutumisen palvelutarpeen arviointi, versio 1",
        "SALASSA PIDETTÄVÄ",
    ):
        assert expected in text
    assert len(read(pdf).pages) == 1
    assert "sivu 1 (1)" in text


def test_identity_code_and_copy_marker_are_optional() -> None:
    text = "\n".join(page_texts(render_interview(make_doc())))
    assert "050190" not in text
    assert "1.12.2026" not in text
    copy = "\n".join(page_texts(render_interview(make_doc(copy_of=date(2026, 12, 1)))))
    assert "1.12.2026" in copy


def test_long_interview_flows_with_page_numbers() -> None:
    fields = tuple(PrintField(f"Kysymys {index}", f"{LONG}\n\nVastaus {index}") for index in range(14))
    pdf = render_interview(make_doc(sections=(PrintSection("Koulutus", fields),)))
    texts = page_texts(pdf)
    total = len(texts)
    assert total >= 3
    for number, text in enumerate(texts, start=1):
        assert f"sivu {number} ({total})" in text
    joined = "\n".join(texts)
    assert "Vastaus 13" in joined
    assert translation("fi").gettext("Signatures") in texts[-1]
    assert texts[-1].count("Mikkeli, 27.11.2026") == 2  # the signature block is kept together


def test_user_text_is_literal_and_embeds_nothing() -> None:
    name = '[bold]x[/] <b>&amp; <img src="/etc/passwd">'
    note = "AT&T <font name='Courier'>x</font> &nbsp; \x1b[31mred\x07"
    pdf = render_interview(
        make_doc(client_name=name, sections=(PrintSection("<i>S</i>", (PrintField("<b>L", note),)),))
    )
    text = "\n".join(page_texts(pdf))
    assert "<b>&amp;" in text
    assert '<img src="/etc/passwd">' in text
    assert "[bold]x[/]" in text
    assert "AT&T <font name='Courier'>x</font> &nbsp;" in text
    assert "<i>S</i>" in text and "<b>L" in text
    assert "[31mred" in text and "\x1b" not in text and "\x07" not in text
    assert b"/Subtype /Image" not in pdf
    for page in read(pdf).pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)
        assert "/XObject" not in resources


def test_metadata_holds_no_client_name() -> None:
    pdf = render_interview(make_doc(client_name="Zyxwv Qwerty"))
    metadata = read(pdf).metadata
    assert metadata is not None
    assert metadata.title == "Osaamisen ja kotoutumisen palvelutarpeen arviointi"
    assert metadata.author == "koto"
    assert all("Zyxwv" not in str(value) for value in metadata.values())
    assert b"Zyxwv" not in pdf  # not in any uncompressed object either


def test_output_is_stable() -> None:
    assert render_interview(make_doc()) == render_interview(make_doc())


@pytest.mark.parametrize(
    "name",
    ["Олена Коваленко", "Nguyễn Thị Ánh Tuyết", "สมชาย ใจดี", "አበበ በቀለ", "Արամ Պետրոսյան"],
)
def test_names_in_other_scripts_extract_exactly(name: str) -> None:
    text = "\n".join(page_texts(render_interview(make_doc(client_name=name))))
    assert name in text


def test_arabic_name_letters_come_back() -> None:
    name = "محمد رضا احمدی"
    pdf = render_interview(
        make_doc(client_name=name, sections=(PrintSection("Tavoite", (PrintField("Nimi", name),)),))
    )
    words = set(unicodedata.normalize("NFKC", "\n".join(page_texts(pdf))).split())
    for word in name.split():
        # pypdf returns presentation forms in visual order: normalise, and allow either direction.
        assert word in words or word[::-1] in words


def test_every_script_in_one_printout() -> None:
    values = "Олена · Nguyễn · สมชาย · አበበ · សុខា · রহিম · राम · Արամ · محمد · (ሰላም)"
    assert missing_characters(values) == set()
    pdf = render_interview(make_doc(sections=(PrintSection("Nimet", (PrintField("Nimet", values),)),)))
    text = "\n".join(page_texts(pdf))
    # Khmer, Bengali and Devanagari conjuncts come back as private-use code points: not asserted here.
    for word in ("Олена", "Nguyễn", "สมชาย", "አበበ", "Արամ", "ሰላም"):
        assert word in text
