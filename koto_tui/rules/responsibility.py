"""The municipality's responsibility table: per service, who serves jobseekers and who serves the others.

The table is data (``data/responsibility.yaml``, transcribed from the municipal integration programme),
loaded strictly: unknown keys, missing keys and unknown parties are errors naming the file, the entry and
the fix. KotoL 681/2023 § 14 splits the work: the employment authority serves registered jobseekers, the
municipality the other integration clients.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from koto_tui.datafile import Problems, check_keys, mapping, read_yaml, report_duplicates, suggest, text
from koto_tui.i18n import _
from koto_tui.resources import data_file

LANGUAGES = ("fi", "sv", "en")
_TOP_KEYS = {"source": '"Mikkelin kaupungin kotoutumisohjelma 4.12.2024"',
             "parties": "{employment_services: {fi: …, sv: …, en: …}}",
             "services": "[{id: assessment, names: …, jobseekers: …, others: …}]"}
_SERVICE_KEYS = {"id": "assessment", "names": "{fi: …, sv: …, en: …}", "jobseekers": "employment_services",
                 "others": "municipality_integration"}
_SERVICE_OPTIONAL = ("jobseekers_with", "others_with", "jobseekers_with_if_needed", "others_with_if_needed")


class ResponsibilityFileError(ValueError):
    """The responsibility file cannot be read or breaks its rules; each line names file, entry and fix."""


@dataclass(frozen=True)
class Party:
    """An organisation that provides services, named in fi, sv and en."""

    id: str
    names: Mapping[str, str]


@dataclass(frozen=True)
class ServiceResponsibility:
    """One row of the table: a service and the party that provides it to jobseekers and to the others."""

    id: str
    names: Mapping[str, str]
    jobseekers: str
    """The party id that provides the service to registered jobseekers."""
    others: str
    """The party id that provides the service to the other integration clients."""
    jobseekers_with: tuple[str, ...] = ()
    """Other parties named in the jobseekers' cell (partners, or providers through which it is given)."""
    others_with: tuple[str, ...] = ()
    """Other parties named in the others' cell."""
    jobseekers_with_if_needed: bool = False
    """True when the document says the jobseekers' partners join only when needed ("tarv.")."""
    others_with_if_needed: bool = False
    """True when the document says the others' partners join only when needed ("tarv.")."""


@dataclass(frozen=True)
class ResponsibilityTable:
    """Every party and every service of the municipality's table, and the document it comes from."""

    parties: Mapping[str, Party]
    services: tuple[ServiceResponsibility, ...]
    source: str


def _names(value: object, entry: str, problems: Problems) -> dict[str, str]:
    """The fi/sv/en names of a party or a service."""
    raw = mapping(value, entry, problems)
    if raw is None:
        return {}
    check_keys(raw, {lang: "…" for lang in LANGUAGES}, entry, problems)
    return {lang: text(raw.get(lang), lang, entry, problems) for lang in LANGUAGES}


def _parties(value: object, problems: Problems) -> dict[str, Party]:
    """The parties section: party id → names."""
    raw = mapping(value, "parties", problems)
    if raw is None:
        return {}
    parties = {}
    for key, names in raw.items():
        entry = _("party '{id}'").format(id=key)
        parties[str(key)] = Party(str(key), _names(names, entry, problems))
    if not parties:
        problems.add("parties", _("no parties are listed"),
                     _("add at least one party with fi, sv and en names"))
    return parties


def _party_refs(value: object, key: str, entry: str, parties: Mapping[str, Party],
                problems: Problems) -> tuple[str, ...]:
    """The party ids named under *key* (one id, or a list of ids), each checked against the parties."""
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, str) for item in items):
        problems.add(entry, _("'{key}' must be a party id or a list of party ids").format(key=key),
                     suggest("", list(parties)))
        return ()
    for item in items:
        if parties and item not in parties:  # without parties, that problem alone is reported
            problems.add(entry, _("unknown party '{party}' in '{key}'").format(party=item, key=key),
                         suggest(str(item), list(parties)))
    return tuple(str(item) for item in items)


def _flag(value: object, key: str, entry: str, problems: Problems) -> bool:
    """A true/false key that may be left out (false)."""
    if value is None or isinstance(value, bool):
        return bool(value)
    problems.add(entry, _("'{key}' must be true or false").format(key=key),
                 _("write true or false, without quotes"))
    return False


