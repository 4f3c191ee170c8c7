"""Language codes for clients, and their names from CLDR (babel), Dari handled explicitly."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

# Dari has no CLDR name under its ISO 639-3 code 'prs'; CLDR names it as Afghan Persian (fa_AF).
_CLDR_CODE = {"prs": "fa_AF"}
# CLDR calls fa_AF "فارسی (افغانستان)"; Dari speakers call their language دری.
_OWN_NAMES = {"prs": "دری"}

# The languages the Mikkeli integration programme names first, then other common client languages.
CLIENT_LANGUAGES = (
    "fi", "sv", "en", "ru", "et", "uk", "prs", "fa", "vi", "ar", "th", "am", "bn", "hi", "hy", "km",
    "so", "ti", "ku", "ckb", "ps", "tr", "sq", "fr", "es", "de", "pt", "zh", "my", "ne", "ur", "sw",
    "lv", "lt", "pl", "ro", "bg", "ka", "ky", "tl", "uz", "ta", "mn", "kk", "be",
)


def language_name(code: str, ui_lang: str) -> str:
    """The name of language *code* in *ui_lang* (the code itself when CLDR has none)."""
    if not code:
        return ""
    names = Locale.parse(ui_lang).languages
    name = names.get(_CLDR_CODE.get(code, code))
    return str(name) if name else code


def own_name(code: str) -> str:
    """The name of language *code* in that language itself ("українська", "دری"); the code when unknown."""
    if not code:
        return ""
    if code in _OWN_NAMES:
        return _OWN_NAMES[code]
    cldr = _CLDR_CODE.get(code, code)
    try:
        locale = Locale.parse(cldr)
    except (ValueError, LookupError, UnknownLocaleError):
        return code
    name = locale.get_display_name(cldr) or locale.languages.get(cldr.split("_")[0])
    return str(name) if name else code


def language_choices(ui_lang: str) -> list[tuple[str, str]]:
    """(name, code) pairs of the client languages, sorted by name in *ui_lang*."""
    return sorted(((language_name(c, ui_lang), c) for c in CLIENT_LANGUAGES), key=lambda p: p[0].lower())
