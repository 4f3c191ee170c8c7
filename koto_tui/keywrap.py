"""Wrapping a secret to an X25519 public key: a one-time key pair, HKDF-SHA256 and AES-256-GCM.

Used by the key file (``koto_tui.store.keys``); exports are sealed with age instead
(``koto_tui.exchange.seal``). Each use passes its own HKDF *info*, so a wrap made for one purpose never
opens as another.
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_RAW = serialization.Encoding.Raw


def raw_public(key: X25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key."""
    return key.public_bytes(_RAW, serialization.PublicFormat.Raw)


def raw_private(key: X25519PrivateKey) -> bytes:
    """The 32 raw bytes of a private key."""
    return key.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def wrapping_key(shared: bytes, ephemeral: bytes, recipient: bytes, info: bytes) -> bytes:
    """The AES-256 key for one wrap: HKDF-SHA256 of the X25519 agreement, salted with both public keys."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=info).derive(shared)


def wrap_to(recipient_raw: bytes, secret: bytes, info: bytes, aad: bytes) -> tuple[bytes, bytes, bytes]:
    """*secret* encrypted to the public key *recipient_raw*: (ephemeral public key, nonce, ciphertext)."""
    recipient = X25519PublicKey.from_public_bytes(recipient_raw)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_raw = raw_public(ephemeral.public_key())
    kek = wrapping_key(ephemeral.exchange(recipient), ephemeral_raw, recipient_raw, info)
    nonce = os.urandom(12)
    return ephemeral_raw, nonce, AESGCM(kek).encrypt(nonce, secret, aad)


def unwrap_with(private_raw: bytes, ephemeral_raw: bytes, nonce: bytes, wrapped: bytes, info: bytes,
                aad: bytes) -> bytes:
    """The secret ``wrap_to`` wrapped; raises InvalidTag when it was wrapped to another key or changed."""
    private = X25519PrivateKey.from_private_bytes(private_raw)
    ephemeral = X25519PublicKey.from_public_bytes(ephemeral_raw)
    kek = wrapping_key(private.exchange(ephemeral), ephemeral_raw, raw_public(private.public_key()), info)
    return AESGCM(kek).decrypt(nonce, wrapped, aad)
