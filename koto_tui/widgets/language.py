"""The UI languages offered (F8); the user's choice is read and kept by `koto_tui.preferences`."""

from __future__ import annotations

#: Each language named in itself, so that a user who cannot read the current one still finds their own.
LANGUAGE_NAMES: dict[str, str] = {"fi": "suomi", "sv": "svenska", "en": "English"}

