"""Reading the audit trail for the data protection officer: the chain's state in words, and CSV (headless)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from koto_tui import clock
from koto_tui.files import write_private
from koto_tui.i18n import _, ngettext
from koto_tui.store.audit import AuditRow
from koto_tui.store.audit_chain import Break, ChainReport
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


def default_path(store: Store) -> Path:
    """exports/koto-audit-<time>.csv in the data directory."""
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    return store.paths.root / "exports" / f"koto-audit-{stamp}.csv"


def export_csv(store: Store, rows: Sequence[AuditRow], path: Path | None = None) -> Path:
    """Write *rows* owner-only to *path* (default: exports/ in the data directory) and log the export."""
    written = write_private(to_csv(rows), path or default_path(store))
    store.audit.exported(len(rows))
    return written
