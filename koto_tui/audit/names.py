"""Names of the audit trail's actions and record kinds as a coordinator reads them (marked for translation).

The trail stores short English codes (they are what the CSV for the data protection officer carries);
the audit screen shows these names, and a code missing here is shown as it is.
"""

from __future__ import annotations

from koto_tui.i18n import N_, _

ACTIONS = {
    "create": N_("created"), "change": N_("changed"), "delete": N_("deleted"), "remove": N_("removed"),
    "answer": N_("answered"), "finalise": N_("finalised"), "amend": N_("amended"),
    "new_version": N_("new version"), "review": N_("reviewed"), "end": N_("ended"),
    "submitted": N_("sent for approval"), "withdrawn": N_("withdrawn"), "returned": N_("returned"),
    "approved": N_("approved"), "signed": N_("signed"), "print": N_("printed"), "export": N_("exported"),
    "import": N_("imported"), "entered": N_("entered into KOTO-AJ"), "purge": N_("purged"),
    "view": N_("opened"), "unlock": N_("unlocked"), "lock": N_("locked"),
    "unlock_failed": N_("failed unlock"), "rotate": N_("key replaced"), "chain_broken": N_("chain broken"),
    "duplicate": N_("identity code shared with another client"),
    "import_refused": N_("import refused"), "backup": N_("backed up"),
}
ENTITIES = {
    "user": N_("user"), "client": N_("client"), "interview": N_("assessment"), "plan": N_("plan"),
    "settings": N_("settings"), "meeting": N_("meeting"), "export": N_("export"), "audit": N_("audit trail"),
    "key": N_("database key"), "consent": N_("consent"), "printouts": N_("printouts"),
    "sender": N_("trusted sender"), "receiver_key": N_("receiving office's key"),
    "import": N_("import"), "database": N_("database"),
}


def action_name(code: str) -> str:
    """The translated name of an audit action (the code itself when it has none)."""
    return _(ACTIONS[code]) if code in ACTIONS else code


def entity_name(code: str) -> str:
    """The translated name of a kind of record in the audit trail (the code itself when it has none)."""
    return _(ENTITIES[code]) if code in ENTITIES else code
