"""Typed access to the koto app from screens and dialogs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual.dom import DOMNode
from textual.screen import Screen

if TYPE_CHECKING:
    from koto_tui.app import KotoApp


def koto(node: DOMNode) -> KotoApp:
    """The running KotoApp."""
    return cast("KotoApp", node.app)


def hand_over(screen: Screen[Any], callback: Callable[..., object], *args: object) -> None:
    """From a worker's thread: run *callback* with *args* on the UI thread, unless *screen* was closed
    meanwhile. A popped screen stays attached for a moment while its widgets are removed: a worker's
    result handed to it then found no widget (NoMatches), which failed the worker and the app with it
    (the client's page closed by an erasure while it reloaded)."""

    def deliver() -> None:
        if screen.is_attached and screen in screen.app.screen_stack:
            callback(*args)

    screen.app.call_from_thread(deliver)
