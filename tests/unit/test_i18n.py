"""UI translations (every string has Finnish, the .mo is not stale) and locale-aware formatting."""

from __future__ import annotations

import gettext
import io
import string
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import koto_tui
from koto_tui import i18n
from koto_tui.i18n import _, format_clock, format_long_date, format_short_date, language, set_language
from koto_tui.i18n.languages import CLIENT_LANGUAGES, language_choices, language_name

PACKAGE = Path(koto_tui.__file__).resolve().parent
FI = i18n.LOCALE_DIR / "fi" / "LC_MESSAGES"
# `_` is the UI's marker; printing translates with an explicit catalogue (`t.gettext(...)`).
KEYWORDS = {"_": None, "N_": None, "P_": None, "gettext": None, "ngettext": (1, 2)}


# --- formatting -------------------------------------------------------------------------------------


def test_long_date() -> None:
    assert format_long_date(date(2026, 11, 27), "fi") == "27. marraskuuta 2026"
    assert format_long_date(date(2026, 11, 27)) == "27. marraskuuta 2026"  # the UI language (fi)
    assert format_long_date(date(2026, 1, 5), "fi") == "5. tammikuuta 2026"
    assert format_long_date(date(2026, 11, 27), "sv") == "27 november 2026"


def test_short_date_and_clock() -> None:
    assert format_short_date(date(2026, 11, 27), "fi") == "27.11.2026"
    assert format_short_date(date(2026, 3, 4), "fi") == "4.3.2026"
    assert format_clock(datetime(2026, 11, 27, 9, 5), "fi") == "9.05"


def test_language_names() -> None:
    assert language_name("prs", "fi") == "dari"
    assert language_name("uk", "fi") == "ukraina"
    assert language_name("fa", "fi") == "persia"
    assert language_name("et", "fi") == "viro"
    assert language_name("uk", "en") == "Ukrainian"
    assert language_name("", "fi") == ""
    assert language_name("qqq", "fi") == "qqq"


def test_every_client_language_has_a_finnish_name() -> None:
    choices = language_choices("fi")
    assert sorted(code for _name, code in choices) == sorted(CLIENT_LANGUAGES)
    assert len(set(CLIENT_LANGUAGES)) == len(CLIENT_LANGUAGES)
    unnamed = [code for name, code in choices if name == code]
    assert unnamed == []
    names = [name for name, _code in choices]
    assert names == sorted(names, key=str.lower)


def test_set_language() -> None:
    assert language() == "fi"
    set_language("en")
    assert language() == "en"
    assert _("wrong passphrase.") == "wrong passphrase."
    assert isinstance(i18n.translation("en"), gettext.NullTranslations)


# --- the Finnish catalogue --------------------------------------------------------------------------


def used_msgids() -> dict[str, str]:
    """Every translatable string in the package, with where it is used first."""
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(PACKAGE), keywords=KEYWORDS, comment_tags=()):
        for msgid in (message[:1] if isinstance(message, tuple) else (message,)):  # plural: one entry
            if msgid:
                found.setdefault(msgid, f"{filename}:{lineno}")
    return found


def finnish_po() -> Catalog:
    with (FI / "koto.po").open("rb") as handle:
        return read_po(handle, locale="fi")


def placeholders(text: str) -> set[str]:
    return {field for _lit, field, _spec, _conv in string.Formatter().parse(text) if field is not None}


def test_extraction_finds_the_strings() -> None:
    used = used_msgids()
    assert len(used) > 100
    assert "wrong passphrase." in used
    assert "Client" in used  # printing's t.gettext(...)


def test_every_string_has_a_finnish_translation() -> None:
    catalog = finnish_po()
    missing = []
    for msgid, where in sorted(used_msgids().items()):
        message = catalog.get(msgid)
        strings = message.string if message is not None else None
        texts = strings if isinstance(strings, tuple) else (strings,)
        if message is None or message.fuzzy or not all(texts):
            missing.append(f"{where}: {msgid!r}")
    assert missing == [], f"{len(missing)} strings without Finnish:\n" + "\n".join(missing)


def test_placeholders_match() -> None:
    wrong = []
    for message in finnish_po():
        if not message.id or not message.string:
            continue
        ids = [str(i) for i in (message.id if isinstance(message.id, (tuple, list)) else (message.id,))]
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        expected = set().union(*(placeholders(i) for i in ids))
        for text in map(str, strings):
            if text and placeholders(text) != expected:
                wrong.append(f"{message.id!r} -> {text!r}")
    assert wrong == []


def test_placeholder_check_can_fail() -> None:
    assert placeholders("interview {id}: {form} v{version}") == {"id", "form", "version"}
    assert placeholders("haastattelu {idd}") != placeholders("interview {id}")
    assert placeholders("{{literal}} {n}") == {"n"}


def compiled(data: bytes) -> dict[object, str]:
    catalog: dict[object, str] = gettext.GNUTranslations(io.BytesIO(data))._catalog  # type: ignore[attr-defined]
    return {key: value for key, value in catalog.items() if key != ""}  # the header carries dates


def test_compiled_catalogue_is_not_stale() -> None:
    mo = FI / "koto.mo"
    assert mo.exists(), f"{mo} is missing: run `make i18n`"
    buffer = io.BytesIO()
    write_mo(buffer, finnish_po())
    fresh = compiled(buffer.getvalue())
    assert fresh, "the .po has no translations"
    committed = compiled(mo.read_bytes())
    assert committed.keys() == fresh.keys(), "koto.mo is stale: run `make i18n`"
    changed = sorted(str(k) for k in fresh if fresh[k] != committed[k])
    assert changed == [], "koto.mo is stale: run `make i18n`"


def test_the_ui_speaks_finnish() -> None:
    assert isinstance(i18n.translation("fi"), gettext.GNUTranslations)
    catalog = finnish_po()
    message = catalog.get("wrong passphrase.")
    assert message is not None and message.string
    assert _("wrong passphrase.") == message.string != "wrong passphrase."


@pytest.mark.parametrize("lang", [lang for lang in i18n.UI_LANGUAGES if lang != "en"])
def test_every_ui_language_but_english_has_a_compiled_catalogue(lang: str) -> None:
    """English is the source language; every other UI language needs its .po and .mo."""
    folder = i18n.LOCALE_DIR / lang / "LC_MESSAGES"
    assert (folder / "koto.po").exists() and (folder / "koto.mo").exists()
    assert isinstance(i18n.translation(lang), gettext.GNUTranslations)
