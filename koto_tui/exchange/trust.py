"""This laptop's signing key, the trusted senders, and opening a received file (age, then signature).

A received file is accepted only when it is signed, its signature checks out, it was signed for this
laptop's receiving key (or deliberately unsealed), and its signer is one of the trusted senders a
coordinator accepted. Everything else is refused with a message that names the signer's fingerprint.
"""

from __future__ import annotations

from dataclasses import dataclass

from koto_tui.exchange import seal, settings, signing
from koto_tui.exchange.seal import SealError
from koto_tui.i18n import _
from koto_tui.store import Store
from koto_tui.store.senders import Trust, TrustedSender


@dataclass(frozen=True)
class Opened:
    """A received export whose seal and signature were checked, and the trusted sender who signed it."""

    payload: memoryview
    sender: TrustedSender
    sealed: bool


def trust(store: Store) -> Trust:
    """The receiving key and trusted senders of *store*."""
    return Trust(store.session, store.paths)


def own_signing_key(store: Store) -> str:
    """This database's Ed25519 signing key (private part), made on first use."""
    value = store.setting(settings.OWN_SIGNING_KEY, None)
    if isinstance(value, str) and value:
        return value
    key = signing.new_signing_key()
    store.set_setting(settings.OWN_SIGNING_KEY, key)
    return key


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
    """This database's receiving key (an age identity), made when *create* and there is none."""
    value = store.setting(settings.OWN_PRIVATE_KEY, None)
    if isinstance(value, str) and value:
        return value
    if not create:
        return None
    key = seal.new_private_key()
    store.set_setting(settings.OWN_PRIVATE_KEY, key)
    return key


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
