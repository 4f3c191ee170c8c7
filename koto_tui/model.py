"""Plain, typed records shared by the store, the rules, printing and the UI (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class IdentityKind(StrEnum):
    """How the client is identified."""

    HETU = "hetu"            # Finnish personal identity code from the population register
    TEMPORARY = "temporary"  # temporary identity code (individual number 900-999)
    FOREIGN = "foreign"      # a foreign identity document number with its issuing country
    NONE = "none"            # none yet


class InterviewStatus(StrEnum):
    """Where an interview stands."""

    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"  # finalised: locked; a change needs an amendment with a reason
    AMENDING = "amending"    # a finalised interview reopened for an amendment


@dataclass(frozen=True)
class Amendment:
    """A change to a finalised interview: who, when, why, and which answers changed."""

    id: int
    interview_id: int
    opened_at: str
    user_name: str
    reason: str
    changed: tuple[str, ...]
    closed_at: str | None


@dataclass(frozen=True)
class Profile:
    """The counsellor's profile and the municipality they work for (shown on printouts)."""

    name: str
    title: str
    municipality: str
    unit: str
    place: str


@dataclass(frozen=True)
class User:
    """A person who can unlock the database."""

    id: str
    name: str
    title: str
    role: str
    removed_at: str | None = None


@dataclass(frozen=True)
class ClientData:
    """What a counsellor enters about a client (validated by koto_tui.rules.clients)."""

    family_name: str
    given_names: str
    birth_date: date | None
    id_kind: IdentityKind = IdentityKind.NONE
    identity_code: str = ""
    id_country: str = ""
    native_language: str = ""
    communication_language: str = ""
    interpreter_needed: bool = False
    interpreter_language: str = ""
    phone: str = ""
    street_address: str = ""
    postal_code: str = ""
    post_office: str = ""
    address_nondisclosure: bool = False

    @property
    def full_name(self) -> str:
        """Family name first, as in the travel document and the population register."""
        return " ".join(p for p in (self.family_name, self.given_names) if p)


@dataclass(frozen=True)
class Client:
    """A stored client."""

    id: int
    data: ClientData
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class ClientSummary:
    """One row of the client list."""

    id: int
    full_name: str
    birth_date: date | None
    identity_code: str
    interviews: int
    open_interviews: int


@dataclass(frozen=True)
class Interview:
    """One assessment interview, taken with a fixed form id and version."""

    id: int
    client_id: int
    form_id: str
    form_version: str
    status: InterviewStatus
    interview_date: date
    counsellor_name: str
    counsellor_title: str
    current_question: str | None
    answered: int
    created_at: str
    updated_at: str

    @property
    def locked(self) -> bool:
        """A finalised interview takes no answers until an amendment is started."""
        return self.status is InterviewStatus.COMPLETED

    @property
    def document_id(self) -> str:
        """The id printed in the footer of the interview's printouts."""
        from koto_tui import document_ids

        return document_ids.assessment(self.interview_date.year, self.id)


@dataclass(frozen=True)
class InterpreterSession:
    """Who interpreted an interview, how and when (KotoL 681/2023 § 32a: the fee notice)."""

    id: int
    interview_id: int
    mode: str              # on_site, video, phone
    language: str          # language code, e.g. prs, uk
    variant: str           # Sorani, Kurmanji, ...
    interpreter: str       # name or ID number
    agency: str
    started_at: str | None
    ended_at: str | None
    fee_informed: bool | None


@dataclass(frozen=True)
class Participant:
    """Someone else taking part in the interview."""

    id: int
    interview_id: int
    role: str              # counsellor, employment_official, wellbeing_counsellor, wellbeing_nurse, other
    name: str
    organisation: str


@dataclass(frozen=True)
class Consent:
    """The client's decision about sharing with one party (voluntary sharing only)."""

    id: int
    client_id: int
    party: str             # employment_services, wellbeing_county, education_providers, associations_projects
    given: bool
    decided_on: date
    how: str               # oral_via_interpreter, signed
    scope: str
    withdrawn_on: date | None
