"""The print preview: pages, each page's text in logical order, and characters no font has."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

from koto_tui.i18n import set_language, translation
from koto_tui.printing import InterviewPrintout, PrintField, PrintSection, render_interview
from koto_tui.printing.interview import _styles
from koto_tui.printing.preview import (
    PageRecorder,
    Unrenderable,
    build_preview,
    interview_preview,
    interview_texts,
    logical_texts,
    unrenderable,
    watch_pages,
)
from koto_tui.printing.text import text_flowables

ARABIC = "محمد رضا احمدی"
THAI = " ".join(["ฉันอยากเรียนภาษาฟินแลนด์และหางานทำในมิกเกลิ"] * 40)
PERSIAN = " ".join(["می‌خواهم در فنلاند کار کنم و زبان فنلاندی یاد بگیرم"] * 40)


def make_doc(client_name: str = "Olena Kovalenko", sections: tuple[PrintSection, ...] = ()
             ) -> InterviewPrintout:
    """A printout with the given client and sections."""
    return InterviewPrintout(
        municipality="Mikkelin kaupunki",
        unit="Kotoutumispalvelut",
        title="Osaamisen ja kotoutumisen palvelutarpeen arviointi",
        client_name=client_name,
        birth_date=date(1990, 1, 5),
        identity_code=None,
        interview_date=date(2026, 11, 27),
        counsellor_name="Liisa Virtanen",
        counsellor_title="kotoutumisohjaaja",
        place="Mikkeli",
        sections=sections,
        document_id="KOTO-2026-000123",
        form_id="assessment-basic",
        form_version="1",
    )


def pdf_pages(pdf: bytes) -> list[str]:
    """The text pypdf extracts from each page."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_one_page_preview_holds_every_text_in_logical_order() -> None:
    field = PrintField("Nimi omin sanoin", f"Nimeni on {ARABIC}")
    doc = make_doc(ARABIC, (PrintSection("Tavoite", (field,)),))
    preview = interview_preview(doc)
    assert preview.pages == 1 == len(pdf_pages(preview.pdf))
    texts = preview.page_texts[0]
    assert texts[:3] == ["Mikkelin kaupunki", "Kotoutumispalvelut", doc.title]
    assert ARABIC in texts  # as typed, not the visual order on paper
    assert f"Nimeni on {ARABIC}" in texts
    fi = translation("fi")
    assert texts.index(fi.gettext("Client")) < texts.index(ARABIC)
    signatures = texts.index(fi.gettext("Signatures"))
    assert texts[signatures:].count("Mikkeli, 27.11.2026") == 2
    assert texts[-1] == "Liisa Virtanen, kotoutumisohjaaja"
    assert preview.unrenderable == []


def test_the_hook_does_not_change_the_pdf() -> None:
    doc = make_doc(sections=(PrintSection("S", (PrintField("L", "V"),)),))
    assert render_interview(doc, on_text=PageRecorder()) == render_interview(doc)


def test_texts_land_on_the_pages_they_are_printed_on() -> None:
    fields = tuple(
        PrintField(f"Kysymys {index}", f"{'Asiakas opiskelee suomea. ' * 25}Vastaus {index}.")
        for index in range(14)
    )
    preview = interview_preview(make_doc(sections=(PrintSection("Koulutus", fields),)))
    printed = pdf_pages(preview.pdf)
    assert preview.pages == len(printed) >= 3
    assert len(preview.page_texts) == preview.pages
    for index in range(14):
        on_pages = [number for number, texts in enumerate(preview.page_texts) if f"Kysymys {index}" in texts]
        assert len(on_pages) == 1
        assert f"Kysymys {index}" in printed[on_pages[0]]
    assert translation("fi").gettext("Signatures") in preview.page_texts[-1]


