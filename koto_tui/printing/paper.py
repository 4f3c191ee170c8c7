"""The fixed texts of a printout in the municipality's document language and, beneath them, in the client's.

Headings, field captions, the rights and obligations, consent statements and signature captions are
printed through :class:`Paper`. ``paper.both(msgid)`` gives the text in the document language (Finnish or
Swedish, data/municipality.yaml ``document_language``, from the UI catalogue ``koto``) and the
client-language text from the separate gettext domain ``paper``
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

__all__ = ["NATIONAL", "P_", "Paper", "paper_for", "paper_languages", "second_language"]

PAPER_DOMAIN = "paper"
#: The document language when the municipality's data names none.
PRIMARY = "fi"
#: The national languages: every form carries its texts in both (Language Act 423/2003).
NATIONAL = frozenset({"fi", "sv"})
#: A Finnish-speaking client of a Swedish-language municipality gets Finnish under the Swedish, from the
#: UI catalogue (there is no Finnish paper catalogue); a Swedish-speaking client of a Finnish-language one
#: gets the sv paper catalogue's texts, as before.


@cache
def _second(lang: str) -> gettext.NullTranslations | None:
    """The paper catalogue of *lang* (Finnish: the UI catalogue), or None when there is none."""
    if lang == "fi":
        return translation(lang)
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
    """Fixed texts in the document language and, when the client's language has a catalogue, their
    translation."""

    language: str | None
    """The client's language printed under the document language's, or None for that language only."""
    primary: str = PRIMARY
    """The document language: the municipality's national language ("fi" or "sv")."""

    @property
    def second(self) -> gettext.NullTranslations | None:
        """The client-language catalogue, or None."""
        return _second(self.language) if self.language else None

    @property
    def draft(self) -> bool:
        """True when the client-language texts have not been checked by a qualified translator."""
        if self.second is None or self.language == "fi":  # Finnish comes from the UI catalogue
            return False
        return review_status(self.language or "") != "reviewed"

    def main(self, msgid: str, **values: object) -> str:
        """The text in the document language only."""
        text = translation(self.primary).gettext(msgid)
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
        """(document language, client language or None when untranslated), with *values* filled in."""
        return self.main(msgid, **values), self.in_second(msgid, **values)

    def joined(self, msgid: str, sep: str = " / ", **values: object) -> str:
        """Both texts on one line ("Asiakas / Клієнт"), or the document language's alone."""
        first, second = self.both(msgid, **values)
        return f"{first}{sep}{second}" if second else first


def second_language(client: ClientData, primary: str = PRIMARY) -> str | None:
    """The client's language for the fixed texts: the language of communication, else the interpreter's,
    else the native language; None when that is the document language or has no paper translation."""
    for code in (client.communication_language, client.interpreter_language, client.native_language):
        if code:
            return paper_for(code, primary).language
    return None


def paper_for(language: str | None, primary: str = PRIMARY) -> Paper:
    """The paper for a client whose language is *language*, in the document language *primary* (that
    language only when the client's is the same, none, or has no catalogue)."""
    if not language or language == primary or _second(language) is None:
        return Paper(None, primary)
    return Paper(language, primary)
