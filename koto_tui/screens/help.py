"""F1: the keys of the screen in use and of the whole app, from the bindings themselves."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from rich.table import Table
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from koto_tui.i18n import N_, _


def user_bindings(screen: Screen[object], app: App[Any]) -> list[tuple[Binding, DOMNode]]:
    """The described keys of *screen* and of the app, in the UI language of this moment: the one source for
    help and palette (the footer translates the same descriptions as it draws them, see KotoFooter)."""
    found: list[tuple[Binding, DOMNode]] = []
    for owner, bindings in ((screen, screen.BINDINGS), (app, app.BINDINGS)):
        found += [(replace(b, description=_(b.description)), owner) for b in bindings
                  if isinstance(b, Binding) and b.description and b.action != "command_palette"]
    return found


#: Key names as printed on the keys (Textual's own are lower case: escape, delete, ctrl).
_KEY_NAMES = {"escape": "Esc", "ctrl": "Ctrl", "shift": "Shift", "alt": "Alt", "pageup": "PgUp",
              "pagedown": "PgDn"}


def _one_key(key: str) -> str:
    """`ctrl+n` as `Ctrl+N`, `escape` as `Esc`, `f8` as `F8`, `delete` as `Delete`."""
    return "+".join(_KEY_NAMES.get(part) or (part.upper() if len(part) == 1 or part[1:].isdigit()
                                             else part.capitalize()) for part in key.split("+"))


def key_text(binding: Binding) -> str:
    """The key as the user reads it (`Ctrl+N`, `F8`, `Esc / F1`)."""
    return binding.key_display or " / ".join(_one_key(key.strip()) for key in binding.key.split(","))


def keys_table(screen: Screen[object], app: App[Any]) -> Table:
    """A table of keys and what they do (the same descriptions the footer and palette use)."""
    table = Table(show_header=True, box=None, pad_edge=False)
    table.add_column(_("Key"), style="bold")
    table.add_column(_("What it does"))
    for binding, _owner in user_bindings(screen, app):
        table.add_row(key_text(binding), binding.description)
    table.add_row("Tab / Shift+Tab", _("Next / previous field"))
    table.add_row("Ctrl+P", _("Command palette: every action by name"))
    return table


class HelpScreen(ModalScreen[None]):
    """A list of keys; Escape or F1 closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help {
        width: 90; max-width: 100%; height: 80%;
        padding: 1 2; border: round $primary; background: $surface;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1", "close", N_("Close"), id="close-help"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        """Title, the keys table, and where data lives."""
        with VerticalScroll(id="help"):
            yield Label(_("Keys"), classes="form-title")
            yield Static(keys_table(self.under, self.app), id="help-keys")
            yield Static(_("Answers are saved the moment they are given; the indicator at the bottom "
                           "of the interview shows the time of the last save."), markup=False)
            yield Static(_("If an answer cannot be saved (a full disk), the indicator says so and counts the "
                           "answers not saved: they stay on screen and are saved again every few seconds, "
                           "and leaving or quitting asks first. Closing the terminal window or shutting down "
                           "the computer saves what is waiting first."), markup=False, id="help-unsaved")
            yield Static(_("Ctrl+L locks koto at once, from any screen. koto also locks itself after some "
                           "minutes without a key press, click or mouse move (F8; default 5): answers being "
                           "written are saved first, and nothing of a client stays on screen."),
                         markup=False, id="help-lock")

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss(None)
