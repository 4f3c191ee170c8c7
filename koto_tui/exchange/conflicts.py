"""Why an import left a record as it was: a code kept with each conflict, in the reader's language.

The importer says each conflict at length when it runs (``Outcome.message``); the store keeps only the code
(``import_conflicts.reason``), so that the list of an import's conflicts reads in whatever language the
counsellor who opens it uses, and holds no value of the file.
"""

from __future__ import annotations

from enum import StrEnum

from koto_tui.i18n import N_, _


class Reason(StrEnum):
    """Why a record of the file was not written (the codes are stored: never rename one)."""

    CLIENT_CHANGED_HERE = "client_changed_here"
    IDENTITY_CODE_TAKEN = "identity_code_taken"
    SAME_IDENTITY_CODE = "same_identity_code"
    FORM_VERSION_MISSING = "form_version_missing"
    RECORD_CHANGED_HERE = "record_changed_here"
    RECORD_OF_OTHER_CLIENT = "record_of_other_client"
    LINK_TO_OTHER_CLIENT = "link_to_other_client"


#: Each reason as the list of an import's conflicts says it (translated where shown).
REASONS = {
    Reason.CLIENT_CHANGED_HERE: N_("the details here were changed after they arrived"),
    Reason.IDENTITY_CODE_TAKEN: N_("the new identity code is another client's here"),
    Reason.SAME_IDENTITY_CODE: N_("a client here has the same identity code: not imported"),
    Reason.FORM_VERSION_MISSING: N_("made with a form version this koto does not have"),
    Reason.RECORD_CHANGED_HERE: N_("the copy here was changed after it arrived, or made here"),
    Reason.RECORD_OF_OTHER_CLIENT: N_("the record is another client's here"),
    Reason.LINK_TO_OTHER_CLIENT: N_("the plan refers to another client's assessment here"),
}

#: What the conflict is about (the entity of the record), as the list says it.
ENTITIES = {"client": N_("client details"), "assessment": N_("assessment"), "plan": N_("plan")}


def reason_text(code: str) -> str:
    """The stored reason *code* in the UI language (an unknown code, from a newer koto, as it is)."""
    return _(REASONS[Reason(code)]) if code in REASONS else code


def entity_text(entity: str) -> str:
    """The stored *entity* in the UI language."""
    return _(ENTITIES[entity]) if entity in ENTITIES else entity
