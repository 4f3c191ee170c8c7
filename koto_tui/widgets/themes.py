"""The themes a user may choose (F8), kept per user and applied at unlock: dark, light and high contrast."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.theme import Theme

from koto_tui.i18n import N_

if TYPE_CHECKING:
    from textual.app import App

    from koto_tui.store import Store

#: Textual's own default theme, for a user who never chose one.
DEFAULT_THEME = "textual-dark"
#: The setting key of a user's theme is this prefix and the user's id (each user chooses their own).
THEME_SETTING = "theme:"

#: Black and white with yellow for what is active: for low vision and glare (no Textual theme does this).
HIGH_CONTRAST = Theme(
    name="koto-high-contrast", primary="#FFFF00", secondary="#00FFFF", accent="#FFFF00",
    warning="#FFB000", error="#FF5555", success="#00FF00", foreground="#FFFFFF", background="#000000",
    surface="#000000", panel="#1A1A1A", boost="#333333", dark=True, luminosity_spread=0.3, text_alpha=1.0,
    variables={"block-cursor-background": "#FFFF00", "block-cursor-foreground": "#000000",
               "block-cursor-text-style": "bold", "input-cursor-background": "#FFFF00",
               "input-selection-background": "#FFFF00 60%", "footer-key-foreground": "#FFFF00",
               "border": "#FFFF00", "border-blurred": "#808080"})

#: The themes offered, in the order of the setting's list, with their names (translated where shown).
THEMES: dict[str, str] = {
    DEFAULT_THEME: N_("Dark (default)"),
    "textual-light": N_("Light (for a sunny window)"),
    HIGH_CONTRAST.name: N_("High contrast"),
    "solarized-light": N_("Light, soft colours"),
    "nord": N_("Dark, soft colours"),
}


def theme_key(user_id: str) -> str:
    """The setting that holds *user_id*'s theme."""
    return THEME_SETTING + user_id


def user_theme(store: Store) -> str:
    """The theme the user who unlocked *store* chose, or the default (an unknown name falls back too)."""
    chosen = store.setting(theme_key(store.user.id), DEFAULT_THEME)
    return chosen if isinstance(chosen, str) and chosen in THEMES else DEFAULT_THEME


def apply_theme(app: App[Any], name: str) -> None:
    """Show *app* in the theme *name* (koto's own high-contrast theme is registered first)."""
    if HIGH_CONTRAST.name not in app.available_themes:
        app.register_theme(HIGH_CONTRAST)
    app.theme = name if name in THEMES else DEFAULT_THEME
