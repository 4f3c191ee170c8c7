"""The sections of law koto's rules cite, each in one place, and how a citation reads in the UI language.

A citation is stored and exported in one canonical form (``KotoL 681/2023 § 14``: it is data, the same in
every file whatever the user's language) and shown through `cite`, which gives it as the UI language writes
it: Finnish and Swedish put the sign after the number (``KotoL 681/2023 14 §``, ``lag 681/2023, 14 §``).
`cite_short` gives a citation's short form for a narrow column (``KotoL 14 §``, ``681/2023 14 §``).
"""

from __future__ import annotations

from koto_tui.i18n import N_, _

#: Other authorities direct an immigrant to services, with the client's permission.
SECTION_9 = N_("KotoL 681/2023 § 9")
#: The assessment: who is assessed, by whom, and within which window.
SECTION_14 = N_("KotoL 681/2023 § 14")
#: The integration plan: duration, content, referral, review, self-motivated study.
SECTION_16 = N_("KotoL 681/2023 § 16")
#: Multilingual civic orientation and the decree on its content and extent.
SECTION_25 = N_("KotoL 681/2023 § 25, asetus 576/2024")
#: Interpreting and its fee.
SECTION_32A = N_("KotoL 681/2023 § 32 a")
#: The jobseeking obligation (Act on organising employment services 380/2023; section ❓ not confirmed).
SECTION_JOBSEEKING = N_("Laki 380/2023")
#: Special categories of personal data (health).
GDPR_9 = N_("EU 2016/679 art. 9")

#: The short form of each citation (a narrow column; the full citation is shown beside it), translated: the
#: Act 681/2023 by its Finnish abbreviation (KotoL) in Finnish and English, by its number in Swedish.
SHORT_CITATIONS: dict[str, str] = {
    SECTION_9: N_("KotoL § 9"),
    SECTION_14: N_("KotoL § 14"),
    SECTION_16: N_("KotoL § 16"),
    SECTION_25: N_("KotoL § 25"),
    SECTION_32A: N_("KotoL § 32 a"),
    SECTION_JOBSEEKING: SECTION_JOBSEEKING,
    GDPR_9: N_("GDPR art. 9"),
}
#: Every citation above: `cite` translates only these, and passes anything else through unchanged.
CITATIONS = frozenset(SHORT_CITATIONS)


def cite(section: str) -> str:
    """The citation *section* (canonical form) as the UI language writes it."""
    return _(section) if section in CITATIONS else section


def cite_short(section: str) -> str:
    """The citation *section* in its short form in the UI language (an unknown one as `cite` gives it)."""
    return _(SHORT_CITATIONS[section]) if section in SHORT_CITATIONS else cite(section)
