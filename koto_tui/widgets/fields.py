"""A labelled form field with a place for its error message, used by every data-entry screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, Static

from koto_tui.widgets.safe import plain


class Field(Vertical):
    """Label, the input widget, and an error line that says exactly what to fix."""

    DEFAULT_CSS = """
    Field { height: auto; }
    Field > .field-row { height: auto; }
    Field .field-label { width: 36; padding: 1 1 0 0; color: $text-muted; }
    Field > .field-row > .field-control { width: 1fr; }
    Field > .field-row > Checkbox.field-control { height: auto; }
    Field > .field-error { color: $error; display: none; margin-left: 36; }
    Field > .field-hint { color: $text-muted; margin-left: 36; }
    Field.-invalid > .field-error { display: block; }
    Field.-invalid .field-label { color: $error; }
    """

    def __init__(self, label: str, control: Widget, *, name: str, hint: str = "") -> None:
        super().__init__(id=f"field-{name.replace('_', '-')}")
        self.field_name = name
        self.label = label
        self.control = control
        self.hint = hint

    def compose(self) -> ComposeResult:
        """Label above, control, optional hint, error below."""
        with Horizontal(classes="field-row"):
            yield Label(plain(self.label), classes="field-label")
            yield self.control.add_class("field-control")
        if self.hint:
            yield Static(plain(self.hint), classes="field-hint")
        yield Static("", classes="field-error", markup=False)

    def show_error(self, message: str | None) -> None:
        """Show *message* under the field (None clears it); what was typed stays."""
        self.set_class(bool(message), "-invalid")
        self.query_one(".field-error", Static).update(plain(message or ""))