def _service_entry(raw: Mapping[object, object], number: int) -> str:
    """How a problem names the service: by its id, or by its place in the list."""
    ident = raw.get("id")
    if isinstance(ident, str) and ident:
        return _("service '{id}'").format(id=ident)
    return _("service number {number}").format(number=number)


def _one_party(raw: Mapping[object, object], key: str, entry: str, parties: Mapping[str, Party],
               problems: Problems) -> str:
    """The single party id under *key* ("" when it is absent or wrong; the problem is recorded)."""
    if raw.get(key) is None:
        return ""
    refs = _party_refs(raw.get(key), key, entry, parties, problems)
    if len(refs) > 1:
        problems.add(entry, _("'{key}' names one party").format(key=key),
                     _("put the other parties under '{key}_with'").format(key=key))
    return refs[0] if refs else ""


def _service(value: object, number: int, parties: Mapping[str, Party],
             problems: Problems) -> ServiceResponsibility | None:
    """One row of the table, checked; None when it is not a mapping."""
    raw = mapping(value, _("service number {number}").format(number=number), problems)
    if raw is None:
        return None
    entry = _service_entry(raw, number)
    check_keys(raw, _SERVICE_KEYS, entry, problems, optional=_SERVICE_OPTIONAL)
    return ServiceResponsibility(
        id=text(raw.get("id"), "id", entry, problems),
        names=_names(raw.get("names"), entry, problems),
        jobseekers=_one_party(raw, "jobseekers", entry, parties, problems),
        others=_one_party(raw, "others", entry, parties, problems),
        jobseekers_with=_party_refs(raw.get("jobseekers_with") or [], "jobseekers_with", entry, parties,
                                    problems),
        others_with=_party_refs(raw.get("others_with") or [], "others_with", entry, parties, problems),
        jobseekers_with_if_needed=_flag(raw.get("jobseekers_with_if_needed"), "jobseekers_with_if_needed",
                                        entry, problems),
        others_with_if_needed=_flag(raw.get("others_with_if_needed"), "others_with_if_needed", entry,
                                    problems))


def _services(value: object, parties: Mapping[str, Party],
              problems: Problems) -> tuple[ServiceResponsibility, ...]:
    """The services section: a non-empty list of rows with unique ids."""
    if not isinstance(value, list) or not value:
        problems.add("services", _("'services' must be a list with at least one service"),
                     _("write a list, one item per line starting with '- '"))
        return ()
    built = [s for n, raw in enumerate(value, 1) if (s := _service(raw, n, parties, problems)) is not None]
    report_duplicates([service.id for service in built], _("service '{id}'"),
                      _("give each service its own id"), problems)
    return tuple(built)


def load_responsibility(path: Path | None = None) -> ResponsibilityTable:
    """Read and check the responsibility table (default: the shipped data/responsibility.yaml)."""
    path = path or data_file("responsibility.yaml")
    problems = Problems(path, ResponsibilityFileError)
    raw = mapping(read_yaml(path, ResponsibilityFileError), _("the file"), problems) or {}
    problems.raise_any()
    check_keys(raw, _TOP_KEYS, _("the file"), problems)
    parties = _parties(raw.get("parties"), problems) if raw.get("parties") is not None else {}
    services = _services(raw.get("services"), parties, problems) if raw.get("services") is not None else ()
    source = text(raw.get("source"), "source", "source", problems)
    problems.raise_any()
    return ResponsibilityTable(parties, services, source)


def responsible_for(table: ResponsibilityTable,
                    jobseeker: bool | None) -> list[tuple[ServiceResponsibility, Party | None]]:
    """Each service with the party that provides it to this client; None while jobseeker status is unknown."""
    # KotoL 681/2023 § 14: registered jobseekers are served by the employment authority's side of the table.
    if jobseeker is None:
        return [(service, None) for service in table.services]
    return [(service, table.parties[service.jobseekers if jobseeker else service.others])
            for service in table.services]


def partners_for(table: ResponsibilityTable, service: ServiceResponsibility,
                 jobseeker: bool) -> tuple[Party, ...]:
    """The other parties the table names beside the provider of *service* for this client."""
    ids = service.jobseekers_with if jobseeker else service.others_with
    return tuple(table.parties[i] for i in ids)
