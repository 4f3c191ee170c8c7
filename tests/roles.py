"""Test set-up for laptops with a counsellor and a coordinator, through the store's own rules."""

from __future__ import annotations

from koto_tui.store import Store


def add_coordinator(store: Store, name: str, title: str, passphrase: str, own_passphrase: str) -> str:
    """The first user (created as a coordinator) adds a coordinator, then becomes a counsellor again."""
    added = store.users.add(name, title, "coordinator", passphrase, confirm_passphrase=own_passphrase)
    store.users.change_role(store.user.id, "counsellor", confirm_passphrase=own_passphrase)
    return added
