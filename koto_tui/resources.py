"""Where the shipped interview templates (forms/), municipal catalogue (data/) and export schemas live.

A built wheel carries them inside the package as ``koto_tui/_shipped/`` (copied by setup.py's build hook from
the repository's top-level folders, which stay the one place people edit); an editable install from a checkout
reads those top-level folders directly.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_SHIPPED = "_shipped"


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
    """The folder of the municipality's catalogue and defaults."""
    return _bundled("data")


def schemas_dir() -> Path:
    """The folder of the export format's JSON Schemas."""
    return _bundled("schemas")
