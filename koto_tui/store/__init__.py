"""The encrypted local store: the only package that speaks SQL (never imports textual)."""

from __future__ import annotations

from koto_tui.store.connection import UnreadableDatabase
from koto_tui.store.database import MIN_PASSPHRASE, DataPaths, MissingKeyFile, Store, lock_data_dir
from koto_tui.store.keys import KeyFileError, WrongPassphrase
from koto_tui.store.lock import AlreadyOpen

__all__ = [
    "MIN_PASSPHRASE",
    "AlreadyOpen",
    "DataPaths",
    "KeyFileError",
    "MissingKeyFile",
    "Store",
    "UnreadableDatabase",
    "WrongPassphrase",
    "lock_data_dir",
]
