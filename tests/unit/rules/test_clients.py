"""Checking what a counsellor typed about a client, field by field, before anything is stored."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from koto_tui.i18n import _
from koto_tui.model import ClientData, IdentityKind
from koto_tui.rules.clients import ClientInvalid, parse_client, parse_date
from koto_tui.text import clean_text


def errors_of(raw: dict[str, object]) -> dict[str, str]:
    with pytest.raises(ClientInvalid) as caught:
        parse_client(raw)
    assert caught.value.errors, "ClientInvalid without errors"
    return caught.value.errors


BASE: dict[str, object] = {"family_name": "Коваленко", "given_names": "Олена", "birth_date": "14.3.1985"}


def test_minimal_client() -> None:
    data = parse_client(BASE)
    assert data == ClientData("Коваленко", "Олена", date(1985, 3, 14))
    assert data.id_kind is IdentityKind.NONE


def test_full_client() -> None:
    raw: dict[str, object] = {
        "family_name": "  Mäkelä ", "given_names": "Aino Åsa", "birth_date": "",
        "id_kind": "hetu", "identity_code": "131052-308t", "native_language": "et",
        "communication_language": "fi", "interpreter_needed": True, "interpreter_language": "et",
        "phone": "+358 40 123 4567", "street_address": "Porrassalmenkatu 1", "postal_code": "50100",
        "post_office": "Mikkeli", "address_nondisclosure": True,
    }
    assert parse_client(raw) == ClientData(
        "Mäkelä", "Aino Åsa", date(1952, 10, 13), IdentityKind.HETU, "131052-308T",
        native_language="et", communication_language="fi", interpreter_needed=True,
        interpreter_language="et", phone="+358 40 123 4567", street_address="Porrassalmenkatu 1",
        postal_code="50100", post_office="Mikkeli", address_nondisclosure=True,
    )


def test_every_error_is_reported_at_once_per_field() -> None:
    errors = errors_of({
        "family_name": " ", "given_names": "", "birth_date": "14/3/1985",
        "interpreter_needed": True, "interpreter_language": "",
        "phone": "puhelin", "postal_code": "501",
    })
    assert errors == {
        "family_name": _("Enter the name as in the travel document."),
        "birth_date": _("Write the date as d.m.yyyy, for example 27.11.2026."),
        "interpreter_language": _("Choose the language to interpret into."),
        "phone": _("A phone number has 5-15 digits and may start with +, e.g. +358 40 123 4567."),
        "postal_code": _("A Finnish postal code has five digits."),
    }


def test_identity_and_contact_errors_together() -> None:
    errors = errors_of({**BASE, "id_kind": "hetu", "identity_code": "131052-308U", "phone": "12"})
    assert set(errors) == {"identity_code", "phone"}
    assert errors["identity_code"] == _("The check character does not match: check the code.")


def test_either_name_is_enough() -> None:
    assert parse_client({**BASE, "family_name": ""}).given_names == "Олена"
    assert parse_client({**BASE, "given_names": ""}).family_name == "Коваленко"


def test_name_length() -> None:
    assert len(parse_client({**BASE, "family_name": "а" * 100}).family_name) == 100
    errors = errors_of({**BASE, "family_name": "а" * 101, "given_names": "б" * 101})
    assert errors == {"family_name": _("A name can be at most 100 characters."),
                      "given_names": _("A name can be at most 100 characters.")}


def test_birth_date_is_required_without_an_identity_code() -> None:
    errors = errors_of({**BASE, "birth_date": ""})
    assert errors == {"birth_date": _("Enter the date of birth as in the travel document (d.m.yyyy).")}


@pytest.mark.parametrize(("text", "expected"), [
    ("14.3.1985", date(1985, 3, 14)), ("04.03.1985", date(1985, 3, 4)),
    (" 1985-03-14 ", date(1985, 3, 14)), ("29.2.2000", date(2000, 2, 29)),
])
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("31.2.1985", "There is no such date."),
    ("29.2.1900", "There is no such date."),
    ("14.3.85", "Write the date as d.m.yyyy, for example 27.11.2026."),
    ("1985-3-14", "Write the date as d.m.yyyy, for example 27.11.2026."),
    ("huomenna", "Write the date as d.m.yyyy, for example 27.11.2026."),
])
def test_parse_date_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_date(text)
    assert str(caught.value) == _(message)


@pytest.mark.parametrize("birth", ["28.11.2026", "31.12.1899"])
def test_birth_date_between_1900_and_today(birth: str) -> None:
    assert errors_of({**BASE, "birth_date": birth}) == {
        "birth_date": _("The date of birth must be between 1900 and today.")}


def test_birth_date_today_is_accepted() -> None:
    assert parse_client({**BASE, "birth_date": "27.11.2026"}).birth_date == date(2026, 11, 27)


# --- identity ---------------------------------------------------------------------------------------


def test_identity_code_gives_the_birth_date() -> None:
    data = parse_client({**BASE, "birth_date": "", "id_kind": "hetu", "identity_code": "131052-308T"})
    assert (data.birth_date, data.identity_code) == (date(1952, 10, 13), "131052-308T")


def test_identity_code_agreeing_with_the_typed_date() -> None:
    data = parse_client({**BASE, "birth_date": "13.10.1952", "id_kind": "hetu",
                         "identity_code": "131052-308T"})
    assert data.birth_date == date(1952, 10, 13)


def test_identity_code_date_differs_from_the_typed_one() -> None:
    errors = errors_of({**BASE, "birth_date": "14.10.1952", "id_kind": "hetu",
                        "identity_code": "131052-308T"})
    assert list(errors) == ["identity_code"]
    assert "13.10.1952" in errors["identity_code"]


@pytest.mark.parametrize(("code", "born"), [("131052A308T", "13.10.2052"), ("131052+308T", "13.10.1852"),
                                            ("281126A308K", "28.11.2026")])
def test_a_date_of_birth_from_the_code_obeys_the_typed_rule(code: str, born: str) -> None:
    """Born 2052 (or 1852, or tomorrow) by the code is refused with the typed date's reason, field empty."""
    errors = errors_of({**BASE, "birth_date": "", "id_kind": "hetu", "identity_code": code})
    assert errors == {"identity_code": _("The identity code gives the date of birth {date}. {reason}").format(
        date=born, reason=_("The date of birth must be between 1900 and today."))}
    typed = errors_of({**BASE, "birth_date": born})
    assert typed == {"birth_date": _("The date of birth must be between 1900 and today.")}


