"""The Finnish personal identity code (henkilötunnus) and other identifiers of a client.

Format and century signs: Act on the Population Information System 661/2009 § 11 and Decree
128/2010 § 2 as amended from 1.1.2023 (new century signs Y X W V U and B C D E F). Individual
numbers 002-899 are given to persons, 900-999 are temporary codes that are never in the population
register. Each defect gets its own message, checked in the order a person reads the code.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.fi import hetu as _hetu

from koto_tui.i18n import _

_CENTURIES = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
              "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}
_ASCII_DIGITS = frozenset("0123456789")
#: The check character: DDMMYYNNN modulo 31, indexed into this (G I O Q Z are never used).
CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


class IdentityError(ValueError):
    """An identity code that cannot be accepted, with a message for the counsellor."""


def is_temporary(code: str) -> bool:
    """True for a code whose individual number is 900-999 (a temporary identity code)."""
    return len(code) == 11 and _digits(code[7:10]) and int(code[7:10]) >= 900


def _digits(text: str) -> bool:
    """Only the ASCII digits 0-9 (str.isdigit also takes Arabic-Indic and full-width digits)."""
    return bool(text) and set(text) <= _ASCII_DIGITS


def _foreign_digits(code: str) -> bool:
    """A digit that is not 0-9: Arabic-Indic, Persian, full-width and the like."""
    return any(not ch.isascii() and unicodedata.category(ch) == "Nd" for ch in code)


def _with_hyphen(code: str) -> str:
    """A dash that looks like the century sign - (an en dash from a word processor, a minus sign) made -."""
    if len(code) == 11 and (unicodedata.category(code[6]) == "Pd" or code[6] == "\u2212"):
        return code[:6] + "-" + code[7:]
    return code


def _shape_problem(code: str) -> str | None:
    """The message for a code that is not written as DDMMYY, a sign, NNN and a character."""
    if _foreign_digits(code):
        return _("The identity code has digits that are not 0-9 (for example Arabic-Indic or full-width "
                 "digits): type the digits 0-9.")
    if len(code) != 11 or not (_digits(code[:6]) and _digits(code[7:10])):
        return _("An identity code has 11 characters: DDMMYY, a century sign (- Y X W V U, A B C D E F "
                 "or +), three digits and a check character.")
    if code[6] not in _CENTURIES:
        return _("The seventh character is the century sign: - Y X W V U (1900s), A B C D E F (2000s) "
                 "or + (1800s).")
    return None


def _number_problem(code: str, temporary: bool) -> str | None:
    """The message for a well-shaped code whose date, individual number or kind is wrong."""
    try:
        birth_date_of(code)
    except ValueError:
        return _("The date in the identity code does not exist.")
    if int(code[7:10]) < 2:
        return _("Individual numbers 000 and 001 are not given to persons: check the code.")
    if is_temporary(code) and not temporary:
        return _("Individual numbers 900-999 are temporary codes: mark the code as temporary, or check it.")
    if temporary and not is_temporary(code):
        return _("A temporary identity code has an individual number 900-999.")
    if code[10] != CHECK_CHARACTERS[int(code[:6] + code[7:10]) % 31]:
        return _("The check character does not match: check the code.")
    return None


def validate_hetu(text: str, *, temporary: bool = False) -> str:
    """Return the code as stored (upper case, exactly as written otherwise) or raise IdentityError."""
    code = _with_hyphen(text.strip().upper())
    problem = _shape_problem(code) or _number_problem(code, temporary)
    if problem:
        raise IdentityError(problem)
    try:
        # stdnum has the last word; the century sign distinguishes persons (100190-999P is not
        # 100190Y999P), so the code is stored verbatim.
        return str(_hetu.validate(code, allow_temporary=temporary))
    except InvalidChecksum as exc:
        raise IdentityError(_("The check character does not match: check the code.")) from exc
    except ValidationError as exc:
        raise IdentityError(_("An identity code has 11 characters: DDMMYY, a century sign (- Y X W V U, "
                              "A B C D E F or +), three digits and a check character.")) from exc


def birth_date_of(code: str) -> date:
    """The date of birth written in a well-shaped identity code (ValueError when there is no such day)."""
    century = _CENTURIES[code[6]]
    return date(century + int(code[4:6]), int(code[2:4]), int(code[0:2]))
