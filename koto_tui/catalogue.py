"""The municipality's service catalogue: the services, providers and projects an integration plan picks from.

KotoL 681/2023 § 16: the plan agrees on the client's measures and services; koto offers those the municipal
integration programme names, kept as data (``data/services.yaml``) and loaded strictly: unknown keys,
missing keys, unknown providers, areas, modes, languages and responsibility rows, bad dates and ages and
duplicate ids are all reported at once, each naming the file, the entry and the fix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from koto_tui.datafile import Problems, check_keys, mapping, read_yaml, report_duplicates, suggest, text
from koto_tui.i18n import _
from koto_tui.i18n.languages import CLIENT_LANGUAGES
from koto_tui.resources import data_file
from koto_tui.rules.responsibility import load_responsibility

LANGUAGES = ("fi", "sv", "en")
AREAS = ("language", "work_entrepreneurship", "education", "everyday_civic", "health_wellbeing", "family")
MODES = ("contact", "remote", "hybrid", "self_study")
_NAMES = "{fi: …, sv: …, en: …}"
_TOP_KEYS = {"source": '"Mikkelin kaupungin kotoutumisohjelma 4.12.2024"',
             "providers": "{otavia: {names: …, contact: …}}",
             "services": "[{id: literacy_training, names: …, provider: otavia, …}]"}
_PROVIDER_KEYS = {"names": _NAMES, "contact": '{phone: "", email: "", address: "", url: ""}'}
_CONTACT_KEYS = {"phone": '""', "email": '""', "address": '""', "url": '""'}
_SERVICE_KEYS = {"id": "literacy_training", "names": _NAMES, "provider": "otavia", "area": "language",
                 "for": "{jobseekers: true, others: true, min_age: null, max_age: null}",
                 "description": _NAMES}
# Keys every service writes out, null (or []) where the source document does not say.
_SERVICE_NULLABLE = {"responsibility": "null", "languages": "[]", "mode": "null", "hours": "null",
                     "ends": "null"}
_FOR_KEYS = {"jobseekers": "true", "others": "true"}
_FOR_NULLABLE = {"min_age": "null", "max_age": "null"}


class CatalogueFileError(ValueError):
    """The catalogue file cannot be read or breaks its rules; each line names file, entry and fix."""


@dataclass(frozen=True)
class Provider:
    """An organisation that gives services, named in fi, sv and en, with the contacts the document gives."""

    id: str
    names: Mapping[str, str]
    phone: str = ""
    email: str = ""
    address: str = ""
    url: str = ""


@dataclass(frozen=True)
class Service:
    """One service, project or course of the catalogue, and who it is for."""

    id: str
    names: Mapping[str, str]
    provider: Provider
    area: str
    """One of AREAS: the part of the integration plan the service belongs to."""
    jobseekers: bool
    """True when registered jobseekers can use the service."""
    others: bool
    """True when the other integration clients (not registered jobseekers) can use the service."""
    min_age: int | None
    max_age: int | None
    responsibility: str | None
    """The row of the responsibility table that says who provides the service to whom, if any."""
    languages: tuple[str, ...]
    """The languages the document says the service is given in; empty when it does not say."""
    mode: str | None
    """One of MODES, or None when the document does not say."""
    hours: int | None
    ends: date | None
    """The last day of a time-limited project."""
    description: Mapping[str, str]

    def offered(self, on: date) -> bool:
        """Whether the service still runs on *on* (a project runs up to and including its last day)."""
        return self.ends is None or on <= self.ends

    def suits(self, jobseeker: bool | None, age: int | None) -> bool:
        """Whether the service is for this client; an unknown status or age rules nothing out."""
        if jobseeker is not None and not (self.jobseekers if jobseeker else self.others):
            return False
        if age is None:
            return True
        return (self.min_age is None or age >= self.min_age) and (self.max_age is None or age <= self.max_age)


@dataclass(frozen=True)
class Catalogue:
    """Every provider and service of the municipality's catalogue, and the document it comes from."""

    providers: Mapping[str, Provider]
    services: tuple[Service, ...]
    source: str

    def service(self, id: str) -> Service:
        """The service with this id; KeyError when there is none."""
        for service in self.services:
            if service.id == id:
                return service
        raise KeyError(id)

    def available(self, on: date, jobseeker: bool | None = None, age: int | None = None,
                  area: str | None = None) -> list[Service]:
        """The services offered on *on* that suit the client, optionally only those of one area."""
        if area is not None and area not in AREAS:
            raise ValueError(_("unknown area '{area}'").format(area=area))
        return [s for s in self.services
                if s.offered(on) and s.suits(jobseeker, age) and area in (None, s.area)]


