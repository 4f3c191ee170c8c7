"""`koto audit`: the audit trail on the command line, for a coordinator (chain checked from its first row)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from koto_tui.audit import CsvRefused, break_text, export_csv, recipients, status_text
from koto_tui.commands import CommandFailed, _err, opened_store
from koto_tui.exchange import seal
from koto_tui.i18n import _, ngettext
from koto_tui.messages import EXIT_ERROR, describe_error
from koto_tui.store.audit import AuditFilter, AuditRefused, AuditRow
from koto_tui.store.audit_chain import ChainReport
from koto_tui.text import printable

if TYPE_CHECKING:
    from koto_tui.store import Store


def audit(args: argparse.Namespace) -> int:
    """List (or write as CSV, sealed unless asked not to) the rows that match; exit 1 when the chain is broken
    (the rows still shown)."""
    if args.csv is None and (args.recipient or args.unsealed):
        from koto_tui.cli import EXIT_USAGE

        return _err(_("--recipient and --unsealed go with --csv FILE."), EXIT_USAGE)
    if args.unsealed:
        print(_("Warning: the audit CSV is not sealed: anyone who gets the file can read the names, client "
                "ids and reasons in it."), file=sys.stderr)
    try:
        with opened_store(args) as store:
            where = AuditFilter(client_id=args.client, user_id=_user_id(store, args.user), action=args.action,
                                since=args.since, until=args.until)
            report = store.audit.full_check()  # a break not logged before is logged now (a coordinator only)
            rows = store.audit.rows(where)
            keys = recipients(store, args.recipient) if args.csv is not None and not args.unsealed else ()
            path = export_csv(store, rows, args.csv, keys=keys, unsealed=args.unsealed) if (
                args.csv is not None) else None
    except (AuditRefused, CsvRefused) as exc:
        return _err(str(exc))
    except OSError as exc:
        return _err(_("could not write the CSV file: {reason}").format(reason=describe_error(exc)))
    except CommandFailed as exc:
        return _err(str(exc), exc.status)
    _show(args, rows, report, path, keys)
    if not report.intact:
        return _err(" ".join(break_text(b) for b in report.breaks), EXIT_ERROR)
    return 0


def _user_id(store: Store, given: str | None) -> str | None:
    """The user's id: given as an id, or as a name (case does not matter)."""
    if given is None:
        return None
    users = store.audit.users()
    return next((uid for uid, name in users if given.strip().casefold() == name.casefold()), given)


def _show(args: argparse.Namespace, rows: list[AuditRow], report: ChainReport, path: Any,
          keys: Sequence[str] = ()) -> None:
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
        for key in keys:
            print(_("Sealed with age for the key {key} (fingerprint {fp}).").format(
                key=key, fp=seal.fingerprint(key)))
    else:
        for r in rows:
            who = printable(r.user_name or r.user_id or "-")
            print(f"{r.id:>7}  {r.at.replace('T', ' ')}  {who}  {printable(r.action)}  {printable(r.entity)} "
                  f"{printable(r.entity_id)}  {printable(r.detail)}".rstrip())
    if report.intact:
        print(status_text(report))  # a break is said on stderr (exit status 1)
