"""What makes an acceptable passphrase for the encrypted database, and a random one to suggest.

A new passphrase has at least 12 characters and zxcvbn must rate it at least 3 of 4 ("safely
unguessable" against an offline attack slowed by a hash). zxcvbn's own English feedback is never shown:
the reason is read from the patterns it found and said in koto's own, translated words. Passphrases set
before these rules still unlock; the rule applies only where a passphrase is chosen.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Any

from koto_tui.i18n import _

MIN_PASSPHRASE = 12
#: zxcvbn's score (0–4) a new passphrase needs: 3 is "safely unguessable, moderate protection from an
#: offline slow-hash scenario" (about 10^8 guesses or more).
MIN_SCORE = 3
#: zxcvbn refuses longer input; a passphrase longer than this is rated by its first 72 characters.
_ZXCVBN_MAX = 72
#: Words in a suggested passphrase: 5 words from 7,776 give log2(7776) × 5 ≈ 64.6 bits.
SUGGESTED_WORDS = 5
_WORDLIST = "eff_large_wordlist.txt"
#: Letters and digits a passphrase needs besides the user's name and the municipality.
_MIN_UNKNOWN = 8


def _user_words(user_inputs: Iterable[str]) -> list[str]:
    """The given texts and each word in them (names, the municipality), for zxcvbn to look for."""
    words: list[str] = []
    for text in user_inputs:
        text = text.strip()
        if text:
            words.append(text)
            words.extend(part for part in text.replace("-", " ").split() if len(part) > 2)
    return words


def _mostly_known(passphrase: str, words: list[str]) -> bool:
    """Whether little is left of *passphrase* once the names and places in *words* are taken out.

    zxcvbn rates "mikkeli mikkeli" as strong (the space counts as brute force); koto does not.
    """
    rest = passphrase.casefold()
    for word in sorted((w.casefold() for w in words), key=len, reverse=True):
        rest = rest.replace(word, "")
    return sum(ch.isalnum() for ch in rest) < _MIN_UNKNOWN


def _reason(sequence: Sequence[dict[str, Any]]) -> str:
    """Why zxcvbn rated a passphrase low, from the patterns it matched, in koto's words."""
    patterns = [(m.get("pattern"), m.get("dictionary_name")) for m in sequence]
    if any(kind == "dictionary" and source == "user_inputs" for kind, source in patterns):
        return _("The passphrase contains your name or the municipality: choose words nobody links to you.")
    if any(kind in ("date", "regex") for kind, _source in patterns):
        return _("The passphrase is built on a date or a year: these are easy to guess.")
    if any(kind in ("repeat", "sequence", "spatial") for kind, _source in patterns):
        return _("The passphrase is a repeated pattern or a row of keys (like aaaa, 1234 or qwerty): "
                 "these are easy to guess.")
    if any(kind == "dictionary" for kind, _source in patterns):
        return _("The passphrase is a common password or made of common words: add unusual words.")
    return _("The passphrase is too easy to guess: make it longer with a few unusual words.")


def passphrase_weakness(passphrase: str, user_inputs: Iterable[str] = ()) -> str | None:
    """Why *passphrase* may not be chosen (too short, or easy to guess), or None when it is fine."""
    if len(passphrase) < MIN_PASSPHRASE:
        return _("The passphrase is too short: use at least {n} characters.").format(n=MIN_PASSPHRASE)
    from zxcvbn import zxcvbn  # imported here: its word lists load in about 30 ms

    known = _user_words(user_inputs)
    if _mostly_known(passphrase, known):
        return _("The passphrase contains your name or the municipality: choose words nobody links to you.")
    result = zxcvbn(passphrase[:_ZXCVBN_MAX], user_inputs=known)
    if int(result["score"]) >= MIN_SCORE:
        return None
    return _reason(result["sequence"])


def passphrase_problem(first: str, second: str, user_inputs: Iterable[str] = ()) -> tuple[str, str] | None:
    """(field, message) for a passphrase that is weak or typed differently twice; None when fine."""
    weakness = passphrase_weakness(first, user_inputs)
    if weakness is not None:
        return "passphrase", weakness
    if first != second:
        return "passphrase2", _("The passphrases differ: type the same passphrase twice.")
    return None


@cache
def wordlist() -> tuple[str, ...]:
    """The EFF large wordlist (7,776 words; CC BY 3.0, see wordlists/LICENSE-EFF.txt), shipped with koto."""
    text = resources.files("koto_tui.rules").joinpath("wordlists", _WORDLIST).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def suggestion_bits(words: int = SUGGESTED_WORDS) -> float:
    """The entropy of a suggested passphrase in bits."""
    return words * math.log2(len(wordlist()))


def suggest_passphrase(words: int = SUGGESTED_WORDS) -> str:
    """Random words from the wordlist, chosen with ``secrets`` and joined by spaces."""
    choices = wordlist()
    return " ".join(secrets.choice(choices) for _index in range(words))
