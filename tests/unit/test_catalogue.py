"""The service catalogue: the shipped Mikkeli file, filtering for a client, and strict loading."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from koto_tui.catalogue import (
    AREAS,
    LANGUAGES,
    Catalogue,
    CatalogueFileError,
    Service,
    load_catalogue,
)
from koto_tui.i18n import set_language
from koto_tui.resources import data_dir
from koto_tui.rules.responsibility import load_responsibility

# The services, providers' courses and projects the Mikkeli integration programme (4.12.2024) names.
DOCUMENT_SERVICES = [
    "assessment", "integration_plan", "civic_orientation", "integration_training",
    "integration_training_others",
    "literacy_training", "basic_education_adults", "tuva_esedu", "tuva_spesia", "upper_secondary_s2",
    "vocational_esedu", "vocational_spesia", "vocational_paukkula", "entrepreneurship_advice",
    "xamk_higher_education", "sihme", "parents_school_evenings", "international_youth_cafe", "culturalbridge",
    "kokevat", "mimosa", "hoivan_tukipalvelut", "osaajaportti", "parish_language_cafe", "guidance",
]
PROJECT_ENDS = {"culturalbridge": date(2026, 5, 31), "kokevat": date(2026, 1, 31),
                "hoivan_tukipalvelut": date(2026, 3, 31), "osaajaportti": date(2025, 12, 31)}
FAR_FUTURE = date(2100, 1, 1)

GOOD = """\
source: test
providers:
  otavia:
    names: {fi: Otavia, sv: Otavia, en: Otavia}
    contact: {phone: "", email: "", address: "", url: ""}
services:
  - id: literacy_training
    names: {fi: Lukutaito, sv: Läskunnighet, en: Literacy}
    provider: otavia
    area: language
    for: {jobseekers: true, others: false, min_age: 17, max_age: 64}
    responsibility: civic_orientation
    languages: [fi, en]
    mode: contact
    hours: 70
    ends: 2026-05-31
    description: {fi: Kuvaus., sv: Beskrivning., en: Description.}
