"""The database key, wrapped once per user with a key derived from that user's passphrase.

The database is encrypted under a random 32-byte key. For each user, the key is stored encrypted
(AES-256-GCM) under a wrapping key derived from the passphrase with Argon2id (memory-hard), in a
small JSON file beside the database (its layout and checksum: ``koto_tui.store.keyfile``). Adding a
user or changing a passphrase rewrites only this file, never the database.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from koto_tui.store import keyfile
from koto_tui.store.errors import KeyFileError, WrongPassphrase

FORMAT_VERSION = keyfile.FORMAT_VERSION
# Argon2id parameters: 64 MiB, 3 passes, 4 lanes (~0.1 s here), stored per entry so they can grow.
DEFAULT_KDF = {"memory_kib": 64 * 1024, "iterations": 3, "lanes": 4}


@dataclass(frozen=True)
class Unlocked:
    """The database key and the user whose passphrase opened it."""

    user_id: str
    key: bytes


def new_database_key() -> bytes:
    """A fresh random 32-byte database key."""
    return secrets.token_bytes(32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _derive(passphrase: str, salt: bytes, kdf: dict[str, int]) -> bytes:
    return Argon2id(
        salt=salt,
        length=32,
        iterations=kdf["iterations"],
        lanes=kdf["lanes"],
        memory_cost=kdf["memory_kib"],
    ).derive(passphrase.encode("utf-8"))


def wrap(user_id: str, passphrase: str, key: bytes, kdf: dict[str, int] | None = None) -> dict[str, Any]:
    """One user's entry: *key* encrypted under a key derived from *passphrase*."""
    params = dict(kdf or DEFAULT_KDF)
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    wrapped = AESGCM(_derive(passphrase, salt, params)).encrypt(nonce, key, user_id.encode("utf-8"))
    return {"user_id": user_id, "kdf": "argon2id", "params": params,
            "salt": _b64(salt), "nonce": _b64(nonce), "wrapped": _b64(wrapped)}


def _unwrap_entry(entry: dict[str, Any], passphrase: str) -> bytes | None:
    try:
        wrapping_key = _derive(passphrase, _unb64(entry["salt"]), entry["params"])
        return AESGCM(wrapping_key).decrypt(
            _unb64(entry["nonce"]), _unb64(entry["wrapped"]), entry["user_id"].encode("utf-8")
        )
    except InvalidTag:
        return None


def read_entries(path: Path) -> list[dict[str, Any]]:
    """The checked user entries of the key file at *path* (see ``keyfile.read`` for what is checked)."""
    return keyfile.read(path)[0]


def write_entries(path: Path, entries: list[dict[str, Any]]) -> None:
    """Write the key file atomically, readable by the owner only, with its checksum."""
    keyfile.write(path, entries)


def unlock(path: Path, passphrase: str) -> Unlocked:
    """Find the user whose passphrase this is and return the database key."""
    for entry in read_entries(path):
        try:
            key = _unwrap_entry(entry, passphrase)
        except (ValueError, TypeError) as exc:  # parameters Argon2 refuses (an edited entry)
            raise KeyFileError(str(path)) from exc
        if key is not None:
            return Unlocked(user_id=entry["user_id"], key=key)
    raise WrongPassphrase()


def add_checksum(path: Path) -> bool:
    """Rewrite a key file written before checksums with one; True when it was rewritten."""
    entries, checked = keyfile.read(path)
    if not checked:
        write_entries(path, entries)
    return not checked


def add_user(path: Path, user_id: str, passphrase: str, key: bytes) -> None:
    """Add (or replace) *user_id*'s entry, wrapping the same database key with their passphrase."""
    entries = read_entries(path) if path.exists() else []
    entries = [e for e in entries if e.get("user_id") != user_id]
    entries.append(wrap(user_id, passphrase, key))
    write_entries(path, entries)


def user_count(path: Path) -> int:
    """How many users can unlock the database."""
    return len(read_entries(path))


def remove_user(path: Path, user_id: str) -> None:
    """Delete *user_id*'s entry; refuses to leave the file without any user."""
    entries = [e for e in read_entries(path) if e.get("user_id") != user_id]
    if not entries:
        raise ValueError("the last user cannot be removed")
    write_entries(path, entries)
