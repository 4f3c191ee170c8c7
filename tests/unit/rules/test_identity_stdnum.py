"""Koto's identity-code check against python-stdnum, for thousands of generated codes with one known defect.

Each code is made valid and then given at most one defect (its check character recomputed where the defect
is not the check character), so the defect is known and the message can be compared with it. Koto must
accept exactly what stdnum accepts within the date-of-birth rule (1900 to today), and name each defect.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from stdnum.fi import hetu

from koto_tui.i18n import _, format_short_date
from koto_tui.rules.clients import ClientInvalid, parse_client
from koto_tui.rules.identity import CHECK_CHARACTERS, is_temporary

SIGNS = {1800: "+", 1900: "-YXWVU", 2000: "ABCDEF"}
NOT_SIGNS = "GHIJKLMNOPQRSTZ/.*_ 0123456789=\uff21"
#: Dashes that stdnum and koto both read as the century sign - (an en dash pasted from a document).
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
#: Zero in scripts whose digits are not ASCII: Arabic-Indic, Persian, Devanagari, full-width.
ZEROS = (0x0660, 0x06F0, 0x0966, 0xFF10)
BAD_DATES = ("320190", "000190", "010090", "011390", "300290", "290290", "310490", "290200-")
COUNT = 6000


@dataclass(frozen=True)
class Case:
    """One generated code, whether it is marked temporary, and the defect it was given."""

    code: str
    temporary: bool
    defect: str


def _check(digits: str) -> str:
    return CHECK_CHARACTERS[int(digits) % 31]


def _valid(rng: random.Random) -> tuple[str, str, str]:
    born = date(1800, 1, 1) + timedelta(days=rng.randrange(300 * 366 - 500))
    ddmmyy = born.strftime("%d%m") + f"{born.year % 100:02d}"
    return ddmmyy, rng.choice(SIGNS[born.year // 100 * 100]), f"{rng.randrange(2, 1000):03d}"


def _made(ddmmyy: str, sign: str, individual: str) -> str:
    return f"{ddmmyy}{sign}{individual}{_check(ddmmyy + individual)}"


def _bad_date(rng: random.Random, ddmmyy: str, sign: str, individual: str) -> str:
    wrong = rng.choice(BAD_DATES)
    if wrong.endswith("-"):  # 29.2.1900 does not exist, 29.2.2000 does
        return _made(wrong[:6], rng.choice(SIGNS[1900]), individual)
    return _made(wrong, sign, individual)


def _foreign_digit(rng: random.Random, code: str) -> str:
    at = rng.choice([i for i in range(11) if code[i].isdigit() and i != 6])
    return code[:at] + chr(rng.choice(ZEROS) + int(code[at])) + code[at + 1:]


def _length(rng: random.Random, code: str) -> str:
    at = rng.randrange(len(code))
    if rng.random() < 0.5:
        return code[:at] + code[at + 1:]
    return code[:at] + rng.choice("0123456789") + code[at:]


DEFECTS: dict[str, Callable[[random.Random, str, str, str], str]] = {
    "none": lambda rng, d, s, n: _made(d, s, n),
    "check": lambda rng, d, s, n: f"{d}{s}{n}" + rng.choice(
        [c for c in CHECK_CHARACTERS + "GIOQZ" if c != _check(d + n)]),
    "century": lambda rng, d, s, n: _made(d, rng.choice(NOT_SIGNS), n),
    "date": _bad_date,
    "individual": lambda rng, d, s, n: _made(d, s, rng.choice(["000", "001"])),
    "dash": lambda rng, d, s, n: _made(d, s, n).replace("-", rng.choice(DASHES)),
    "digits": lambda rng, d, s, n: _foreign_digit(rng, _made(d, s, n)),
    "length": lambda rng, d, s, n: _length(rng, _made(d, s, n)),
    "kind": lambda rng, d, s, n: _made(d, s, n),
}


def generated(count: int = COUNT, seed: int = 13) -> list[Case]:
    """*count* codes, each with one defect drawn at random (a fixed seed, so a failure can be replayed)."""
    rng = random.Random(seed)
    cases = []
    for _index in range(count):
        defect = rng.choice(list(DEFECTS))
        code = DEFECTS[defect](rng, *_valid(rng))
        temporary = is_temporary(code) != (defect == "kind")
        cases.append(Case(code, temporary, defect))
    return cases


def koto_verdict(case: Case) -> str | None:
    """Koto's message about the code on the client form (None when it is accepted)."""
    raw = {"family_name": "Testi", "birth_date": "", "identity_code": case.code,
           "id_kind": "temporary" if case.temporary else "hetu"}
    try:
        parse_client(raw)
    except ClientInvalid as refused:
        return refused.errors.get("identity_code", "")
    return None


