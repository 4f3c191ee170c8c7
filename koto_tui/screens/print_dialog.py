"""Printing an interview: where to write the PDF and whether to include the identity code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Input, Label, Static

from koto_tui.i18n import _
from koto_tui.screens.base import koto
from koto_tui.widgets.fields import Field
from koto_tui.workflow import PrintRequest, default_print_path, print_interview

if TYPE_CHECKING:
    from koto_tui.store import Store


@dataclass(frozen=True)
class PrintOptions:
    """Where to write the PDF and what to include."""

    out: Path
    include_identity_code: bool
    include_sensitive: bool


class PrintDialog(ModalScreen[PrintOptions | None]):
    """Asks where to save a printout; returns the options, or None when cancelled."""

    DEFAULT_CSS = """
    PrintDialog { align: center middle; }
    #print-dialog { width: 90; height: auto; padding: 1 2; border: round $primary; background: $surface; }
    #print-dialog Input { width: 1fr; }
    #print-dialog .buttons { height: auto; margin-top: 1; }
    #print-dialog .buttons Button { margin-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", _("Cancel"), id="cancel-print")]

    def __init__(self, title: str, default_path: Path, *, sensitive_choice: bool = True) -> None:
        super().__init__()
        self.title_text = title
        self.default_path = default_path
        self.sensitive_choice = sensitive_choice

    def compose(self) -> ComposeResult:
        """Path, identity-code choice, buttons."""
        with Vertical(id="print-dialog"):
            yield Label(self.title_text, classes="form-title")
            yield Field(_("Save the PDF as"), Input(str(self.default_path), id="print-path"), name="path")
            yield Checkbox(_("Include the identity code"), id="print-identity")
            if self.sensitive_choice:
                yield Checkbox(_("Include sensitive answers (health and ability to function)"),
                               id="print-sensitive")
            yield Static(_("The file is readable by you only. No client name is put in the file name."),
                         markup=False, classes="field-hint")
            with Horizontal(classes="buttons"):
                yield Button(_("Print"), id="do-print", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        """Start at the file name: Enter prints, Tab goes on to the identity-code choice."""
        self.query_one("#print-path", Input).focus()

    @on(Button.Pressed, "#do-print")
    @on(Input.Submitted, "#print-path")
    def _print(self) -> None:
        text = self.query_one("#print-path", Input).value.strip()
        if not text.lower().endswith(".pdf"):
            self.query_one(Field).show_error(_("Give a file name that ends in .pdf."))
            return
        path = Path(text).expanduser()
        if path.is_dir():
            self.query_one(Field).show_error(_("That is a folder: add a file name."))
            return
        sensitive = self.sensitive_choice and self.query_one("#print-sensitive", Checkbox).value
        self.dismiss(PrintOptions(path, self.query_one("#print-identity", Checkbox).value, sensitive))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Do not print."""
        self.dismiss(None)


def _print_with_dialog(screen: Screen[None], title: str, default_path: Callable[[Store], Path],
                       render: Callable[[Store, PrintOptions], Path], *,
                       sensitive_choice: bool = True) -> None:
    """Ask, then print in a worker, and show where the file went."""
    app = koto(screen)
    store = app.require_store()

    def run(options: PrintOptions) -> None:
        from koto_tui.messages import store_error_message

        try:
            path = render(store, options)
        except Exception as exc:
            message = store_error_message(exc, store.paths)
            app.call_from_thread(app.notify, _("Printing failed: {reason}").format(reason=message),
                                 severity="error", timeout=15)
            return
        app.call_from_thread(app.notify, _("Printed to {path}").format(path=path), timeout=15)

    def chosen(options: PrintOptions | None) -> None:
        if options is not None:
            app.notify(_("Printing\u2026"))
            app.run_worker(lambda: run(options), thread=True, group="print")

    def ask() -> None:
        dialog = PrintDialog(title, default_path(store), sensitive_choice=sensitive_choice)
        app.call_from_thread(app.push_screen, dialog, chosen)

    app.run_worker(ask, thread=True, group="print")


def open_print_dialog(screen: Screen[None], interview_id: int) -> None:
    """Print an assessment: ask where, print in a worker, and show where the file went."""
    _print_with_dialog(
        screen, _("Print the assessment"),
        lambda store: default_print_path(store, store.interviews.get(interview_id)),
        lambda store, o: print_interview(store, PrintRequest(interview_id, o.out, o.include_identity_code,
                                                             o.include_sensitive)))


def open_plan_print_dialog(screen: Screen[None], plan_id: int, version: int) -> None:
    """Print a plan version for the client's signature."""
    from koto_tui.plan_printing import default_plan_path, print_plan

    _print_with_dialog(
        screen, _("Print the integration plan"),
        lambda store: default_plan_path(store, store.plans.get(plan_id)),
        lambda store, o: print_plan(store, plan_id, version, o.out, o.include_identity_code),
        sensitive_choice=False)
