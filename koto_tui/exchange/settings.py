"""The settings the export, the import and printing read (stored with ``Store.set_setting``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from koto_tui.store.senders import RECEIVER_SETTING

if TYPE_CHECKING:
    from koto_tui.store import Store

#: Whether sensitive answers (health, ability to function: GDPR art. 9) may be exported; default no.
EXPORT_SENSITIVE = "export_sensitive"
#: The receiving office's public key (``age1…``); exports are sealed with it (a coordinator changes it).
RECEIVER_KEY = RECEIVER_SETTING
#: What happens to the laptop's copy once a record is marked as entered into KOTO-AJ: "purge" or "keep".
RETENTION = "koto_aj_retention"
RETENTION_CHOICES = ("purge", "keep")
#: The default: the laptop copy should not outlive its hand-over (domain brief, data protection).
DEFAULT_RETENTION = "purge"
#: This database's own receiving key (an age identity; never leaves the encrypted database).
OWN_PRIVATE_KEY = "exchange_private_key"
#: This database's Ed25519 signing key (private part; never leaves the encrypted database).
OWN_SIGNING_KEY = "exchange_signing_key"
#: Days to keep export files in exports/; 0 keeps them.
EXPORT_RETENTION_DAYS = "export_retention_days"
DEFAULT_EXPORT_RETENTION_DAYS = 30
#: A printer name for `lp`; empty: printouts are only saved as PDF files.
PRINTER = "printer"
#: Days to keep printout files in prints/; 0 keeps them.
PRINT_RETENTION_DAYS = "print_retention_days"
DEFAULT_PRINT_RETENTION_DAYS = 30


def export_sensitive(store: Store) -> bool:
    """The sensitive-answers setting (False unless set to exactly True)."""
    return store.setting(EXPORT_SENSITIVE, False) is True


def printer(store: Store) -> str:
    """The printer name for `lp`, "" when none is set (or the stored value is not a name)."""
    value = store.setting(PRINTER, "")
    return value if isinstance(value, str) else ""


def receiver_key(store: Store) -> str:
    """The receiving office's public key text, "" when none is set."""
    value = store.setting(RECEIVER_KEY, "")
    return value if isinstance(value, str) else ""


def retention(store: Store) -> str:
    """"purge" or "keep" (the default when the setting is missing or unknown)."""
    value = store.setting(RETENTION, DEFAULT_RETENTION)
    return value if value in RETENTION_CHOICES else DEFAULT_RETENTION


def print_retention_days(store: Store) -> int:
    """Days printouts are kept (0 = keep), the default when unset or not a whole number >= 0."""
    value = store.setting(PRINT_RETENTION_DAYS, DEFAULT_PRINT_RETENTION_DAYS)
    return _days(value, DEFAULT_PRINT_RETENTION_DAYS)


def export_retention_days(store: Store) -> int:
    """Days export files are kept in exports/ (0 = keep), the default when unset or not valid."""
    value = store.setting(EXPORT_RETENTION_DAYS, DEFAULT_EXPORT_RETENTION_DAYS)
    return _days(value, DEFAULT_EXPORT_RETENTION_DAYS)


def _days(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


#: The largest export file `koto import` reads, in bytes; it is checked before the file is read.
IMPORT_MAX_BYTES = "import_max_bytes"
DEFAULT_IMPORT_MAX_BYTES = 50 * 1024 * 1024


def import_max_bytes(store: Store) -> int:
    """The import size limit in bytes (the default when unset or not a whole number > 0)."""
    value = store.setting(IMPORT_MAX_BYTES, DEFAULT_IMPORT_MAX_BYTES)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else (
        DEFAULT_IMPORT_MAX_BYTES)
