"""The themes a user may choose (F8), applied at unlock: dark, light and high contrast (the choice is read and
kept by `koto_tui.preferences`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.theme import Theme

from koto_tui.preferences import DEFAULT_THEME, HIGH_CONTRAST_THEME, THEMES

if TYPE_CHECKING:
    from textual.app import App

__all__ = ["DEFAULT_THEME", "HIGH_CONTRAST", "THEMES", "apply_theme"]

#: Black and white with yellow for what is active: for low vision and glare (no Textual theme does this).
HIGH_CONTRAST = Theme(
    name=HIGH_CONTRAST_THEME, primary="#FFFF00", secondary="#00FFFF", accent="#FFFF00",
    warning="#FFB000", error="#FF5555", success="#00FF00", foreground="#FFFFFF", background="#000000",
    surface="#000000", panel="#1A1A1A", boost="#333333", dark=True, luminosity_spread=0.3, text_alpha=1.0,
    variables={"block-cursor-background": "#FFFF00", "block-cursor-foreground": "#000000",
               "block-cursor-text-style": "bold", "input-cursor-background": "#FFFF00",
               "input-selection-background": "#FFFF00 60%", "footer-key-foreground": "#FFFF00",
               "border": "#FFFF00", "border-blurred": "#808080"})

def apply_theme(app: App[Any], name: str) -> None:
    """Show *app* in the theme *name* (koto's own high-contrast theme is registered first)."""
    if HIGH_CONTRAST.name not in app.available_themes:
        app.register_theme(HIGH_CONTRAST)
    app.theme = name if name in THEMES else DEFAULT_THEME
