"""The settings' trusted senders and receiving key: shown to all, changed by a coordinator (passphrase)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Button, Label, Static

from koto_tui.exchange.seal import SealError
from koto_tui.i18n import _
from koto_tui.screens.base import koto
from koto_tui.screens.form_dialog import FieldSpec, FormDialog
from koto_tui.store.errors import UserRefused
from koto_tui.widgets.safe import notice, plain

if TYPE_CHECKING:
    from koto_tui.screens.settings import Values
    from koto_tui.store import Store


def _confirm_spec() -> FieldSpec:
    return FieldSpec("confirm", _("Your own passphrase (to confirm)"), "password", required=True)


def _refusal(step: Callable[[], object]) -> str | None:
    """Take the change; a refusal (not a coordinator, a wrong passphrase, not a key) as the message."""
    try:
        step()
    except (UserRefused, SealError) as refused:
        return str(refused)
    return None


def sender_fields() -> ComposeResult:
    """This laptop's signing key, the trusted senders and the buttons that change them."""
    yield Label(_("Trusted senders"), classes="form-title")
    yield Static("", id="own-signing-key", classes="note")
    yield Static("", id="senders-list", classes="note")
    yield Button(_("Add a trusted sender"), id="add-sender")
    yield Button(_("Remove a trusted sender"), id="remove-sender")


def sender_lines(store: Store) -> tuple[str, ...]:
    """Each trusted sender as one line: fingerprint, name, who added the key and when."""
    from koto_tui.exchange.trust import trust

    return tuple(_("{fp}  {name} (added {at} by {by})").format(
        fp=s.fingerprint, name=s.name, at=s.added_at.replace("T", " ")[:16], by=s.added_by or "–")
        for s in trust(store).senders())


def show_senders(screen: Screen[Any], values: Values) -> None:
    """Show the signing key and the senders; only a coordinator gets the buttons and the key field."""
    from koto_tui.exchange.signing import fingerprint

    if values.signing_key_problem:  # a stored key that cannot be used: said, never replaced
        screen.query_one("#own-signing-key", Static).update(plain(values.signing_key_problem))
        screen.notify(notice(values.signing_key_problem), severity="error", timeout=30, markup=False)
    elif values.own_signing_key:
        screen.query_one("#own-signing-key", Static).update(plain(_(
            "This laptop's signing key (receivers add it to their trusted senders): {key} (fingerprint {fp})")
            .format(key=values.own_signing_key, fp=fingerprint(values.own_signing_key))))
    screen.query_one("#senders-list", Static).update(plain("\n".join(values.senders) or _(
        "No trusted senders: imports are refused until a coordinator adds the sender's key.")))
    coordinator = values.may_allow_self_approval
    for selector in ("#add-sender", "#remove-sender", "#setting-receiver-key"):
        screen.query_one(selector).disabled = not coordinator


def _refreshed(screen: Screen[Any]) -> Callable[[dict[str, Any] | None], None]:
    def refresh(result: dict[str, Any] | None) -> None:
        if result is not None:
            lines = sender_lines(koto(screen).require_store())
            screen.query_one("#senders-list", Static).update(plain("\n".join(lines)))
    return refresh


def add_sender_dialog(screen: Screen[Any]) -> None:
    """Ask the sender's name and key and the coordinator's passphrase; then trust the key."""
    from koto_tui.exchange.trust import add_sender

    store = koto(screen).require_store()

    def check(values: dict[str, Any]) -> str | None:
        return _refusal(lambda: add_sender(store, values["name"], values["key"],
                                           confirm_passphrase=values["confirm"]))

    specs = [FieldSpec("name", _("Whose key (an office or a person)"), required=True),
             FieldSpec("key", _("The sender's signing key (koto-ed25519:…)"), required=True), _confirm_spec()]
    title = _("Trust a sender: compare the fingerprint with the sender on the phone first.")
    screen.app.push_screen(FormDialog(title, specs, check=check, slow=True), _refreshed(screen))


def remove_sender_dialog(screen: Screen[Any]) -> None:
    """Ask the sender's fingerprint and the coordinator's passphrase; then stop trusting the key."""
    from koto_tui.exchange.trust import trust

    store = koto(screen).require_store()

    def check(values: dict[str, Any]) -> str | None:
        found: list[bool] = []
        message = _refusal(lambda: found.append(trust(store).remove(
            values["fingerprint"], confirm_passphrase=values["confirm"])))
        return message or (None if found[0] else _("No trusted sender has this fingerprint."))

    specs = [FieldSpec("fingerprint", _("The sender's fingerprint, as listed"), required=True),
             _confirm_spec()]
    screen.app.push_screen(FormDialog(_("Remove a trusted sender"), specs, check=check, slow=True),
                           _refreshed(screen))


def confirm_receiver_key(screen: Screen[Any], key: str, then: Callable[[], object]) -> None:
    """Ask the coordinator's passphrase, store the new receiving key, then save the rest (*then*)."""
    from koto_tui.exchange.trust import set_receiver_key

    store = koto(screen).require_store()

    def check(values: dict[str, Any]) -> str | None:
        return _refusal(lambda: set_receiver_key(store, key, confirm_passphrase=values["confirm"]))

    def done(result: dict[str, Any] | None) -> None:
        if result is not None:
            then()

    title = _("Change the receiving office's key: exports are sealed for it from now on.")
    screen.app.push_screen(FormDialog(title, [_confirm_spec()], check=check, slow=True), done)