@dataclass(frozen=True)
class _Context:
    """What a service entry is checked against, and where its problems go."""

    providers: Mapping[str, Provider]
    responsibility: tuple[str, ...]
    problems: Problems


def _names(value: object, key: str, entry: str, problems: Problems) -> dict[str, str]:
    """The fi/sv/en texts under *key* (names or description)."""
    if value is None:
        return {}
    where = f"{entry}, '{key}'"
    raw = mapping(value, where, problems)
    if raw is None:
        return {}
    check_keys(raw, {lang: "…" for lang in LANGUAGES}, where, problems)
    return {lang: text(raw.get(lang), lang, where, problems) for lang in LANGUAGES}


def _contact(value: object, entry: str, problems: Problems) -> dict[str, str]:
    """A provider's phone, email, address and url; "" for each the document does not give."""
    where = f"{entry}, 'contact'"
    raw = mapping(value, where, problems) if value is not None else None
    if raw is None:
        return {}
    check_keys(raw, {}, where, problems, nullable=_CONTACT_KEYS)
    contact = {}
    for key in _CONTACT_KEYS:
        item = raw.get(key)
        if item is not None and not isinstance(item, str):
            problems.add(where, _("'{key}' must be text").format(key=key), _("put the value in quotes"))
        contact[key] = item.strip() if isinstance(item, str) else ""
    return contact


def _provider(ident: str, value: object, problems: Problems) -> Provider:
    """One provider of the providers section, checked."""
    entry = _("provider '{id}'").format(id=ident)
    raw = mapping(value, entry, problems)
    if raw is None:
        return Provider(ident, {})
    check_keys(raw, _PROVIDER_KEYS, entry, problems)
    names = _names(raw.get("names"), "names", entry, problems)
    return Provider(ident, names, **_contact(raw.get("contact"), entry, problems))


def _providers(value: object, problems: Problems) -> dict[str, Provider]:
    """The providers section: provider id → provider."""
    raw = mapping(value, "providers", problems)
    if raw is None:
        return {}
    providers = {str(key): _provider(str(key), item, problems) for key, item in raw.items()}
    if not providers:
        problems.add("providers", _("no providers are listed"),
                     _("add at least one provider with fi, sv and en names"))
    return providers


def _choice(value: object, key: str, options: Sequence[str], entry: str, problems: Problems,
            problem: str = "") -> str | None:
    """*value* when it is one of *options*; None when absent or (with a did-you-mean) unknown."""
    if value is None:
        return None
    if isinstance(value, str) and value in options:
        return value
    problem = problem or _("'{key}' has an unknown value '{value}'")
    problems.add(entry, problem.format(key=key, value=value), suggest(str(value), options))
    return None


def _flag(value: object, key: str, entry: str, problems: Problems) -> bool:
    """A required true/false value (an absent one was reported as missing)."""
    if value is not None and not isinstance(value, bool):
        problems.add(entry, _("'{key}' must be true or false").format(key=key),
                     _("write true or false, without quotes"))
    return value is True


def _count(value: object, key: str, entry: str, problems: Problems) -> int | None:
    """A whole number of at least 0, or None."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if value is not None:
        problems.add(entry, _("'{key}' must be a whole number of at least 0, not {actual}").format(
            key=key, actual=value), _("write a whole number without quotes, or null"))
    return None


def _date(value: object, key: str, entry: str, problems: Problems) -> date | None:
    """An ISO date (YAML reads 2026-05-31 as a date; a quoted one is accepted too), or None."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.add(entry, _("'{key}' must be a date, not '{actual}'").format(key=key, actual=value),
                 _("write the date as YYYY-MM-DD, e.g. 2026-05-31, or null"))
    return None


