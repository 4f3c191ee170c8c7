"""The schema, only ever changed through sqlite-utils migrations (applied at start-up)."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from koto_tui.store import audit_chain
from koto_tui.store.errors import NewerDatabase

migrations = Migrations("koto")


@migrations()
def m001_initial(db: Database) -> None:
    """Users, settings, audit, clients (with full-text search), form versions, interviews, answers."""
    db.table("users").create(
        {"id": str, "name": str, "title": str, "role": str, "created_at": str}, pk="id"
    )
    db.table("settings").create({"key": str, "value": str}, pk="key")
    db.table("audit").create(
        {"id": int, "at": str, "user_id": str, "action": str, "entity": str, "entity_id": str,
         "detail": str},
        pk="id",
    )
    db.table("clients").create(
        {"id": int, "family_name": str, "given_names": str, "birth_date": str, "id_kind": str,
         "identity_code": str, "id_country": str, "native_language": str,
         "communication_language": str, "interpreter_needed": int, "interpreter_language": str,
         "phone": str, "street_address": str, "postal_code": str, "post_office": str,
         "address_nondisclosure": int, "created_at": str, "updated_at": str},
        pk="id",
        not_null={"family_name", "given_names", "id_kind", "created_at", "updated_at"},
    )
    db.table("clients").enable_fts(
        ["family_name", "given_names", "identity_code"],
        fts_version="FTS5",
        create_triggers=True,
        tokenize="unicode61 remove_diacritics 2",
    )
    db.table("form_versions").create(
        {"form_id": str, "version": str, "source": str, "sha256": str, "registered_at": str},
        pk=("form_id", "version"),
    )
    db.execute(
        """CREATE TABLE interviews (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            form_id TEXT NOT NULL,
            form_version TEXT NOT NULL,
            status TEXT NOT NULL,
            interview_date TEXT NOT NULL,
            counsellor_id TEXT REFERENCES users(id),
            counsellor_name TEXT NOT NULL,
            counsellor_title TEXT NOT NULL,
            current_question TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            completed_at TEXT,
            FOREIGN KEY (form_id, form_version) REFERENCES form_versions(form_id, version)
        )"""
    )
    db.execute(
        """CREATE TABLE answers (
            interview_id INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT,
            PRIMARY KEY (interview_id, question_id)
        )"""
    )
    db.execute(
        """CREATE TABLE prints (
            id INTEGER PRIMARY KEY,
            interview_id INTEGER NOT NULL REFERENCES interviews(id),
            document_id TEXT NOT NULL,
            printed_at TEXT NOT NULL,
            printed_by TEXT
        )"""
    )
    db.table("interviews").create_index(["client_id"])


@migrations()
def m002_amendments_and_results(db: Database) -> None:
    """Amendments to finalised interviews, and the rules' result stored with each interview."""
    db.execute(
        """CREATE TABLE amendments (
            id INTEGER PRIMARY KEY,
            interview_id INTEGER NOT NULL REFERENCES interviews(id),
            opened_at TEXT NOT NULL,
            opened_by TEXT,
            user_name TEXT NOT NULL,
            reason TEXT NOT NULL,
            changed TEXT NOT NULL DEFAULT '[]',
            closed_at TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE interview_results (
            interview_id INTEGER PRIMARY KEY REFERENCES interviews(id),
            result TEXT NOT NULL,
            computed_at TEXT NOT NULL
        )"""
    )


@migrations()
def m003_interpreting_participants_consents(db: Database) -> None:
    """Interpreter sessions and participants of an interview; the client's consents to sharing."""
    db.execute(
        """CREATE TABLE interpreter_sessions (
            id INTEGER PRIMARY KEY,
            interview_id INTEGER NOT NULL REFERENCES interviews(id),
            mode TEXT NOT NULL, language TEXT NOT NULL, variant TEXT NOT NULL DEFAULT '',
            interpreter TEXT NOT NULL, agency TEXT NOT NULL DEFAULT '',
            started_at TEXT, ended_at TEXT, fee_informed INTEGER, created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            interview_id INTEGER NOT NULL REFERENCES interviews(id),
            role TEXT NOT NULL, name TEXT NOT NULL, organisation TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE consents (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            party TEXT NOT NULL, given INTEGER NOT NULL, decided_on TEXT NOT NULL,
            how TEXT NOT NULL, scope TEXT NOT NULL DEFAULT '', withdrawn_on TEXT,
            created_at TEXT NOT NULL
        )"""
    )


