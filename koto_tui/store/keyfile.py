"""The key file's layout: reading it strictly, checking its checksum, writing it (no cryptography here).

``{"format": 1, "users": [entry, ...], "checksum": "sha256:<hex>"}``. The checksum covers the format and
the entries, so a file damaged on disk or edited by hand is told apart from a wrong passphrase before any
key is derived. It is not a secret: whoever rewrites an entry on purpose can recompute it, which is why
a refused passphrase is still reported with that possibility. A file without a checksum (written before
it existed, or by an older koto) is read as it is and gets one the next time it is written.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from pathlib import Path
from typing import Any

from koto_tui.files import write_private_text
from koto_tui.store.errors import KeyFileError, KeyFileTooNew, MissingKeyFile

FORMAT_VERSION = 1
# Bounds on the stored Argon2id parameters: an edited entry must not make key derivation run for hours
# or ask for more memory than a laptop has.
KDF_BOUNDS = {"memory_kib": (8, 4 * 1024 * 1024), "iterations": (1, 64), "lanes": (1, 64)}
_BINARY_FIELDS = {"salt": (16,), "nonce": (12,), "wrapped": (48,)}


def checksum(entries: list[dict[str, Any]]) -> str:
    """The SHA-256 of the format and the entries in a canonical JSON form."""
    canonical = json.dumps({"format": FORMAT_VERSION, "users": entries}, sort_keys=True,
                           separators=(",", ":"), ensure_ascii=True)
    return "sha256:" + hashlib.sha256(canonical.encode("ascii")).hexdigest()


def write(path: Path, entries: list[dict[str, Any]]) -> None:
    """Write the key file atomically, owner-only, with its checksum."""
    document = {"format": FORMAT_VERSION, "users": entries, "checksum": checksum(entries)}
    write_private_text(path, json.dumps(document, indent=1))


def read(path: Path) -> tuple[list[dict[str, Any]], bool]:
    """The checked entries of the key file at *path*, and whether it carried a checksum."""
    data = _load(path)
    version = data.get("format")
    if type(version) is not int or version < 1:
        raise KeyFileError(str(path))
    if version > FORMAT_VERSION:
        raise KeyFileTooNew(str(path), version, FORMAT_VERSION)
    entries = data.get("users")
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise KeyFileError(str(path))
    stored = data.get("checksum")
    if stored is not None and stored != checksum(entries):
        raise KeyFileError(str(path), KeyFileError.CHANGED)
    if not all(entry_is_well_formed(e) for e in entries):
        raise KeyFileError(str(path))
    return entries, stored is not None


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


def entry_is_well_formed(entry: dict[str, Any]) -> bool:
    """True when every field of a user's entry has the type and size koto writes."""
    if not isinstance(entry.get("user_id"), str) or entry.get("kdf") != "argon2id":
        return False
    params = entry.get("params")
    if not isinstance(params, dict) or set(params) != set(KDF_BOUNDS):
        return False
    for name, (low, high) in KDF_BOUNDS.items():
        if type(params[name]) is not int or not low <= params[name] <= high:
            return False
    return all(_decoded_size(entry.get(name)) in sizes for name, sizes in _BINARY_FIELDS.items())


def _decoded_size(value: object) -> int:
    """The byte length of a base64 field, or -1 when it is not base64 text."""
    if not isinstance(value, str):
        return -1
    try:
        return len(base64.b64decode(value.encode("ascii"), validate=True))
    except (ValueError, binascii.Error):
        return -1
