"""The lock files pin every dependency in pyproject.toml, within its bounds, with hashes (`make lock`)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?: ;.*?)? \\$", re.M)


def pins(name: str) -> dict[str, Version]:
    """Each package of the lock file *name* and its pinned version."""
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    return {canonicalize_name(m[1]): Version(m[2]) for m in PINNED.finditer(text)}


def declared(extra: str | None = None) -> list[Requirement]:
    """The requirements of pyproject.toml: the app's, or those of an extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    texts = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return [Requirement(text) for text in texts]


@pytest.mark.parametrize(("lock", "extras"), [("app.lock", [None]), ("dev.lock", [None, "dev"])])
def test_every_dependency_is_pinned_within_its_bounds(lock: str, extras: list[str | None]) -> None:
    pinned = pins(lock)
    for extra in extras:
        for requirement in declared(extra):
            name = canonicalize_name(requirement.name)
            assert name in pinned, f"{name} is missing from requirements/{lock}: run `make lock`"
            assert requirement.specifier.contains(pinned[name], prereleases=True), (
                f"{name}=={pinned[name]} in requirements/{lock} is outside {requirement.specifier}: "
                "run `make lock`")


@pytest.mark.parametrize("lock", ["app.lock", "dev.lock"])
def test_every_pin_has_its_hashes(lock: str) -> None:
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert len(entries) == len(pins(lock)) > 20
    for entry in entries:
        assert "--hash=sha256:" in entry, entry.splitlines()[0]


def test_reportlab_keeps_its_upper_bound() -> None:
    # koto patches reportlab's shaping internals (printing/shaping.py): try each new minor release first.
    (reportlab,) = [r for r in declared() if r.name == "reportlab"]
    assert not reportlab.specifier.contains("5.2") and pins("app.lock")["reportlab"] < Version("5.2")
