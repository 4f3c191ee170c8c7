"""`koto senders`: this laptop's keys and the trusted senders on the command line (changes: a coordinator)."""

from __future__ import annotations

import argparse

from koto_tui.commands import CommandFailed, _err, opened_store
from koto_tui.exchange import seal, signing, trust
from koto_tui.exchange.seal import SealError
from koto_tui.i18n import _
from koto_tui.store import Store
from koto_tui.store.errors import UserRefused
from koto_tui.text import printable


def senders(args: argparse.Namespace) -> int:
    """List, add or remove trusted senders; show this laptop's own keys."""
    try:
        with opened_store(args) as store:
            action = args.senders_command or "list"
            if action == "own":
                return show_own_keys(store)
            if action == "list":
                return _list(store)
            confirm = _retyped(args)
            if action == "add":
                shown = trust.add_sender(store, args.name, args.key, confirm_passphrase=confirm)
                print(_("{name} is now a trusted sender (fingerprint {fp}).").format(
                    name=printable(args.name), fp=shown))
                return 0
            if not trust.trust(store).remove(args.fingerprint, confirm_passphrase=confirm):
                raise CommandFailed(_("no trusted sender has the fingerprint {fp}.").format(
                    fp=printable(args.fingerprint)))
            print(_("The sender is no longer trusted."))
            return 0
    except (SealError, UserRefused) as exc:
        return _err(str(exc))
    except CommandFailed as exc:
        return _err(str(exc), exc.status)


def _retyped(args: argparse.Namespace) -> str:
    """The coordinator's passphrase typed again (the same source as the unlock: file, variable or prompt)."""
    from koto_tui.cli import read_passphrase

    return read_passphrase(getattr(args, "passphrase_file", None))


def _list(store: Store) -> int:
    found = trust.trust(store).senders()
    if not found:
        print(_("No trusted senders: imports are refused until a coordinator adds the sender's key."))
    for sender in found:
        print(f"{sender.fingerprint}  {printable(sender.name)}  "
              + _("added {at} by {name}").format(at=sender.added_at.replace("T", " ")[:16],
                                                  name=printable(sender.added_by or "–")))
    return 0


def show_own_keys(store: Store) -> int:
    """Print this laptop's receiving key and signing key with their fingerprints (made on first use); a key
    stored but unusable is said on stderr, the other still shown, and the exit status is 1."""
    failed = 0
    try:
        receiving = seal.public_key_text(str(trust.own_private_key(store, create=True)))
        print(_("Receiving key (senders seal their exports with it):"))
        print(f"  {receiving}\n  " + _("Fingerprint: {fp}").format(fp=seal.fingerprint(receiving)))
    except trust.KeyUnusable as exc:
        failed = _err(str(exc))
    try:
        signing_key = trust.own_signing_public(store)
        print(_("Signing key (receivers add it to their trusted senders):"))
        print(f"  {signing_key}\n  " + _("Fingerprint: {fp}").format(fp=signing.fingerprint(signing_key)))
    except trust.KeyUnusable as exc:
        failed = _err(str(exc))
    return failed


def set_receiver_key(store: Store, args: argparse.Namespace) -> int:
    """`koto export --receiver-key KEY`: the receiving office's key (a coordinator, passphrase re-typed)."""
    try:
        shown = trust.set_receiver_key(store, args.receiver_key, confirm_passphrase=_retyped(args))
    except (SealError, UserRefused) as exc:
        raise CommandFailed(str(exc)) from None
    print(_("The receiving office's public key is set (fingerprint {fp}).").format(fp=shown))
    return 0
