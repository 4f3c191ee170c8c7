"""Unsaved work: screens that save as the user types, and the question asked before leaving them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from koto_tui.i18n import N_, _, ngettext
from koto_tui.saver import SaveState
from koto_tui.widgets.safe import plain

if TYPE_CHECKING:
    from textual.app import App

WAIT_SECONDS = 10.0  # the longest a retry waits for the disk before asking again


@runtime_checkable
class Autosaving(Protocol):
    """A screen whose edits are saved in the background and may not all be on disk yet."""

    def flush_and_wait(self) -> None:
        """Hand every pending edit to the writer and wait for the writes."""

    def save_state(self) -> SaveState:
        """How many edits are not on disk, and why."""

    def retry_saves(self) -> None:
        """Write the failed edits again."""


def total_state(screens: Sequence[Autosaving]) -> SaveState:
    """The unsaved edits of every screen together."""
    states = [s.save_state() for s in screens]
    error = next((s.error for s in states if s.error is not None), None)
    return SaveState(sum(s.writing for s in states), sum(s.failed for s in states), error)


def unsaved_text(state: SaveState) -> str:
    """'3 changes are not saved: the disk is full …' in the user's language (never the values)."""
    from koto_tui.messages import describe_error

    reason = describe_error(state.error) if state.error is not None else _("they are still being written.")
    return ngettext("{n} change is not saved: {reason}", "{n} changes are not saved: {reason}",
                    state.unsaved).format(n=state.unsaved, reason=reason)


class UnsavedDialog(ModalScreen[str]):
    """Some answers are not on disk: try again, leave without them, or stay (Escape)."""

    DEFAULT_CSS = """
    UnsavedDialog { align: center middle; }
    UnsavedDialog > Vertical { width: 90%; max-width: 90; height: auto; max-height: 90%; padding: 1 2;
                               border: round $error; background: $surface; }
    UnsavedDialog .buttons { height: auto; margin-top: 1; }
    UnsavedDialog .buttons Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "stay", N_("Stay"), id="unsaved-stay")]

    def __init__(self, state: SaveState, leave_label: str) -> None:
        super().__init__()
        self.state = state
        self.leave_label = leave_label

    def compose(self) -> ComposeResult:
        """What is not saved, and three buttons; trying again is the default."""
        with Vertical():
            yield Static(plain(unsaved_text(self.state)), markup=False, id="unsaved-text")
            yield Static(_("Leaving now loses them. They stay on screen if you stay."), markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Try saving again"), id="unsaved-retry", variant="primary")
                yield Button(self.leave_label, id="unsaved-leave", variant="error")
                yield Button(_("Stay"), id="unsaved-stay-button")

    def on_mount(self) -> None:
        """Trying again is the safe default."""
        self.query_one("#unsaved-retry", Button).focus()

    @on(Button.Pressed, "#unsaved-retry")
    def _retry(self) -> None:
        self.dismiss("retry")

    @on(Button.Pressed, "#unsaved-leave")
    def _leave(self) -> None:
        self.dismiss("leave")

    @on(Button.Pressed, "#unsaved-stay-button")
    def action_stay(self) -> None:
        """Back to the work, nothing lost."""
        self.dismiss("stay")


def leave_when_saved(app: App[Any], screens: Sequence[Autosaving], leave_label: str,
                     leave: Callable[[], object]) -> None:
    """Call *leave* once every edit is on disk; while some are not, ask (try again / leave / stay)."""
    for screen in screens:
        screen.flush_and_wait()
    state = total_state(screens)
    if not state.unsaved:
        leave()
        return

    def chosen(choice: str | None) -> None:
        if choice == "leave":
            leave()
        elif choice == "retry":
            for screen in screens:
                screen.retry_saves()
            leave_when_saved(app, screens, leave_label, leave)

    app.push_screen(UnsavedDialog(state, leave_label), chosen)
