"""UI translations (gettext, Finnish by default) and locale-aware formatting (babel, loaded on use).

Source strings (msgids) are English; ``koto_tui/i18n/locale/<lang>/LC_MESSAGES/koto.po`` holds each
language, compiled to ``.mo`` (committed; a test fails when a ``.mo`` is stale).
"""

from __future__ import annotations

import gettext as _gettext
from datetime import date, datetime
from functools import cache
from pathlib import Path

DOMAIN = "koto"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT_LANGUAGE = "fi"
UI_LANGUAGES = ("fi", "sv", "en")
#: The CLDR locale each language is formatted in: Finland's conventions (sv_FI writes 27.11.2026 and 9.05).
_CLDR_LOCALES = {"sv": "sv_FI", "en": "en_FI"}

_current: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"
_pinned = False


@cache
def translation(lang: str) -> _gettext.NullTranslations:
    """Return the catalogue for *lang* (English source strings when there is none), looked up once per
    process: the catalogues ship inside the package and do not change while it runs, and gettext's own
    lookup searches the file system on every call (a yes/no answer in an export asked for it each time).
    Shared: never add a fallback to or change what this returns."""
    if lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def set_language(lang: str, *, pinned: bool = False) -> None:
    """Make *lang* the UI language for every later ``_()`` call; *pinned*: given for this run (``--lang``),
    so that a user's own language setting does not replace it at unlock."""
    global _current, _language, _pinned
    _current = translation(lang)
    _language = lang
    _pinned = pinned


def language_pinned() -> bool:
    """Whether the UI language was given for this run (``--lang``) and wins over the user's setting."""
    return _pinned


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


def cldr_locale(lang: str | None = None) -> str:
    """The babel locale for formatting in *lang* (default: the UI language), with Finland's conventions."""
    lang = lang or _language
    return _CLDR_LOCALES.get(lang, lang)


def format_long_date(value: date, lang: str | None = None) -> str:
    """A long date in *lang* (default: the UI language), e.g. '27. marraskuuta 2026', '27 November 2026'."""
    from babel.dates import format_date

    return str(format_date(value, format="long", locale=cldr_locale(lang)))


def format_short_date(value: date, lang: str | None = None) -> str:
    """A short numeric date in *lang* that the date fields read back, e.g. '27.11.2026'.

    English is written as ISO 8601 (2026-11-27): CLDR's English short date (11/27/26) is read
    differently on each side of the Atlantic.
    """
    if (lang or _language) == "en":
        return value.isoformat()
    from babel.dates import format_date

    return str(format_date(value, format="short", locale=cldr_locale(lang)))


def format_clock(value: datetime, lang: str | None = None) -> str:
    """Hours and minutes in *lang*, e.g. '9.05' in Finnish and Swedish."""
    from babel.dates import format_time

    return str(format_time(value, format="short", locale=cldr_locale(lang)))


def format_number(value: float, lang: str | None = None, pattern: str | None = None) -> str:
    """A number in *lang* (the UI language's decimal sign and grouping), e.g. '1 234,5' in Finnish."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, pattern, locale=lang or _language))


#: argparse's own headings and errors, so that `koto --help` and its errors speak the UI language too.
ARGPARSE_TEXTS = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("unrecognized arguments: %s"), N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"), N_("not allowed with argument %s"),
    N_("expected one argument"), N_("expected at most one argument"), N_("expected at least one argument"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("invalid %(type)s value: %(value)r"),
    N_("argument %(argument_name)s: %(message)s"), N_("%(prog)s: error: %(message)s\n"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("can't open '%(filename)s': %(error)s"),
)


def translate_argparse() -> None:
    """Let argparse's texts follow the UI language (argparse looks up `_` and `ngettext` in its module)."""
    import argparse

    setattr(argparse, "_", _)  # noqa: B010 - argparse has no public hook for its messages
    setattr(argparse, "ngettext", ngettext)  # noqa: B010


set_language(DEFAULT_LANGUAGE)
