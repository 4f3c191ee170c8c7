"""The responsibility table: the shipped Mikkeli file, strict loading, and routing by jobseeker status."""

from __future__ import annotations

from pathlib import Path

import pytest

from koto_tui.resources import data_dir
from koto_tui.rules.responsibility import (
    LANGUAGES,
    ResponsibilityFileError,
    ResponsibilityTable,
    load_responsibility,
    partners_for,
    responsible_for,
)

# The rows of the "Vastuutaulukko" at the end of the Mikkeli integration programme (4.12.2024).
DOCUMENT_ROWS = [
    "Osaamisen ja kotoutumisen palvelutarpeen arviointi",
    "Monialaisen osaamisen ja kotoutumisen palvelutarpeen arviointi",
    "Monikielinen yhteiskuntaorientaatio",
    "Kotoutumissuunnitelma",
    "Kotoutumisohjelman aikainen ohjaus ja neuvonta",
    "Kunnan kotoutumisohjelman seuranta ja päivittäminen",
]

GOOD = """\
source: test
parties:
  employment_services: {fi: Työllisyyspalvelut, sv: Sysselsättningstjänster, en: Employment services}
  municipality_integration: {fi: Kotoutumispalvelut, sv: Integrationstjänster, en: Integration services}
services:
  - id: assessment
    names: {fi: Arviointi, sv: Bedömning, en: Assessment}
    jobseekers: employment_services
    others: municipality_integration
"""


@pytest.fixture(scope="module")
def shipped() -> ResponsibilityTable:
    return load_responsibility()


def test_the_shipped_file_is_the_default(shipped: ResponsibilityTable) -> None:
    assert shipped == load_responsibility(data_dir() / "responsibility.yaml")
    assert "4.12.2024" in shipped.source


def test_the_shipped_file_has_every_row_of_the_document(shipped: ResponsibilityTable) -> None:
    assert [service.names["fi"] for service in shipped.services] == DOCUMENT_ROWS


def test_the_shipped_file_names_both_parties_in_three_languages(shipped: ResponsibilityTable) -> None:
    for service in shipped.services:
        assert service.jobseekers in shipped.parties and service.others in shipped.parties, service.id
        assert all(service.names[lang] for lang in LANGUAGES), service.id
    for party in shipped.parties.values():
        assert all(party.names[lang] for lang in LANGUAGES), party.id


@pytest.mark.parametrize(("fi_name", "jobseekers", "others"), [
    ("Osaamisen ja kotoutumisen palvelutarpeen arviointi", "Mikkelin seudun työllisyyspalvelut",
     "Mikkelin kaupungin kotoutumispalvelut"),
    ("Kotoutumissuunnitelma", "Mikkelin seudun työllisyyspalvelut", "Mikkelin kaupungin kotoutumispalvelut"),
    ("Monikielinen yhteiskuntaorientaatio", "Mikkelin seudun työllisyyspalvelut",
     "Mikkelin kaupungin kotoutumispalvelut"),
])
def test_known_rows(shipped: ResponsibilityTable, fi_name: str, jobseekers: str, others: str) -> None:
    service = next(s for s in shipped.services if s.names["fi"] == fi_name)
    assert shipped.parties[service.jobseekers].names["fi"] == jobseekers
    assert shipped.parties[service.others].names["fi"] == others


def test_partners_as_the_document_names_them(shipped: ResponsibilityTable) -> None:
    by_id = {service.id: service for service in shipped.services}
    multi = by_id["multiagency_assessment"]
    assert multi.jobseekers_with_if_needed and not multi.others_with_if_needed
    assert [p.names["fi"] for p in partners_for(shipped, multi, jobseeker=False)] == [
        "Etelä-Savon hyvinvointialue"]
    orientation = partners_for(shipped, by_id["civic_orientation"], jobseeker=False)
    assert [p.names["fi"] for p in orientation] == ["Liikelaitos Otavia", "Mikkelin kansalaisopisto"]


@pytest.mark.parametrize(("jobseeker", "party"), [
    (True, "employment_services"), (False, "municipality_integration"), (None, None)])
