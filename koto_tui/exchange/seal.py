"""Sealing an export for the receiving office: a random file key, encrypted to the office's public key.

The file's content is encrypted with AES-256-GCM under a random 256-bit file key. The file key is
wrapped with AES-256-GCM under a key derived (HKDF-SHA256) from an X25519 agreement between a one-time
key pair and the office's public key. Only the holder of the office's private key can open the file, so a
lost USB stick reveals nothing; the sealed file says nothing about its content but its size.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from koto_tui import keywrap
from koto_tui.i18n import _

FORMAT = "koto-sealed"
VERSION = 1
ALGORITHM = "X25519-HKDF-SHA256-A256GCM"
KEY_PREFIX = "koto-x25519:"
_INFO = b"koto export seal v1"
_RAW = serialization.Encoding.Raw


class SealError(ValueError):
    """A key or a sealed file that cannot be used; the message says why (no content is in it)."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_private_key() -> str:
    """A new X25519 private key as text (kept only inside the encrypted database)."""
    raw = X25519PrivateKey.generate().private_bytes(_RAW, serialization.PrivateFormat.Raw,
                                                    serialization.NoEncryption())
    return _b64(raw)


def _private(text: str) -> X25519PrivateKey:
    try:
        return X25519PrivateKey.from_private_bytes(_unb64(text))
    except (ValueError, TypeError) as exc:
        raise SealError(_("this database's receiving key is damaged.")) from exc


def public_key_text(private_text: str) -> str:
    """The public half of *private_text*, as the text pasted into the counsellors' settings."""
    raw = _private(private_text).public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    return KEY_PREFIX + _b64(raw)


def parse_public_key(text: str) -> X25519PublicKey:
    """The public key in *text* ("koto-x25519:…"); SealError when it is not one."""
    text = "".join(text.split())
    if not text.startswith(KEY_PREFIX):
        raise SealError(_("this is not a koto public key (it starts with koto-x25519:)."))
    try:
        raw = _unb64(text[len(KEY_PREFIX):])
        if len(raw) != 32:
            raise ValueError(len(raw))
        return X25519PublicKey.from_public_bytes(raw)
    except (ValueError, TypeError) as exc:
        raise SealError(_("this is not a koto public key (it starts with koto-x25519:).")) from exc


def fingerprint(public_text: str) -> str:
    """A short fingerprint to compare a key read aloud or on two screens (e.g. '3f2a 9c01 …')."""
    raw = parse_public_key(public_text).public_bytes(_RAW, serialization.PublicFormat.Raw)
    digest = hashlib.sha256(raw).hexdigest()[:20]
    return " ".join(digest[i:i + 4] for i in range(0, 20, 4))


def _wrapping_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return keywrap.wrapping_key(shared, ephemeral, recipient, _INFO)


def seal(data: bytes, public_text: str) -> bytes:
    """*data* sealed for the holder of the private key of *public_text* (JSON text, UTF-8)."""
    recipient = parse_public_key(public_text)
    recipient_raw = recipient.public_bytes(_RAW, serialization.PublicFormat.Raw)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_raw = ephemeral.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    kek = _wrapping_key(ephemeral.exchange(recipient), ephemeral_raw, recipient_raw)
    file_key = AESGCM.generate_key(bit_length=256)
    key_nonce, data_nonce = os.urandom(12), os.urandom(12)
    header = {"format": FORMAT, "version": VERSION, "algorithm": ALGORITHM,
              "recipient": fingerprint(public_text), "ephemeral_key": _b64(ephemeral_raw)}
    aad = json.dumps(header, sort_keys=True).encode("utf-8")
    sealed = {**header,
              "wrapped_key": _b64(key_nonce + AESGCM(kek).encrypt(key_nonce, file_key, aad)),
              "ciphertext": _b64(data_nonce + AESGCM(file_key).encrypt(data_nonce, data, aad))}
    return json.dumps(sealed, indent=1, sort_keys=True).encode("utf-8")


def is_sealed(data: bytes) -> bool:
    """Whether *data* is a sealed koto file."""
    try:
        return bool(json.loads(data.decode("utf-8")).get("format") == FORMAT)
    except (ValueError, AttributeError):
        return False


def open_sealed(data: bytes, private_text: str) -> bytes:
    """The content of a sealed file; SealError when it is damaged or sealed for another key."""
    try:
        sealed = json.loads(data.decode("utf-8"))
        header = {k: sealed[k] for k in ("format", "version", "algorithm", "recipient", "ephemeral_key")}
        wrapped, ciphertext = _unb64(sealed["wrapped_key"]), _unb64(sealed["ciphertext"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SealError(_("the file is not a sealed koto export.")) from exc
    if header["format"] != FORMAT or header["version"] != VERSION or header["algorithm"] != ALGORITHM:
        raise SealError(_("the file is sealed in a format this koto does not know."))
    private = _private(private_text)
    own = public_key_text(private_text)
    if header["recipient"] != fingerprint(own):
        raise SealError(_("the file is sealed for another receiving key: open it on the laptop whose "
                          "public key was used."))
    aad = json.dumps(header, sort_keys=True).encode("utf-8")
    try:
        ephemeral = X25519PublicKey.from_public_bytes(_unb64(header["ephemeral_key"]))
        kek = _wrapping_key(private.exchange(ephemeral), _unb64(header["ephemeral_key"]),
                            parse_public_key(own).public_bytes(_RAW, serialization.PublicFormat.Raw))
        file_key = AESGCM(kek).decrypt(wrapped[:12], wrapped[12:], aad)
        return AESGCM(file_key).decrypt(ciphertext[:12], ciphertext[12:], aad)
    except (InvalidTag, ValueError) as exc:
        raise SealError(_("the sealed file is damaged.")) from exc
