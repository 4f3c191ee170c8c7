"""The print preview: how many pages, what is on each, and any character that cannot be printed."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from koto_tui.i18n import N_, _, ngettext
from koto_tui.printing.preview import Preview
from koto_tui.widgets.safe import plain, terminal_clean


def preview_text(preview: Preview) -> Text:
    """Each page's texts in reading order, under a page heading (all user text literal)."""
    text = Text()
    for number, lines in enumerate(preview.page_texts, 1):
        text.append(_("Page {n}/{total}").format(n=number, total=preview.pages) + "\n", style="bold reverse")
        for line in lines:
            text.append(terminal_clean(line) + "\n")
        text.append("\n")
    return text


def problems_text(preview: Preview) -> Text:
    """What cannot be printed, where, and how it will show on paper."""
    text = Text()
    if preview.draft:
        text.append(_("This is a draft (not finalised, or not approved): it prints with a DRAFT "
                      "watermark and without signature lines.") + "\n", style="bold yellow")
    if not preview.unrenderable:
        text.append(_("Every character can be printed with the shipped fonts."), style="green")
        return text
    text.append(_("These characters have no font and are printed as \u201c\ufffd\u201d: check the spelling "
                  "with the client.") + "\n", style="bold red")
    for item in preview.unrenderable:
        text.append(f"\u2022 {terminal_clean(item.label)}: ", style="bold")
        text.append(", ".join(item.names) + "\n")
    return text


class PreviewScreen(ModalScreen[bool]):
    """Shows the preview; returns True to print (or save), False to go back without printing."""

    DEFAULT_CSS = """
    PreviewScreen { align: center middle; }
    #preview { width: 110; max-width: 100%;
               height: 90%; padding: 1 2; border: round $primary; background: $surface; }
    #preview-summary { height: auto; }
    #preview-problems { height: auto; margin: 1 0; }
    #preview-pages { height: 1fr; border: tall $panel; padding: 0 1; }
    #preview .buttons { height: auto; margin-top: 1; }
    #preview .buttons Button { margin-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"), id="cancel-preview")]

    def __init__(self, preview: Preview, out: Path, printer: str) -> None:
        super().__init__()
        self.preview = preview
        self.out = out
        self.printer = printer

    def compose(self) -> ComposeResult:
        """Summary, problems, the pages, and the buttons."""
        pages = ngettext("{n} page", "{n} pages", self.preview.pages).format(n=self.preview.pages)
        if self.printer:
            where = _("Printed on {printer}; the PDF is also saved as {path}.").format(
                printer=self.printer, path=self.out)
        else:
            where = _("No printer is set (F8): the PDF is saved as {path}.").format(path=self.out)
        with Vertical(id="preview"):
            yield Label(_("Print preview"), classes="form-title")
            yield Static(plain(f"{pages} · {where}"), id="preview-summary", markup=False)
            yield Static(problems_text(self.preview), id="preview-problems")
            with VerticalScroll(id="preview-pages"):
                yield Static(preview_text(self.preview), id="preview-text")
            with Horizontal(classes="buttons"):
                yield Button(_("Print") if self.printer else _("Save the PDF"), id="preview-print",
                             variant="primary")
                yield Button(_("Cancel"), id="preview-cancel")

    def on_mount(self) -> None:
        """Start at the print button."""
        self.query_one("#preview-print", Button).focus()

    @on(Button.Pressed, "#preview-print")
    def _print(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#preview-cancel")
    def action_cancel(self) -> None:
        """Back without printing."""
        self.dismiss(False)
