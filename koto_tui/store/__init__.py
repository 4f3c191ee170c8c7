"""The encrypted local store: the only package that speaks SQL (never imports textual).

The names below are loaded on first use, so that the light parts (paths, the lock, the errors) can be
used before the UI paints without importing SQLCipher, sqlite-utils and cryptography.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

import koto_tui.store.driver  # noqa: F401  (first: sqlite-utils must see sqlcipher3 as its driver)
from koto_tui.rules.passphrase import MIN_PASSPHRASE
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
    from koto_tui.store.database import Store

_LAZY = {"Store": "koto_tui.store.database"}

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


def __getattr__(name: str) -> Any:
    """Import the heavy part of the store on first use."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
