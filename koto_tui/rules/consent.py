"""Consent to sharing, and the notice about the fee for a missed interpreted appointment.

The assessment, the plan and their recording are statutory duties (GDPR art. 6(1)(c) and (e); KotoL
681/2023 §§ 14, 16, 98): they need no consent and are never presented as consent. Sharing with other
parties (employment services beyond the law's own exchange, the wellbeing services county, education
providers, associations and projects) is done only with the client's consent (KotoL 681/2023 § 9;
Mikkeli programme: "personal permission is asked from the client for all cooperation").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from koto_tui.i18n import P_, _, format_short_date
from koto_tui.model import Consent
from koto_tui.rules.law import SECTION_9, cite

# Parties whose sharing needs consent, with their names (translated where shown).
PARTIES = {
    "employment_services": P_("employment services"),
    "wellbeing_county": P_("wellbeing services county"),
    "education_providers": P_("education providers"),
    "associations_projects": P_("associations and projects"),
}


def current_consent(consents: Sequence[Consent], party: str, on: date) -> Consent | None:
    """The client's latest decision about *party* in force on *on* (a withdrawn one counts as refused)."""
    decided = [c for c in consents if c.party == party and c.decided_on <= on]
    return decided[-1] if decided else None


def sharing_refusal(consents: Sequence[Consent], party: str, on: date) -> str | None:
    """None when sharing with *party* is allowed on *on*; otherwise the reason, citing the section."""
    consent = current_consent(consents, party, on)
    name = _(PARTIES.get(party, party))
    if consent is None:
        return _("No consent to share with {party} has been recorded ({section}).").format(
            party=name, section=cite(SECTION_9))
    if not consent.given:
        return _("The client refused sharing with {party} on {date} ({section}).").format(
            party=name, date=format_short_date(consent.decided_on), section=cite(SECTION_9))
    if consent.withdrawn_on is not None and consent.withdrawn_on <= on:
        return _("The client withdrew the consent to share with {party} on {date} ({section}).").format(
            party=name, date=format_short_date(consent.withdrawn_on), section=cite(SECTION_9))
    return None


def fee_notice_applies(birth_date: date | None, on: date) -> bool:
    """Whether the client must be told about the no-show fee (§ 32a: never for clients under 18)."""
    if birth_date is None:
        return True
    had_birthday = (on.month, on.day) >= (birth_date.month, birth_date.day)
    return on.year - birth_date.year - (0 if had_birthday else 1) >= 18
