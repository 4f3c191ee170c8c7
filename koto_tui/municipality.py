"""The municipality's defaults from data/municipality.yaml (loaded strictly)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from koto_tui.resources import data_file

_KEYS = {"name", "code", "unit", "place"}


class MunicipalityFileError(ValueError):
    """data/municipality.yaml is missing a key, has an unknown one, or is not YAML."""


@dataclass(frozen=True)
class Municipality:
    """Name, statistical code, the integration unit and the usual place of signing."""

    name: str
    code: str
    unit: str
    place: str


def load_municipality(path: Path | None = None) -> Municipality:
    """Read the municipality file, naming any problem with the file and the key."""
    path = path or data_file("municipality.yaml")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise MunicipalityFileError(f"{path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise MunicipalityFileError(f"{path}: expected a mapping of {sorted(_KEYS)}")
    missing, unknown = _KEYS - raw.keys(), raw.keys() - _KEYS
    if missing or unknown:
        raise MunicipalityFileError(f"{path}: missing {sorted(missing)}, unknown {sorted(unknown)}")
    return Municipality(**{k: str(raw[k]) for k in _KEYS})
