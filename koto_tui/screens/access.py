"""A client's corrections in one place, and making their access report (GDPR art. 15) after a confirmation."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from koto_tui.access_report import HistoryEntry
from koto_tui.i18n import N_, _, format_short_date
from koto_tui.screens.base import hand_over, koto
from koto_tui.widgets.safe import notice, plain, terminal_clean

KINDS = {"amendment": _("amendment"), "plan_version": _("new plan version")}


def history_text(entries: list[HistoryEntry]) -> Text:
    """Each correction on its own lines: when, what, by whom, and the reason (user text shown literally)."""
    if not entries:
        return Text(_("No corrections after finalising or signing."))
    text = Text()
    for e in entries:
        try:
            day = format_short_date(date.fromisoformat(e.at[:10]))
        except ValueError:
            day = e.at
        text.append(f"{day}  {KINDS.get(e.kind, e.kind)} {e.document_id}", style="bold")
        detail = f"  ({terminal_clean(e.detail)})" if e.detail else ""
        text.append(terminal_clean(f"  {e.by}") + detail + "\n")
        text.append(terminal_clean(f"  {e.reason}") + "\n")
    return text


class AccessDialog(ModalScreen[None]):
    """The client's versions and corrections; a button makes the access report once confirmed."""

    DEFAULT_CSS = """
    AccessDialog { align: center middle; }
    AccessDialog > Vertical { width: 90%; max-width: 100; height: auto; max-height: 90%; padding: 1 2;
                              border: round $primary; background: $surface; }
    AccessDialog #access-history { height: auto; max-height: 16; }
    AccessDialog .title { text-style: bold; }
    AccessDialog .buttons { height: auto; margin-top: 1; }
    AccessDialog .buttons Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", N_("Close"), id="access-close")]

    #: The button has the focus (not the history's scroll area): Enter makes the report, as on every dialog.
    AUTO_FOCUS = "#access-make"

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.confirming = False

    def compose(self) -> ComposeResult:
        """The history, the warning and the buttons."""
        with Vertical():
            yield Static(_("Versions and corrections"), classes="title")
            with VerticalScroll(id="access-history"):
                yield Static(id="access-history-text", markup=False)
            yield Static(id="access-warning", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Make the access report"), id="access-make", variant="primary")
                yield Button(_("Close"), id="access-close-button")

    def on_mount(self) -> None:
        """Load the history in a worker."""
        self._load()

    @work(thread=True, group="access-history")
    def _load(self) -> None:
        from koto_tui.access_report import client_history

        entries = client_history(koto(self).require_store(), self.client_id)
        shown = self.query_one("#access-history-text", Static)
        hand_over(self, shown.update, history_text(entries))

    @on(Button.Pressed, "#access-make")
    def _make(self) -> None:
        """First press: say what the report holds; second press: make it."""
        if not self.confirming:
            self.confirming = True
            self.query_one("#access-warning", Static).update(plain(_(
                "The access report holds every answer about the client, sensitive ones too: it is the "
                "client's own copy, to be given to the client only. Press again to make it.")))
            self.query_one("#access-make", Button).label = _("Yes, make the report")
            return
        self.query_one("#access-make", Button).disabled = True
        self._write()

    @work(thread=True, exclusive=True, group="access-report")
    def _write(self) -> None:
        from koto_tui.access_printout import write_pdf
        from koto_tui.messages import describe_error

        try:
            path = write_pdf(koto(self).require_store(), self.client_id)
        except OSError as exc:
            message = _("Could not make the access report: {reason}").format(reason=describe_error(exc))
            self.app.call_from_thread(self.notify, notice(message), severity="error", markup=False)
            return
        message = _("Access report written: {path}").format(path=str(path))
        self.app.call_from_thread(self.notify, notice(message), markup=False, timeout=10)
        hand_over(self, self.dismiss, None)

    @on(Button.Pressed, "#access-close-button")
    def action_close(self) -> None:
        """Close without making anything."""
        self.dismiss(None)