def test_a_code_born_today_is_accepted() -> None:
    data = parse_client({**BASE, "birth_date": "", "id_kind": "hetu", "identity_code": "271126A308X"})
    assert data.birth_date == date(2026, 11, 27)


def test_temporary_code() -> None:
    raw = {**BASE, "birth_date": "", "identity_code": "140385y9501"}
    data = parse_client({**raw, "id_kind": "temporary"})
    assert (data.id_kind, data.identity_code, data.birth_date) == (
        IdentityKind.TEMPORARY, "140385Y9501", date(1985, 3, 14))
    errors = errors_of({**raw, "id_kind": "hetu"})
    assert list(errors) == ["identity_code"]  # no birth-date error on top of the code's


def test_foreign_document_needs_number_and_country() -> None:
    errors = errors_of({**BASE, "id_kind": "foreign", "identity_code": " ", "id_country": ""})
    assert errors == {"identity_code": _("Enter the number of the foreign identity document."),
                      "id_country": _("Choose the country that issued the document.")}
    assert set(errors_of({**BASE, "id_kind": "foreign", "identity_code": "C1234567",
                          "id_country": "Vietnam"})) == {"id_country"}
    data = parse_client({**BASE, "id_kind": "foreign", "identity_code": "C1234567", "id_country": "VN"})
    assert (data.id_kind, data.identity_code, data.id_country) == (IdentityKind.FOREIGN, "C1234567", "VN")
    assert data.birth_date == date(1985, 3, 14)


def test_no_identity_drops_a_stray_code_and_country() -> None:
    data = parse_client({**BASE, "id_kind": "none", "identity_code": "131052-308T", "id_country": "VN"})
    assert (data.identity_code, data.id_country) == ("", "")


# --- interpreter and contact details ----------------------------------------------------------------


def test_interpreter_needs_a_language() -> None:
    assert errors_of({**BASE, "interpreter_needed": True}) == {
        "interpreter_language": _("Choose the language to interpret into.")}
    data = parse_client({**BASE, "interpreter_needed": True, "interpreter_language": "prs"})
    assert (data.interpreter_needed, data.interpreter_language) == (True, "prs")
    data = parse_client({**BASE, "interpreter_needed": False, "interpreter_language": "prs"})
    assert (data.interpreter_needed, data.interpreter_language) == (False, "")


