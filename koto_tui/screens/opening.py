"""The opening text: Finnish beside the client's language, to read aloud, and printable as a handout."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from koto_tui import clock
from koto_tui.i18n import N_, _, language
from koto_tui.i18n.languages import language_name
from koto_tui.opening import OpeningText, load_opening
from koto_tui.screens.base import koto
from koto_tui.widgets.safe import terminal_clean


def opening_text(text: OpeningText | None, missing_name: str) -> Text:
    """An opening text as literal text; a missing translation is said to be missing."""
    if text is None:
        return Text(_("[no {language} translation]").format(language=missing_name), style="bold red")
    out = Text(terminal_clean(text.title) + "\n\n", style="bold")
    if text.draft:
        out.append(_("[draft translation]") + "\n\n", style="dim")
    for paragraph in text.paragraphs:
        out.append(terminal_clean(paragraph) + "\n\n")
    return out


class OpeningScreen(ModalScreen[None]):
    """Finnish on the left, the client's language on the right."""

    DEFAULT_CSS = """
    OpeningScreen { align: center middle; }
    #opening { width: 95%; height: 90%; padding: 1 2; border: round $primary; background: $surface; }
    #opening-columns { height: 1fr; }
    #opening-columns VerticalScroll { width: 1fr; padding: 0 1; }
    #opening .buttons { height: auto; }
    #opening .buttons Button { margin-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", N_("Back"), id="close-opening")]

    def __init__(self, client_language: str) -> None:
        super().__init__()
        self.code = client_language
        self.finnish = load_opening("fi")
        self.other = load_opening(client_language) if client_language and client_language != "fi" else None

    def compose(self) -> ComposeResult:
        """Two columns and the print button."""
        name = language_name(self.code, language()) if self.code else _("no language chosen")
        with VerticalScroll(id="opening"):
            yield Label(_("Opening text: read it aloud or give it to the client"), classes="form-title")
            with Horizontal(id="opening-columns"):
                with VerticalScroll():
                    yield Static(opening_text(self.finnish, "suomi"))
                with VerticalScroll():
                    yield Static(opening_text(self.other, name))
            with Horizontal(classes="buttons"):
                yield Button(_("Print the handout in the client's language"), id="print-handout",
                             variant="primary", disabled=self.other is None)
                yield Button(_("Back"), id="back")

    def on_mount(self) -> None:
        """Start on the print button (or Back when there is nothing to print)."""
        button = self.query_one("#print-handout", Button)
        (button if not button.disabled else self.query_one("#back", Button)).focus()

    @on(Button.Pressed, "#print-handout")
    def _print(self) -> None:
        other = self.other
        if other is not None:
            self.app.run_worker(lambda: self._write(other), thread=True, group="handout")

    def _write(self, text: OpeningText) -> None:
        from koto_tui.files import write_private
        from koto_tui.messages import describe_error
        from koto_tui.opening import handout_for
        from koto_tui.printing.handout import render_handout

        app = koto(self)
        store = app.require_store()
        doc = handout_for(text, store.profile(), clock.today())
        path = Path(store.paths.prints) / f"opening-{text.language}-{clock.now():%Y%m%d-%H%M%S}.pdf"
        try:
            written = write_private(render_handout(doc), path)
        except OSError as exc:
            app.call_from_thread(app.notify, describe_error(exc), severity="error")
            return
        app.call_from_thread(app.notify, _("Printed to {path}").format(path=written), timeout=15)

    @on(Button.Pressed, "#back")
    def action_close(self) -> None:
        """Back to the interview."""
        self.dismiss(None)
