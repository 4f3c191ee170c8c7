"""UI translations (every string has Finnish, the .mo is not stale) and locale-aware formatting."""

from __future__ import annotations

import gettext
import io
import re
import string
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import koto_tui
from koto_tui import i18n
from koto_tui.i18n import (
    _,
    format_clock,
    format_long_date,
    format_number,
    format_short_date,
    language,
    set_language,
)
from koto_tui.i18n.languages import CLIENT_LANGUAGES, language_choices, language_name
from koto_tui.rules.clients import parse_date

PACKAGE = Path(koto_tui.__file__).resolve().parent
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


def test_swedish_dates_follow_finland() -> None:
    """Swedish as written in Finland (sv_FI): numeric dates as in Finnish, which the date fields read."""
    assert format_short_date(date(2026, 3, 4), "sv") == "4.3.2026"
    assert format_long_date(date(2026, 3, 4), "sv") == "4 mars 2026"
    assert format_clock(datetime(2026, 11, 27, 15, 5), "sv") == "15.05"
    assert parse_date(format_short_date(date(2026, 3, 4), "sv")) == date(2026, 3, 4)


def test_english_dates_are_unambiguous() -> None:
    """Never 10/13/52: ISO for numeric dates (which the date fields read back), day-month-year in words."""
    assert format_short_date(date(2026, 10, 3), "en") == "2026-10-03"
    assert format_long_date(date(2026, 10, 3), "en") == "3 October 2026"
    set_language("en")
    assert format_short_date(date(1952, 10, 13)) == "1952-10-13"
    assert parse_date(format_short_date(date(2026, 10, 3))) == date(2026, 10, 3)


def test_numbers_in_the_ui_language() -> None:
    assert format_number(1234.5, "fi") == format_number(1234.5, "sv") == "1\xa0234,5"
    assert format_number(1234.5, "en") == "1,234.5"
    assert format_number(2.25, "sv", "0.0") == "2,2"


def test_language_names() -> None:
    assert language_name("prs", "fi") == "dari"
    assert language_name("uk", "fi") == "ukraina"
    assert language_name("fa", "fi") == "persia"
    assert language_name("et", "fi") == "viro"
    assert language_name("uk", "en") == "Ukrainian"
    assert language_name("uk", "sv") == "ukrainska" and language_name("prs", "sv") == "dari"
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


