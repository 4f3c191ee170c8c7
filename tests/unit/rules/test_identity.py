"""The Finnish personal identity code: shape, check character, century signs, temporary codes."""

from __future__ import annotations

from datetime import date

import pytest

from koto_tui.i18n import _
from koto_tui.rules.identity import IdentityError, birth_date_of, is_temporary, validate_hetu

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"

SHAPE = _("An identity code has 11 characters: DDMMYY, a century sign (- Y X W V U, A B C D E F or +), "
          "three digits and a check character.")
CHECKSUM = _("The check character does not match: check the code.")
NO_DATE = _("The date in the identity code does not exist.")
TEMPORARY_UNMARKED = _("Individual numbers 900-999 are temporary codes: mark the code as temporary, or "
                       "check it.")
NOT_TEMPORARY = _("A temporary identity code has an individual number 900-999.")
CENTURY = _("The seventh character is the century sign: - Y X W V U (1900s), A B C D E F (2000s) "
            "or + (1800s).")
NOT_ASCII = _("The identity code has digits that are not 0-9 (for example Arabic-Indic or full-width "
              "digits): type the digits 0-9.")
NOT_A_PERSON = _("Individual numbers 000 and 001 are not given to persons: check the code.")


def code(ddmmyy: str, sign: str, individual: str) -> str:
    """A code with the right check character (the remainder of DDMMYYNNN divided by 31)."""
    return f"{ddmmyy}{sign}{individual}{CHECK_CHARACTERS[int(ddmmyy + individual) % 31]}"


def test_check_character_helper_agrees_with_known_codes() -> None:
    assert code("131052", "-", "308") == "131052-308T"
    assert code("010594", "Y", "903") == "010594Y9032"
    assert code("100190", "-", "999") == "100190-999P"


def test_valid_code() -> None:
    assert validate_hetu("131052-308T") == "131052-308T"
    assert birth_date_of("131052-308T") == date(1952, 10, 13)
    assert not is_temporary("131052-308T")


def test_temporary_code_needs_to_be_marked_temporary() -> None:
    with pytest.raises(IdentityError) as caught:
        validate_hetu("010594Y9032")
    assert str(caught.value) == TEMPORARY_UNMARKED
    assert is_temporary("010594Y9032")
    assert validate_hetu("010594Y9032", temporary=True) == "010594Y9032"
    assert birth_date_of("010594Y9032") == date(1994, 5, 1)


def test_a_permanent_code_marked_temporary_is_refused() -> None:
    with pytest.raises(IdentityError) as caught:
        validate_hetu("131052-308T", temporary=True)
    assert str(caught.value) == NOT_TEMPORARY


@pytest.mark.parametrize("wrong", ["131052-308U", "131052-3080", "010594Y9033"])
def test_wrong_check_character(wrong: str) -> None:
    with pytest.raises(IdentityError) as caught:
        validate_hetu(wrong, temporary=is_temporary(wrong))
    assert str(caught.value) == CHECKSUM


@pytest.mark.parametrize(
    ("sign", "century"),
    [("+", 1800), ("-", 1900), ("Y", 1900), ("X", 1900), ("W", 1900), ("V", 1900), ("U", 1900),
     ("A", 2000), ("B", 2000), ("C", 2000), ("D", 2000), ("E", 2000), ("F", 2000)],
)
def test_century_signs(sign: str, century: int) -> None:
    valid = code("150605", sign, "123")
    assert validate_hetu(valid) == valid
    assert birth_date_of(valid) == date(century + 5, 6, 15)


@pytest.mark.parametrize("sign", ["G", "Z", "T", "/", " ", "\u00af", "\uff21"])
def test_unknown_century_sign(sign: str) -> None:
    """A sign that is not one of the thirteen (an en dash, a full-width A) is named as the century sign."""
    with pytest.raises(IdentityError) as caught:
        validate_hetu(code("150605", sign, "123"))
    assert str(caught.value) == CENTURY


@pytest.mark.parametrize("text", ["١٣١٠٥٢-٣٠٨T", "۱۳۱۰۵۲-۳۰۸T", "１３１０５２-３０８T", "131052-३08T",
                                  "１３１０５２-３０８"])
def test_digits_that_are_not_ascii(text: str) -> None:
    """Arabic-Indic, Persian, full-width and Devanagari digits are named, not called a wrong shape."""
    with pytest.raises(IdentityError) as caught:
        validate_hetu(text)
    assert str(caught.value) == NOT_ASCII


@pytest.mark.parametrize("individual", ["000", "001"])
def test_individual_numbers_000_and_001_are_not_persons(individual: str) -> None:
    with pytest.raises(IdentityError) as caught:
        validate_hetu(code("131052", "-", individual))
    assert str(caught.value) == NOT_A_PERSON
    assert validate_hetu(code("131052", "-", "002")) == code("131052", "-", "002")


@pytest.mark.parametrize("wrong", ["G", "I", "O", "Q", "Z", "-"])
def test_a_check_character_never_used(wrong: str) -> None:
    with pytest.raises(IdentityError) as caught:
        validate_hetu("131052-308" + wrong)
    assert str(caught.value) == CHECKSUM


def test_century_sign_is_kept_verbatim() -> None:
    """100190-999P and 100190Y999P are different persons: neither is normalised to the other."""
    dash = validate_hetu("100190-999P", temporary=True)
    why = validate_hetu("100190Y999P", temporary=True)
    assert (dash, why) == ("100190-999P", "100190Y999P")
    assert birth_date_of(dash) == birth_date_of(why) == date(1990, 1, 10)
    assert validate_hetu("100190a999p", temporary=True) == "100190A999P"


@pytest.mark.parametrize("dash", ["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\uff0d"])
def test_a_dash_for_the_century_sign_is_stored_as_a_hyphen(dash: str) -> None:
    """An en dash pasted from a document is the sign -, stored as -, so that a duplicate is still found."""
    assert validate_hetu(f"131052{dash}308T") == "131052-308T"


def test_lower_case_and_surrounding_space() -> None:
    assert validate_hetu(" 131052-308t ") == "131052-308T"
    assert validate_hetu("010594y9032", temporary=True) == "010594Y9032"


@pytest.mark.parametrize("ddmmyy", ["310290", "300290", "290290", "320190", "001290", "011390"])
def test_impossible_date(ddmmyy: str) -> None:
    with pytest.raises(IdentityError) as caught:
        validate_hetu(code(ddmmyy, "-", "123"))
    assert str(caught.value) == NO_DATE


def test_leap_day() -> None:
    assert birth_date_of(validate_hetu(code("290200", "A", "123"))) == date(2000, 2, 29)
    with pytest.raises(IdentityError):
        validate_hetu(code("290200", "-", "123"))  # 1900 was not a leap year


@pytest.mark.parametrize("text", ["", "131052308T", "131052-308", "131052-308TT", "13105-2308T",
                                  "13 1052-308T", "ABCDEF-308T", "131052-3O8T"])
def test_malformed(text: str) -> None:
    with pytest.raises(IdentityError) as caught:
        validate_hetu(text)
    assert str(caught.value) == SHAPE


def test_errors_are_value_errors_in_the_ui_language() -> None:
    from koto_tui.i18n import set_language

    set_language("en")
    with pytest.raises(ValueError, match="check character does not match"):
        validate_hetu("131052-308U")
