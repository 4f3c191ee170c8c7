"""The fixed texts of a printout in Finnish and, beneath them, in the client's language.

Headings, field captions, the rights and obligations, consent statements and signature captions are
printed through :class:`Paper`. ``paper.both(msgid)`` gives the Finnish text (from the UI catalogue
``koto``) and the client-language text from the separate gettext domain ``paper``
(``koto_tui/i18n/locale/<lang>/LC_MESSAGES/paper.po``, compiled to ``.mo`` and committed), or None when
that language has no translation of the text. Answers are never translated: they are printed as entered.

Every msgid printed this way is marked with ``P_`` where it is written, so
``make i18n`` extracts them into ``koto_tui/i18n/paper.pot`` for the translators. A language is printed
with a draft note until ``koto_tui/i18n/paper-review.yaml`` records its review by a qualified translator.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cache

from koto_tui.i18n import LOCALE_DIR, P_, translation
from koto_tui.model import ClientData

__all__ = ["P_", "Paper", "paper_for", "paper_languages", "second_language"]

PAPER_DOMAIN = "paper"
#: The language the printouts are in (the municipality's official language).
PRIMARY = "fi"
#: Languages the client-language line is never printed for: the printout's own language (a Swedish-speaking
#: client gets Swedish under the Finnish, from the sv paper catalogue).
OFFICIAL = frozenset({PRIMARY})


@cache
def _second(lang: str) -> gettext.GNUTranslations | None:
    """The paper catalogue of *lang*, or None when there is none."""
    try:
        return gettext.translation(PAPER_DOMAIN, LOCALE_DIR, languages=[lang])
    except OSError:
        return None


#: Which paper catalogues a qualified translator has reviewed ("reviewed"); any other language is a draft.
REVIEW_FILE = LOCALE_DIR.parent / "paper-review.yaml"


@cache
def _reviews() -> dict[str, str]:
    from koto_tui.safe_yaml import read_yaml_file

    try:
        data = read_yaml_file(REVIEW_FILE) or {}
    except OSError:
        return {}
    return {str(lang): str(entry.get("status", "draft")) for lang, entry in data.items()
            if isinstance(entry, dict)}


def review_status(lang: str) -> str:
    """"reviewed" when a qualified translator has checked *lang*'s paper texts, else "draft"."""
    return _reviews().get(lang, "draft")


def paper_languages() -> list[str]:
    """The languages with a compiled paper catalogue."""
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{PAPER_DOMAIN}.mo"))


@dataclass(frozen=True)
class Paper:
    """Finnish fixed texts and, when the client's language has a catalogue, their translation."""

    language: str | None
    """The client's language printed under the Finnish, or None for Finnish only."""

    @property
    def second(self) -> gettext.GNUTranslations | None:
        """The client-language catalogue, or None."""
        return _second(self.language) if self.language else None

    @property
    def draft(self) -> bool:
        """True when the client-language texts have not been checked by a qualified translator."""
        return self.second is not None and review_status(self.language or "") != "reviewed"

    def fi(self, msgid: str, **values: object) -> str:
        """The Finnish text only."""
        text = translation(PRIMARY).gettext(msgid)
        return text.format(**values) if values else text

    def in_second(self, msgid: str, **values: object) -> str | None:
        """The text in the client's language, or None when that language has no translation of it."""
        second = self.second
        if second is None:
            return None
        text = second.gettext(msgid)
        if text == msgid and self.language != "en":  # no translation of this text
            return None
        return text.format(**values) if values else text

    def both(self, msgid: str, **values: object) -> tuple[str, str | None]:
        """(Finnish, client language or None when untranslated), with *values* filled in."""
        return self.fi(msgid, **values), self.in_second(msgid, **values)

    def joined(self, msgid: str, sep: str = " / ", **values: object) -> str:
        """Both texts on one line ("Asiakas / Клієнт"), or the Finnish alone."""
        first, second = self.both(msgid, **values)
        return f"{first}{sep}{second}" if second else first


def second_language(client: ClientData) -> str | None:
    """The client's language for the fixed texts: the language of communication, else the interpreter's,
    else the native language; None when that is Finnish or has no paper translation."""
    for code in (client.communication_language, client.interpreter_language, client.native_language):
        if code:
            return paper_for(code).language
    return None


def paper_for(language: str | None) -> Paper:
    """The paper for a client whose language is *language* (Finnish only for fi or none)."""
    if not language or language in OFFICIAL or _second(language) is None:
        return Paper(None)
    return Paper(language)
