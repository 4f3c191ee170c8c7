"""Signed exports: each laptop's Ed25519 signing key, and the signed file (signed, then sealed).

A signed export is one header line of JSON, then the export's JSON exactly as written. The header names the
signer's public key, the receiving key the file is sealed for (or null when deliberately unsealed), the
time, the content's length and SHA-256, and holds an Ed25519 signature over all of these. Because the
receiving key is inside the signed part, a file signed for one office cannot be re-sealed to another and
pass as sent to it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from koto_tui import clock
from koto_tui.exchange.seal import SealError, b64url, read_aloud, unb64url
from koto_tui.i18n import _

FORMAT = "koto-signed"
VERSION = 1
KEY_PREFIX = "koto-ed25519:"
_DOMAIN = b"koto signed export v1\n"
_RAW = serialization.Encoding.Raw
_FIELDS = ("content_bytes", "content_sha256", "format", "recipient", "signed_at", "signer", "version")
MAX_HEADER = 4096
"""A header line longer than this is not one of ours (it is never parsed)."""


@dataclass(frozen=True)
class Signed:
    """An export whose signature checked out: who signed it, for whom, when, and its content."""

    signer: str
    recipient: str | None
    signed_at: str
    payload: memoryview
    """The export's JSON: a view into the file, not a copy (an export can be tens of megabytes)."""

    @property
    def signer_fingerprint(self) -> str:
        """The signer's fingerprint, as read aloud."""
        return fingerprint(self.signer)


def new_signing_key() -> str:
    """A new Ed25519 private key as text (kept only inside the encrypted database)."""
    raw = Ed25519PrivateKey.generate().private_bytes(_RAW, serialization.PrivateFormat.Raw,
                                                     serialization.NoEncryption())
    return b64url(raw)


def _private(text: str) -> Ed25519PrivateKey:
    try:
        raw = unb64url(text)
        if len(raw) != 32:  # urlsafe_b64decode skips characters that are not base64: the length decides
            raise ValueError("length")
        return Ed25519PrivateKey.from_private_bytes(raw)
    except (ValueError, TypeError):
        raise SealError(_("this database's signing key is damaged.")) from None  # nothing of the key


def is_private_key(text: str) -> bool:
    """Whether *text* is a signing key as koto keeps it (32 bytes of Ed25519 private key, base64url)."""
    try:
        _private(text)
    except SealError:
        return False
    return True


def signing_public_text(private_text: str) -> str:
    """The public half of a signing key, as the text a receiver adds to its trusted senders."""
    return KEY_PREFIX + b64url(_private(private_text).public_key().public_bytes(
        _RAW, serialization.PublicFormat.Raw))


def parse_signing_key(text: str) -> Ed25519PublicKey:
    """The Ed25519 public key in *text* (``koto-ed25519:…``); SealError when it is not one."""
    text = "".join(text.split())
    try:
        if not text.startswith(KEY_PREFIX):
            raise ValueError(text[:4])
        raw = unb64url(text[len(KEY_PREFIX):])
        if len(raw) != 32:
            raise ValueError(len(raw))
        return Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, TypeError) as exc:
        raise SealError(_("this is not a sender's key: it is the text that starts with koto-ed25519:, "
                          "shown on the sending laptop.")) from exc


def normalise_signing_key(text: str) -> str:
    """The signing key in *text* without spaces or line breaks (checked)."""
    parse_signing_key(text)
    return "".join(text.split())


def fingerprint(public_text: str) -> str:
    """A sender's 128-bit fingerprint (8 groups of 4 hex digits), to compare on the phone."""
    return read_aloud(parse_signing_key(public_text).public_bytes(_RAW, serialization.PublicFormat.Raw))


def _message(header: dict[str, Any]) -> bytes:
    return _DOMAIN + json.dumps({k: header[k] for k in _FIELDS}, sort_keys=True,
                                separators=(",", ":"), ensure_ascii=True).encode("ascii")


def sign(payload: bytes, private_text: str, recipient: str | None) -> bytes:
    """*payload* signed with *private_text* for *recipient* (an ``age1…`` key, or None when unsealed)."""
    return header_line(len(payload), hashlib.sha256(payload).hexdigest(), private_text, recipient) + payload


def header_line(size: int, sha256: str, private_text: str, recipient: str | None) -> bytes:
    """The signed header line (with its line break) of a content of *size* bytes with the hash *sha256*:
    what precedes the content in the file, so that an export can be written as it is made."""
    key = _private(private_text)
    header: dict[str, Any] = {
        "format": FORMAT, "version": VERSION, "signer": signing_public_text(private_text),
        "recipient": recipient, "signed_at": clock.stamp(), "content_bytes": size, "content_sha256": sha256}
    header["signature"] = b64url(key.sign(_message(header)))
    line = json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return line.encode("ascii") + b"\n"


def is_signed(data: bytes) -> bool:
    """Whether *data* starts like a signed koto export."""
    head = data[:MAX_HEADER].split(b"\n", 1)[0]
    return head.startswith(b"{") and b'"format":"koto-signed"' in head


def _header(data: bytes | memoryview) -> tuple[dict[str, Any], memoryview]:
    view = memoryview(data)
    end = bytes(view[:MAX_HEADER + 1]).find(b"\n")
    if end < 0:  # no header line within the limit (or a short file of one line): never parsed as one
        head, payload = bytes(view[:MAX_HEADER + 1]), view[len(view):]
    else:
        head, payload = bytes(view[:end]), view[end + 1:]
    if len(head) > MAX_HEADER:
        raise ValueError("header too long")
    header = json.loads(head.decode("ascii"))
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError("not signed")
    return header, payload


def verify(data: bytes | memoryview) -> Signed:
    """The signed export in *data*, its signature checked; SealError when unsigned, altered or unknown."""
    try:
        header, payload = _header(data)
    except (ValueError, UnicodeDecodeError):
        raise SealError(_("the file is not signed: koto imports only signed exports (an older koto's "
                          "file must be exported again with this version).")) from None
    if header.get("version") != VERSION:
        raise SealError(_("the file is signed in a format this koto does not know."))
    try:
        _check(header, payload)
    except (KeyError, TypeError, ValueError, InvalidSignature):
        raise SealError(_("the file's signature does not match its content: it was altered or damaged "
                          "after it was signed. Ask the sender for the file again.")) from None
    return Signed(str(header["signer"]), header["recipient"], str(header["signed_at"]), payload)


def _check(header: dict[str, Any], payload: memoryview) -> None:
    """Raise when a field is of the wrong type, the content differs from the header or the signature fails."""
    recipient = header["recipient"]
    if not isinstance(recipient, str | None) or not all(
            isinstance(header[k], str) for k in ("signer", "signed_at", "signature", "content_sha256")):
        raise TypeError("header field")
    if header["content_bytes"] != len(payload) or (
            header["content_sha256"] != hashlib.sha256(payload).hexdigest()):
        raise ValueError("content")
    try:
        key = parse_signing_key(header["signer"])
    except SealError as exc:
        raise ValueError("signer") from exc
    key.verify(unb64url(header["signature"]), _message(header))
