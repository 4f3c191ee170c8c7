"""The encrypted local store: the only package that speaks SQL (never imports textual).

The names below are loaded on first use, so that the light parts (paths, the lock, the errors) can be
used before the UI paints without importing SQLCipher, sqlite-utils and cryptography.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from koto_tui.store.errors import (
    AlreadyInitialised,
    AlreadyOpen,
    KeyFileError,
    KeyFileOutdated,
    KeyFileTooNew,
    MissingDatabase,
    MissingKeyFile,
    NotWritable,
    UnreadableDatabase,
    WrongPassphrase,
)
from koto_tui.store.paths import DataPaths, check_files, lock_data_dir

if TYPE_CHECKING:
    from importlib.abc import Loader as _Loader

    from koto_tui.rules.passphrase import MIN_PASSPHRASE
    from koto_tui.store.database import Store
else:
    _Loader = object  # importlib.abc costs start-up time (it loads importlib.resources): duck-typed here

_LAZY = {"Store": "koto_tui.store.database", "MIN_PASSPHRASE": "koto_tui.rules.passphrase"}

__all__ = [
    "MIN_PASSPHRASE",
    "AlreadyInitialised",
    "AlreadyOpen",
    "DataPaths",
    "KeyFileError",
    "KeyFileOutdated",
    "KeyFileTooNew",
    "MissingDatabase",
    "MissingKeyFile",
    "NotWritable",
    "Store",
    "UnreadableDatabase",
    "WrongPassphrase",
    "check_files",
    "lock_data_dir",
]


class _SQLCipherAsPysqlite3(_Loader):
    """sqlite-utils imports pysqlite3 when it can: that import is answered with sqlcipher3 (see
    ``koto_tui.store.driver``), loaded only then, so that the light parts of the store (the paths, the
    lock, the errors: used before the first screen is painted) load without SQLCipher."""

    NAMES = ("pysqlite3", "pysqlite3.dbapi2")

    def __init__(self) -> None:
        self._own_specs: dict[str, importlib.machinery.ModuleSpec | None] = {}

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        """A spec for pysqlite3 and its dbapi2, nothing for any other name."""
        return importlib.machinery.ModuleSpec(fullname, self) if fullname in self.NAMES else None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        """sqlcipher3's module (or its dbapi2) in place of pysqlite3's."""
        from koto_tui.store import driver

        module: ModuleType = driver.sqlcipher3 if spec.name == "pysqlite3" else driver.dbapi2
        self._own_specs[module.__name__] = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run (the module is loaded): it gets back its own spec, which the import replaced."""
        module.__spec__ = self._own_specs.get(module.__name__, module.__spec__)


if not any(isinstance(finder, _SQLCipherAsPysqlite3) for finder in sys.meta_path):
    sys.meta_path.insert(0, _SQLCipherAsPysqlite3())


def __getattr__(name: str) -> Any:
    """Import the heavy part of the store on first use."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
