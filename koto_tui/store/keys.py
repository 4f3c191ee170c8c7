"""The database key, wrapped for each user through a key pair of theirs, and unlocking it with a passphrase.

The database is encrypted under a random 32-byte key. Each user has an X25519 key pair: the private key
is stored encrypted (AES-256-GCM) under a key derived from their passphrase with Argon2id, and the
database key is wrapped to their public key (``koto_tui.keywrap``). So the database key can be replaced
and wrapped again for every remaining user without anyone's passphrase (``koto_tui.store.rotation``).

Unlocking takes one Argon2id derivation whatever the number of users. There is no user name at the
prompt, so koto must find the entry the passphrase belongs to; deriving with each entry's own salt would
cost one derivation per user before the last one's entry is tried (ten users at a calibrated 0.7 s: seven
seconds). Instead the entries share the key file's salt and parameters: the passphrase is derived once,
and each entry's wrapping key is HKDF-SHA256 of that result with the entry's user id, so trying an entry
costs microseconds. The price is that a guess tested against a copied key file is tested against every
user at once (at most a few users, each guess still costing the full calibrated derivation); nothing else
is revealed (no hint of the passphrase is stored, and two users' entries do not show whether their
passphrases are alike). A user added when the shared parameters have become too cheap for the laptop
starts a new group (own salt, new calibration): unlocking then costs one derivation per group, tried
largest group first. Entries of a format 1 file each have their own salt; each is converted to a key pair
when its user next unlocks.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from koto_tui import keywrap
from koto_tui.store import kdf, keyfile
from koto_tui.store.errors import KeyFileError, WrongPassphrase

FORMAT_VERSION = keyfile.FORMAT_VERSION
DEFAULT_KDF = kdf.FLOOR
_PASSPHRASE_INFO = b"koto key file v2: private key of "
_DATABASE_KEY_INFO = b"koto key file v2: database key"
Entry = dict[str, Any]


@dataclass(frozen=True)
class Unlocked:
    """The database key, the user whose passphrase opened it, their private key and the file's generation."""

    user_id: str
    key: bytes
    private: bytes | None = None
    generation: int = 0


def new_database_key() -> bytes:
    """A fresh random 32-byte database key."""
    return secrets.token_bytes(32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _entry_key(secret: bytes, user_id: str) -> bytes:
    """The key that wraps *user_id*'s private key, from the shared Argon2id output *secret*."""
    info = _PASSPHRASE_INFO + user_id.encode("utf-8")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)


def _key_aad(user_id: str, generation: int) -> bytes:
    """Binds a wrapped database key to its user and generation (an edited generation does not open)."""
    return f"{user_id}\n{generation}".encode()


def wrap_database_key(entry: Entry, key: bytes, generation: int) -> Entry:
    """*entry* with *key* wrapped again to its public key, for *generation* (no passphrase needed)."""
    ephemeral, nonce, wrapped = keywrap.wrap_to(_unb64(entry["public_key"]), key, _DATABASE_KEY_INFO,
                                                _key_aad(entry["user_id"], generation))
    return {**entry, "ephemeral_key": _b64(ephemeral), "key_nonce": _b64(nonce), "key_wrapped": _b64(wrapped)}


def new_entry(user_id: str, passphrase: str, key: bytes, generation: int,
              group: tuple[bytes, kdf.Params] | None) -> Entry:
    """A key pair for *user_id*, its private half under *passphrase* (in *group* while it is still costly)."""
    secret = None
    if group is not None:
        secret, seconds = kdf.timed_derive(passphrase, *group)
        if not kdf.good_enough(group[1], seconds):
            secret = None
    if secret is None or group is None:
        group = (secrets.token_bytes(16), kdf.calibrated())
        secret = kdf.derive(passphrase, *group)
    private = X25519PrivateKey.generate()
    nonce = secrets.token_bytes(12)
    wrapped = AESGCM(_entry_key(secret, user_id)).encrypt(nonce, keywrap.raw_private(private),
                                                          user_id.encode("utf-8"))
    entry = {"user_id": user_id, "kdf": "argon2id", "params": dict(group[1]), "salt": _b64(group[0]),
             "public_key": _b64(keywrap.raw_public(private.public_key())),
             "private_nonce": _b64(nonce), "private_wrapped": _b64(wrapped)}
    return wrap_database_key(entry, key, generation)


def _groups(entries: list[Entry]) -> list[list[Entry]]:
    """Entries that one derivation can try, largest group first (a format 1 entry is a group alone)."""
    groups: dict[str, list[Entry]] = {}
    for index, entry in enumerate(entries):
        paired = keyfile.is_paired(entry)
        name = f"{entry['salt']}|{sorted(entry['params'].items())}" if paired else str(index)
        groups.setdefault(name, []).append(entry)
    return sorted(groups.values(), key=len, reverse=True)


def main_group(entries: list[Entry]) -> tuple[bytes, kdf.Params] | None:
    """The salt and parameters most key pairs share, which a new entry joins while they are costly enough."""
    paired = [group for group in _groups(entries) if keyfile.is_paired(group[0])]
    return (_unb64(paired[0][0]["salt"]), dict(paired[0][0]["params"])) if paired else None


