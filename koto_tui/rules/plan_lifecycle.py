"""Where an integration plan stands and which steps it allows (KotoL 681/2023 § 16; Mikkeli's practice).

The counsellor drafts the plan with the client and submits it; the integration coordinator approves it as
an official or returns it with comments; the client signs the printed copy, and the date on the paper is
entered afterwards. The plan is in force when it is both approved and signed. A signed or approved version
is locked: a change makes a new version with a reason, and earlier versions stay readable. A plan in force
is reviewed (§ 16: the client and the authority agree on follow-up; review at least every six months for
jobseekers). Every refusal below is one place, with the reason the user reads.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from koto_tui.i18n import N_, _, format_short_date
from koto_tui.plans import Plan, PlanVersion, Role
from koto_tui.rules.law import SECTION_16, cite

#: The setting (``Store.setting``) that lets the drafter approve their own plan; off unless the
#: municipality has one person doing both.
ALLOW_SELF_APPROVAL = "allow_self_approval"


class PlanStatus(StrEnum):
    """Where a plan version stands, derived from its events."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"        # approved, the client's signature not yet recorded
    SIGNED = "signed"            # signed by the client, not yet approved
    IN_FORCE = "in_force"        # approved and signed
    SUPERSEDED = "superseded"    # a newer version replaced it
    ENDED = "ended"


#: The status names as the user reads them (translated where shown).
STATUS_NAMES = {
    PlanStatus.DRAFT: N_("draft"),
    PlanStatus.SUBMITTED: N_("waiting for approval"),
    PlanStatus.RETURNED: N_("returned with comments"),
    PlanStatus.APPROVED: N_("approved, not yet signed"),
    PlanStatus.SIGNED: N_("signed, not yet approved"),
    PlanStatus.IN_FORCE: N_("in force"),
    PlanStatus.SUPERSEDED: N_("replaced by a newer version"),
    PlanStatus.ENDED: N_("ended"),
}


class Step(StrEnum):
    """What a user may try to do to a plan."""

    EDIT = "edit"
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    APPROVE = "approve"
    RETURN = "return"
    SIGN = "sign"
    NEW_VERSION = "new_version"
    REVIEW = "review"
    END = "end"


def version_status(plan: Plan, version: PlanVersion) -> PlanStatus:
    """The status of *version* of *plan*."""
    if plan.ended_on is not None:
        return PlanStatus.ENDED
    if version.number != plan.current.number:
        return PlanStatus.SUPERSEDED
    if version.approval is not None and version.signature is not None:
        return PlanStatus.IN_FORCE
    if version.approval is not None:
        return PlanStatus.APPROVED
    if version.signature is not None:
        return PlanStatus.SIGNED
    if version.pending:
        return PlanStatus.SUBMITTED
    if version.returned is not None:
        return PlanStatus.RETURNED
    return PlanStatus.DRAFT


def status(plan: Plan) -> PlanStatus:
    """The status of the plan's current version."""
    return version_status(plan, plan.current)


def refusal(plan: Plan, step: Step, role: str) -> str | None:
    """Why *step* is not allowed now for a user with *role*, or None when it is."""
    if plan.ended_on is not None:
        return _("The plan ended on {date}; it can be read and printed but not changed.").format(
            date=format_short_date(plan.ended_on))
    version = plan.current
    if step is Step.END:
        return None
    if step in (Step.APPROVE, Step.RETURN) and role != Role.COORDINATOR:
        return _("Only an integration coordinator approves or returns a plan; you are signed in as a "
                 "counsellor. The coordinator unlocks koto with their own passphrase.")
    check = _CHECKS[step]
    return check(version)


def self_approval_refusal(version: PlanVersion, user_id: str, allowed: bool) -> str | None:
    """Why *user_id* may not approve *version* they made themselves, or None.

    Not a rule of KotoL 681/2023 (§ 16 names no approver): it is the municipality's policy that a second
    person checks a plan (four eyes). Where one person does both, the setting allows it and the printout
    says the drafter approved it.
    """
    if allowed or not version.created_by or version.created_by != user_id:
        return None
    return _("You drafted this version yourself: another coordinator approves it (the municipality's "
             "policy: a second person checks each plan). Where one person does both, the setting "
             "\"Allow approving one's own plan\" allows it, and the printout then says so.")


def _edit(version: PlanVersion) -> str | None:
    if version.locked:
        return _locked(version)
    if version.pending:
        return _("The plan is waiting for the coordinator's approval: withdraw it first to change it.")
    return None


def _locked(version: PlanVersion) -> str:
    what = _("approved") if version.approval is not None else _("signed")
    return _("Version {number} is {what} and locked: make a new version, with the reason, to change the "
             "plan ({section}).").format(number=version.number, what=what, section=cite(SECTION_16))


def _submit(version: PlanVersion) -> str | None:
    if version.approval is not None:
        return _("Version {number} is already approved.").format(number=version.number)
    if version.pending:
        return _("Version {number} is already waiting for approval.").format(number=version.number)
    if version.returned is not None and version.signature is not None:
        return _("The returned version is signed and locked: make a new version with the changes the "
                 "coordinator asked for.")
    return None


def _decide(version: PlanVersion) -> str | None:
    if version.approval is not None:
        return _("Version {number} is already approved.").format(number=version.number)
    if not version.pending:
        return _("Version {number} has not been submitted for approval.").format(number=version.number)
    return None


def _withdraw(version: PlanVersion) -> str | None:
    if not version.pending:
        return _("Version {number} is not waiting for approval.").format(number=version.number)
    return None


def _sign(version: PlanVersion) -> str | None:
    if version.signature is not None:
        return _("The client's signature of version {number} is already recorded ({date}).").format(
            number=version.number, date=format_short_date(version.signature.on or date.min))
    return None


def _new_version(version: PlanVersion) -> str | None:
    if not version.locked:
        return _("Version {number} is not signed or approved: change it directly, no new version is "
                 "needed.").format(number=version.number)
    return None


def _review(version: PlanVersion) -> str | None:
    if version.approval is None or version.signature is None:
        return _("A plan is reviewed once it is in force: approved by the coordinator and signed by the "
                 "client ({section}).").format(section=cite(SECTION_16))
    return None


_CHECKS = {
    Step.EDIT: _edit, Step.SUBMIT: _submit, Step.WITHDRAW: _withdraw, Step.APPROVE: _decide,
    Step.RETURN: _decide, Step.SIGN: _sign, Step.NEW_VERSION: _new_version, Step.REVIEW: _review,
}


def signature_date_problem(version: PlanVersion, signed_on: date, today: date) -> str | None:
    """Why *signed_on* cannot be the date on the client's signed paper, or None."""
    if signed_on > today:
        return _("The signature date {date} is in the future: enter the date written on the signed "
                 "paper.").format(date=format_short_date(signed_on))
    made = date.fromisoformat(version.created_at[:10])
    if signed_on < made:
        return _("Version {number} was made on {made}; it cannot have been signed on {date}.").format(
            number=version.number, made=format_short_date(made), date=format_short_date(signed_on))
    return None
