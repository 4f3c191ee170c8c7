"""The key file's layout: reading it strictly, checking its checksum, writing it (no cryptography here).

``{"format": 2, "generation": N, "users": [entry, ...], "checksum": "sha256:<hex>"}``. Each entry holds
the user's X25519 public key, their private key wrapped under their passphrase (Argon2id parameters and
salt beside it) and the database key wrapped to their public key (see ``koto_tui.store.keys``). *generation*
counts the database key's rotations; the database keeps the same number, so an old copy is recognised.

Format 1 (written by koto before key pairs) is still read: its entries wrap the database key under the
passphrase directly, and a format 2 file may keep such "legacy" entries until their user next unlocks.

The checksum covers the format, the generation and the entries, so a file damaged on disk or edited by
hand is told apart from a wrong passphrase before any key is derived. It is not a secret: whoever rewrites
an entry on purpose can recompute it, which is why a refused passphrase is still reported with that
possibility. A file without a checksum (written before it existed) is read as it is and gets one the next
time it is written.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from koto_tui.files import write_private_text
from koto_tui.store.errors import KeyFileError, KeyFileTooNew, MissingKeyFile

FORMAT_VERSION = 2
MAX_GENERATION = 2**31
# Bounds on the stored Argon2id parameters: an edited entry must not make key derivation run for hours
# or ask for more memory than a laptop has.
KDF_BOUNDS = {"memory_kib": (8, 4 * 1024 * 1024), "iterations": (1, 64), "lanes": (1, 64)}
LEGACY_FIELDS = {"salt": 16, "nonce": 12, "wrapped": 48}
PAIR_FIELDS = {"salt": 16, "public_key": 32, "private_nonce": 12, "private_wrapped": 48,
               "ephemeral_key": 32, "key_nonce": 12, "key_wrapped": 48}
_COMMON = {"user_id", "kdf", "params"}


@dataclass
class KeyDocument:
    """A key file's checked contents; *checked* says whether it carried a checksum."""

    entries: list[dict[str, Any]]
    generation: int = 0
    version: int = FORMAT_VERSION
    checked: bool = True


def checksum(entries: list[dict[str, Any]], *, version: int = FORMAT_VERSION, generation: int = 0) -> str:
    """The SHA-256 of the format, the generation (from format 2) and the entries in a canonical JSON form."""
    body: dict[str, Any] = {"format": version, "users": entries}
    if version >= 2:
        body["generation"] = generation
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return "sha256:" + hashlib.sha256(canonical.encode("ascii")).hexdigest()


def write(path: Path, entries: list[dict[str, Any]], generation: int = 0) -> None:
    """Write a format 2 key file atomically, owner-only, with its checksum."""
    document = {"format": FORMAT_VERSION, "generation": generation, "users": entries,
                "checksum": checksum(entries, generation=generation)}
    write_private_text(path, json.dumps(document, indent=1))


def read(path: Path) -> KeyDocument:
    """The checked contents of the key file at *path*."""
    data = _load(path)
    version = data.get("format")
    if type(version) is not int or version < 1:
        raise KeyFileError(str(path))
    if version > FORMAT_VERSION:
        raise KeyFileTooNew(str(path), version, FORMAT_VERSION)
    generation = data.get("generation", 0) if version >= 2 else 0
    if type(generation) is not int or not 0 <= generation <= MAX_GENERATION:
        raise KeyFileError(str(path))
    entries = data.get("users")
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise KeyFileError(str(path))
    stored = data.get("checksum")
    if stored is not None and stored != checksum(entries, version=version, generation=generation):
        raise KeyFileError(str(path), KeyFileError.CHANGED)
    if not all(entry_is_well_formed(e, strict=version >= 2) for e in entries):
        raise KeyFileError(str(path))
    if len({e["user_id"] for e in entries}) != len(entries):
        raise KeyFileError(str(path))
    return KeyDocument(entries, generation, version, stored is not None)


def _load(path: Path) -> dict[str, Any]:
    """The JSON object in the file, or the reason it cannot be one."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise MissingKeyFile(str(path)) from exc
    except OSError as exc:
        raise KeyFileError(str(path), KeyFileError.NOT_READABLE) from exc
    except ValueError as exc:  # not UTF-8
        raise KeyFileError(str(path)) from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise KeyFileError(str(path)) from exc
    if not isinstance(data, dict):
        raise KeyFileError(str(path))
    return data


def is_paired(entry: dict[str, Any]) -> bool:
    """Whether *entry* holds a key pair (format 2) rather than a passphrase-wrapped database key."""
    return "public_key" in entry


def entry_is_well_formed(entry: dict[str, Any], *, strict: bool = True) -> bool:
    """True when every field of a user's entry has the type and size koto writes (*strict*: no other)."""
    if not isinstance(entry.get("user_id"), str) or entry.get("kdf") != "argon2id":
        return False
    sizes = PAIR_FIELDS if is_paired(entry) else LEGACY_FIELDS
    if strict and set(entry) != _COMMON | set(sizes):
        return False
    params = entry.get("params")
    if not isinstance(params, dict) or set(params) != set(KDF_BOUNDS):
        return False
    for name, (low, high) in KDF_BOUNDS.items():
        if type(params[name]) is not int or not low <= params[name] <= high:
            return False
    return all(_decoded_size(entry.get(name)) == size for name, size in sizes.items())


def _decoded_size(value: object) -> int:
    """The byte length of a base64 field, or -1 when it is not base64 text."""
    if not isinstance(value, str):
        return -1
    try:
        return len(base64.b64decode(value.encode("ascii"), validate=True))
    except (ValueError, binascii.Error):
        return -1