def expected(case: Case) -> str | None:
    """The message the defect calls for (None for a code that must be accepted)."""
    out_of_range = _("The date of birth must be between 1900 and today.")
    messages = {
        "check": _("The check character does not match: check the code."),
        "century": _("The seventh character is the century sign: - Y X W V U (1900s), A B C D E F (2000s) "
                     "or + (1800s)."),
        "date": _("The date in the identity code does not exist."),
        "individual": _("Individual numbers 000 and 001 are not given to persons: check the code."),
        "digits": _("The identity code has digits that are not 0-9 (for example Arabic-Indic or full-width "
                    "digits): type the digits 0-9."),
        "length": _("An identity code has 11 characters: DDMMYY, a century sign (- Y X W V U, A B C D E F "
                    "or +), three digits and a check character."),
        "kind": _("A temporary identity code has an individual number 900-999.") if case.temporary else _(
            "Individual numbers 900-999 are temporary codes: mark the code as temporary, or check it."),
    }
    if case.defect in messages:
        return messages[case.defect]
    born = _born(case.code)
    if _in_range(born):
        return None
    return _("The identity code gives the date of birth {date}. {reason}").format(
        date=format_short_date(born), reason=out_of_range)


def _born(code: str) -> date:
    century = 1800 if code[6] == "+" else 2000 if code[6] in "ABCDEF" else 1900
    return date(century + int(code[4:6]), int(code[2:4]), int(code[0:2]))


def _in_range(born: date) -> bool:
    """The date-of-birth rule, written out again: 1900 to today (27.11.2026 in the tests)."""
    return born.year >= 1900 and born <= date(2026, 11, 27)


def test_every_defect_is_generated_often() -> None:
    counts = Counter(case.defect for case in generated())
    assert set(counts) == set(DEFECTS)
    assert min(counts.values()) > COUNT // len(DEFECTS) // 2, counts


def test_koto_names_the_defect_of_each_code() -> None:
    wrong = [(c, koto_verdict(c)) for c in generated() if koto_verdict(c) != expected(c)]
    assert not wrong, f"{len(wrong)} codes, e.g. {wrong[:5]}"


def test_koto_accepts_what_stdnum_accepts_within_the_birth_date_rule() -> None:
    """For codes in ASCII, koto and stdnum agree but for births outside 1900 to today, which koto refuses."""
    disagree = []
    for case in generated():
        if case.defect == "digits":
            continue  # stdnum reads full-width digits as 0-9; koto asks for 0-9 (see the next test)
        # stdnum's allow_temporary also lets 002-899 through; the kind "temporary" asks for 900-999.
        by_stdnum = hetu.is_valid(case.code, allow_temporary=case.temporary) and (
            not case.temporary or int(case.code[7:10]) >= 900)
        by_koto = koto_verdict(case) is None
        in_range = by_stdnum and _in_range(_born(case.code))
        if by_koto != in_range:
            disagree.append(case)
    assert not disagree, disagree[:5]


def test_digits_that_are_not_ascii_are_refused_even_where_stdnum_reads_them() -> None:
    """stdnum turns full-width digits into 0-9 and accepts the code; koto refuses it with its own message."""
    cases = [c for c in generated() if c.defect == "digits"]
    assert any(hetu.is_valid(c.code, allow_temporary=c.temporary) for c in cases)
    assert all(koto_verdict(c) == expected(c) for c in cases)
