"""The access report on paper holds every kind of record its JSON holds (GDPR art. 15: all of it).

The test walks the gathered report, finds every kind of record in it (a list of rows, by its place in the
JSON) and looks, on the PDF's text layer as poppler reads it, for the heading each kind is printed under.
A kind that is in the JSON but has no place named here fails the test: a table added later with a
``client_id`` column cannot be left off the paper unnoticed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from koto_tui import access_report, document_ids
from koto_tui.access_printout import build_access_printout
from koto_tui.config import use_config_dir
from koto_tui.demo import DEMO_COORDINATOR_PASSPHRASE, DEMO_PASSPHRASE, demo_paths
from koto_tui.exchange.export import ExportRequest, mark_entered, run_export
from koto_tui.exchange.settings import RETENTION
from koto_tui.i18n import format_short_date, translation
from koto_tui.model import Consent
from koto_tui.municipality import shipped_municipality
from koto_tui.plan_printing import print_plan
from koto_tui.printing.access import render_access
from koto_tui.store import DataPaths, Store
from koto_tui.store.exchange import Exchange, ImportConflict
from koto_tui.store.restriction import Restrictions
from koto_tui.store.worklist import Meeting
from koto_tui.workflow import PrintRequest, print_interview
from tests.unit.printing.test_document_language import _write_town
from tests.unit.printing.test_text_layer import pdftotext

CLIENT = 1  # Коваленко Олена: a finalised assessment with interpreting, consents and an approved plan
#: Printed as the assessment's own printout prints it: its document id is looked for (and its answers by
#: test_access_report.test_the_pdf_holds_the_answers_and_making_it_is_logged).
OWN_PRINTOUT = "(the assessment's own printout)"
#: Where each kind of record in the report's JSON is printed: the heading (msgid) it stands under on paper.
PLACES = {
    "client": "Personal data",
    "assessments": OWN_PRINTOUT,
    "assessments/answers": OWN_PRINTOUT,
    "assessments/interview_results": "Responsibility and time limits (KotoL 681/2023 § 14)",
    "assessments/amendments": "Versions and corrections",
    "assessments/interpreter_sessions": "Interpreting",
    "assessments/participants": "Participants",
    "assessments/prints": "Disclosures and printouts",
    "assessments/plans": "Integration plan",
    "plans": "Integration plan",
    "plans/plan_versions": "Integration plan",
    "plans/plan_events": "Handling of the plan",
    "plans/plan_reviews": "Review of the plan",
    "plans/plan_prints": "Disclosures and printouts",
    "consents": "Consents to sharing (KotoL 681/2023 § 9)",
    "next_meetings": "Next meeting",
    "other_records/restrictions": "Restriction of processing (GDPR art. 18)",
    "other_records/import_conflicts": "Data received from another computer and not taken over",
    "record_ids": "Identifiers of your records in transfers",
    "disclosures": "Disclosures and printouts",
    "disclosures/records_of_client": "Disclosures and printouts",
    "koto_aj_entries": "Entered into the national system KOTO-AJ",
    "rectifications": "Versions and corrections",
    "handling": "Who has handled your data",
    "processing": "How your data is processed",
    "made_by": "Made by",
}
#: What the JSON says about the report itself: its format, when it was made (the date on every page), the
#: municipality and unit (the letterhead) and the software, and the staff-names setting.
ABOUT_THE_REPORT = frozenset({"format", "format_version", "made_at", "source", "user_names"})


@pytest.fixture(params=["fi", "sv"])
def store(request: pytest.FixtureRequest, seeded_demo: Path, tmp_path: Path) -> Iterator[Store]:
    """The demo in a municipality whose documents are in Finnish or Swedish, with every kind of record for
    client 1: a meeting, prints, an export entered into KOTO-AJ, an amendment, an import's conflict, a
    plan review, the plan's end and a restriction set and lifted."""
    _write_town(tmp_path / "config", document_language=request.param)
    use_config_dir(tmp_path / "config")
    shipped_municipality.cache_clear()
    root = tmp_path / "data"
    shutil.copytree(seeded_demo, root)
    opened = Store.unlock(demo_paths(DataPaths(root)), DEMO_PASSPHRASE)
    interview = opened.interviews.for_client(CLIENT)[0]
    plan = opened.plans.for_client(CLIENT)[0]
    opened.worklist.set_meeting(CLIENT, Meeting(date(2026, 12, 3), "10.00", "Maaherrankatu 9", "", "BK-4711"))
    print_interview(opened, PrintRequest(interview.id))
    print_plan(opened, plan.id, out=tmp_path / "plan.pdf")
    result = run_export(opened, ExportRequest(client_id=CLIENT))
    opened.set_setting(RETENTION, "keep")
    mark_entered(opened, result.records[0].uid, date(2026, 11, 27))
    opened.interviews.lifecycle.amend(interview.id, "Päivämäärä korjattu", "Demo Ohjaaja")
    opened.plans.add_review(plan.id, date(2026, 11, 28), "Asiakas ja ohjaaja", "Kielikurssi alkoi", None)
    opened.plans.end(plan.id, date(2026, 12, 1), "Muutti toiselle paikkakunnalle")
    Exchange(opened.session).record_import("ab" * 32, 0, 0, 0, [
        ImportConflict(CLIENT, "plan", "KOTO-S-2026-000077", "record_changed_here")])
    opened.close()
    opened = Store.unlock(demo_paths(DataPaths(root)), DEMO_COORDINATOR_PASSPHRASE)
    Restrictions(opened.session).restrict(CLIENT, "kiistää tietojen paikkansapitävyyden")
    Restrictions(opened.session).lift(CLIENT, "tiedot tarkistettu")
    yield opened
    opened.close()
    use_config_dir(None)
    shipped_municipality.cache_clear()


