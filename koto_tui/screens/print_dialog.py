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

from koto_tui.i18n import N_, _
from koto_tui.screens.base import koto
from koto_tui.widgets.checkbox import KotoCheckbox
from koto_tui.widgets.fields import Field
from koto_tui.widgets.safe import plain
from koto_tui.workflow import PrintRequest, default_print_path, interview_printout, print_interview

if TYPE_CHECKING:
    from koto_tui.printing.preview import Preview
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
    #print-dialog { width: 90; max-width: 100%;
                    height: auto; padding: 1 2; border: round $primary; background: $surface; }
    #print-dialog Input { width: 1fr; }
    #print-dialog Checkbox { width: 1fr; height: auto; }
    #print-dialog .buttons { height: auto; margin-top: 1; }
    #print-dialog .buttons Button { margin-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"), id="cancel-print")]

    def __init__(self, title: str, default_path: Path, *, sensitive_choice: bool = True) -> None:
        super().__init__()
        self.title_text = title
        self.default_path = default_path
        self.sensitive_choice = sensitive_choice

    def compose(self) -> ComposeResult:
        """Path, identity-code choice, buttons."""
        with Vertical(id="print-dialog"):
            yield Label(plain(self.title_text), classes="form-title")
            yield Field(_("Save the PDF as"), Input(str(self.default_path), id="print-path"), name="path")
            yield KotoCheckbox(_("Include the identity code"), id="print-identity")
            if self.sensitive_choice:
                yield KotoCheckbox(_("Include sensitive answers (health and ability to function)"),
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
                       prepare: Callable[[Store, PrintOptions], Preview],
                       save: Callable[[Store, PrintOptions, bytes], Path], *,
                       sensitive_choice: bool = True) -> None:
    """Ask, preview, then save (and send to the printer when one is set), in workers; say where it went."""
    from koto_tui.exchange.settings import printer as stored_printer
    from koto_tui.messages import store_error_message
    from koto_tui.printing.printer import PrinterError, send_to_printer
    from koto_tui.screens.print_preview import PreviewScreen

    app = koto(screen)
    store = app.require_store()

    def failed(exc: Exception) -> None:
        message = store_error_message(exc, store.paths)
        app.call_from_thread(app.notify, _("Printing failed: {reason}").format(reason=message),
                             severity="error", timeout=15)

    def commit(options: PrintOptions, preview: Preview, printer: str) -> None:
        try:
            path = save(store, options, preview.pdf)
        except Exception as exc:
            failed(exc)
            return
        if not printer:
            app.call_from_thread(app.notify, _("Printed to {path}").format(path=path), timeout=15)
            return
        try:
            job = send_to_printer(path, printer)
        except PrinterError as exc:
            app.call_from_thread(app.notify, _("The PDF is saved as {path}, but the printer did not take it: "
                                               "{reason}").format(path=path, reason=exc), severity="error",
                                 timeout=20)
            return
        app.call_from_thread(app.notify, _("Sent to the printer {printer} ({job}); the PDF is saved as "
                                           "{path}.").format(printer=printer, job=job, path=path), timeout=15)

    def show(options: PrintOptions) -> None:
        try:
            preview = prepare(store, options)
        except Exception as exc:
            failed(exc)
            return
        printer = stored_printer(store)

        def decided(go: bool | None) -> None:
            if go:
                app.notify(_("Printing\u2026"))
                app.run_worker(lambda: commit(options, preview, printer), thread=True, group="print")

        app.call_from_thread(app.push_screen, PreviewScreen(preview, options.out, printer), decided)

    def chosen(options: PrintOptions | None) -> None:
        if options is not None:
            app.notify(_("Preparing the preview\u2026"))
            app.run_worker(lambda: show(options), thread=True, group="print")

    def ask() -> None:
        dialog = PrintDialog(title, default_path(store), sensitive_choice=sensitive_choice)
        app.call_from_thread(app.push_screen, dialog, chosen)

    app.run_worker(ask, thread=True, group="print")


def open_print_dialog(screen: Screen[None], interview_id: int) -> None:
    """Print an assessment: ask where, preview, print, and show where the file went."""
    from koto_tui.printing.preview import interview_preview

    def request(options: PrintOptions) -> PrintRequest:
        return PrintRequest(interview_id, options.out, options.include_identity_code,
                            options.include_sensitive)

    _print_with_dialog(
        screen, _("Print the assessment"),
        lambda store: default_print_path(store, store.interviews.get(interview_id)),
        lambda store, o: interview_preview(interview_printout(store, request(o))),
        lambda store, o, pdf: print_interview(store, request(o), pdf))


def open_plan_print_dialog(screen: Screen[None], plan_id: int, version: int) -> None:
    """Print a plan version for the client's signature."""
    from koto_tui.plan_printing import default_plan_path, plan_printout, print_plan
    from koto_tui.printing.preview import plan_preview

    _print_with_dialog(
        screen, _("Print the integration plan"),
        lambda store: default_plan_path(store, store.plans.get(plan_id)),
        lambda store, o: plan_preview(plan_printout(store, plan_id, version, o.include_identity_code)),
        lambda store, o, pdf: print_plan(store, plan_id, version, o.out, o.include_identity_code, pdf),
        sensitive_choice=False)
