"""`koto audit`: the audit trail on the command line, for a coordinator (chain checked from its first row)."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from koto_tui.audit import break_text, export_csv, status_text
from koto_tui.commands import CommandFailed, _err, opened_store
from koto_tui.i18n import _, ngettext
from koto_tui.messages import EXIT_ERROR, describe_error
from koto_tui.store.audit import AuditFilter, AuditRefused, AuditRow
from koto_tui.store.audit_chain import ChainReport
from koto_tui.text import printable

if TYPE_CHECKING:
    from koto_tui.store import Store


def audit(args: argparse.Namespace) -> int:
    """List (or write as CSV) the rows that match; exit 1 when the chain is broken (the rows still shown)."""
    try:
        with opened_store(args) as store:
            where = AuditFilter(client_id=args.client, user_id=_user_id(store, args.user), action=args.action,
                                since=args.since, until=args.until)
            report = store.audit.full_check()  # a break not logged before is logged now
            rows = store.audit.rows(where)
            path = export_csv(store, rows, args.csv) if args.csv is not None else None
    except AuditRefused as exc:
        return _err(str(exc))
    except OSError as exc:
        return _err(_("could not write the CSV file: {reason}").format(reason=describe_error(exc)))
    except CommandFailed as exc:
        return _err(str(exc), exc.status)
    _show(args, rows, report, path)
    if not report.intact:
        return _err(" ".join(break_text(b) for b in report.breaks), EXIT_ERROR)
    return 0


def _user_id(store: Store, given: str | None) -> str | None:
    """The user's id: given as an id, or as a name (case does not matter)."""
    if given is None:
        return None
    users = store.audit.users()
    return next((uid for uid, name in users if given.strip().casefold() == name.casefold()), given)


def _show(args: argparse.Namespace, rows: list[AuditRow], report: ChainReport, path: Any) -> None:
    if getattr(args, "json", False):
        from koto_tui.command_json import dumps

        print(dumps({"chain": {"intact": report.intact, "checked": report.checked,
                               "breaks": [asdict(b) for b in report.breaks]},
                     "csv": str(path) if path is not None else None,
                     "rows": [asdict(r) for r in rows] if path is None else len(rows)}))
        return
    if path is not None:
        print(ngettext("Wrote {n} audit row to {path}.", "Wrote {n} audit rows to {path}.", len(rows)).format(
            n=len(rows), path=path))
    else:
        for r in rows:
            who = printable(r.user_name or r.user_id or "-")
            print(f"{r.id:>7}  {r.at.replace('T', ' ')}  {who}  {printable(r.action)}  {printable(r.entity)} "
                  f"{printable(r.entity_id)}  {printable(r.detail)}".rstrip())
    if report.intact:
        print(status_text(report))  # a break is said on stderr (exit status 1)
