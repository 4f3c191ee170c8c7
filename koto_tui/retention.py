"""Retention of generated files: koto's own PDFs and export files are deleted once older than the set days.

A printout holds personal data, and the signed paper copy (or the case system) is the record, so the
saved PDF is kept only as long as the municipality's setting says. A file is deleted only when it is
certainly one of ours: a regular file (not a link) in the folder itself, named like the printouts the
app writes (``<document id>[-v<plan version>]-<YYYYmmdd-HHMMSS>.pdf``, see ``workflow.default_print_path``),
AND whose PDF information dictionary says ``/Creator (koto)`` and ``/Producer (koto <version>)`` (or
``(koto)``, before the version was added), as every printout module sets. Anything else in the folder is
left alone, however old.

The retention run (``due`` and ``purge``) adds the kinds of data/retention.yaml (``rules.retention``):
unfinished interviews, draft plans, idle clients, the laptop copy of records entered into KOTO-AJ and the
automatic backups; ``erase_client`` is the erasure (GDPR art. 17) with the rules that hold it back.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from koto_tui.i18n import _, format_short_date, ngettext
from koto_tui.plans import Role
from koto_tui.rules.retention import RetentionRules, erasure_refusal
from koto_tui.store.errors import UserRefused

if TYPE_CHECKING:
    from koto_tui.store import Store
    from koto_tui.store.erasure import Erased, Unreached

PRINTOUT_NAME = re.compile(r"KOTO-(?:[A-Z]+-)?\d{4}-\d{6,}(?:-v\d+)?-\d{8}-\d{6}\.pdf")
"""Assessment printouts (KOTO-2026-000123-…) and plan printouts (KOTO-S-2026-000012-v2-…)."""
EXPORT_NAME = re.compile(r"koto-export-\d{8}-\d{6}(?:-\d+)?(?:\.sealed)?\.json(?:\.age)?")
"""Export files as koto names them in exports/ (``export.default_path``; older koto: ``.sealed.json``)."""
MAX_SIZE = 64 * 1024 * 1024
"""A larger file is not a printout of ours: it is not even read."""
_INFO_REF = re.compile(rb"/Info (\d+) 0 R")
# "koto" alone in printouts made before the producer carried koto's version ("koto 0.1.0").
_PRODUCER = re.compile(rb"/Producer \(koto(?: [0-9][0-9A-Za-z.+-]*)?\)")


def purge_printouts(folder: Path, days: int | None, now: datetime) -> list[Path]:
    """Delete koto's printouts in *folder* last modified more than *days* days before *now*.

    ``days`` of 0 or None keeps everything. Returns the deleted files; a file that cannot be deleted
    (in use, no permission) is skipped and tried again next time.
    """
    return _unlink(expired_printouts(folder, days, now))


def expired_printouts(folder: Path, days: int | None, now: datetime) -> list[Path]:
    """koto's printouts in *folder* last modified more than *days* days before *now* (0 or None: none)."""
    if days is not None and days < 0:
        raise ValueError(f"days must be 0 or more, not {days}")
    if not days or not folder.is_dir():
        return []
    limit = timedelta(days=days)
    return [path for path in sorted(folder.iterdir()) if _expired_printout(path, now, limit)]


def purge_exports(folder: Path, days: int | None, now: datetime, ours: set[str]) -> list[Path]:
    """Delete the export files in *folder* that koto wrote (named so and in *ours*, the export log's names)
    and last modified more than *days* days before *now*; 0 or None keeps them."""
    return _unlink(expired_exports(folder, days, now, ours))


def expired_exports(folder: Path, days: int | None, now: datetime, ours: set[str]) -> list[Path]:
    """The export files ``purge_exports`` would delete."""
    if not days or not folder.is_dir():
        return []
    limit = timedelta(days=days)
    return [path for path in sorted(folder.iterdir())
            if EXPORT_NAME.fullmatch(path.name) and path.name in ours and _expired(path, now, limit)]


def expired_backups(folder: Path, days: int, now: datetime) -> list[Path]:
    """The automatic backups (``before-update-*.zip``) in *folder* older than *days* days (0: none)."""
    if not days or not folder.is_dir():
        return []
    limit = timedelta(days=days)
    return [path for path in sorted(folder.glob("before-update-*.zip")) if _expired(path, now, limit)]


def _unlink(paths: list[Path]) -> list[Path]:
    """Delete *paths*; those that cannot be deleted (in use, no permission) are skipped, tried next time."""
    deleted: list[Path] = []
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()
            deleted.append(path)
    return deleted


def _expired(path: Path, now: datetime, limit: timedelta) -> bool:
    """Whether *path* is a regular file (not a link) last modified more than *limit* before *now*."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and now - datetime.fromtimestamp(info.st_mtime, tz=now.tzinfo) > limit


def _expired_printout(path: Path, now: datetime, limit: timedelta) -> bool:
    """Whether *path* is one of koto's printouts and older than *limit*."""
    if not PRINTOUT_NAME.fullmatch(path.name):
        return False
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SIZE:
        return False
    if now - datetime.fromtimestamp(info.st_mtime, tz=now.tzinfo) <= limit:
        return False
    return is_koto_pdf(path)