TRANSLATED = [lang for lang in i18n.UI_LANGUAGES if lang != "en"]
CATALOGUES = sorted(i18n.LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def read_catalogue(path: Path) -> Catalog:
    lang = path.parent.parent.name
    with path.open("rb") as handle:
        return read_po(handle, locale="fa" if lang == "prs" else lang)


def ui_po(lang: str) -> Catalog:
    return read_catalogue(i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "koto.po")


def finnish_po() -> Catalog:
    return ui_po("fi")


def placeholders(text: str) -> set[str]:
    """The {name} fields of *text*, and its %-placeholders when it has no braces (argparse's texts)."""
    if "{" not in text and "%" in text:
        return set(re.findall(r"%(?:\(\w+\))?[rsd]", text))
    return {field for _lit, field, _spec, _conv in string.Formatter().parse(text) if field is not None}


def form_problems(message: Message, plurals: int) -> list[str]:
    """What is wrong with one translated entry: its placeholders or its number of plural forms."""
    ids = [str(i) for i in (message.id if isinstance(message.id, (tuple, list)) else (message.id,))]
    strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    if not any(strings):
        return []
    problems = []
    if message.pluralizable and len(strings) != plurals:
        problems.append(f"{ids[0]!r}: {len(strings)} plural forms, the language has {plurals}")
    if not message.pluralizable and isinstance(message.string, (tuple, list)):
        problems.append(f"{ids[0]!r}: plural forms for a message without a plural")
    expected = set().union(*(placeholders(i) for i in ids))
    problems += [f"{ids[0]!r} -> {text!r}" for text in map(str, strings)
                 if text and placeholders(text) != expected]
    return problems


def test_extraction_finds_the_strings() -> None:
    used = used_msgids()
    assert len(used) > 100
    assert "wrong passphrase." in used
    assert "Client" in used  # printing's t.gettext(...)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_string_is_translated(lang: str) -> None:
    catalog = ui_po(lang)
    missing = []
    for msgid, where in sorted(used_msgids().items()):
        message = catalog.get(msgid)
        strings = message.string if message is not None else None
        texts = strings if isinstance(strings, tuple) else (strings,)
        if message is None or message.fuzzy or not all(texts):
            missing.append(f"{where}: {msgid!r}")
    assert missing == [], f"{len(missing)} strings without a translation in {lang}:\n" + "\n".join(missing)


def test_english_is_the_source_and_needs_no_catalogue() -> None:
    assert "en" in i18n.UI_LANGUAGES
    assert not (i18n.LOCALE_DIR / "en" / "LC_MESSAGES" / "koto.po").exists()
    assert type(i18n.translation("en")) is gettext.NullTranslations


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_placeholders_and_plural_forms_match(path: Path) -> None:
    catalog = read_catalogue(path)
    plurals = catalog.num_plurals
    wrong = [problem for message in catalog if message.id for problem in form_problems(message, plurals)]
    assert wrong == []


def test_the_form_check_can_fail() -> None:
    one = Message(("{n} day", "{n} days"), ("{n} päivä",))
    assert form_problems(one, 2) == ["'{n} day': 1 plural forms, the language has 2"]
    assert form_problems(Message("{n} days", "{count} dagar"), 2) == ["'{n} days' -> '{count} dagar'"]
    assert form_problems(Message(("{n} day", "{n} days"), ("{n} dag", "{n} dagar")), 2) == []


def test_placeholder_check_can_fail() -> None:
    assert placeholders("invalid choice: %(value)r (from %(choices)s)") == {"%(value)r", "%(choices)s"}
    assert placeholders("ogiltigt val: %(värde)r") != placeholders("invalid choice: %(value)r")
    assert placeholders("interview {id}: {form} v{version}") == {"id", "form", "version"}
    assert placeholders("haastattelu {idd}") != placeholders("interview {id}")
    assert placeholders("{{literal}} {n}") == {"n"}


def compiled(data: bytes) -> dict[object, str]:
    catalog: dict[object, str] = gettext.GNUTranslations(io.BytesIO(data))._catalog  # type: ignore[attr-defined]
    return {key: value for key, value in catalog.items() if key != ""}  # the header carries dates


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_compiled_catalogue_is_not_stale(path: Path) -> None:
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run `pybabel compile`"
    buffer = io.BytesIO()
    write_mo(buffer, read_catalogue(path))
    fresh = compiled(buffer.getvalue())
    assert fresh, "the .po has no translations"
    committed = compiled(mo.read_bytes())
    assert committed.keys() == fresh.keys(), f"{mo} is stale: run `pybabel compile`"
    changed = sorted(str(k) for k in fresh if fresh[k] != committed[k])
    assert changed == [], f"{mo} is stale: run `pybabel compile`"


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


def test_the_ui_speaks_swedish() -> None:
    set_language("sv")
    assert language() == "sv"
    assert _("wrong passphrase.") == "fel lösenfras."
    assert _("Integration plan") == "Integrationsplan"
    assert i18n.ngettext("{n} page", "{n} pages", 1) == "{n} sida"
    assert i18n.ngettext("{n} page", "{n} pages", 2) == "{n} sidor"


@pytest.mark.parametrize(("english", "swedish"), [
    ("Non-disclosure", "Spärrmarkering"),
    ("Personal identity code", "Personbeteckning"),
    ("Interpreter", "Tolk"),
    ("wellbeing services county", "välfärdsområde"),
    ("Self-motivated study", "Självständiga studier"),
    ("civic orientation", "samhällsorientering"),
    ("New assessment", "Ny bedömning"),
])
def test_swedish_legal_terms_follow_the_act(english: str, swedish: str) -> None:
    """The terms of the Swedish text of Act 681/2023 (lagen om främjande av integration)."""
    message = ui_po("sv").get(english)
    assert message is not None and message.string == swedish


@pytest.mark.parametrize(("lang", "one", "two"), [
    ("fi", "1 päivä jäljellä", "2 päivää jäljellä"),
    ("sv", "1 dag kvar", "2 dagar kvar"),
    ("en", "1 day left", "2 days left"),
])
def test_counts_take_the_plural_of_each_language(lang: str, one: str, two: str) -> None:
    words = i18n.translation(lang)
    assert [words.ngettext("{n} day left", "{n} days left", n).format(n=n) for n in (1, 2)] == [one, two]
    set_language(lang)
    assert i18n.ngettext("{n} client", "{n} clients", 1).format(n=1) in ("1 asiakas", "1 klient", "1 client")


def test_argparse_speaks_the_ui_language(capsys: pytest.CaptureFixture[str]) -> None:
    from koto_tui.cli import main

    with pytest.raises(SystemExit):
        main(["--lang", "sv", "--help"])
    shown = capsys.readouterr().out
    assert shown.startswith("användning: koto") and "\nalternativ:\n" in shown
    assert "visa denna hjälptext och avsluta" in shown
    with pytest.raises(SystemExit):
        main(["--lang", "fi", "clients", "--bogus"])
    assert "koto: virhe: tuntemattomia argumentteja: --bogus" in capsys.readouterr().err


_QUOTED = r'"((?:[^"\\]|\\.)*)"'
_ENTRY_KEY = re.compile(rf'^(?:msgctxt {_QUOTED}\n)?msgid {_QUOTED}\n((?:"(?:[^"\\]|\\.)*"\n)*)',
                        re.MULTILINE)


@pytest.mark.parametrize("po", sorted(Path(koto_tui.__file__).parent.glob("i18n/locale/*/LC_MESSAGES/*.po")),
                         ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_no_catalogue_defines_a_message_twice(po: Path) -> None:
    """Branches append entries at the end of each catalogue and git unions them: the same msgid added on
    two branches would be defined twice, which msgfmt refuses and Babel settles silently (the last wins)."""
    seen: dict[tuple[str, str], int] = {}
    for match in _ENTRY_KEY.finditer(po.read_text(encoding="utf-8")):
        key = (match.group(1) or "", match.group(2) + match.group(3))
        seen[key] = seen.get(key, 0) + 1
    assert [key for key, count in seen.items() if count > 1] == []