"""


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return load_catalogue()


# --- the shipped file -------------------------------------------------------------------------------


def test_the_shipped_file_is_the_default(shipped: Catalogue) -> None:
    assert shipped == load_catalogue(data_dir() / "services.yaml")
    assert "4.12.2024" in shipped.source


@pytest.mark.parametrize("ident", DOCUMENT_SERVICES)
def test_the_shipped_file_has_each_service_of_the_document(shipped: Catalogue, ident: str) -> None:
    assert shipped.service(ident).id == ident


@pytest.mark.parametrize(("ident", "fi_name"), [
    ("civic_orientation", "Monikielinen yhteiskuntaorientaatio"),
    ("literacy_training", "Aikuisten luku- ja kirjoitustaidon koulutus"),
    ("international_youth_cafe", "Kansainvälinen nuorten kahvila"),
    ("osaajaportti", "Osaajaportti-hanke"),
])
def test_finnish_names(shipped: Catalogue, ident: str, fi_name: str) -> None:
    assert shipped.service(ident).names["fi"] == fi_name


def test_every_service_and_provider_speaks_three_languages(shipped: Catalogue) -> None:
    for service in shipped.services:
        assert all(service.names[lang] for lang in LANGUAGES), service.id
        assert all(service.description[lang] for lang in LANGUAGES), service.id
        assert service.area in AREAS, service.id
    for provider in shipped.providers.values():
        assert all(provider.names[lang] for lang in LANGUAGES), provider.id


def test_providers_as_the_document_names_them(shipped: Catalogue) -> None:
    assert shipped.service("literacy_training").provider.id == "otavia"
    advice = shipped.service("entrepreneurship_advice")
    assert advice.provider.names["fi"] == "Mikkelin seudun Uusyrityskeskus"
    assert advice.languages == ("fi", "en")
    assert shipped.service("culturalbridge").provider.url == "mikkelinpallokissat.fi"
    colleges = ("esedu", "spesia", "paukkula")
    assert [shipped.service(f"vocational_{name}").provider.id for name in colleges] == list(colleges)


def test_civic_orientation_lasts_at_least_70_hours(shipped: Catalogue) -> None:
    # KotoL 681/2023 § 25: multilingual civic orientation is at least 70 hours.
    orientation = shipped.service("civic_orientation")
    assert orientation.hours is not None and orientation.hours >= 70
    assert orientation.responsibility == "civic_orientation"


def test_responsibility_rows_exist(shipped: Catalogue) -> None:
    rows = {row.id for row in load_responsibility().services}
    referenced = {s.responsibility for s in shipped.services if s.responsibility is not None}
    assert referenced <= rows
    assert {"assessment", "integration_plan", "civic_orientation", "guidance"} <= referenced


@pytest.mark.parametrize(("ident", "last_day"), sorted(PROJECT_ENDS.items()))
def test_a_project_is_offered_until_its_last_day(shipped: Catalogue, ident: str, last_day: date) -> None:
    project = shipped.service(ident)
    assert project.ends == last_day
    assert project.offered(last_day)
    assert not project.offered(date.fromordinal(last_day.toordinal() + 1))
    assert project not in shipped.available(FAR_FUTURE)
    assert project in shipped.available(date(2025, 6, 1))


def test_ongoing_services_never_end(shipped: Catalogue) -> None:
    ongoing = shipped.available(FAR_FUTURE)
    assert len(ongoing) == len(shipped.services) - len(PROJECT_ENDS)
    assert all(service.ends is None for service in ongoing)


def test_the_youth_cafe_is_for_15_to_29(shipped: Catalogue) -> None:
    cafe = shipped.service("international_youth_cafe")
    assert cafe.suits(jobseeker=None, age=20)
    assert not cafe.suits(jobseeker=None, age=40)
    assert cafe.suits(jobseeker=True, age=15) and cafe.suits(jobseeker=False, age=29)
    assert not cafe.suits(jobseeker=None, age=14)
    assert cafe in shipped.available(date(2026, 1, 1), age=20)
    assert cafe not in shipped.available(date(2026, 1, 1), age=40)


def test_jobseeker_filtering(shipped: Catalogue) -> None:
    day = date(2025, 6, 1)
    for_jobseekers = shipped.available(day, jobseeker=True)
    for_others = shipped.available(day, jobseeker=False)
    projects = [shipped.service(i) for i in ("hoivan_tukipalvelut", "osaajaportti", "integration_training")]
    assert all(p in for_jobseekers and p not in for_others for p in projects)
    others_training = shipped.service("integration_training_others")
    assert others_training in for_others and others_training not in for_jobseekers
    assert shipped.service("civic_orientation") in for_jobseekers and shipped.service(
        "civic_orientation") in for_others
    everyone = {s.id for s in for_jobseekers} | {s.id for s in for_others}
    assert {s.id for s in shipped.available(day)} == everyone  # an unknown status rules nothing out


def test_area_filtering(shipped: Catalogue) -> None:
    language = shipped.available(date(2025, 6, 1), area="language")
    assert shipped.service("literacy_training") in language
    assert all(service.area == "language" for service in language)
    with pytest.raises(ValueError, match="languag"):
        shipped.available(date(2025, 6, 1), area="languag")


def test_an_unknown_service_is_a_key_error(shipped: Catalogue) -> None:
    with pytest.raises(KeyError):
        shipped.service("nothing")


def test_suits_without_limits(tmp_path: Path) -> None:
    service = load_good(GOOD.replace("min_age: 17, max_age: 64", "min_age: null, max_age: null"), tmp_path)
    assert service.suits(jobseeker=None, age=None) and service.suits(jobseeker=True, age=99)
    assert not service.suits(jobseeker=False, age=None)


# --- the inline example and broken files -------------------------------------------------------------


def load_good(text: str, tmp_path: Path) -> Service:
    path = tmp_path / "services.yaml"
    path.write_text(text, encoding="utf-8")
    return load_catalogue(path).services[0]


@pytest.fixture
def english() -> None:
    """Problems in English, so the tests can read the fixes."""
    set_language("en")


def broken(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "services.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueFileError) as caught:
        load_catalogue(path)
    lines = str(caught.value).splitlines()
    for line in lines:
        assert line.startswith(f"{path}: ") and " — " in line, line  # file: entry: problem — fix
    return lines


def test_the_good_example_loads(tmp_path: Path) -> None:
    service = load_good(GOOD, tmp_path)
    assert (service.id, service.provider.id, service.area, service.mode) == (
        "literacy_training", "otavia", "language", "contact")
    assert (service.jobseekers, service.others, service.min_age, service.max_age) == (True, False, 17, 64)
    assert (service.languages, service.hours, service.ends) == (("fi", "en"), 70, date(2026, 5, 31))
    assert service.responsibility == "civic_orientation" and service.description["sv"] == "Beskrivning."


def test_a_quoted_iso_date_is_accepted(tmp_path: Path) -> None:
    quoted = GOOD.replace("ends: 2026-05-31", 'ends: "2026-05-31"')
    assert load_good(quoted, tmp_path).ends == date(2026, 5, 31)


SERVICE = "service 'literacy_training'"


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(("old", "new", "expected"), [
    # an unknown key, with a did-you-mean
    ("    provider: otavia", "    provder: otavia",
     [SERVICE, "unknown key 'provder'", "did you mean 'provider'?"]),
    # a missing key (nullable keys are written out too), with an example
    ("    mode: contact\n", "", [SERVICE, "missing required key 'mode'", "add it, e.g. mode: null"]),
    ("    area: language\n", "", [SERVICE, "missing required key 'area'", "area: language"]),
    # an unknown provider id
    ("    provider: otavia", "    provider: otavai", [SERVICE, "'otavai'", "did you mean 'otavia'?"]),
    # unknown area and mode values
    ("    area: language", "    area: langauge", [SERVICE, "'langauge'", "did you mean 'language'?"]),
    ("    mode: contact", "    mode: online", [SERVICE, "'online'", "use one of: contact, hybrid"]),
    # a responsibility id that is not a row of data/responsibility.yaml
    ("    responsibility: civic_orientation", "    responsibility: civic_orientaton",
     [SERVICE, "'civic_orientaton'", "responsibility.yaml", "did you mean 'civic_orientation'?"]),
    # bad dates, numbers and ages
    ("    ends: 2026-05-31", "    ends: 31.5.2026", [SERVICE, "'ends'", "31.5.2026", "YYYY-MM-DD"]),
    ("    hours: 70", "    hours: seventy", [SERVICE, "'hours'", "whole number"]),
    ("min_age: 17, max_age: 64", "min_age: 64, max_age: 17",
     [SERVICE, "'for'", "'min_age' 64 is above 'max_age' 17", "swap"]),
    ("min_age: 17", "min_age: -1", [SERVICE, "'min_age'", "whole number"]),
    ("jobseekers: true", "jobseekers: yes please", [SERVICE, "'jobseekers'", "true or false"]),
    ("jobseekers: true, ", "", [SERVICE, "'for'", "missing required key 'jobseekers'"]),
    # languages
    ("    languages: [fi, en]", "    languages: [fi, eng]", [SERVICE, "'eng'", "did you mean 'en'?"]),
    ("    languages: [fi, en]", "    languages: fi", [SERVICE, "'languages'", "[fi, en]"]),
    # names, descriptions and providers
    (" sv: Läskunnighet,", "", [SERVICE, "'names'", "missing required key 'sv'", "sv: …"]),
    ("en: Description.", "en: ''", [SERVICE, "'description'", "'en' must be non-empty text"]),
    ("names: {fi: Otavia, sv: Otavia, en: Otavia}", "names: {fi: Otavia, en: Otavia}",
     ["provider 'otavia'", "'sv'"]),
    ('url: ""}', 'url: "", fax: ""}', ["provider 'otavia'", "'contact'", "unknown key 'fax'"]),
    ('phone: ""', "phone: 0401234567", ["provider 'otavia'", "'phone' must be text", "quotes"]),
])
def test_broken_entry_names_file_entry_and_fix(tmp_path: Path, old: str, new: str,
                                               expected: list[str]) -> None:
    assert old in GOOD
    message = "\n".join(broken(tmp_path, GOOD.replace(old, new, 1)))
    for text in expected:
        assert text in message


@pytest.mark.usefixtures("english")
def test_duplicate_service_id(tmp_path: Path) -> None:
    lines = broken(tmp_path, GOOD + GOOD[GOOD.index("  - id"):])
    assert lines == [f"{tmp_path / 'services.yaml'}: {SERVICE}: the id is used twice — give each service "
                     "its own id"]


@pytest.mark.usefixtures("english")
def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = (GOOD.replace("provider: otavia", "provider: nobody").replace("area: language", "area: x")
            .replace("mode: contact", "mod: contact").replace("ends: 2026-05-31", "ends: soon"))
    lines = broken(tmp_path, text)
    assert len(lines) == 5  # unknown provider, unknown area, unknown key, missing key, bad date
    for part in ("'nobody'", "'x'", "'mod'", "'mode'", "'soon'"):
        assert any(part in line for line in lines), part


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(("text", "expected"), [
    ("", "the file"),
    ("- a list\n", "the file"),
    ("source: [unclosed\n", "cannot read the file"),
    (GOOD.replace("ends: 2026-05-31", "ends: 2026-02-30"), "a date in the file does not exist"),
    (GOOD.replace("source: test", "sauce: test"), "did you mean 'source'?"),
    (GOOD.replace("source: test\n", ""), "missing required key 'source'"),
    (GOOD[:GOOD.index("services:")] + "services: []\n", "'services' must be a list"),
    (GOOD.replace("providers:", "providrs:"), "did you mean 'providers'?"),
    (GOOD[:GOOD.index("providers:")] + "providers: {}\n" + GOOD[GOOD.index("services:"):],
     "no providers are listed"),
    (GOOD.replace("services:\n  - id", "services:\n  - 5\n  - id"), "service number 1"),
])
def test_broken_file_shape(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in "\n".join(broken(tmp_path, text))


def test_a_missing_provider_section_is_reported_once(tmp_path: Path) -> None:
    lines = broken(tmp_path, GOOD.replace("providers:", "providrs:"))
    assert len(lines) == 2  # unknown key 'providrs', missing key 'providers' (not every service's provider)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogueFileError, match=r"nowhere\.yaml"):
        load_catalogue(tmp_path / "nowhere.yaml")


def test_the_error_is_a_value_error() -> None:
    assert issubclass(CatalogueFileError, ValueError)