def _languages(value: object, entry: str, problems: Problems) -> tuple[str, ...]:
    """The language codes of a service, each a known client language."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        problems.add(entry, _("'languages' must be a list of language codes"),
                     _("write a list such as [fi, en], or [] when the document does not say"))
        return ()
    for code in value:
        if code not in CLIENT_LANGUAGES:
            problem = _("unknown language '{lang}' in {what}").format(lang=code, what="'languages'")
            problems.add(entry, problem, suggest(code, CLIENT_LANGUAGES))
    return tuple(value)


def _audience(value: object, entry: str, problems: Problems) -> tuple[bool, bool, int | None, int | None]:
    """The 'for' mapping: jobseekers, others, min_age and max_age."""
    where = f"{entry}, 'for'"
    raw = mapping(value, where, problems) if value is not None else None
    if raw is None:
        return False, False, None, None
    check_keys(raw, _FOR_KEYS, where, problems, nullable=_FOR_NULLABLE)
    low = _count(raw.get("min_age"), "min_age", where, problems)
    high = _count(raw.get("max_age"), "max_age", where, problems)
    if low is not None and high is not None and low > high:
        problems.add(where, _("'min_age' {low} is above 'max_age' {high}").format(low=low, high=high),
                     _("swap the two ages, or correct the one that is wrong"))
    return (_flag(raw.get("jobseekers"), "jobseekers", where, problems),
            _flag(raw.get("others"), "others", where, problems), low, high)


def _provider_ref(value: object, entry: str, context: _Context) -> Provider:
    """The provider a service names (an empty one when it is absent or unknown; the problem is recorded)."""
    if isinstance(value, str) and value in context.providers:
        return context.providers[value]
    if value is not None and context.providers:  # without providers, that problem alone is reported
        context.problems.add(entry, _("unknown provider '{provider}'").format(provider=value),
                             suggest(str(value), list(context.providers)))
    return Provider("", {})


def _service_entry(raw: Mapping[object, object], number: int) -> str:
    """How a problem names the service: by its id, or by its place in the list."""
    ident = raw.get("id")
    if isinstance(ident, str) and ident:
        return _("service '{id}'").format(id=ident)
    return _("service number {number}").format(number=number)


def _service(value: object, number: int, context: _Context) -> Service | None:
    """One service entry, checked; None when it is not a mapping."""
    problems = context.problems
    raw = mapping(value, _("service number {number}").format(number=number), problems)
    if raw is None:
        return None
    entry = _service_entry(raw, number)
    check_keys(raw, _SERVICE_KEYS, entry, problems, nullable=_SERVICE_NULLABLE)
    jobseekers, others, min_age, max_age = _audience(raw.get("for"), entry, problems)
    return Service(
        id=text(raw.get("id"), "id", entry, problems),
        names=_names(raw.get("names"), "names", entry, problems),
        provider=_provider_ref(raw.get("provider"), entry, context),
        area=_choice(raw.get("area"), "area", AREAS, entry, problems) or "",
        jobseekers=jobseekers, others=others, min_age=min_age, max_age=max_age,
        responsibility=_choice(raw.get("responsibility"), "responsibility", context.responsibility, entry,
                               problems, _("'{key}' names '{value}', which is not a service of the "
                                           "responsibility table (data/responsibility.yaml)")),
        languages=_languages(raw.get("languages"), entry, problems),
        mode=_choice(raw.get("mode"), "mode", MODES, entry, problems),
        hours=_count(raw.get("hours"), "hours", entry, problems),
        ends=_date(raw.get("ends"), "ends", entry, problems),
        description=_names(raw.get("description"), "description", entry, problems))


def _services(value: object, context: _Context) -> tuple[Service, ...]:
    """The services section: a non-empty list of entries with unique ids."""
    if not isinstance(value, list) or not value:
        context.problems.add("services", _("'services' must be a list with at least one service"),
                             _("write a list, one item per line starting with '- '"))
        return ()
    built = [s for n, raw in enumerate(value, 1) if (s := _service(raw, n, context)) is not None]
    report_duplicates([service.id for service in built], _("service '{id}'"),
                      _("give each service its own id"), context.problems)
    return tuple(built)


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read and check the service catalogue (default: the shipped data/services.yaml)."""
    path = path or data_file("services.yaml")
    problems = Problems(path, CatalogueFileError)
    raw = mapping(read_yaml(path, CatalogueFileError), _("the file"), problems) or {}
    problems.raise_any()
    check_keys(raw, _TOP_KEYS, _("the file"), problems)
    providers = _providers(raw.get("providers"), problems) if raw.get("providers") is not None else {}
    rows = tuple(row.id for row in load_responsibility().services)
    context = _Context(providers, rows, problems)
    services = _services(raw.get("services"), context) if raw.get("services") is not None else ()
    source = text(raw.get("source"), "source", "source", problems)
    problems.raise_any()
    return Catalogue(providers, services, source)
