"""Consent to sharing (KotoL 681/2023 § 9) and the no-show fee notice (§ 32a)."""

from __future__ import annotations

from datetime import date

import pytest

from koto_tui.model import Consent
from koto_tui.rules.consent import fee_notice_applies, sharing_refusal

DAY = date(2026, 11, 27)


def consent(given: bool, on: date, withdrawn: date | None = None, party: str = "wellbeing_county") -> Consent:
    return Consent(1, 1, party, given, on, "oral_via_interpreter", "", withdrawn)


def test_missing_consent_refuses_with_the_section() -> None:
    reason = sharing_refusal([], "wellbeing_county", DAY)
    assert reason is not None and "9 §" in reason


def test_given_consent_allows_and_other_parties_stay_refused() -> None:
    consents = [consent(True, date(2026, 11, 1))]
    assert sharing_refusal(consents, "wellbeing_county", DAY) is None
    assert sharing_refusal(consents, "education_providers", DAY) is not None
    assert sharing_refusal(consents, "wellbeing_county", date(2026, 10, 31)) is not None  # not yet given


def test_refused_and_withdrawn() -> None:
    assert sharing_refusal([consent(False, date(2026, 11, 1))], "wellbeing_county", DAY) is not None
    withdrawn = [consent(True, date(2026, 11, 1), withdrawn=date(2026, 11, 20))]
    assert sharing_refusal(withdrawn, "wellbeing_county", date(2026, 11, 19)) is None
    reason = sharing_refusal(withdrawn, "wellbeing_county", DAY)
    assert reason is not None and "20.11.2026" in reason
    # A newer decision replaces the older one.
    again = [*withdrawn, consent(True, date(2026, 11, 25))]
    assert sharing_refusal(again, "wellbeing_county", DAY) is None


@pytest.mark.parametrize(("born", "applies"), [
    (date(2008, 11, 27), True),    # 18 today
    (date(2008, 11, 28), False),   # 18 tomorrow: never for under-18s
    (date(1990, 1, 1), True),
    (None, True),
])
def test_fee_notice_never_for_under_18(born: date | None, applies: bool) -> None:
    assert fee_notice_applies(born, DAY) is applies
