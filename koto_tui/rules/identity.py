"""The Finnish personal identity code (henkilötunnus) and other identifiers of a client.

Format and century signs: Act on the Population Information System 661/2009 § 11 and Decree
128/2010 § 2 as amended from 1.1.2023 (new century signs Y X W V U and B C D E F). Individual
numbers 900-999 are temporary codes that are never in the population register.
"""

from __future__ import annotations

import re
from datetime import date

from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.fi import hetu as _hetu

from koto_tui.i18n import _

_CENTURIES = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
              "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}
_SHAPE = re.compile(r"^\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]$")


class IdentityError(ValueError):
    """An identity code that cannot be accepted, with a message for the counsellor."""


def is_temporary(code: str) -> bool:
    """True for a code whose individual number is 900-999 (a temporary identity code)."""
    return len(code) == 11 and code[7:10].isdigit() and int(code[7:10]) >= 900


def validate_hetu(text: str, *, temporary: bool = False) -> str:
    """Return the code as stored (upper case, exactly as written otherwise) or raise IdentityError."""
    code = text.strip().upper()
    if not _SHAPE.match(code):
        raise IdentityError(_("An identity code has 11 characters: DDMMYY, a century sign "
                              "(- Y X W V U, A B C D E F or +), three digits and a check character."))
    if is_temporary(code) and not temporary:
        raise IdentityError(_("Individual numbers 900-999 are temporary codes: mark the code as "
                              "temporary, or check it."))
    if temporary and not is_temporary(code):
        raise IdentityError(_("A temporary identity code has an individual number 900-999."))
    try:
        # The century sign distinguishes persons (100190-999P is not 100190Y999P): store it verbatim.
        return str(_hetu.validate(code, allow_temporary=temporary))
    except InvalidChecksum as exc:
        raise IdentityError(_("The check character does not match: check the code.")) from exc
    except (InvalidComponent, InvalidFormat, InvalidLength) as exc:
        raise IdentityError(_("The date in the identity code does not exist.")) from exc


def birth_date_of(code: str) -> date:
    """The date of birth written in a valid identity code."""
    century = _CENTURIES[code[6]]
    return date(century + int(code[4:6]), int(code[2:4]), int(code[0:2]))