def test_a_paragraph_split_over_pages_keeps_its_logical_text() -> None:
    fields = (PrintField("Tausta", "Lyhyt vastaus."),) * 20 + (
        PrintField("Thai", THAI),
        PrintField("Persia", PERSIAN),
    )
    preview = interview_preview(make_doc(sections=(PrintSection("Kielet", fields),)))
    assert preview.pages >= 2
    lines = [text for texts in preview.page_texts for text in texts]
    thai = [text for text in lines if "ฉัน" in text]
    persian = [text for text in lines if "فنلاند" in text]
    assert " ".join(thai) == THAI
    assert " ".join(persian) == PERSIAN
    assert not any("\ue000" <= char <= "\uf8ff" for text in lines for char in text)  # no shaped glyph codes


def test_unrenderable_characters_are_reported_with_their_names() -> None:
    texts = {"Nimi": "王 Olena \U0010fffd 王", "Huomio": "Kaikki hyvin \x1b[31m", "Tyhjä": ""}
    assert unrenderable(texts) == [
        Unrenderable("Nimi", ("王", "\U0010fffd"), ("U+738B CJK UNIFIED IDEOGRAPH-738B", "U+10FFFD")),
    ]


def test_interview_preview_reports_fields_by_their_labels() -> None:
    set_language("en")
    fields = (PrintField("Kotikaupunki", "北京"), PrintField("Ikä", "40"))
    doc = make_doc("王小明", (PrintSection("Tausta", fields),))
    preview = interview_preview(doc)
    assert [(item.label, item.characters) for item in preview.unrenderable] == [
        ("Client", ("王", "小", "明")),
        ("Tausta › Kotikaupunki", ("北", "京")),
    ]
    assert "\ufffd\ufffd\ufffd" in preview.page_texts[0]  # what the paper shows instead of boxes


def test_interview_texts_have_unique_labels() -> None:
    section = PrintSection("Kieli", (PrintField("Taso", "A1"), PrintField("Taso", "B1")))
    texts = interview_texts(make_doc(sections=(section, section)))
    assert texts["Kieli › Taso"] == "Taso\nA1"
    assert texts["Kieli › Taso (2)"] == "Taso\nB1"
    assert texts["Kieli › Taso (3)"] == "Taso\nA1"
    assert texts["Kieli (2)"] == "Kieli"


def test_logical_texts_read_tables_and_containers() -> None:
    body = _styles()["body"]
    table = Table([[text_flowables("Asiakas", body), text_flowables(ARABIC, body)], ["", Spacer(1, 1)]])
    group = KeepTogether([Paragraph("Otsikko", body), table])
    assert logical_texts(group) == ["Otsikko", "Asiakas", ARABIC]
    assert logical_texts(Spacer(1, 1)) == []


def test_build_preview_works_for_any_printout() -> None:
    def render(hook: object) -> bytes:
        assert callable(hook)
        hook(1, "Ensimmäinen\n\nrivi")
        hook(2, "")
        hook(3, "Viimeinen")
        return b"%PDF-fake"

    preview = build_preview(render, {"Otsikko": "ok"})
    assert preview.pages == 3
    assert preview.page_texts == [["Ensimmäinen", "rivi"], [], ["Viimeinen"]]
    assert preview.pdf == b"%PDF-fake"
    assert "%PDF" not in repr(preview)


def test_watch_pages_keeps_the_templates_own_hook() -> None:
    seen: list[str] = []

    class Template(SimpleDocTemplate):  # type: ignore[misc]
        def afterFlowable(self, flowable: object) -> None:
            seen.append(type(flowable).__name__)

    template = Template(io.BytesIO())
    recorder = PageRecorder()
    watch_pages(template, recorder)
    template.build([Paragraph("Yksi", _styles()["body"]), PageBreak(), Paragraph("Kaksi", _styles()["body"])])
    assert "Paragraph" in seen
    assert recorder.page_texts() == [["Yksi"], ["Kaksi"]]
    watch_pages(template, None)  # no hook: nothing changes