def test_responsible_for(shipped: ResponsibilityTable, jobseeker: bool | None, party: str | None) -> None:
    rows = responsible_for(shipped, jobseeker)
    assert [service for service, _party in rows] == list(shipped.services)
    assert {None if p is None else p.id for _service, p in rows} == {party}


# --- broken files -----------------------------------------------------------------------------------


def broken(tmp_path: Path, text: str) -> str:
    path = tmp_path / "responsibility.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ResponsibilityFileError) as caught:
        load_responsibility(path)
    message = str(caught.value)
    assert str(path) in message
    return message


def test_the_good_example_loads(tmp_path: Path) -> None:
    path = tmp_path / "responsibility.yaml"
    path.write_text(GOOD, encoding="utf-8")
    table = load_responsibility(path)
    assert [(s.id, s.jobseekers, s.others, s.jobseekers_with) for s in table.services] == [
        ("assessment", "employment_services", "municipality_integration", ())]


SERVICE = "'assessment'"  # how a problem names the service entry


@pytest.mark.parametrize(("old", "new", "expected"), [
    # an unknown key, with a did-you-mean
    ("    jobseekers: employment_services", "    jobseeker: employment_services",
     [SERVICE, "'jobseeker'", "'jobseekers'"]),
    # an unknown party id, with the closest party suggested
    ("    others: municipality_integration", "    others: municipality_integraton",
     [SERVICE, "'municipality_integraton'", "'municipality_integration'"]),
    # a missing key, with an example of it
    ("    others: municipality_integration\n", "", [SERVICE, "'others'", "others: municipality_integration"]),
    # a party without its Swedish name
    (" sv: Integrationstjänster,", "", ["'municipality_integration'", "'sv'", "sv: …"]),
    # a partner that is not a party
    ("    others: municipality_integration", "    others: municipality_integration\n    others_with: [hva]",
     [SERVICE, "'hva'", "others_with", "municipality_integration"]),
    # a flag that is not true/false
    ("    others: municipality_integration", "    others: municipality_integration\n"
     "    others_with_if_needed: sometimes", [SERVICE, "others_with_if_needed"]),
    # two parties where one is expected
    ("    jobseekers: employment_services", "    jobseekers: [employment_services, municipality_integration]",
     [SERVICE, "jobseekers_with"]),
])
def test_broken_service_names_file_entry_and_fix(tmp_path: Path, old: str, new: str,
                                                 expected: list[str]) -> None:
    assert old in GOOD
    message = broken(tmp_path, GOOD.replace(old, new))
    for text in expected:
        assert text in message


def test_duplicate_service_id(tmp_path: Path) -> None:
    service = GOOD[GOOD.index("  - id"):]
    assert "'assessment'" in broken(tmp_path, GOOD + service)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("jobseekers:", "jobsekers:").replace("others: municipality_integration", "others: x")
    message = broken(tmp_path, text)
    assert len(message.splitlines()) == 3          # unknown key, missing key, unknown party
    assert "'jobseekers'" in message and "'x'" in message


def test_missing_parties_are_reported_once(tmp_path: Path) -> None:
    message = broken(tmp_path, GOOD.replace("parties:", "partys:"))
    assert len(message.splitlines()) == 2          # unknown key 'partys', missing key 'parties'


@pytest.mark.parametrize(("text", "expected"), [
    ("", []),
    ("- a list\n", []),
    ("source: [unclosed\n", []),
    (GOOD.replace("source: test", "sauce: test"), ["'sauce'", "'source'"]),
    (GOOD.replace("source: test\n", ""), ["'source'"]),
    (GOOD[:GOOD.index("services:")] + "services: []\n", ["services"]),
    (GOOD.replace("parties:", "partys:"), ["'partys'", "'parties'"]),
    (GOOD.replace("source: test", "source: ''"), ["source"]),
])
def test_broken_file_shape(tmp_path: Path, text: str, expected: list[str]) -> None:
    message = broken(tmp_path, text)
    for part in expected:
        assert part in message


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ResponsibilityFileError, match=r"nowhere\.yaml"):
        load_responsibility(tmp_path / "nowhere.yaml")


def test_the_error_is_a_value_error() -> None:
    assert issubclass(ResponsibilityFileError, ValueError)
