"""`koto restrict`, `koto erase` and `koto retention`: the client's rights of GDPR art. 17–18, and retention.

Output names clients by id only, never by name; the reasons given are stored, not echoed back.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from koto_tui import clock
from koto_tui.commands import CommandFailed, _err, _require_client, opened_store
from koto_tui.i18n import _, ngettext
from koto_tui.rules.retention import KIND_NAMES, RetentionFileError, shipped_rules
from koto_tui.store.errors import UserRefused
from koto_tui.text import printable

if TYPE_CHECKING:
    from koto_tui.retention import Due


def restrict(args: argparse.Namespace) -> int:
    """Restrict a client's processing (art. 18) with a reason, or lift it."""
    from koto_tui.store.restriction import Restrictions

    try:
        with opened_store(args) as store:
            _require_client(store, args.client)
            restrictions = Restrictions(store.session)
            if args.lift:
                restrictions.lift(args.client, args.reason)
            else:
                restrictions.restrict(args.client, args.reason)
    except (CommandFailed, UserRefused) as exc:
        return _err(str(exc), getattr(exc, "status", 1))
    done = _("Restriction of client {id} lifted.") if args.lift else _("Client {id} restricted.")
    print(done.format(id=args.client))
    return 0


def erase(args: argparse.Namespace) -> int:
    """Erase a client (art. 17) with a reason, unless a retention duty holds it back (exit status 1); say
    what the erasure does not reach (backups) and what goes with it (other clients' export copies)."""
    from koto_tui.retention import erase_client, unreached, unreached_text

    try:
        rules = shipped_rules()
        with opened_store(args) as store:
            _require_client(store, args.client)
            if not args.yes and not _confirmed(args.client, unreached_text(unreached(store, args.client,
                                                                                     rules))):
                raise CommandFailed(_("nothing was erased: confirm with --yes, or type the client's id when "
                                      "asked."))
            erased = erase_client(store, args.client, args.reason, rules, clock.today())
    except (CommandFailed, UserRefused, RetentionFileError) as exc:
        return _err(str(exc), getattr(exc, "status", 1))
    rows = sum(erased.rows.values())
    print(_("Client {id} erased: {rows} rows, {audit} audit rows emptied, {files} files deleted.").format(
        id=args.client, rows=rows, audit=erased.audit_rows, files=len(erased.files)))
    if said := unreached_text(erased.unreached):
        print(said)
    return 0


def _confirmed(client_id: int, unreached: str) -> bool:
    """Say what the erasure does not reach, then ask on the terminal for the client's id again; False when
    there is no terminal or it differs."""
    if not sys.stdin.isatty():
        return False
    if unreached:
        print(unreached)
    answer = input(_("Erase client {id} and everything about them for good? Type the id to confirm: ").format(
        id=client_id))
    return answer.strip() == str(client_id)


def retention(args: argparse.Namespace) -> int:
    """List what falls due (--dry-run), or purge it (a coordinator) and say how much went, per kind."""
    from koto_tui.plans import Role
    from koto_tui.retention import due, purge

    try:
        rules = shipped_rules()
        with opened_store(args) as store:
            items = due(store, rules, clock.now())
            if not args.dry_run and store.session.role() != Role.COORDINATOR:
                raise CommandFailed(_("Only an integration coordinator purges what falls due; a counsellor "
                                      "can list it with --dry-run."))
            counts = purge(store, items) if not args.dry_run and items else {}
    except (CommandFailed, RetentionFileError) as exc:
        return _err(str(exc), getattr(exc, "status", 1))
    _show(items, counts, args.dry_run, getattr(args, "json", False))
    return 0


def _show(items: list[Due], counts: dict[str, int], dry_run: bool, as_json: bool) -> None:
    if as_json:
        from koto_tui.command_json import dumps

        print(dumps({"dry_run": dry_run, "due": [item.__dict__ for item in items], "purged": counts}))
        return
    for item in items:
        age = ngettext("older than {n} day", "older than {n} days", item.days).format(n=item.days)
        name = _(KIND_NAMES.get(item.kind, item.kind))
        print(printable(f"{name}  {item.ident}  {age}  ({item.basis})"))
    if dry_run:
        print(ngettext("{n} item would be purged.", "{n} items would be purged.", len(items)).format(
            n=len(items)))
    else:
        print(ngettext("{n} item purged.", "{n} items purged.", sum(counts.values())).format(
            n=sum(counts.values())))
