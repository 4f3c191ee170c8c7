"""Reading the audit trail for the data protection officer: the chain's state in words, and CSV (headless).

The CSV names users, clients' ids, actions and the reasons given (a restriction's, an erasure's), so it
leaves the laptop as exports do: sealed with age for the receiving office's key set for exports, or for
the keys given (the data protection officer's own ``age1…`` key), atomically and owner-only. A CSV in
clear is written only when asked for explicitly (``koto audit --csv FILE --unsealed``, with a warning).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from koto_tui import clock
from koto_tui.exchange import seal, settings
from koto_tui.exchange.seal import SealError
from koto_tui.files import write_private
from koto_tui.i18n import _, ngettext
from koto_tui.store.audit import AuditRow
from koto_tui.store.audit_chain import Break, ChainReport
from koto_tui.store.exchange import UNSEALED
from koto_tui.text import csv_bytes

if TYPE_CHECKING:
    from koto_tui.store import Store


def reason_text(reason: str) -> str:
    """What a break's reason code means."""
    texts = {
        "order": _("a row before it is missing, or the rows are out of order"),
        "content": _("the row was changed outside koto"),
        "tail": _("rows at the end are missing, or were added outside koto"),
        "anchor": _("the chain's anchor is missing or was changed"),
        "count": _("the number of rows does not match the anchor"),
    }
    return texts.get(reason, reason)


def break_text(found: Break) -> str:
    """One break in a sentence: the row, its time when known, and what happened."""
    when = found.at.replace("T", " ") if found.at else _("time unknown")
    return _("The audit trail is broken from row {id} ({time}): {reason}.").format(
        id=found.row_id, time=when, reason=reason_text(found.reason))


def status_text(report: ChainReport) -> str:
    """The chain's state in one or more sentences."""
    if report.intact:
        n = report.checked
        return ngettext("The audit trail is intact ({n} row checked).",
                        "The audit trail is intact ({n} rows checked).", n).format(n=n)
    return " ".join(break_text(b) for b in report.breaks)


def headers() -> list[str]:
    """The CSV's column titles."""
    return [_("Row"), _("Time"), _("User id"), _("User"), _("Action"), _("Record type"), _("Record id"),
            _("Detail"), _("Previous hash"), _("Hash")]


def to_csv(rows: Sequence[AuditRow]) -> bytes:
    """The rows as CSV for Finnish spreadsheets (UTF-8 BOM, semicolons), no cell able to run as a formula."""
    cells = [(r.id, r.at, r.user_id, r.user_name, r.action, r.entity, r.entity_id, r.detail, r.prev_hash,
              r.hash) for r in rows]
    return csv_bytes([headers(), *cells])


SEALED_SUFFIX = ".age"


class CsvRefused(Exception):
    """The audit CSV cannot be written as asked; the message says why (and how to put it right)."""


def default_path(store: Store) -> Path:
    """exports/koto-audit-<time>.csv.age in the data directory."""
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    return store.paths.root / "exports" / f"koto-audit-{stamp}.csv{SEALED_SUFFIX}"


def sealed_path(path: Path) -> Path:
    """*path* with ``.age`` appended (unless it ends so already): a sealed file says what it is."""
    return path if path.name.endswith(SEALED_SUFFIX) else path.with_name(path.name + SEALED_SUFFIX)


def recipients(store: Store, given: Sequence[str] = ()) -> tuple[str, ...]:
    """The ``age1…`` keys the CSV is sealed for: those *given*, else the receiving office's key set for
    exports; CsvRefused when there is none or one is not a key."""
    keys = [k for k in given if k.strip()] or [k for k in [settings.receiver_key(store)] if k]
    if not keys:
        raise CsvRefused(_("the audit CSV is sealed, and no receiving office's key is set: give the key of "
                           "whoever opens it (the data protection officer's age1… key; --recipient on the "
                           "command line), or a coordinator sets the receiving office's key in the settings "
                           "(F8)."))
    try:
        return tuple(dict.fromkeys(seal.normalise_public_key(k) for k in keys))
    except SealError as exc:
        raise CsvRefused(str(exc)) from None


def export_csv(store: Store, rows: Sequence[AuditRow], path: Path | None = None, *,
               keys: Sequence[str] = (), unsealed: bool = False) -> Path:
    """Write *rows* as CSV sealed for *keys* (see `recipients`; ``.age`` appended to *path*), or in clear
    only when *unsealed*; atomically and owner-only (default: exports/); log the export and for whom."""
    data = to_csv(rows)
    if unsealed:
        written = write_private(data, path or default_path(store).with_suffix(""))
        store.audit.exported(len(rows), UNSEALED)
        return written
    sealed_for = recipients(store, keys)
    written = write_private(seal.seal_for(data, sealed_for), sealed_path(path or default_path(store)))
    store.audit.exported(len(rows), "; ".join(seal.fingerprint(k) for k in sealed_for))
    return written
