"""Typed access to the koto app from screens and dialogs."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from koto_tui.app import KotoApp


def koto(node: DOMNode) -> KotoApp:
    """The running KotoApp."""
    return cast("KotoApp", node.app)