@migrations()
def m004_plans_and_user_roles(db: Database) -> None:
    """Integration plans with versions, lifecycle events, reviews and prints; users can be removed."""
    db.execute("ALTER TABLE users ADD COLUMN removed_at TEXT")
    db.execute(
        """CREATE TABLE plans (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            interview_id INTEGER REFERENCES interviews(id),
            first_plan INTEGER NOT NULL,
            earlier_months INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            created_by TEXT,
            ended_on TEXT, end_reason TEXT NOT NULL DEFAULT '', ended_by TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE plan_versions (
            plan_id INTEGER NOT NULL REFERENCES plans(id),
            number INTEGER NOT NULL,
            content TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            created_by TEXT,
            created_by_name TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (plan_id, number)
        )"""
    )
    db.execute(
        """CREATE TABLE plan_events (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id),
            version INTEGER NOT NULL,
            kind TEXT NOT NULL, at TEXT NOT NULL,
            user_id TEXT, user_name TEXT NOT NULL, user_title TEXT NOT NULL DEFAULT '',
            on_date TEXT, text TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute(
        """CREATE TABLE plan_reviews (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id),
            version INTEGER NOT NULL,
            review_date TEXT NOT NULL, participants TEXT NOT NULL DEFAULT '',
            changes TEXT NOT NULL DEFAULT '', next_review TEXT,
            recorded_at TEXT NOT NULL, recorded_by TEXT, recorded_by_name TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE plan_prints (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id),
            version INTEGER NOT NULL,
            document_id TEXT NOT NULL, printed_at TEXT NOT NULL, printed_by TEXT
        )"""
    )
    db.table("plans").create_index(["client_id"])


@migrations()
def m005_exchange(db: Database) -> None:
    """Export and import: stable record ids across laptops, the export log, KOTO-AJ entries, imports."""
    db.execute(
        """CREATE TABLE exchange_keys (
            entity TEXT NOT NULL,
            local_id INTEGER NOT NULL,
            uid TEXT NOT NULL,
            imported_hash TEXT,
            link_uid TEXT,
            document_id TEXT,
            routing TEXT,
            PRIMARY KEY (entity, local_id),
            UNIQUE (entity, uid)
        )"""
    )
    db.execute(
        """CREATE TABLE exports (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL, user_id TEXT, user_name TEXT NOT NULL,
            file_name TEXT NOT NULL, file_sha256 TEXT NOT NULL, sealed INTEGER NOT NULL,
            documents INTEGER NOT NULL, records INTEGER NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE export_log (
            id INTEGER PRIMARY KEY,
            export_id INTEGER NOT NULL REFERENCES exports(id),
            entity TEXT NOT NULL, uid TEXT NOT NULL, client_uid TEXT NOT NULL,
            content_hash TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE koto_aj_entries (
            uid TEXT PRIMARY KEY,
            entity TEXT NOT NULL, content_hash TEXT NOT NULL, entered_on TEXT NOT NULL,
            marked_at TEXT NOT NULL, marked_by TEXT, purged_at TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL, user_id TEXT, file_sha256 TEXT NOT NULL,
            created INTEGER NOT NULL, updated INTEGER NOT NULL, unchanged INTEGER NOT NULL,
            conflicts INTEGER NOT NULL
        )"""
    )
    db.table("export_log").create_index(["uid"])


@migrations()
def m006_next_meeting(db: Database) -> None:
    """The next meeting set on a client (the day's visits on the worklist); plan events by plan."""
    db.execute(
        """CREATE TABLE next_meetings (
            client_id INTEGER PRIMARY KEY REFERENCES clients(id),
            day TEXT NOT NULL, time TEXT NOT NULL DEFAULT '', place TEXT NOT NULL DEFAULT '',
            interpreter_agency TEXT NOT NULL DEFAULT '', booking_reference TEXT NOT NULL DEFAULT '',
            set_at TEXT NOT NULL, set_by TEXT
        )"""
    )
    db.table("plan_events").create_index(["plan_id"], if_not_exists=True)


@migrations()
def m007_audit_chain(db: Database) -> None:
    """The audit trail as a hash chain: prev_hash and hash on each row, a secret and a sealed anchor."""
    audit_chain.create(db)


@migrations()
def m008_identity_code_lookup(db: Database) -> None:
    """An index to find a client by exact identity code (duplicates), and why a duplicate was kept."""
    db.execute("ALTER TABLE clients ADD COLUMN duplicate_reason TEXT")
    db.execute("CREATE INDEX IF NOT EXISTS clients_identity_code ON clients(identity_code)")


@migrations()
def m009_trusted_senders(db: Database) -> None:
    """Trusted senders' signing keys; who sent each import; which plan events arrived from another laptop."""
    db.execute(
        """CREATE TABLE trusted_senders (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL, public_key TEXT NOT NULL UNIQUE, fingerprint TEXT NOT NULL,
            added_at TEXT NOT NULL, added_by TEXT, added_by_name TEXT NOT NULL
        )"""
    )
    db.execute("ALTER TABLE imports ADD COLUMN sender_name TEXT")
    db.execute("ALTER TABLE imports ADD COLUMN sender_fingerprint TEXT")
    db.execute("ALTER TABLE plan_events ADD COLUMN via TEXT")


#: Indexes of m010: the client list's order, and every foreign key a list, the report or export filters by.
_M010_INDEXES = (
    "clients_name_nocase ON clients(family_name COLLATE NOCASE, given_names COLLATE NOCASE, id, birth_date,"
    " identity_code)",  # the list's order (the id breaks ties) and its columns: a screenful from the index
    "consents_client_id ON consents(client_id)",
    "plan_events_plan_id ON plan_events(plan_id)",
    "plan_reviews_plan_id ON plan_reviews(plan_id)",
    "plan_prints_plan_id ON plan_prints(plan_id, version)",
    "prints_interview_id ON prints(interview_id)",
    "amendments_interview_id ON amendments(interview_id)",
    "interpreter_sessions_interview_id ON interpreter_sessions(interview_id)",
    "participants_interview_id ON participants(interview_id)",
)


@migrations()
def m010_indexes(db: Database) -> None:
    """Indexes for city-sized registers: the client list in name order, and the foreign keys used in WHERE."""
    for index in _M010_INDEXES:
        db.execute(f"CREATE INDEX IF NOT EXISTS {index}")


@migrations()
def m011_restriction(db: Database) -> None:
    """Restriction of processing (GDPR art. 18): a flag on the client; when, by whom and why it was set;
    audit rows found by action (the erasures' redactions)."""
    db.execute("ALTER TABLE clients ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0")
    # The list's name index (m010) holds the flag too: leaving restricted clients out reads no table row.
    db.execute("DROP INDEX IF EXISTS clients_name_nocase")
    db.execute("CREATE INDEX clients_name_nocase ON clients(family_name COLLATE NOCASE, given_names COLLATE "
               "NOCASE, id, birth_date, identity_code, restricted)")
    db.execute(
        """CREATE TABLE restrictions (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            reason TEXT NOT NULL, restricted_at TEXT NOT NULL, restricted_by TEXT,
            lifted_at TEXT, lifted_by TEXT, lift_reason TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute("CREATE INDEX IF NOT EXISTS restrictions_client ON restrictions(client_id)")
    # The chain's check reads the erasures' ``redact`` rows at every unlock: found by action, not a scan.
    db.execute("CREATE INDEX IF NOT EXISTS audit_action ON audit(action)")



@migrations()
def m012_export_receiver(db: Database) -> None:
    """To whom each export was disclosed (GDPR art. 15(1)(c)): the receiving key's fingerprint ("unsealed"
    for an unsealed file) and the receiving office's name; NULL on exports made before this change."""
    db.execute("ALTER TABLE exports ADD COLUMN receiver_fingerprint TEXT")
    db.execute("ALTER TABLE exports ADD COLUMN receiver_name TEXT")


@migrations()
def m013_import_conflicts(db: Database) -> None:
    """Each conflict of an import: the local client it concerns, the record (entity and the export's document
    id) and why it was left as it was (a code, ``exchange.conflicts.Reason``); no value of the file."""
    db.execute(
        """CREATE TABLE import_conflicts (
            id INTEGER PRIMARY KEY,
            import_id INTEGER NOT NULL REFERENCES imports(id),
            client_id INTEGER NOT NULL REFERENCES clients(id),
            entity TEXT NOT NULL, document_id TEXT NOT NULL, reason TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX IF NOT EXISTS import_conflicts_import ON import_conflicts(import_id)")
    db.execute("CREATE INDEX IF NOT EXISTS import_conflicts_client ON import_conflicts(client_id)")


@migrations()
def m014_one_plan_events_index(db: Database) -> None:
    """One index on plan_events(plan_id), not two: m006 made ``idx_plan_events_plan_id`` and m010 the same
    again as ``plan_events_plan_id`` (every plan event written to both, for no read)."""
    db.execute("DROP INDEX IF EXISTS idx_plan_events_plan_id")


def known_migrations() -> list[str]:
    """The schema changes this koto knows, oldest first."""
    return [migration.name for migration in migrations._migrations]


def apply(db: Database) -> None:
    """Bring *db* up to the newest schema (a no-op when it is already there).

    A database with changes this koto does not know is refused (NewerDatabase) rather than half-used, and an
    existing database is backed up (backups/ beside it) before any change is applied.
    """
    applied = [migration.name for migration in migrations.applied(db)]
    unknown = [name for name in applied if name not in known_migrations()]
    if unknown:
        raise NewerDatabase(unknown)
    if applied and migrations.pending(db):
        from koto_tui.store.backup import backup_before_migration

        backup_before_migration(db, applied)
    migrations.apply(db)