def kinds(report: dict[str, Any]) -> dict[str, int]:
    """Every kind of record in *report* by its place in the JSON ("plans/plan_events"), with its rows."""
    found: dict[str, int] = {}

    def rows(path: str, listed: list[dict[str, Any]]) -> None:
        found[path] = found.get(path, 0) + len(listed)
        for row in listed:
            for key, value in row.items():
                if isinstance(value, list) and key not in access_report.JSON_COLUMNS:
                    rows(f"{path}/{key}", value)

    for key, value in report.items():
        if key == "other_records":
            for table, listed in value.items():
                rows(f"{key}/{table}", listed)
        elif isinstance(value, list):
            rows(key, value)
        elif key not in ABOUT_THE_REPORT:
            found[key] = 1
    return found


def _paper(store: Store) -> str:
    """The access report's PDF text as poppler reads it, whitespace collapsed."""
    return " ".join(pdftotext(render_access(build_access_printout(store, CLIENT))).split())


def _missing_on_paper(report: dict[str, Any], text: str) -> list[str]:
    """The kinds of record in *report* with rows whose place is not named here or not found on paper."""
    lang = shipped_municipality().document_language
    missing = []
    for kind, count in kinds(report).items():
        place = PLACES.get(kind)
        if place is None:
            missing.append(f"{kind}: no place on paper")
        elif count and place == OWN_PRINTOUT:
            ids = [document_ids.assessment(str(a["interview_date"]), int(a["id"]))
                   for a in report["assessments"]]
            missing += [f"{kind}: {i}" for i in ids if i not in text]
        elif count and " ".join(translation(lang).gettext(place).split()) not in text:
            missing.append(f"{kind}: {translation(lang).gettext(place)!r}")
    return missing


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_every_kind_of_record_in_the_json_has_its_place_on_paper(store: Store) -> None:
    report = access_report.gather(store, CLIENT)
    found = kinds(report)
    assert [kind for kind in PLACES if not found.get(kind)] == []  # every kind has rows: the check is real
    text = _paper(store)
    assert _missing_on_paper(report, text) == []
    for value in ("Maaherrankatu 9", "BK-4711", "KOTO-S-2026-000077", "kiistää tietojen paikkansapitävyyden",
                  "tiedot tarkistettu", "Kielikurssi alkoi", report["koto_aj_entries"][0]["uid"]):
        assert value in text
    lang = shipped_municipality().document_language
    for client_detail in ("Temporary identity code", "Needs an interpreter", "Last changed"):  # the client's
        assert translation(lang).gettext(client_detail) in text, client_detail  # coded details, and changes
    content = report["plans"][0]["plan_versions"][0]["content"]  # the plan's period and review date
    period, review = (format_short_date(date.fromisoformat(content[key]), lang)
                      for key in ("start", "review_date"))
    assert f"{period} – " in text and review in text
    for action in ("processing restricted", "restriction lifted"):  # the handling names them, not their codes
        assert translation(lang).gettext(action) in text
    assert "lift_restriction" not in text
    assert translation(lang).gettext("being amended") in text  # the assessment's own details
    assert "Muutti toiselle paikkakunnalle" in text  # the plan's own details: why it ended
    assert f"{report['made_by']['name']}, {report['made_by']['title']}" in text
    by = translation(lang).gettext("integration counsellor")  # who exported and who printed (by role)
    assert f"{translation(lang).gettext('exported')} · {by}" in text
    assert f"{translation(lang).gettext('printed')} · {by}" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_a_table_added_later_prints_under_its_own_name_and_fails_the_walk(store: Store) -> None:
    with store.session.transaction() as db:  # what a later migration would add
        db.execute("CREATE TABLE later_records (id INTEGER PRIMARY KEY, client_id INTEGER, note TEXT)")
        db.execute("INSERT INTO later_records (client_id, note) VALUES (?, ?)",
                   [CLIENT, "uusi <b>merkintä</b>"])
        db.execute("ALTER TABLE clients ADD COLUMN later_detail TEXT")
        db.execute("UPDATE clients SET later_detail = 'lisätieto & muu' WHERE id = ?", [CLIENT])
    report = access_report.gather(store, CLIENT)
    text = _paper(store)
    assert _missing_on_paper(report, text) == ["other_records/later_records: no place on paper"]
    assert "later_records note uusi <b>merkintä</b>" in text
    assert "later_detail lisätieto & muu" in text  # a column added to the client's details, too


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_consents_print_when_no_assessment_carries_them(store: Store) -> None:
    client = 4  # ใจดี สมใจ: no assessment, no plan (an imported client's consents, or an assessment purged)
    store.record.add_consent(Consent(0, client, "employment_services", False, date(2026, 11, 20), "signed",
                                     "Työnhaku (uniikki)", None))
    report = access_report.gather(store, client)
    assert report["consents"] and not report["assessments"]
    text = " ".join(pdftotext(render_access(build_access_printout(store, client))).split())
    assert _missing_on_paper(report, text) == []
    assert "Työnhaku (uniikki)" in text
