"""This laptop's signing key, the trusted senders, and opening a received file (age, then signature).

A received file is accepted only when it is signed, its signature checks out, it was signed for this
laptop's receiving key (or deliberately unsealed), and its signer is one of the trusted senders a
coordinator accepted. Everything else is refused with a message that names the signer's fingerprint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from koto_tui.exchange import seal, settings, signing
from koto_tui.exchange.seal import SealError
from koto_tui.i18n import _
from koto_tui.store import Store
from koto_tui.store.senders import Trust, TrustedSender
from koto_tui.store.setting_values import UNREADABLE

_ABSENT: Final = object()
"""What `Store.setting` gives for a key never stored: the only case in which a key is made."""


class KeyUnusable(SealError):
    """This laptop's own key is stored but cannot be used; nothing replaced it (the message says what to do
    and holds nothing of the stored value)."""


@dataclass(frozen=True)
class Opened:
    """A received export whose seal and signature were checked, and the trusted sender who signed it."""

    payload: memoryview
    sender: TrustedSender
    sealed: bool


@dataclass(frozen=True)
class Shown:
    """One of this laptop's public keys to show, or why it cannot be shown (its stored key is unusable)."""

    key: str = ""
    problem: str = ""


def trust(store: Store) -> Trust:
    """The receiving key and trusted senders of *store*."""
    return Trust(store.session, store.paths)


def own_signing_key(store: Store) -> str:
    """This database's Ed25519 signing key (private part), made on first use; `KeyUnusable` when one is
    stored but cannot be used (it is never replaced: the receivers trust this laptop by it)."""
    value = store.setting(settings.OWN_SIGNING_KEY, _ABSENT)
    if value is _ABSENT:
        key = signing.new_signing_key()
        store.set_setting(settings.OWN_SIGNING_KEY, key)
        return key
    if (problem := _signing_problem(value)) is not None:
        raise KeyUnusable(problem)
    return str(value)


def signing_key_problem(store: Store) -> str | None:
    """Why the stored signing key cannot be used, or None (a usable key, or none yet: the first export makes
    it); reads only, so a dry run and the export screen's preview can say it without making a key."""
    value = store.setting(settings.OWN_SIGNING_KEY, _ABSENT)
    return None if value is _ABSENT else _signing_problem(value)


def _signing_problem(value: object) -> str | None:
    """Why a stored signing key cannot be used, or None when it can."""
    return None if isinstance(value, str) and signing.is_private_key(value) else _unusable_signing(value)


def own_signing_public(store: Store) -> str:
    """This laptop's public signing key (``koto-ed25519:…``), for the receivers' trusted senders."""
    return signing.signing_public_text(own_signing_key(store))


def add_sender(store: Store, name: str, key_text: str, *, confirm_passphrase: str) -> str:
    """Trust *key_text* as *name*'s signing key (a coordinator only); returns its fingerprint."""
    key = signing.normalise_signing_key(key_text)
    shown = signing.fingerprint(key)
    trust(store).add(name, key, shown, confirm_passphrase=confirm_passphrase)
    return shown


def set_receiver_key(store: Store, key_text: str, *, confirm_passphrase: str) -> str:
    """Seal exports for *key_text* from now on (a coordinator only); returns its fingerprint ("" cleared)."""
    key = seal.normalise_public_key(key_text) if key_text.strip() else ""
    shown = seal.fingerprint(key) if key else ""
    trust(store).set_receiver_key(key, shown, confirm_passphrase=confirm_passphrase)
    return shown


def _unknown(signer: str) -> str:
    return _("the file was signed by a sender this laptop does not trust (fingerprint {fp}). Phone the "
             "sender and compare the fingerprint; then a coordinator accepts the key in the settings (F8) "
             "or with: koto senders add --name NAME {key}").format(fp=signing.fingerprint(signer), key=signer)


def own_private_key(store: Store, create: bool = False) -> str | None:
    """This database's receiving key (an age identity), made when *create* and there is none; `KeyUnusable`
    when one is stored but cannot be used (never replaced: files sealed for this laptop open only with it)."""
    value = store.setting(settings.OWN_PRIVATE_KEY, _ABSENT)
    if value is _ABSENT:
        if not create:
            return None
        key = seal.new_private_key()
        store.set_setting(settings.OWN_PRIVATE_KEY, key)
        return key
    if not isinstance(value, str) or not seal.is_private_key(value):
        raise KeyUnusable(_unusable_receiving(value))
    return value


def receiving_shown(store: Store, create: bool = False) -> Shown:
    """The receiving key's public half for the screens ("" when there is none and not *create*)."""
    try:
        own = own_private_key(store, create)
    except KeyUnusable as exc:
        return Shown(problem=str(exc))
    return Shown(seal.public_key_text(own) if own else "")


def signing_shown(store: Store) -> Shown:
    """The signing key's public half for the screens (made on first use)."""
    try:
        return Shown(own_signing_public(store))
    except KeyUnusable as exc:
        return Shown(problem=str(exc))


def _unusable_receiving(value: object) -> str:
    """Why the stored receiving key cannot be used, and what to do (never any of the stored value)."""
    problem = _("this laptop's receiving key is stored in the database but cannot be read.") if (
        value is UNREADABLE) else _("this laptop's receiving key in the database is not a valid key.")
    return problem + " " + _(
        "koto did not make a new one: files already sealed for this laptop open only with this key. "
        "Restore the database from a backup made before the key was damaged (koto restore), or ask IT "
        "support; until then sealed files cannot be imported.")


def _unusable_signing(value: object) -> str:
    """Why the stored signing key cannot be used, and what to do (never any of the stored value)."""
    problem = _("this laptop's signing key is stored in the database but cannot be read.") if (
        value is UNREADABLE) else _("this laptop's signing key in the database is not a valid key.")
    return problem + " " + _(
        "koto did not make a new one: the receivers trust this laptop's exports by this key. Restore the "
        "database from a backup made before the key was damaged (koto restore), or ask IT support; until "
        "then nothing can be exported.")


def _open_seal(store: Store, data: bytes) -> tuple[bytes | memoryview, str | None]:
    """The content of a sealed file and this laptop's receiving key (None when the file is not sealed)."""
    if not seal.is_sealed(data):
        if seal.is_legacy_sealed(data):
            raise SealError(_("the file is sealed in an older koto's format, which is not signed: ask the "
                              "sender to export it again with this version."))
        return data, None
    key = own_private_key(store)
    if key is None:
        raise SealError(_("the file is sealed, and this database has no receiving key: create one in the "
                          "settings and give its public key to the senders."))
    return seal.open_sealed(data, key), seal.public_key_text(key)


def unwrap(store: Store, data: bytes) -> Opened:
    """Open a received file (SealError says why it is refused): seal, signature, recipient, sender."""
    content, own = _open_seal(store, data)
    signed = signing.verify(content)
    if signed.recipient != own:
        raise SealError(_("the file was signed for another receiving key than the one it was sealed "
                          "with: it was re-sealed by someone else. Ask the sender for the file again.")
                        if own is not None else _(
            "the file was signed to be sealed, but arrives unsealed: ask the sender for the sealed file."))
    sender = trust(store).find(signed.signer)
    if sender is None:
        raise SealError(_unknown(signed.signer))
    return Opened(signed.payload, sender, own is not None)
