"""Changing a finalised assessment starts with the reason for the change."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from koto_tui.i18n import N_, _
from koto_tui.widgets.fields import Field
from koto_tui.widgets.limited import LimitedInput


class AmendDialog(ModalScreen[str | None]):
    """Returns the reason for the amendment, or None when cancelled."""

    DEFAULT_CSS = """
    AmendDialog { align: center middle; }
    #amend { width: 90; max-width: 100%;
             height: auto; padding: 1 2; border: round $warning; background: $surface; }
    #amend Input { width: 1fr; }
    #amend .buttons { height: auto; margin-top: 1; }
    #amend .buttons Button { margin-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"), id="cancel-amend")]

    def compose(self) -> ComposeResult:
        """An explanation, the reason, buttons."""
        with Vertical(id="amend"):
            yield Label(_("Amend a finalised assessment"), classes="form-title")
            yield Static(_("The assessment is finalised. Changes are recorded as an amendment: who, when, "
                           "what and why. The reason is shown in the history and on reprints."),
                         markup=False)
            yield Field(_("Reason for the change"), LimitedInput(id="amend-reason"), name="reason")
            with Horizontal(classes="buttons"):
                yield Button(_("Start amending"), id="do-amend", variant="warning")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        """Start at the reason."""
        self.query_one("#amend-reason", Input).focus()

    @on(Button.Pressed, "#do-amend")
    @on(Input.Submitted, "#amend-reason")
    def _amend(self) -> None:
        reason = self.query_one("#amend-reason", Input).value.strip()
        if not reason:
            self.query_one(Field).show_error(_("Write why the finalised assessment is changed."))
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Do not amend."""
        self.dismiss(None)
