"""UI translations (gettext, Finnish by default) and locale-aware formatting (babel, loaded on use).

Source strings (msgids) are English; ``koto_tui/i18n/locale/<lang>/LC_MESSAGES/koto.po`` holds each
language, compiled to ``.mo`` (committed; a test fails when a ``.mo`` is stale).
"""

from __future__ import annotations

import gettext as _gettext
from datetime import date, datetime
from pathlib import Path

DOMAIN = "koto"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT_LANGUAGE = "fi"
UI_LANGUAGES = ("fi", "en")

_current: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def translation(lang: str) -> _gettext.NullTranslations:
    """Return the catalogue for *lang* (English source strings when there is none)."""
    if lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def set_language(lang: str) -> None:
    """Make *lang* the UI language for every later ``_()`` call."""
    global _current, _language
    _current = translation(lang)
    _language = lang


def language() -> str:
    """The current UI language code."""
    return _language


def _(message: str) -> str:
    """Translate *message* into the current UI language."""
    return _current.gettext(message)


def N_(message: str) -> str:
    """Mark *message* for translation where it is translated later, by a chosen catalogue."""
    return message


def P_(message: str) -> str:
    """Mark a printed fixed text: translated into Finnish (``koto``) and the client's language (``paper``)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a count into the current UI language."""
    return _current.ngettext(singular, plural, n)


def format_long_date(value: date, lang: str | None = None) -> str:
    """A long date in *lang* (default: the UI language), e.g. '27. marraskuuta 2026'."""
    from babel.dates import format_date

    return str(format_date(value, format="long", locale=lang or _language))


def format_short_date(value: date, lang: str | None = None) -> str:
    """A short numeric date in *lang*, e.g. '27.11.2026'."""
    from babel.dates import format_date

    return str(format_date(value, format="short", locale=lang or _language))


def format_clock(value: datetime, lang: str | None = None) -> str:
    """Hours and minutes in *lang*, e.g. '9.05' in Finnish."""
    from babel.dates import format_time

    return str(format_time(value, format="short", locale=lang or _language))


set_language(DEFAULT_LANGUAGE)
