"""A Swedish-language municipality's printouts: fixed texts, form labels, dates and header in Swedish."""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from pypdf import PdfReader

from koto_tui.config import use_config_dir
from koto_tui.i18n import LOCALE_DIR
from koto_tui.model import ClientData, Profile
from koto_tui.municipality import MunicipalityFileError, load_municipality, shipped_municipality
from koto_tui.plan_printing import print_plan
from koto_tui.plans import PlanContent
from koto_tui.printing.paper import Paper, paper_for, second_language
from koto_tui.resources import data_dir
from koto_tui.store import DataPaths, Store

SV_BASIS = "OffentlighetsL (621/1999) 24 § 1 mom. 25 och 32 p."
#: Finnish fixed texts of the plan and the assessment, none of which may print in a Swedish municipality.
FINNISH = ("Asiakas", "Kotoutumissuunnitelma", "SALASSA PIDETTÄVÄ", "sivu 1", "Tavoitteet",
           "Allekirjoitukset", "LUONNOS", "Oikeutesi ja velvollisuutesi", "joulukuuta",
           "Kotoutumisohjaaja", "Haastattelupäivä")


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_every_paper_text_has_its_swedish_ui_translation() -> None:
    with (LOCALE_DIR.parent / "paper.pot").open("rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    with (LOCALE_DIR / "sv" / "LC_MESSAGES" / "koto.po").open("rb") as handle:
        catalog = read_po(handle, locale="sv")
    problems = []
    for msgid in sorted(wanted):
        message = catalog.get(msgid)
        if message is None or not message.string:
            problems.append(f"missing in sv/koto.po: {msgid!r}")
        elif _fields(message.string) != _fields(msgid):
            problems.append(f"placeholders differ: {msgid!r}")
    assert problems == []


def _write_town(folder: Path, **changes: str) -> Path:
    raw = yaml.safe_load((data_dir() / "municipality.yaml").read_text(encoding="utf-8"))
    raw.update(changes)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "municipality.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_the_document_language_is_finnish_unless_the_data_says_otherwise(tmp_path: Path) -> None:
    assert load_municipality().document_language == "fi"
    assert load_municipality(_write_town(tmp_path / "sv", document_language="sv")).document_language == "sv"
    with pytest.raises(MunicipalityFileError, match="document_language must be one of"):
        load_municipality(_write_town(tmp_path / "en", document_language="en"))


@pytest.fixture
def swedish_town(tmp_path: Path) -> Iterator[None]:
    """The municipality's own data file says its documents are in Swedish."""
    _write_town(tmp_path / "config", name="Vasa stad", place="Vasa", document_language="sv",
                confidentiality=SV_BASIS)
    use_config_dir(tmp_path / "config")
    shipped_municipality.cache_clear()
    yield
    use_config_dir(None)
    shipped_municipality.cache_clear()


def _store(tmp_path: Path) -> Store:
    return Store.create(DataPaths(tmp_path / "data"), Profile("Maja", "integrationshandledare", "Vasa stad",
                                                             "Integration", "Vasa"), "majas-losenord")


def _words(path: Path) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return unicodedata.normalize("NFKC", text).replace("\n", " ")


def _plan_text(tmp_path: Path, language: str) -> str:
    store = _store(tmp_path)
    cid = store.clients.add(ClientData("Virtanen", "Aino", date(1990, 1, 1), communication_language=language))
    plan_id = store.plans.create(cid, None, PlanContent(start=date(2026, 12, 3), end=date(2027, 11, 30)))
    return _words(print_plan(store, plan_id, out=tmp_path / "p.pdf"))


@pytest.mark.usefixtures("swedish_town")
def test_a_swedish_municipalitys_plan_is_in_swedish(tmp_path: Path) -> None:
    text = _plan_text(tmp_path, "sv")
    for swedish in ("Integrationsplan", "Klient", "SEKRETESSBELAGD", SV_BASIS, "sida 1 (", "UTKAST",
                    "3.12.2026", "30.11.2027"):
        assert swedish in text, swedish
    assert [word for word in FINNISH if word in text] == []


@pytest.mark.usefixtures("swedish_town")
def test_a_finnish_speaking_client_gets_finnish_under_the_swedish(tmp_path: Path) -> None:
    text = _plan_text(tmp_path, "fi")
    assert "Klient" in text and "Asiakas" in text
    assert text.index("Klient") < text.index("Asiakas")
    assert "översättningsutkast" not in text and "käännösluonnos" not in text  # Finnish is no draft


@pytest.mark.usefixtures("swedish_town")
def test_a_finnish_speaking_clients_assessment_has_finnish_labels_under_the_swedish(tmp_path: Path) -> None:
    text = _assessment_text(tmp_path, "fi")
    assert "Intervjuns språk Haastattelun kieli" in text
    assert "Klientens hem" in text and "Asiakkaan koti" not in text  # answers are in the document language


@pytest.mark.usefixtures("swedish_town")
def test_a_russian_speaking_client_gets_russian_under_the_swedish(tmp_path: Path) -> None:
    text = _plan_text(tmp_path, "ru")
    russian = Paper("ru", "sv").both("Client")
    assert russian[0] == "Klient" and russian[1] and russian[1] in text
    assert "Asiakas" not in text


def _assessment_text(tmp_path: Path, language: str) -> str:
    from koto_tui.workflow import PrintRequest, print_interview, register_shipped_forms

    store = _store(tmp_path)
    register_shipped_forms(store)
    cid = store.clients.add(ClientData("Lind", "Emma", date(1985, 3, 14), communication_language=language))
    interview = store.interviews.start(cid, "assessment", "1", store.profile())
    store.interviews.save_answer(interview.id, "interview_language", "svenska")
    store.interviews.save_answer(interview.id, "interview_place", "home")
    store.interviews.save_answer(interview.id, "registered_jobseeker", False)
    return _words(print_interview(store, PrintRequest(interview.id, tmp_path / "a.pdf")))


@pytest.mark.usefixtures("swedish_town")
def test_a_swedish_municipalitys_assessment_is_in_swedish(tmp_path: Path) -> None:
    text = _assessment_text(tmp_path, "sv")
    assert "Bedömning av kompetens" in text and "Osaamisen" not in text  # the form's title
    assert "Intervjuns språk" in text and "Haastattelun kieli" not in text  # a question's label
    assert "Klientens hem" in text and "Asiakkaan koti" not in text  # a choice
    assert "arbetssökande? Nej" in text and " Ei " not in text  # a yes/no answer
    for swedish in ("Klient", "SEKRETESSBELAGD", "sida 1 (", "UTKAST"):
        assert swedish in text, swedish
    assert [word for word in FINNISH if word in text] == []


def test_which_language_goes_under_the_swedish() -> None:
    assert paper_for("sv", "sv").language is None and paper_for("fi", "sv").language == "fi"
    assert Paper("fi", "sv").both("Client") == ("Klient", "Asiakas") and not Paper("fi", "sv").draft
    assert second_language(ClientData("A", "B", None, communication_language="sv"), "sv") is None
    assert Paper(None, "sv").main("page {page} ({pages})", page=1, pages=4) == "sida 1 (4)"


@pytest.mark.usefixtures("swedish_town")
def test_a_swedish_municipalitys_access_report_is_in_swedish(seeded_demo: Path, tmp_path: Path) -> None:
    import shutil

    from koto_tui.access_printout import build_access_printout
    from koto_tui.demo import DEMO_PASSPHRASE, demo_paths
    from koto_tui.printing.access import PERSONAL_DATA, TITLE, render_access

    shutil.copytree(seeded_demo, tmp_path / "demo")
    store = Store.unlock(demo_paths(DataPaths(tmp_path / "demo")), DEMO_PASSPHRASE)
    try:
        (tmp_path / "r.pdf").write_bytes(render_access(build_access_printout(store, 1)))
    finally:
        store.close()
    text = _words(tmp_path / "r.pdf")
    swedish, finnish = Paper(None, "sv"), Paper(None)
    for msgid in (TITLE, PERSONAL_DATA):
        assert swedish.main(msgid) in text and finnish.main(msgid) not in text, msgid
    assert "SEKRETESSBELAGD" in text and SV_BASIS in text and "SALASSA PIDETTÄVÄ" not in text


def test_a_swedish_municipalitys_handout_has_its_fixed_texts_in_swedish(tmp_path: Path) -> None:
    from koto_tui.printing.handout import Handout, Privacy, render_handout

    privacy = Privacy("Vasa stad", "", "", "")
    out = tmp_path / "h.pdf"
    out.write_bytes(render_handout(Handout("Vasa stad", "Integration", "ru", "Заголовок", ("Абзац.",), True,
                                           privacy, "Maja Berg", date(2026, 12, 3), "sv")))
    text = _words(out)
    for swedish in ("sida 1 (", "Handledare", "Personuppgiftsansvarig", "översättningsutkast", "3.12.2026"):
        assert swedish in text, swedish
    finnish = ("sivu", "käännösluonnos", *(Paper(None).main(msgid) for msgid in ("Counsellor", "Controller")))
    assert [word for word in finnish if word in text] == []
