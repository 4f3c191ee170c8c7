"""Where the shipped interview templates (forms/) and municipal catalogue (data/) live."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    """Return the project's top-level folder *name* (installed editable from the checkout)."""
    return _PACKAGE.parent / name


def forms_dir() -> Path:
    """The folder of shipped interview templates."""
    return _bundled("forms")


def data_dir() -> Path:
    """The folder of the municipality's catalogue and defaults."""
    return _bundled("data")


def schemas_dir() -> Path:
    """The folder of the export format's JSON Schemas."""
    return _bundled("schemas")