def is_koto_pdf(path: Path) -> bool:
    """Whether *path* is a PDF whose information dictionary names koto as its creator and producer.

    The producer may carry koto's version ("koto 0.1.0", printouts with XMP metadata) or not ("koto").
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SIZE + 1)
    except OSError:
        return False
    if not data.startswith(b"%PDF-") or len(data) > MAX_SIZE:
        return False
    references = _INFO_REF.findall(data)
    if not references:
        return False
    number = int(references[-1])  # the last trailer's
    match = re.search(rb"(?:^|[\r\n])%d 0 obj\s*<<(.*?)>>\s*endobj" % number, data, re.DOTALL)
    if match is None:
        return False
    fields = match.group(1)
    return b"/Creator (koto)" in fields and _PRODUCER.search(fields) is not None


# --- erasure and the retention run ------------------------------------------------------------------------

class ErasureRefused(UserRefused):
    """The erasure may not be made now: the message says why, citing the rule (never with client data)."""


def erase_client(store: Store, client_id: int, reason: str, rules: RetentionRules, today: date) -> Erased:
    """Erase the client (a coordinator, with a reason) unless a retention duty holds it back."""
    from koto_tui.store.erasure import Erasure
    from koto_tui.text import clean_text

    if store.session.role() != Role.COORDINATOR:
        raise ErasureRefused(_("Only an integration coordinator erases a client."))
    why = clean_text(reason)[:500]
    if not why:
        raise ErasureRefused(_("Give a reason for the erasure."))
    erasure = Erasure(store.session, store.paths)
    refusal = erasure_refusal(erasure.facts(client_id), rules, today)
    if refusal is not None:
        raise ErasureRefused(_("Erasure refused: {message}").format(message=refusal.message))
    return erasure.erase(client_id, why, unreached=unreached(store, client_id, rules))


def unreached(store: Store, client_id: int, rules: RetentionRules) -> Unreached:
    """What an erasure of the client now would not reach (backups made before it) or take with it (other
    clients' copies in the export files it deletes whole); KeyError when there is no such client."""
    from koto_tui.store.erasure import Erasure, Unreached

    erasure = Erasure(store.session, store.paths)
    files, others = erasure.export_reach(client_id)
    added = erasure.added_at(client_id).timestamp()  # an older backup does not hold the client
    automatic = sorted(t for t in _automatic_backups(store) if t >= added)
    period = rules.periods.get("backup")
    days = period.days if period is not None else 0
    until = None
    if automatic and days:
        newest = datetime.fromtimestamp(automatic[-1]).date()
        until = (newest + timedelta(days=days)).isoformat()
    return Unreached(len(automatic), until, erasure.backups_taken_since_added(client_id), files, others)


def _automatic_backups(store: Store) -> list[float]:
    """When each automatic backup kept beside the database was made (each holds the database as it was)."""
    folder = store.paths.database.parent / "backups"
    made = []
    for path in folder.glob("before-update-*.zip") if folder.is_dir() else ():
        with contextlib.suppress(OSError):
            made.append(path.stat().st_mtime)
    return made


def unreached_text(reach: Unreached) -> str:
    """What an erasure does not reach and what it takes with it, in sentences for the confirmation and the
    result (empty when there is nothing to say)."""
    said = []
    if reach.automatic_backups and reach.backups_until:
        said.append(ngettext(
            "{n} automatic backup made before the erasure still holds the client until the backup retention "
            "removes it, on {day} at the latest.",
            "{n} automatic backups made before the erasure still hold the client until the backup retention "
            "removes them, the last on {day}.", reach.automatic_backups).format(
            n=reach.automatic_backups, day=format_short_date(date.fromisoformat(reach.backups_until))))
    elif reach.automatic_backups:
        said.append(ngettext(
            "{n} automatic backup made before the erasure still holds the client: the backup retention "
            "keeps it until it is deleted by hand.",
            "{n} automatic backups made before the erasure still hold the client: the backup retention "
            "keeps them until they are deleted by hand.", reach.automatic_backups).format(
            n=reach.automatic_backups))
    if reach.taken_backups:
        said.append(ngettext(
            "{n} backup taken with koto backup since the client was added holds them until it is deleted: "
            "koto does not remove it.",
            "{n} backups taken with koto backup since the client was added hold them until they are "
            "deleted: koto does not remove them.", reach.taken_backups).format(n=reach.taken_backups))
    if reach.export_files:
        said.append(_export_text(reach.export_files, reach.other_clients))
    return " ".join(said)


def _export_text(files: int, others: int) -> str:
    """The export files an erasure deletes whole, and the other clients' copies that go with them."""
    named = ngettext("{n} export file", "{n} export files", files).format(n=files)
    if not others:
        return _("Deleted with the client: {files} in exports/ that held only them.").format(files=named)
    return _("Deleted whole with the client: {files} in exports/, with the copies of {others} in them "
             "(already delivered to the receiving office; koto export --all writes them again).").format(
        files=named, others=ngettext("{n} other client", "{n} other clients", others).format(n=others))


@dataclass(frozen=True)
class Due:
    """One thing that falls due: its kind, its id (a record id or a file name, never a name) and why."""

    kind: str
    ident: str
    days: int
    basis: str


def due(store: Store, rules: RetentionRules, now: datetime) -> list[Due]:
    """Everything that falls due now, kind by kind; what a rule still requires is never in it."""
    from koto_tui.store.erasure import Erasure

    erasure = Erasure(store.session, store.paths)
    today = now.date()
    found: list[Due] = []
    for kind, period in rules.periods.items():
        if not period.days:
            continue
        before = period.cutoff(today)
        idents = _DUE_FINDERS[kind](store, erasure, rules, before, now, period.days)
        found += [Due(kind, ident, period.days, period.basis) for ident in idents]
    return found + _due_files(store, now)


def _unfinished(store: Store, erasure: Any, rules: RetentionRules, before: date, now: datetime,
                days: int) -> list[str]:
    return [str(i) for i in erasure.unfinished_interviews(before)]


def _drafts(store: Store, erasure: Any, rules: RetentionRules, before: date, now: datetime,
            days: int) -> list[str]:
    return [str(i) for i in erasure.draft_plans(before)]


def _inactive(store: Store, erasure: Any, rules: RetentionRules, before: date, now: datetime,
              days: int) -> list[str]:
    """Idle clients, unless restricted or held back by an erasure duty."""
    today = now.date()
    return [str(i) for i in erasure.inactive_since(before)
            if not (facts := erasure.facts(i)).restricted and erasure_refusal(facts, rules, today) is None]


def _handed_over(store: Store, erasure: Any, rules: RetentionRules, before: date, now: datetime,
                 days: int) -> list[str]:
    return [f"{entity}:{local_id}" for entity, local_id in erasure.handed_over(before)]


def _backups(store: Store, erasure: Any, rules: RetentionRules, before: date, now: datetime,
             days: int) -> list[str]:
    return [p.name for p in expired_backups(store.paths.database.parent / "backups", days, now)]


_DUE_FINDERS = {"unfinished_interview": _unfinished, "draft_plan": _drafts, "inactive_client": _inactive,
                "handed_over": _handed_over, "backup": _backups}


def _due_files(store: Store, now: datetime) -> list[Due]:
    """Printouts and export files past the days set in the settings (F8)."""
    from koto_tui.exchange.settings import export_retention_days, print_retention_days
    from koto_tui.store.exchange import Exchange

    basis = _("municipality's decision (settings, F8)")
    prints, exports = print_retention_days(store), export_retention_days(store)
    found = [Due("printout", p.name, prints, basis)
             for p in expired_printouts(store.paths.prints, prints, now)]
    ours = Exchange(store.session).export_file_names()
    folder = store.paths.root / "exports"
    return found + [Due("export_file", p.name, exports, basis)
                    for p in expired_exports(folder, exports, now, ours)]


def purge(store: Store, items: list[Due]) -> dict[str, int]:
    """Purge *items* (as ``due`` listed them); one audit row per kind with its count. Returns the counts."""
    from koto_tui.store.erasure import Erasure

    erasure = Erasure(store.session, store.paths)
    counts: dict[str, int] = {}
    for item in items:
        if _PURGERS[item.kind](store, erasure, item.ident):
            counts[item.kind] = counts.get(item.kind, 0) + 1
    with store.session.transaction():
        for kind, count in counts.items():
            store.session.audit("retention", kind, count, "purged")
    if counts:
        erasure.tidy_up()
    return counts


def _purge_handed_over(store: Store, erasure: Any, ident: str) -> bool:
    from koto_tui.store.exchange import Exchange

    entity, _sep, local = ident.partition(":")
    ex = Exchange(store.session)
    client_id = (store.interviews.get(int(local)).client_id if entity == "interview"
                 else store.plans.get(int(local)).client_id)
    if entity == "interview":
        ex.purge_interview(int(local))
    else:
        ex.purge_plan(int(local))
    ex.purge_client_if_empty(client_id)
    return True


def _purge_file(folder: Path, name: str) -> bool:
    return bool(_unlink([folder / name])) if (folder / name).is_file() else False


_PURGERS: dict[str, Any] = {
    "unfinished_interview": lambda store, erasure, ident: erasure.purge_interview(int(ident)) or True,
    "draft_plan": lambda store, erasure, ident: erasure.purge_plan(int(ident)) or True,
    "inactive_client": lambda store, erasure, ident: bool(
        erasure.erase(int(ident), "retention: inactive_client", action="retention_erase", tidy=False)),
    "handed_over": _purge_handed_over,
    "backup": lambda store, erasure, ident: _purge_file(store.paths.database.parent / "backups", ident),
    "printout": lambda store, erasure, ident: _purge_file(store.paths.prints, ident),
    "export_file": lambda store, erasure, ident: _purge_file(store.paths.root / "exports", ident),
}
