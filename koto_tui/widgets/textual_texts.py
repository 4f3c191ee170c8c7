"""Textual's own key descriptions that reach the footer, as koto's msgids (the footer translates them)."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.widgets._select import SelectOverlay

from koto_tui.i18n import N_

#: (Textual's class, the action) → koto's description; the footer shows these while the widget has focus.
DESCRIPTIONS: dict[tuple[type[DOMNode], str], str] = {
    (SelectOverlay, "dismiss"): N_("Close the list"),
    (CommandPalette, "escape"): N_("Close the palette"),
}


def _as_binding(binding: Binding | tuple[str, ...]) -> Binding:
    if isinstance(binding, Binding):
        return binding
    return Binding(binding[0], binding[1], binding[2] if len(binding) > 2 else "")


def translate_textual_bindings() -> None:
    """Give Textual's footer keys koto's descriptions (English msgids the footer translates as it draws).

    Textual merges a class's bindings when the class is made, so the merged map is made again here.
    """
    for (cls, action), text in DESCRIPTIONS.items():
        bindings = [_as_binding(b) for b in cls.__dict__.get("BINDINGS", [])]
        cls.BINDINGS = [replace(b, description=text) if b.action == action else b for b in bindings]
        cls._merged_bindings = cls._merge_bindings()
