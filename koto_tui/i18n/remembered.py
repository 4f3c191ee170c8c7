"""The UI language last used on this computer, so that the lock screen after a fresh start speaks it.

A user's language is kept in the encrypted database, which cannot be read before the passphrase. The last
language a user chose or unlocked in is therefore also written, as two letters, into a small file beside the
database (not secret: it says nothing about any client). At start-up it is the language of the lock screen
unless ``--lang`` was given; a file that is missing, unreadable or names no UI language is ignored.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from koto_tui.files import write_private_text
from koto_tui.i18n import UI_LANGUAGES, language_pinned, set_language

#: The file's name in the data directory.
FILE_NAME = "ui-language"
#: More than this is no language code: the file is not read further.
_MAX_BYTES = 16


def remembered_language(path: Path) -> str | None:
    """The UI language in the file at *path*, or None (missing, unreadable or no UI language)."""
    try:
        with path.open("rb") as stream:
            text = stream.read(_MAX_BYTES + 1).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if text in UI_LANGUAGES else None


def remember_language(path: Path, lang: str) -> None:
    """Keep *lang* in the file at *path* (when it is a UI language and not there already); a file that
    cannot be written is left as it is: the lock screen then speaks the previous language."""
    if lang not in UI_LANGUAGES or remembered_language(path) == lang:
        return
    with contextlib.suppress(OSError):
        write_private_text(path, lang + "\n")


def use_remembered_language(path: Path) -> None:
    """Speak the language remembered in the file at *path* from now on, unless ``--lang`` was given."""
    lang = remembered_language(path)
    if lang is not None and not language_pinned():
        set_language(lang)
