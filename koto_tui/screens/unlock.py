"""Before anything about clients is shown: the passphrase."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static

from koto_tui.demo import DEMO_PASSPHRASE
from koto_tui.i18n import _
from koto_tui.screens.base import koto
from koto_tui.store.errors import WrongPassphrase
from koto_tui.widgets.fields import Field

if TYPE_CHECKING:
    from koto_tui.engine import Form
    from koto_tui.store import Store


def open_store_and_forms(unlock: Callable[[], Store]) -> tuple[Store, dict[str, Form]]:
    """Open the store (heavy imports happen here, in a worker) and register the shipped forms."""
    from koto_tui.workflow import register_shipped_forms

    store = unlock()
    try:
        return store, register_shipped_forms(store)
    except BaseException:
        store.close()
        raise


class UnlockScreen(Screen[None]):
    """Asks for the passphrase; a wrong one says so and lets the user try again."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "unlock", _("Unlock"), id="unlock", show=True)]

    def compose(self) -> ComposeResult:
        """Title, passphrase, message."""
        with Center(id="unlock-box"):
            yield Label(_("Open the database"), id="unlock-title")
            if koto(self).demo:
                yield Static(_("Demo database: the passphrase is \u201c{passphrase}\u201d.").format(
                    passphrase=DEMO_PASSPHRASE), id="demo-hint", markup=False)
            yield Field(_("Passphrase"), Input(password=True, id="passphrase"), name="passphrase")
            yield Static("", id="unlock-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Start at the passphrase."""
        self.query_one("#passphrase", Input).focus()

    @on(Input.Submitted, "#passphrase")
    def action_unlock(self) -> None:
        """Try the passphrase in a worker (the key derivation takes a moment)."""
        passphrase = self.query_one("#passphrase", Input).value
        if not passphrase:
            self.query_one(Field).show_error(_("Type the passphrase."))
            return
        self.query_one("#unlock-status", Static).update(_("Opening\u2026"))
        self._unlock(passphrase)

    @work(thread=True, exclusive=True)
    def _unlock(self, passphrase: str) -> None:
        from koto_tui.messages import store_error_message
        from koto_tui.store import Store

        paths = koto(self).paths
        try:
            store, forms = open_store_and_forms(lambda: Store.unlock(paths, passphrase))
        except WrongPassphrase:
            self.app.call_from_thread(self._failed, _("Wrong passphrase. Try again."))
        except Exception as exc:
            self.app.call_from_thread(self._failed, store_error_message(exc, koto(self).paths))
        else:
            self.app.call_from_thread(self._opened, store, forms)

    def _opened(self, store: Store, forms: dict[str, Form]) -> None:
        self.query_one("#passphrase", Input).value = ""  # keep no passphrase around in the UI
        self.query_one("#unlock-status", Static).update("")
        koto(self).unlocked(store, forms)

    def _failed(self, message: str) -> None:
        box = self.query_one("#passphrase", Input)
        box.value = ""
        box.focus()
        self.query_one("#unlock-status", Static).update("")
        self.query_one(Field).show_error(message)
