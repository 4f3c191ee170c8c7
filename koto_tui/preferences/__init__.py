"""A user's own settings (UI language and theme, F8), kept per user in the database, read through one reader.

A stored value is untrusted input (a damaged or hand-edited database, another version of koto): `read`
accepts only one of the preference's choices and otherwise gives its default and says the value was not
valid, so that the unlock goes on and the user is told, in their language, to choose it again (`problem`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from koto_tui.i18n import N_, UI_LANGUAGES, _

if TYPE_CHECKING:
    from koto_tui.store import Store

#: Textual's own default theme, for a user who never chose one.
DEFAULT_THEME = "textual-dark"
#: koto's own theme: black and white with yellow for what is active (widgets.themes draws it).
HIGH_CONTRAST_THEME = "koto-high-contrast"
#: The themes offered, in the order of the setting's list, with their names (translated where shown).
THEMES: dict[str, str] = {
    DEFAULT_THEME: N_("Dark (default)"),
    "textual-light": N_("Light (for a sunny window)"),
    HIGH_CONTRAST_THEME: N_("High contrast"),
    "solarized-light": N_("Light, soft colours"),
    "nord": N_("Dark, soft colours"),
}


@dataclass(frozen=True)
class Preference:
    """One per-user setting: its key, the values it may hold and what is used when it holds none."""

    prefix: str
    """The setting's key is this prefix and the user's id (each user chooses their own)."""
    choices: tuple[str, ...]
    default: str | None
    """Used when the user never chose one or the stored value is not valid (None: leave it as it is)."""
    problem: str
    """What the user is told when the stored value is not valid (a msgid)."""

    def key(self, user_id: str) -> str:
        """The setting that holds *user_id*'s choice."""
        return self.prefix + user_id


LANGUAGE = Preference("language:", UI_LANGUAGES, None, N_(
    "Your saved user interface language could not be read: koto goes on in this one. Choose your "
    "language in the settings (F8)."))
THEME = Preference("theme:", tuple(THEMES), DEFAULT_THEME, N_(
    "Your saved theme could not be read: koto uses the default theme. Choose a theme in the settings (F8)."))
#: Every per-user setting.
PREFERENCES = (LANGUAGE, THEME)

_UNSET = object()


@dataclass(frozen=True)
class Reading:
    """A preference as read: the value to use, and whether what was stored (if anything) was valid."""

    value: str | None
    valid: bool = True


def read(store: Store, preference: Preference) -> Reading:
    """The user's *preference*: their choice, else its default (``valid`` False when one was stored but it is
    not one of the choices: not JSON, not a string, or a language or theme koto does not know)."""
    stored = store.setting(preference.key(store.user.id), _UNSET)
    if stored is _UNSET:
        return Reading(preference.default)
    if isinstance(stored, str) and stored in preference.choices:
        return Reading(stored)
    return Reading(preference.default, valid=False)


def read_all(store: Store) -> dict[Preference, Reading]:
    """Every preference of the user who unlocked *store*."""
    return {preference: read(store, preference) for preference in PREFERENCES}


def problems(readings: Mapping[Preference, Reading]) -> list[str]:
    """What to tell the user about the preferences whose stored value was not valid, in the UI language."""
    return [_(preference.problem) for preference, reading in readings.items() if not reading.valid]


def save(store: Store, preference: Preference, value: str) -> None:
    """Keep *value* as the user's *preference* (refused when it is not one of its choices)."""
    if value not in preference.choices:
        raise ValueError(f"{value!r} is not a choice of {preference.prefix}")
    store.set_setting(preference.key(store.user.id), value)


def repair(store: Store, current: Mapping[Preference, str]) -> None:
    """Store the value in use for each preference whose stored value is not valid (the settings' Save)."""
    for preference, value in current.items():
        if not read(store, preference).valid and value in preference.choices:
            save(store, preference, value)
