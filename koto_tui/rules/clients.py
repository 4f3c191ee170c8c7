"""Checking what a counsellor typed about a client, field by field, before anything is stored."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from datetime import date

from babel import Locale

from koto_tui import clock
from koto_tui.i18n import _, format_short_date
from koto_tui.model import ClientData, IdentityKind
from koto_tui.rules.identity import IdentityError, birth_date_of, validate_hetu
from koto_tui.text import clean_text

_PHONE = re.compile(r"^\+?[0-9 ()-]+$")
_POSTAL = re.compile(r"^[0-9]{5}$")
_DATE_FI = re.compile(r"^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})$")
_DATE_ISO = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")


class ClientInvalid(ValueError):
    """Some fields cannot be accepted; *errors* maps field name to a message for that field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def parse_date(text: str) -> date:
    """A date written d.m.yyyy (or yyyy-mm-dd); ValueError with a message otherwise."""
    text = text.strip()
    fi, iso = _DATE_FI.match(text), _DATE_ISO.match(text)
    if not (fi or iso):
        raise ValueError(_("Write the date as d.m.yyyy, for example 27.11.2026."))
    day, month, year = (fi.groups() if fi else tuple(reversed(iso.groups())))  # type: ignore[union-attr]
    try:
        return date(int(year), int(month), int(day))
    except ValueError as exc:
        raise ValueError(_("There is no such date.")) from exc


def is_country(code: str) -> bool:
    """A two-letter ISO 3166 country code that CLDR knows (not a region such as 001, not ZZ)."""
    return len(code) == 2 and code.isascii() and code.isalpha() and code != "ZZ" and code in _territories()


@functools.cache
def _territories() -> frozenset[str]:
    """The territory codes CLDR names, read once (``Locale.parse`` on every call was a tenth of an
    import's client checks)."""
    return frozenset(Locale.parse("en").territories)


def _birth_date(text: str, errors: dict[str, str]) -> date | None:
    if not text.strip():
        return None
    try:
        value = parse_date(text)
    except ValueError as exc:
        errors["birth_date"] = str(exc)
        return None
    problem = birth_date_problem(value)
    if problem:
        errors["birth_date"] = problem
    return value


def birth_date_problem(value: date) -> str | None:
    """Why *value* cannot be a client's date of birth (typed, or read from an identity code), or None."""
    # A client is a living person: a birth in the future, or before 1900 (older than anyone alive),
    # is a typing error or a wrong code, never a fact to store (the 1800s sign + included).
    if value > clock.today() or value.year < 1900:
        return _("The date of birth must be between 1900 and today.")
    return None


def _identity(
    raw: Mapping[str, object], birth: date | None, errors: dict[str, str]
) -> tuple[str, date | None]:
    kind = IdentityKind(str(raw.get("id_kind") or IdentityKind.NONE))
    code = clean_text(str(raw.get("identity_code") or ""))
    if kind in (IdentityKind.HETU, IdentityKind.TEMPORARY):
        try:
            code = validate_hetu(code, temporary=kind is IdentityKind.TEMPORARY)
        except IdentityError as exc:
            errors["identity_code"] = str(exc)
            return code, birth
        coded = birth_date_of(code)
        problem = birth_date_problem(coded)
        if problem:
            errors["identity_code"] = _("The identity code gives the date of birth {date}. {reason}").format(
                date=format_short_date(coded), reason=problem)
            return code, birth
        if birth is None:
            return code, coded
        if coded != birth:
            errors["identity_code"] = _(
                "The identity code gives the date of birth {date}, which differs from the date of birth "
                "entered.").format(date=format_short_date(coded))
    elif kind is IdentityKind.FOREIGN:
        if not code:
            errors["identity_code"] = _("Enter the number of the foreign identity document.")
        country = str(raw.get("id_country") or "")
        if not is_country(country):
            errors["id_country"] = _("Choose the country that issued the document.")
    else:
        code = ""
    return code, birth


def _contact(raw: Mapping[str, object], errors: dict[str, str]) -> None:
    phone = clean_text(str(raw.get("phone") or ""))
    digits = sum(ch in "0123456789" for ch in phone)
    if phone and (not _PHONE.match(phone) or not 5 <= digits <= 15):
        errors["phone"] = _("A phone number has 5-15 digits and may start with +, e.g. +358 40 123 4567.")
    postal = clean_text(str(raw.get("postal_code") or ""))
    if postal and not _POSTAL.match(postal):
        errors["postal_code"] = _("A Finnish postal code has five digits.")


def parse_client(raw: Mapping[str, object]) -> ClientData:
    """Build a ClientData from form input, or raise ClientInvalid listing every field at fault."""
    errors: dict[str, str] = {}
    text = {k: clean_text(str(v)) for k, v in raw.items() if isinstance(v, str)}
    family, given = text.get("family_name", ""), text.get("given_names", "")
    if not family and not given:
        errors["family_name"] = _("Enter the name as in the travel document.")
    for name in ("family_name", "given_names"):
        if len(text.get(name, "")) > 100:
            errors[name] = _("A name can be at most 100 characters.")
    birth = _birth_date(text.get("birth_date", ""), errors)
    code, birth = _identity(raw, birth, errors)
    if birth is None and "birth_date" not in errors and "identity_code" not in errors:
        errors["birth_date"] = _("Enter the date of birth as in the travel document (d.m.yyyy).")
    needs_interpreter = bool(raw.get("interpreter_needed"))
    if needs_interpreter and not text.get("interpreter_language"):
        errors["interpreter_language"] = _("Choose the language to interpret into.")
    _contact(raw, errors)
    if errors:
        raise ClientInvalid(errors)
    return ClientData(
        family_name=family, given_names=given, birth_date=birth,
        id_kind=IdentityKind(str(raw.get("id_kind") or IdentityKind.NONE)), identity_code=code,
        id_country=text.get("id_country", "") if raw.get("id_kind") == IdentityKind.FOREIGN else "",
        native_language=text.get("native_language", ""),
        communication_language=text.get("communication_language", ""),
        interpreter_needed=needs_interpreter,
        interpreter_language=text.get("interpreter_language", "") if needs_interpreter else "",
        phone=text.get("phone", ""), street_address=text.get("street_address", ""),
        postal_code=text.get("postal_code", ""), post_office=text.get("post_office", ""),
        address_nondisclosure=bool(raw.get("address_nondisclosure")),
    )
