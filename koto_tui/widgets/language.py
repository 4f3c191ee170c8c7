"""The UI language a user chose (F8), kept per user beside their theme and applied when they unlock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from koto_tui.i18n import UI_LANGUAGES

if TYPE_CHECKING:
    from koto_tui.store import Store

#: The setting key of a user's language is this prefix and the user's id (each user chooses their own).
LANGUAGE_SETTING = "language:"

#: Each language named in itself, so that a user who cannot read the current one still finds their own.
LANGUAGE_NAMES: dict[str, str] = {"fi": "suomi", "sv": "svenska", "en": "English"}


def language_key(user_id: str) -> str:
    """The setting that holds *user_id*'s UI language."""
    return LANGUAGE_SETTING + user_id


def user_language(store: Store) -> str | None:
    """The UI language the user who unlocked *store* chose, or None when they never chose one."""
    chosen = store.setting(language_key(store.user.id), None)
    return chosen if isinstance(chosen, str) and chosen in UI_LANGUAGES else None
