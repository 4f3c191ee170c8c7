"""The passphrase rules: 12 characters, not easy to guess, the reason in koto's words; suggestions."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from koto_tui.i18n import set_language
from koto_tui.rules import passphrase as rule
from koto_tui.rules.passphrase import (
    MIN_PASSPHRASE,
    passphrase_problem,
    passphrase_weakness,
    suggest_passphrase,
    suggestion_bits,
    wordlist,
)

KNOWN = ("Maija Meikäläinen", "Mikkelin kaupunki", "Mikkeli")


@pytest.mark.parametrize(("passphrase", "why"), [
    ("lyhyt", "liian lyhyt"),
    ("a" * (MIN_PASSPHRASE - 1), "liian lyhyt"),
    ("password1234", "yleinen salasana"),
    ("salasana-123", "yleinen salasana"),
    ("aaaaaaaaaaaaaaaa", "toistuva kuvio"),
    ("1234567890123456", "toistuva kuvio"),
    ("maija meikäläinen", "nimesi"),
    ("maijamikkeli2", "nimesi"),
    ("mikkeli mikkeli", "nimesi"),
    ("12.05.1985.12", "päivämäärään"),
])
def test_a_weak_passphrase_is_refused_with_the_reason(passphrase: str, why: str) -> None:
    weakness = passphrase_weakness(passphrase, KNOWN)
    assert weakness is not None and why in weakness


@pytest.mark.parametrize("passphrase", [
    "kaisan oma tunnuslause", "uusi pitkä tunnuslause", "oikea hevonen patteri niitti", "Mustikka-Lyhty-97",
])
def test_a_good_passphrase_is_accepted(passphrase: str) -> None:
    assert passphrase_weakness(passphrase, KNOWN) is None
    assert passphrase_problem(passphrase, passphrase, KNOWN) is None


def test_the_two_fields_must_agree_and_the_weakness_comes_first() -> None:
    assert passphrase_problem("kaisan oma tunnuslause", "kaisan oma", KNOWN) == (
        "passphrase2", "Tunnuslauseet eivät täsmää: kirjoita sama tunnuslause kahdesti.")
    field, _message = passphrase_problem("password", "other", KNOWN) or ("", "")
    assert field == "passphrase"


def test_zxcvbns_english_feedback_is_never_shown() -> None:
    for weak in ("password1234", "aaaaaaaaaaaaaaaa", "qwertyuiopasdfgh", "19851985198519"):
        weakness = passphrase_weakness(weak, KNOWN) or ""
        assert weakness.startswith("Tunnuslause"), weakness
        assert "common" not in weakness and "Repeats" not in weakness


def test_the_reasons_are_translated_in_every_ui_language() -> None:
    try:
        set_language("sv")
        assert "vanligt lösenord" in (passphrase_weakness("password1234") or "")
        set_language("en")
        assert "common password" in (passphrase_weakness("password1234") or "")
    finally:
        set_language("fi")


def test_a_very_long_passphrase_is_rated_by_its_start() -> None:
    assert passphrase_weakness("kaisan oma tunnuslause " * 10, KNOWN) is None


def test_the_wordlist_is_the_eff_large_list_with_its_licence() -> None:
    words = wordlist()
    assert len(words) == 7776 == len(set(words))
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)?", w) for w in words)
    licence = Path(rule.__file__).parent / "wordlists" / "LICENSE-EFF.txt"
    assert "CC BY 3.0" in licence.read_text(encoding="utf-8")


def test_a_suggestion_is_random_words_with_at_least_60_bits() -> None:
    suggestions = {suggest_passphrase() for _round in range(50)}
    assert len(suggestions) == 50
    for suggestion in suggestions:
        words = suggestion.split(" ")
        assert len(words) == 5 and set(words) <= set(wordlist())
        assert passphrase_weakness(suggestion, KNOWN) is None
    assert suggestion_bits() == pytest.approx(5 * math.log2(7776)) and suggestion_bits() >= 60


def test_suggestions_come_from_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    picks = iter(range(5))
    monkeypatch.setattr(rule.secrets, "choice", lambda words: words[next(picks)])
    assert suggest_passphrase() == " ".join(wordlist()[:5])
