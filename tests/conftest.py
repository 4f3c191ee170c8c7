"""Isolation for every test: data in tmp_path, a fixed day, Finnish UI, no user environment."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from koto_tui import clock, i18n
from koto_tui.config import use_config_dir
from koto_tui.store import kdf

# Argon2id as cheap as the key file allows: calibrating (0.5–1 s per derivation) is tested on its own.
TEST_KDF = {"memory_kib": 8, "iterations": 1, "lanes": 1}

FIXED_NOW = datetime(2026, 11, 27, 10, 30)


@pytest.fixture(scope="session", autouse=True)
def _cheap_kdf() -> Iterator[None]:
    """Module- and session-scoped fixtures create stores too: the cheap Argon2id applies before them."""
    kdf.fix(TEST_KDF)
    yield
    kdf.fix(None)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test sees the user's data directory, passphrase or language; today is 27.11.2026."""
    for name in ("KOTO_DATA_DIR", "KOTO_PASSPHRASE", "KOTO_LANG", "KOTO_CONFIG_DIR", "KOTO_PRINT_COMMAND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    use_config_dir(None)
    clock.fix(FIXED_NOW)
    i18n.set_language("fi")
    kdf.fix(TEST_KDF)
    yield
    kdf.fix(TEST_KDF)
    clock.fix(None)
    i18n.set_language("fi")


@pytest.fixture(scope="session")
def seeded_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data directory, seeded once on 27.11.2026 (tests copy it before changing it)."""
    from koto_tui.demo import demo_paths, seed_demo
    from koto_tui.store import DataPaths

    root = tmp_path_factory.mktemp("demo") / "data"
    clock.fix(datetime(2026, 11, 27, 10, 30))
    try:
        seed_demo(demo_paths(DataPaths(root))).close()
    finally:
        clock.fix(None)
        i18n.set_language("fi")
    return root


@pytest.fixture
def data_dir(seeded_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the demo data directory, opened on the command line by the counsellor's
    passphrase (KOTO_PASSPHRASE); a module may define its own ``data_dir`` instead."""
    from koto_tui.demo import DEMO_PASSPHRASE

    root = tmp_path / "data"
    shutil.copytree(seeded_demo, root)
    monkeypatch.setenv("KOTO_PASSPHRASE", DEMO_PASSPHRASE)
    return root
