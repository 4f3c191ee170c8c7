"""The fixed texts in the client's language: every catalogue complete and compiled, and on the paper."""

from __future__ import annotations

import io
import string
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from pypdf import PdfReader

from koto_tui.i18n import LOCALE_DIR
from koto_tui.model import ClientData, Profile
from koto_tui.plan_printing import print_plan
from koto_tui.plans import PlanContent
from koto_tui.printing.paper import PAPER_DOMAIN, Paper, paper_for, paper_languages, second_language
from koto_tui.store import DataPaths, Store

POT = LOCALE_DIR.parent / "paper.pot"
LANGUAGES = paper_languages()


def _catalog(path: Path, lang: str):
    with path.open("rb") as handle:
        return read_po(handle, locale="fa" if lang == "prs" else lang)


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_the_client_languages_have_paper_catalogues() -> None:
    assert {
        "en",
        "ru",
        "uk",
        "et",
        "fa",
        "prs",
        "ar",
        "vi",
        "th",
        "am",
        "ti",
        "bn",
        "hi",
        "hy",
        "km",
        "so",
    } <= set(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_fixed_text_is_translated_with_its_placeholders(lang: str) -> None:
    with POT.open("rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    catalog = _catalog(LOCALE_DIR / lang / "LC_MESSAGES" / f"{PAPER_DOMAIN}.po", lang)
    problems = []
    for msgid in sorted(wanted):
        message = catalog.get(msgid)
        if message is None or not message.string:
            problems.append(f"missing: {msgid!r}")
        elif _fields(message.string) != _fields(msgid):
            problems.append(f"placeholders differ: {msgid!r} -> {message.string!r}")
    assert problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_paper_catalogue_is_not_stale(lang: str) -> None:
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    buffer = io.BytesIO()
    write_mo(buffer, _catalog(folder / f"{PAPER_DOMAIN}.po", lang))
    assert (folder / f"{PAPER_DOMAIN}.mo").read_bytes() == buffer.getvalue(), "run `make i18n`"


def test_which_language_goes_on_paper() -> None:
    assert paper_for("fi").language is None
    assert paper_for("sv").language == "sv" and Paper("sv").both("Client") == ("Asiakas", "Klient")
    assert paper_for("").language is None and paper_for("xx").language is None
    assert paper_for("ru").language == "ru"
    assert (
        second_language(ClientData("A", "B", None, communication_language="fi", native_language="et")) is None
    )
    assert second_language(ClientData("A", "B", None, native_language="prs")) == "prs"
    assert (
        second_language(ClientData("A", "B", None, interpreter_language="am", native_language="ti")) == "am"
    )
    first, second = Paper("ru").both("Client")
    assert first == "Asiakas" and second and second != "Client"


def _words(path: Path) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return unicodedata.normalize("NFKC", text).replace("\n", " ")


@pytest.mark.parametrize("lang", ["ru", "uk", "vi", "am", "sv"])
def test_the_plan_prints_the_fixed_texts_in_both_languages(tmp_path: Path, lang: str) -> None:
    store = Store.create(
        DataPaths(tmp_path / "data"),
        Profile("Maija", "ohjaaja", "Mikkeli", "Koto", "Mikkeli"),
        "maijan-salasana",
    )
    cid = store.clients.add(ClientData("Virtanen", "Aino", date(1990, 1, 1), communication_language=lang))
    plan_id = store.plans.create(cid, None, PlanContent(start=date(2026, 12, 1), end=date(2027, 11, 30)))
    text = _words(print_plan(store, plan_id, out=tmp_path / "p.pdf"))
    paper = Paper(lang)
    for msgid in ("Client", "Your rights and obligations", "DRAFT – NOT FOR SIGNATURE"):  # not approved
        first, second = paper.both(msgid)
        assert first in text
        assert second is not None
        assert unicodedata.normalize("NFKC", second).split()[0] in text, (msgid, second)
    assert "käännösluonnos" in text  # the draft note in Finnish (and in the client's language)


def test_a_finnish_speaking_client_gets_finnish_only(tmp_path: Path) -> None:
    store = Store.create(
        DataPaths(tmp_path / "data"),
        Profile("Maija", "ohjaaja", "Mikkeli", "Koto", "Mikkeli"),
        "maijan-salasana",
    )
    cid = store.clients.add(
        ClientData("Tamm", "Mari", date(1990, 1, 1), communication_language="fi", native_language="et")
    )
    plan_id = store.plans.create(cid, None, PlanContent(start=date(2026, 12, 1), end=date(2027, 11, 30)))
    text = _words(print_plan(store, plan_id, out=tmp_path / "p.pdf"))
    assert "Asiakas" in text and "käännösluonnos" not in text and "Klient" not in text


def test_the_assessment_prints_the_forms_translation_and_the_fixed_texts(tmp_path: Path) -> None:
    from koto_tui.engine.translations import translation_for
    from koto_tui.resources import forms_dir
    from koto_tui.workflow import PrintRequest, form_of, print_interview, register_shipped_forms

    store = Store.create(
        DataPaths(tmp_path / "data"),
        Profile("Maija", "ohjaaja", "Mikkeli", "Koto", "Mikkeli"),
        "maijan-salasana",
    )
    register_shipped_forms(store)
    cid = store.clients.add(ClientData("Коваленко", "Олена", date(1985, 3, 14), communication_language="uk"))
    interview = store.interviews.start(cid, "assessment", "1", store.profile())
    store.interviews.save_answer(interview.id, "interview_language", "ukraina")
    text = _words(print_interview(store, PrintRequest(interview.id, tmp_path / "a.pdf")))
    form = form_of(store, interview)
    second = translation_for(form, forms_dir() / "translations", "uk")
    assert second is not None
    assert unicodedata.normalize("NFKC", second.title).split()[0] in text
    question = form.question("interview_language")
    label = second.label(question)
    assert label is not None and unicodedata.normalize("NFKC", label).split()[0] in text
    assert Paper("uk").both("DRAFT – NOT FOR SIGNATURE")[1] in text  # not finalised: a draft
    assert "käännösluonnos" in text


def test_the_handouts_draft_note_is_in_finnish_and_in_the_handouts_language(tmp_path: Path) -> None:
    from koto_tui.printing.handout import Handout, render_handout

    def text(lang: str, draft: bool) -> str:
        out = tmp_path / f"{lang}.pdf"
        out.write_bytes(
            render_handout(Handout("Mikkelin kaupunki", "Koto", lang, "Otsikko", ("Kappale.",), draft))
        )
        return _words(out)

    russian = text("ru", draft=True)
    assert "käännösluonnos" in russian
    assert (
        unicodedata.normalize(
            "NFKC",
            Paper("ru").in_second(
                "The texts in {language} are a draft translation, not yet checked by a qualified translator.",
                language="русский",
            )
            or "",
        ).split()[0]
        in russian
    )
    assert "käännösluonnos" not in text("ru", draft=False)
    assert "LUONNOS" in text("xx", draft=True).upper()  # a language without paper texts: the Finnish note
