"""Where the shipped interview templates (forms/), municipal catalogue (data/) and export schemas live,
and which of the municipality's own files (koto_tui/config.py) take their place.

A built wheel carries the shipped folders inside the package as ``koto_tui/_shipped/`` (copied by setup.py's
build hook from the repository's top-level folders, which stay the one place people edit); an editable install
from a checkout reads those top-level folders directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from koto_tui.config import config_dir

_SHIPPED = "_shipped"

DATA_FILES = ("municipality.yaml", "responsibility.yaml", "services.yaml", "retention.yaml")
"""The municipality's data files; each one in the config folder replaces the shipped one."""


def _bundled(name: str) -> Path:
    """Return the shipped folder *name*: inside the installed package, else the checkout's top-level one."""
    packaged = Path(str(files("koto_tui") / _SHIPPED / name))
    if packaged.is_dir():
        return packaged
    return Path(str(files("koto_tui"))).parent / name


def forms_dir() -> Path:
    """The folder of shipped interview templates."""
    return _bundled("forms")


def data_dir() -> Path:
    """The folder of the municipality's catalogue and defaults as shipped."""
    return _bundled("data")


def schemas_dir() -> Path:
    """The folder of the export format's JSON Schemas."""
    return _bundled("schemas")


def data_file(name: str) -> Path:
    """The data file *name* in use: the municipality's own copy when there is one, else the shipped one."""
    own = config_dir() / name
    return own if own.is_file() else data_dir() / name


def text_file(name: str) -> Path:
    """The text *name* (e.g. ``opening.fi.yaml``) in use: the municipality's own, else the shipped one."""
    own = config_dir() / "texts" / name
    return own if own.is_file() else forms_dir() / "texts" / name


def extra_forms_dir() -> Path:
    """The folder of the municipality's own interview templates (loaded after the shipped ones)."""
    return config_dir() / "forms"


def form_files() -> list[Path]:
    """Every interview template to load: the shipped ones, then the municipality's own."""
    return sorted(forms_dir().glob("*.yaml")) + sorted(extra_forms_dir().glob("*.yaml"))


@dataclass(frozen=True)
class Source:
    """One file koto reads and whether it comes from the municipality's folder."""

    name: str
    path: Path
    own: bool


def sources() -> list[Source]:
    """Where each data file, extra form and own text in use comes from (for `koto data path`)."""
    found = [Source(name, data_file(name), data_file(name).parent == config_dir()) for name in DATA_FILES]
    found += [Source(f"forms/{p.name}", p, True) for p in sorted(extra_forms_dir().glob("*.yaml"))]
    found += [Source(f"texts/{p.name}", p, True) for p in sorted((config_dir() / "texts").glob("*.yaml"))]
    return found
