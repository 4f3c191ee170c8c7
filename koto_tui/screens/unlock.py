"""Before anything about clients is shown: the passphrase."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from koto_tui.i18n import N_, _
from koto_tui.memory import Handover
from koto_tui.screens.base import koto
from koto_tui.store.errors import WrongPassphrase
from koto_tui.text import sentence
from koto_tui.widgets.fields import Field
from koto_tui.widgets.footer import KotoFooter
from koto_tui.widgets.safe import plain
from koto_tui.widgets.secret import SecretInput

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
    """Asks for the passphrase; a wrong one says so and lets the user try again.

    Files that are missing, damaged or cannot be written are diagnosed before the passphrase where that
    is possible, and after it otherwise: the screen then says what happened and what to do, and its
    only way on is to quit (with the command line's exit status for that case).
    """

    DEFAULT_CSS = """
    #unlock-diagnosis { color: $error; display: none; margin: 1 0 0 0; }
    UnlockScreen.-diagnosed #unlock-diagnosis { display: block; }
    UnlockScreen.-diagnosed #field-passphrase, UnlockScreen.-diagnosed #unlock-status { display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "unlock", N_("Unlock"), id="unlock", show=True),
        Binding("escape", "leave", N_("Quit"), id="leave", show=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.exit_status: int | None = None

    def compose(self) -> ComposeResult:
        """Title, passphrase, message."""
        with Center(id="unlock-box"):
            yield Label(_("Open the database"), id="unlock-title")
            if koto(self).demo:
                from koto_tui.demo import DEMO_COORDINATOR_PASSPHRASE, DEMO_PASSPHRASE

                hint = _("Demo database: the counsellor's passphrase is \u201c{passphrase}\u201d, the "
                         "coordinator's \u201c{coordinator}\u201d.").format(
                    passphrase=DEMO_PASSPHRASE, coordinator=DEMO_COORDINATOR_PASSPHRASE)
                yield Static(plain(hint), id="demo-hint", markup=False)
            yield Field(_("Passphrase"), SecretInput(id="passphrase"), name="passphrase")
            yield Static("", id="unlock-status", markup=False)
            yield Static("", id="unlock-diagnosis", markup=False)
        yield KotoFooter()

    def on_mount(self) -> None:
        """Start at the passphrase; the files are checked once it is shown (the check's thread and its
        imports do not compete with the screen's first frame)."""
        self.query_one("#passphrase", Input).focus()
        self.call_after_refresh(self._check_files)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Unlock while the files can be opened; only quitting once they cannot."""
        if action == "unlock":
            return self.exit_status is None
        if action == "leave":
            return self.exit_status is not None
        return True

    @work(thread=True, group="check-files")
    def _check_files(self) -> None:
        from koto_tui.messages import OPEN_FAILURES
        from koto_tui.store import check_files

        try:
            check_files(koto(self).paths)
        except OPEN_FAILURES as exc:
            self.app.call_from_thread(self.diagnose, exc)

    @on(Input.Submitted, "#passphrase")
    def action_unlock(self) -> None:
        """Try the passphrase in a worker (the key derivation takes a moment)."""
        if self.exit_status is not None:
            return
        box = self.query_one("#passphrase", SecretInput)
        passphrase = box.value
        if not passphrase:
            self.query_one(Field).show_error(_("Type the passphrase."))
            return
        box.forget()  # handed to the worker: the field keeps no copy while the key is derived
        self.query_one("#unlock-status", Static).update(_("Opening\u2026"))
        self._unlock(Handover(passphrase))

    def action_leave(self) -> None:
        """Quit koto with the exit status of what was found."""
        self.app.exit(return_code=self.exit_status or 0)

    @work(thread=True, exclusive=True)
    def _unlock(self, handover: Handover) -> None:
        from koto_tui.messages import passphrase_doubt
        from koto_tui.store import Store

        paths = koto(self).paths
        passphrase = handover.take()
        try:
            store, forms = open_store_and_forms(lambda: Store.unlock(paths, passphrase, verify=False))
        except WrongPassphrase:
            message = _("Wrong passphrase. Try again.") + " " + passphrase_doubt(paths)
            self.app.call_from_thread(self._failed, message)
        except Exception as exc:
            self.app.call_from_thread(self.diagnose, exc)
        else:
            self.app.call_from_thread(self._opened, store, forms)

    def _opened(self, store: Store, forms: dict[str, Form]) -> None:
        self.query_one("#passphrase", SecretInput).forget()  # keep no passphrase around in the UI
        self.query_one("#unlock-status", Static).update("")
        koto(self).unlocked(store, forms)

    def _failed(self, message: str) -> None:
        box = self.query_one("#passphrase", SecretInput)
        box.forget()
        box.focus()
        self.query_one("#unlock-status", Static).update("")
        self.query_one(Field).show_error(message)

    def diagnose(self, exc: BaseException) -> None:
        """Say what is wrong with the files and what to do; the passphrase goes away."""
        from koto_tui.messages import exit_status, store_error_message

        box = self.query_one("#passphrase", SecretInput)
        box.forget()
        box.disabled = True
        self.exit_status = exit_status(exc)
        self.query_one("#unlock-status", Static).update("")
        self.query_one("#unlock-diagnosis", Static).update(
            plain(sentence(store_error_message(exc, koto(self).paths))))
        self.add_class("-diagnosed")
        self.refresh_bindings()
