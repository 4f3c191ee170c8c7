"""Sealing an export for the receiving office with age (age-encryption.org/v1, X25519 recipients).

Each laptop's receiving key is an age identity (``AGE-SECRET-KEY-1…``), kept only inside the encrypted
database; its public half (``age1…``) is what senders set as the receiving office's key. A sealed file is
a standard age file: the office can also open it with the ``age`` tool. What stays visible is that it is an
age file for one X25519 recipient (the stanza reveals no key) and its size. Keys of older koto versions
(``koto-x25519:`` public keys, raw private keys) are the same X25519 keys and are converted, not refused.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Sequence

import pyrage
from pyrage import x25519

from koto_tui.exchange import bech32
from koto_tui.i18n import _

AGE_MAGIC = b"age-encryption.org/v1\n"
LEGACY_PREFIX = "koto-x25519:"
"""Public keys of koto before 1.x's age format: the same X25519 key, written differently."""


class SealError(ValueError):
    """A key or a file that cannot be used; the message says why (no content is in it)."""


def read_aloud(data: bytes) -> str:
    """A 128-bit fingerprint of *data* (SHA-256, first 16 bytes) as 8 groups of 4 hex digits."""
    digest = hashlib.sha256(data).hexdigest()[:32]
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


def b64url(data: bytes) -> str:
    """*data* as unpadded URL-safe base64 (how koto writes keys and signatures as text)."""
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def unb64url(text: str) -> bytes:
    """The bytes of unpadded URL-safe base64 *text*; ValueError when it is not that."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_private_key() -> str:
    """A new age X25519 identity as text (kept only inside the encrypted database)."""
    return str(x25519.Identity.generate())


def _identity(text: str) -> x25519.Identity:
    """The age identity in *text*; an older koto's raw base64 key is converted."""
    if not text.startswith("AGE-SECRET-KEY-1"):
        try:
            raw = unb64url(text)
        except ValueError:
            raw = b""
        text = bech32.encode("age-secret-key-", raw).upper() if len(raw) == 32 else text
    try:
        return x25519.Identity.from_str(text)
    except (pyrage.IdentityError, ValueError):
        raise SealError(_("this database's receiving key is damaged.")) from None  # nothing of the key


def is_private_key(text: str) -> bool:
    """Whether *text* is a receiving key: an age X25519 identity (``AGE-SECRET-KEY-1…``) or an older koto's
    raw key, which is converted."""
    try:
        _identity(text)
    except SealError:
        return False
    return True


def public_key_text(private_text: str) -> str:
    """The public half of *private_text* (``age1…``), as the text given to the senders."""
    return str(_identity(private_text).to_public())


def normalise_public_key(text: str) -> str:
    """The receiving key in *text* as ``age1…`` (an older ``koto-x25519:`` key converted), or SealError."""
    text = "".join(text.split())
    if text.startswith(LEGACY_PREFIX):
        try:
            raw = unb64url(text[len(LEGACY_PREFIX):])
        except ValueError:
            raw = b""
        text = bech32.encode("age", raw) if len(raw) == 32 else ""
    try:
        return str(x25519.Recipient.from_str(text))
    except (pyrage.RecipientError, ValueError) as exc:
        raise SealError(_("this is not a receiving key: it is the text that starts with age1, shown on "
                          "the receiving laptop.")) from exc


def parse_public_key(text: str) -> x25519.Recipient:
    """The age recipient in *text*; SealError when it is not one."""
    return x25519.Recipient.from_str(normalise_public_key(text))


def fingerprint(public_text: str) -> str:
    """The receiving key's 128-bit fingerprint, for comparing it read aloud or on two screens."""
    return read_aloud(normalise_public_key(public_text).encode("ascii"))


def seal(data: bytes, public_text: str) -> bytes:
    """*data* encrypted with age for the holder of the identity of *public_text*."""
    return seal_for(data, [public_text])


def seal_for(data: bytes, public_texts: Sequence[str]) -> bytes:
    """*data* encrypted with age so that the holder of any one of *public_texts*' identities opens it."""
    return bytes(pyrage.encrypt(data, [parse_public_key(text) for text in public_texts]))


def is_sealed(data: bytes) -> bool:
    """Whether *data* is an age file."""
    return data.startswith(AGE_MAGIC)


def is_legacy_sealed(data: bytes) -> bool:
    """Whether *data* is sealed in the format of older koto versions (refused: it is not signed)."""
    return data.lstrip().startswith(b"{") and b'"format": "koto-sealed"' in data


def open_sealed(data: bytes, private_text: str) -> memoryview:
    """The content of an age file; SealError when it is damaged or sealed for another key.

    Decrypted as a stream into one buffer (``pyrage.decrypt`` holds the content twice while it returns it:
    87 MB more at the peak of a 10,000-client import)."""
    out = io.BytesIO()
    try:
        pyrage.decrypt_io(io.BytesIO(data), out, [_identity(private_text)])
        return out.getbuffer()
    except (pyrage.DecryptError, OSError) as exc:  # decrypt_io reports a damaged stream as an OSError
        if "No matching keys" in str(exc):
            raise SealError(_("the file is sealed for another receiving key: open it on the laptop whose "
                              "public key was used.")) from None
        raise SealError(_("the sealed file is damaged.")) from None
