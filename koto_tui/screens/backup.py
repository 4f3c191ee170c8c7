"""Backing up from inside the app: the same verified file as `koto backup`, written in a worker."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from koto_tui.i18n import N_, _, format_number
from koto_tui.screens.base import hand_over, koto
from koto_tui.widgets.fields import Field
from koto_tui.widgets.safe import plain

if TYPE_CHECKING:
    from pathlib import Path

    from koto_tui.admin.take import Taken


class BackupDialog(ModalScreen[None]):
    """Asks where to write the backup, writes it off the UI thread and says where it went."""

    DEFAULT_CSS = """
    BackupDialog { align: center middle; }
    #backup-dialog { width: 90; max-width: 100%; height: auto; max-height: 100%;
                     padding: 1 2; border: round $primary; background: $surface; }
    #backup-dialog Input { width: 1fr; }
    #backup-status { margin-top: 1; }
    #backup-status.-failed { color: $error; }
    #backup-dialog .buttons { height: auto; margin-top: 1; }
    #backup-dialog .buttons Button { margin-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", N_("Close"), id="close-backup")]

    running = False
    """True while the worker writes the file (the dialog stays open until it is done)."""

    def compose(self) -> ComposeResult:
        """Path, what the file is, status, buttons."""
        from koto_tui.admin.take import default_path

        with Vertical(id="backup-dialog"):
            yield Label(_("Back up the database"), classes="form-title")
            yield Field(_("Save the backup as"),
                        Input(str(default_path(koto(self).paths)), id="backup-path"), name="path")
            yield Static(_("The file holds every client's data, still encrypted: it opens only with a "
                           "passphrase that opens the database now. Keep it off this laptop, somewhere "
                           "safe. Taking it is recorded in the audit trail."),
                         markup=False, classes="field-hint")
            yield Static("", id="backup-status", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Back up"), id="do-backup", variant="primary")
                yield Button(_("Close"), id="close-backup")

    def on_mount(self) -> None:
        """Start at the path: Enter backs up."""
        self.query_one("#backup-path", Input).focus()

    @on(Button.Pressed, "#do-backup")
    @on(Input.Submitted, "#backup-path")
    def _start(self) -> None:
        from koto_tui.admin.take import target

        if self.running:
            return
        out = target(self.query_one("#backup-path", Input).value, koto(self).paths)
        if out.exists():
            self._show(_("{path} already exists: choose another name.").format(path=out), failed=True)
            return
        self._busy(True)
        self._show(_("Backing up…"))
        self._write(out)

    @work(thread=True, exclusive=True, group="backup")
    def _write(self, out: Path) -> None:
        from koto_tui.admin.backup import BackupError
        from koto_tui.admin.take import take_backup

        store = koto(self).store
        if store is None:  # locked before the worker started: nothing is written
            return
        try:
            taken = take_backup(store, out)
        except BackupError as exc:
            hand_over(self, self._failed, str(exc))
            return
        hand_over(self, self._done, taken)  # (dropped once a lock has closed the screen)

    def _done(self, taken: Taken) -> None:
        self._busy(False)
        megabytes = format_number(taken.size / 1_000_000, pattern="#,##0.0")
        self._show(_("Backup written to {path} ({size} MB), verified by opening it.").format(
            path=taken.path, size=megabytes))

    def _failed(self, message: str) -> None:
        self._busy(False)
        self._show(message, failed=True)

    def _busy(self, running: bool) -> None:
        self.running = running
        for button in self.query(Button):
            button.disabled = running
        self.query_one("#backup-path", Input).disabled = running

    def _show(self, message: str, *, failed: bool = False) -> None:
        status = self.query_one("#backup-status", Static)
        status.update(plain(message))
        status.set_class(failed, "-failed")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The dialog cannot be closed while the file is being written."""
        return not (action == "close" and self.running)

    @on(Button.Pressed, "#close-backup")
    def action_close(self) -> None:
        """Back to where the dialog was opened."""
        if not self.running:
            self.dismiss()

