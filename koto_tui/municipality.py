"""The municipality's defaults from data/municipality.yaml (loaded strictly)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

import yaml

from koto_tui.resources import data_file
from koto_tui.safe_yaml import read_yaml_file

_REQUIRED = {"name", "code", "unit", "place"}
_OPTIONAL = {"confidentiality", "controller", "controller_contact", "data_protection_officer", "retention",
             "access_report_user_names", "document_language", "receiving_office"}
#: How the access report names the staff who handled a client's record (GDPR art. 15(1)(c)).
USER_NAME_POLICIES = ("names", "roles")
#: The national languages a municipality's documents are written in (Finland's Language Act 423/2003).
DOCUMENT_LANGUAGES = ("fi", "sv")


class MunicipalityFileError(ValueError):
    """data/municipality.yaml is missing a key, has an unknown one, or is not YAML."""


@dataclass(frozen=True)
class Municipality:
    """Name, statistical code, the integration unit, the usual place of signing, and what printouts say
    about secrecy and data protection."""

    name: str
    code: str
    unit: str
    place: str
    confidentiality: str = ""
    """The legal basis printed after "SALASSA PIDETTÄVÄ" (JulkL 621/1999 § 24); empty: the marking alone."""
    controller: str = ""
    """The controller of the personal data (GDPR art. 4(7))."""
    controller_contact: str = ""
    """How to reach the controller."""
    data_protection_officer: str = ""
    """The data protection officer's contact (GDPR art. 37–39)."""
    retention: str = ""
    """How long the records are kept (the municipality's records management plan)."""
    access_report_user_names: str = "roles"
    """Whether the access report names the staff who handled the record ("names") or their role ("roles")."""
    document_language: str = "fi"
    """The national language the printouts' fixed texts, labels and dates are in ("fi" or "sv")."""
    receiving_office: str = ""
    """Who holds the receiving key the exports are sealed for; recorded with each export (GDPR art. 15)."""


def load_municipality(path: Path | None = None) -> Municipality:
    """Read the municipality file, naming any problem with the file and the key."""
    path = path or data_file("municipality.yaml")
    try:
        raw = read_yaml_file(path)
    except (OSError, yaml.YAMLError) as exc:
        raise MunicipalityFileError(f"{path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise MunicipalityFileError(f"{path}: expected a mapping of {sorted(_REQUIRED)}")
    missing, unknown = _REQUIRED - raw.keys(), raw.keys() - _REQUIRED - _OPTIONAL
    if missing or unknown:
        raise MunicipalityFileError(f"{path}: missing {sorted(missing)}, unknown {sorted(unknown)}")
    policy = str(raw.get("access_report_user_names", "roles"))
    if policy not in USER_NAME_POLICIES:
        raise MunicipalityFileError(f"{path}: access_report_user_names must be one of "
                                    f"{list(USER_NAME_POLICIES)}")
    language = str(raw.get("document_language", "fi"))
    if language not in DOCUMENT_LANGUAGES:
        raise MunicipalityFileError(f"{path}: document_language must be one of {list(DOCUMENT_LANGUAGES)} "
                                    f"(Finnish or Swedish), not {language!r}")
    known = {field.name for field in fields(Municipality)}
    return Municipality(**{k: str(v) for k, v in raw.items() if k in known})


@cache
def shipped_municipality() -> Municipality:
    """The municipality file shipped in data/ (read once), for the printouts' secrecy marking."""
    return load_municipality()


def document_language() -> str:
    """The language the municipality's printouts are in (data/municipality.yaml ``document_language``)."""
    return shipped_municipality().document_language