@pytest.mark.parametrize("phone", ["+358 40 123 4567", "040-1234567", "(015) 194 111", "12345",
                                   "+123456789012345", ""])
def test_phone_accepted(phone: str) -> None:
    assert parse_client({**BASE, "phone": phone}).phone == phone


@pytest.mark.parametrize("phone", ["1234", "+1234567890123456", "040 123 456 ext 7", "+358 40 12a 4567",
                                   "040+1234567", "٠٤٠١٢٣٤٥٦٧"])
def test_phone_refused(phone: str) -> None:
    assert set(errors_of({**BASE, "phone": phone})) == {"phone"}


@pytest.mark.parametrize("postal", ["50100", " 00100 "])
def test_postal_code_accepted(postal: str) -> None:
    assert parse_client({**BASE, "postal_code": postal}).postal_code == postal.strip()


@pytest.mark.parametrize("postal", ["5010", "501000", "50 100", "FI-50100", "5010O"])
def test_postal_code_refused(postal: str) -> None:
    assert errors_of({**BASE, "postal_code": postal}) == {
        "postal_code": _("A Finnish postal code has five digits.")}


@pytest.mark.parametrize("postal", ["５０１００", "٥٠١٠٠", "۵۰۱۰۰"],
                         ids=["fullwidth", "arabic-indic", "persian"])
def test_postal_code_refuses_non_ascii_digits(postal: str) -> None:
    """Digits of other scripts are digits to Python's \\d, but not in a Finnish postal code."""
    assert errors_of({**BASE, "postal_code": postal}) == {
        "postal_code": _("A Finnish postal code has five digits.")}


# --- text hygiene -----------------------------------------------------------------------------------


def test_control_characters_and_escapes_are_stripped_from_names() -> None:
    data = parse_client({**BASE, "family_name": "\x1b[31mКова\x07ленко\x1b[0m\x00",
                         "given_names": "\u009b2JОле\rна\x7f", "post_office": "\tMikkeli\x08"})
    for value in (data.family_name, data.given_names, data.post_office):
        assert "\x1b" not in value and "\u009b" not in value
        assert not [ch for ch in value if unicodedata.category(ch) == "Cc"], repr(value)
    assert data.family_name.replace("[31m", "").replace("[0m", "") == "Коваленко"
    assert data.given_names.replace("2J", "") == "Олена"
    assert data.post_office == "Mikkeli"


@pytest.mark.parametrize(("text", "expected"), [
    ("  Олена  ", "Олена"),
    ("a\tb", "a b"),
    ("\x1b[1mx", "[1mx"),          # the escape character goes, so the rest is harmless text
    ("a\x00b\x1fc\x7fd\x85e", "abcde"),
    ("rivi\ntoinen", "rivi\ntoinen"),
    ("zwnj\u200cکه", "zwnj\u200cکه"),  # joiners needed by Persian and Indic scripts stay
    ("\ud800x", "x"),               # a lone surrogate
])
def test_clean_text(text: str, expected: str) -> None:
    assert clean_text(text) == expected


@pytest.mark.parametrize("name", ["[bold]x[/] <b>&amp;", "[link=file:///etc/passwd]x[/link]",
                                  "O'Brien \"Bob\"", "{name} %s"])
def test_markup_looking_names_are_kept_literally(name: str) -> None:
    data = parse_client({**BASE, "family_name": name, "given_names": name})
    assert (data.family_name, data.given_names) == (name, name)


@pytest.mark.parametrize("code", ["001", "ZZ", "fi", "", "XX"])
def test_regions_and_unknown_codes_are_not_issuing_countries(code: str) -> None:
    from koto_tui.rules.clients import is_country

    assert not is_country(code)
    assert is_country("FI") and is_country("AF")


def test_is_country_reads_cldrs_territories_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """An import checks 10,000 clients' countries: ``Locale.parse`` on every call was a tenth of it."""
    from babel import Locale

    from koto_tui.rules import clients

    calls: list[str] = []

    def parse(identifier: str) -> Locale:
        calls.append(identifier)
        return Locale.parse(identifier)

    monkeypatch.setattr(clients, "Locale", type("Counted", (), {"parse": staticmethod(parse)}))
    read_once = getattr(clients, "_territories", None)  # (the code before it read them on every call)
    if read_once is not None:
        read_once.cache_clear()
    assert [clients.is_country(code) for code in ("FI", "SE", "XX", "VN")] == [True, True, False, True]
    assert calls == ["en"]
