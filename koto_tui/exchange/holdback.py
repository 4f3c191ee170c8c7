"""What may leave the laptop in an export, and the reason for every record or part that stays.

One place for each rule, citing its source:

- only finalised assessments (a finalised assessment is locked; decree 874/2024 § 1 holds the assessment
  as made) and approved or signed plans (KotoL 681/2023 § 16; Mikkeli: the coordinator approves);
- where a record belongs must be known: KOTO-AJ for the municipality's clients, the employment services'
  systems for registered jobseekers (KotoL 681/2023 § 14), so an unknown jobseeker status holds it back;
- sharing with a party that needs the client's consent happens only with consent (KotoL 681/2023 § 9,
  ``rules.consent.sharing_refusal``): records routed to the employment services' systems;
- sensitive answers (health, ability to function: GDPR art. 9) only where the settings allow;
- an address under non-disclosure (turvakielto) is never exported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from koto_tui.i18n import _, format_short_date
from koto_tui.model import Consent, Interview, InterviewStatus
from koto_tui.plans import Plan
from koto_tui.rules.consent import sharing_refusal
from koto_tui.rules.eligibility import RecordSystem
from koto_tui.rules.law import GDPR_9, SECTION_14, SECTION_16, cite
from koto_tui.rules.plan_lifecycle import STATUS_NAMES, PlanStatus, version_status

#: The party whose consent sending a record to its destination needs (None: a statutory duty).
#: KOTO-AJ is the national integration data repository (decree 874/2024): no consent. Records of registered
#: jobseekers go to the employment services' systems; that sharing is treated as needing the client's
#: consent (KotoL 681/2023 § 9; ❓ the law's own exchange between the authorities is not modelled).
DESTINATION_PARTY: dict[RecordSystem, str | None] = {
    RecordSystem.KOTO_AJ: None,
    RecordSystem.EMPLOYMENT_SERVICES: "employment_services",
}


class Reason(StrEnum):
    """Why a record, or a part of one, stayed on the laptop."""

    NOT_FINALISED = "not_finalised"
    BEING_AMENDED = "being_amended"
    ROUTING_UNKNOWN = "routing_unknown"
    PLAN_NOT_APPROVED = "plan_not_approved"
    VERSION_NOT_APPROVED = "version_not_approved"
    NO_CONSENT = "no_consent"
    SENSITIVE = "sensitive"
    ADDRESS_NONDISCLOSURE = "address_nondisclosure"
    UNCHANGED = "unchanged"


#: Reasons that leave out only a part: the rest of the record is exported.
PARTIAL = frozenset({Reason.VERSION_NOT_APPROVED, Reason.SENSITIVE, Reason.ADDRESS_NONDISCLOSURE})


@dataclass(frozen=True)
class HeldBack:
    """One record (or part) that was not exported, and why, in the UI language."""

    client_id: int
    entity: str
    """"client", "assessment" or "plan"."""
    local_id: int
    document_id: str
    reason: Reason
    message: str

    @property
    def partial(self) -> bool:
        """Whether only a part of the record stayed."""
        return self.reason in PARTIAL


def assessment_refusal(interview: Interview, doc: str) -> tuple[Reason, str] | None:
    """Why a whole assessment stays, or None when it may leave: only finalised assessments do."""
    if interview.status is InterviewStatus.COMPLETED:
        return None
    if interview.status is InterviewStatus.AMENDING:
        return Reason.BEING_AMENDED, _(
            "Assessment {doc} is being amended: it leaves the laptop when the amendment is "
            "finalised.").format(doc=doc)
    return Reason.NOT_FINALISED, _(
        "Assessment {doc} is not finalised: only finalised assessments leave the laptop.").format(
        doc=doc)


def routing_refusal(document_id: str, jobseeker: object) -> tuple[Reason, str] | None:
    """KotoL 681/2023 § 14: the record stays when it is not known whether the client is a jobseeker."""
    if isinstance(jobseeker, bool):
        return None
    return Reason.ROUTING_UNKNOWN, _(
        "{doc}: it is not recorded whether the client is a registered jobseeker, so it is not known whether "
        "the record belongs in KOTO-AJ or in the employment services' systems ({section}).").format(
        doc=document_id, section=cite(SECTION_14))


def plan_refusal(plan: Plan, doc: str) -> tuple[Reason, str] | None:
    """KotoL 681/2023 § 16: a plan leaves only when a version of it is approved or signed."""
    if any(version.locked for version in plan.versions):
        return None
    state = _(STATUS_NAMES[version_status(plan, plan.current)])
    return Reason.PLAN_NOT_APPROVED, _(
        "Plan {doc} is {state}: only approved or signed plans leave the laptop ({section}).").format(
        doc=doc, state=state, section=cite(SECTION_16))


def unapproved_versions(plan: Plan, doc: str) -> list[tuple[Reason, str]]:
    """The versions after the last approved or signed one, which stay until they are approved or signed."""
    locked = [v.number for v in plan.versions if v.locked]
    if not locked:
        return []
    state = {PlanStatus.SUBMITTED: _(STATUS_NAMES[PlanStatus.SUBMITTED])}
    return [(Reason.VERSION_NOT_APPROVED, _(
        "Version {number} of plan {doc} is not approved or signed ({state}): the last approved or signed "
        "version is exported ({section}).").format(
        number=v.number, doc=doc, section=cite(SECTION_16),
        state=state.get(version_status(plan, v), _(STATUS_NAMES[PlanStatus.DRAFT]))))
        for v in plan.versions if v.number > max(locked) and not v.locked]


def consent_refusal(document_id: str, system: RecordSystem, consents: Sequence[Consent],
                    on: date) -> tuple[Reason, str] | None:
    """KotoL 681/2023 § 9: a record whose destination needs consent stays without it."""
    party = DESTINATION_PARTY[system]
    if party is None:
        return None
    refusal = sharing_refusal(consents, party, on)
    if refusal is None:
        return None
    return Reason.NO_CONSENT, _("{doc} belongs in the employment services' systems: {refusal}").format(
        doc=document_id, refusal=refusal)


def sensitive_note(document_id: str, count: int) -> tuple[Reason, str] | None:
    """GDPR art. 9: sensitive answers left out because the settings do not allow them in exports."""
    if count == 0:
        return None
    return Reason.SENSITIVE, _(
        "Sensitive answers of assessment {doc} (health and ability to function; {n} in all) were left out: "
        "the settings do not allow them in exports ({section}).").format(
        n=count, doc=document_id, section=cite(GDPR_9))


def address_note(client_id: int) -> tuple[Reason, str]:
    """Turvakielto: an address under non-disclosure is never exported."""
    return Reason.ADDRESS_NONDISCLOSURE, _(
        "The address of client {id} is under non-disclosure (turvakielto) and is never exported.").format(
        id=client_id)


def unchanged_note(document_id: str, exported_on: date | None) -> tuple[Reason, str]:
    """An unchanged record is not exported again."""
    if exported_on is None:
        return Reason.UNCHANGED, _("{doc} has not changed since it was last exported.").format(
            doc=document_id)
    return Reason.UNCHANGED, _("{doc} has not changed since it was exported on {date}.").format(
        doc=document_id, date=format_short_date(exported_on))
