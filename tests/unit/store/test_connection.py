"""The one place that opens the database: what it hands the connection to."""

from __future__ import annotations

import secrets
from pathlib import Path

import pluggy
import pytest
from sqlite_utils import plugins

from koto_tui.store.connection import connect


class _Plugin:
    """A sqlite-utils plugin as an installed package would register it (its entry point, loaded)."""

    def __init__(self) -> None:
        self.handed: list[object] = []

    @pluggy.HookimplMarker("sqlite_utils")
    def prepare_connection(self, conn: object) -> None:
        self.handed.append(conn)


def test_the_unlocked_connection_goes_to_no_sqlite_utils_plugin(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """An installed sqlite-utils plugin is neither looked for (every package's entry points read at each
    unlock) nor given the unlocked connection."""
    plugin = _Plugin()
    plugins.pm.register(plugin)
    looked_for: list[str] = []
    monkeypatch.setattr(plugins.pm, "load_setuptools_entrypoints",
                        lambda group, name=None: looked_for.append(group) or 0)
    monkeypatch.setattr(plugins, "_plugins_loaded", False)
    try:
        db = connect(tmp_path / "koto.db", secrets.token_bytes(32), create=True)
        db.conn.close()
    finally:
        plugins.pm.unregister(plugin)
    assert plugin.handed == [] and looked_for == []