def _open_entry(entry: Entry, secret: bytes, generation: int) -> Unlocked | None:
    """The database key in *entry* when *secret* is its passphrase's derivation, else None."""
    user_id = entry["user_id"]
    try:
        if not keyfile.is_paired(entry):
            key = AESGCM(secret).decrypt(_unb64(entry["nonce"]), _unb64(entry["wrapped"]), user_id.encode())
            return Unlocked(user_id, key, None, generation)
        private = AESGCM(_entry_key(secret, user_id)).decrypt(
            _unb64(entry["private_nonce"]), _unb64(entry["private_wrapped"]), user_id.encode("utf-8"))
        return Unlocked(user_id, database_key(entry, private, generation), private, generation)
    except InvalidTag:
        return None


def database_key(entry: Entry, private: bytes, generation: int) -> bytes:
    """The database key wrapped to *entry*'s public key; InvalidTag when *private* is not its key."""
    return keywrap.unwrap_with(private, _unb64(entry["ephemeral_key"]), _unb64(entry["key_nonce"]),
                               _unb64(entry["key_wrapped"]), _DATABASE_KEY_INFO,
                               _key_aad(entry["user_id"], generation))


def read(path: Path) -> keyfile.KeyDocument:
    """The checked key file at *path* (see ``keyfile.read`` for what is checked)."""
    return keyfile.read(path)


def read_entries(path: Path) -> list[Entry]:
    """The checked user entries of the key file at *path*."""
    return keyfile.read(path).entries


def unlock(path: Path, passphrase: str) -> Unlocked:
    """Find the user whose passphrase this is and return the database key (one derivation per group)."""
    document = keyfile.read(path)
    for group in _groups(document.entries):
        try:
            secret = kdf.derive(passphrase, _unb64(group[0]["salt"]), group[0]["params"])
        except (ValueError, TypeError) as exc:  # parameters Argon2 refuses (an edited entry)
            raise KeyFileError(str(path)) from exc
        for entry in group:
            found = _open_entry(entry, secret, document.generation)
            if found is not None:
                return found
    raise WrongPassphrase()


def verify(path: Path, user_id: str, passphrase: str) -> bool:
    """Whether *passphrase* opens *user_id*'s own entry (a re-typed passphrase; no other entry is tried)."""
    document = keyfile.read(path)
    entry = next((e for e in document.entries if e["user_id"] == user_id), None)
    if entry is None:
        return False
    try:
        secret = kdf.derive(passphrase, _unb64(entry["salt"]), entry["params"])
    except (ValueError, TypeError) as exc:  # parameters Argon2 refuses (an edited entry)
        raise KeyFileError(str(path)) from exc
    return _open_entry(entry, secret, document.generation) is not None


def unlock_with_private(path: Path, unlocked: Unlocked) -> Unlocked | None:
    """The database key the key file at *path* wraps for *unlocked*'s user, or None when it holds none."""
    document = keyfile.read(path)
    entry = next((e for e in document.entries if e["user_id"] == unlocked.user_id), None)
    if entry is None or unlocked.private is None or not keyfile.is_paired(entry):
        return None
    try:
        key = database_key(entry, unlocked.private, document.generation)
    except InvalidTag:
        return None
    return Unlocked(unlocked.user_id, key, unlocked.private, document.generation)


def add_checksum(path: Path) -> bool:
    """Rewrite a key file written before checksums with one; True when it was rewritten."""
    document = keyfile.read(path)
    if not document.checked:
        keyfile.write(path, document.entries, document.generation)
    return not document.checked


def add_user(path: Path, user_id: str, passphrase: str, key: bytes) -> None:
    """Add (or replace) *user_id*'s entry: a new key pair under *passphrase*, the database key to it."""
    document = keyfile.read(path) if path.exists() else keyfile.KeyDocument([])
    others = [e for e in document.entries if e["user_id"] != user_id]
    entry = new_entry(user_id, passphrase, key, document.generation, main_group(others))
    keyfile.write(path, [*others, entry], document.generation)


def migrate(path: Path, unlocked: Unlocked, passphrase: str) -> bool:
    """Give *unlocked*'s user a key pair if their entry has none (format 1); True when the file changed."""
    document = keyfile.read(path)
    mine = next(e for e in document.entries if e["user_id"] == unlocked.user_id)
    if keyfile.is_paired(mine) and document.version == FORMAT_VERSION:
        return False
    if keyfile.is_paired(mine):
        keyfile.write(path, document.entries, document.generation)
    else:
        add_user(path, unlocked.user_id, passphrase, unlocked.key)
    return True


def legacy_users(path: Path) -> list[str]:
    """The users whose entry has no key pair yet (they have not unlocked since format 1)."""
    return [e["user_id"] for e in read_entries(path) if not keyfile.is_paired(e)]


def user_count(path: Path) -> int:
    """How many users can unlock the database."""
    return len(read_entries(path))


def remove_user(path: Path, user_id: str) -> None:
    """Delete *user_id*'s entry; refuses to leave the file without any user."""
    document = keyfile.read(path)
    entries = [e for e in document.entries if e["user_id"] != user_id]
    if not entries:
        raise ValueError("the last user cannot be removed")
    keyfile.write(path, entries, document.generation)
