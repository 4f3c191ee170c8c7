"""Build hook: copy the editable top-level forms/, data/ and schemas/ into the wheel as koto_tui/_shipped/."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

# The folders people edit stay at the top of the repository (one source of truth); only the build copies them.
SHIPPED = ("forms", "data", "schemas")
ROOT = Path(__file__).resolve().parent


class BuildWithShipped(build_py):
    """build_py that also places the shipped forms, data and schemas inside the built package."""

    def run(self) -> None:
        """Build the package as usual, then copy the shipped folders (not for editable installs)."""
        super().run()
        if getattr(self, "editable_mode", False):
            return  # the editable install reads the checkout's folders directly (koto_tui/resources.py)
        target = Path(self.build_lib) / "koto_tui" / "_shipped"
        for name in SHIPPED:
            destination = target / name
            if destination.exists():
                shutil.rmtree(destination)
            shutil.copytree(ROOT / name, destination, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithShipped})
