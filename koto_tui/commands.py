"""The command-line commands: each opens the store, does one thing, and explains failures plainly."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from koto_tui.i18n import _, format_short_date
from koto_tui.messages import describe_error, store_error_message
from koto_tui.store import (
    AlreadyOpen,
    DataPaths,
    KeyFileError,
    MissingKeyFile,
    UnreadableDatabase,
    WrongPassphrase,
    lock_data_dir,
)
from koto_tui.text import clean_text

if TYPE_CHECKING:
    from koto_tui.store import Store

EXIT_ERROR = 1


class CommandFailed(Exception):
    """A failure to report to the user in one clear sentence (never with client data)."""


def _err(message: str) -> int:
    sys.stderr.write(_("koto: {message}").format(message=message) + "\n")
    return EXIT_ERROR


def _paths(args: argparse.Namespace) -> DataPaths:
    from koto_tui.demo import demo_paths

    paths = DataPaths(Path(args.data_dir))
    return demo_paths(paths) if getattr(args, "demo", False) else paths


@contextmanager
def opened_store(args: argparse.Namespace) -> Iterator[Store]:
    """Lock, ask for the passphrase, unlock; raises CommandFailed with a clear message."""
    from koto_tui.cli import read_passphrase
    from koto_tui.store import Store

    paths = _paths(args)
    if not paths.initialised():
        raise CommandFailed(_("no database in {path} yet: start koto once to create it.").format(
            path=paths.root))
    try:
        lock = lock_data_dir(paths)
    except (AlreadyOpen, OSError) as exc:
        raise CommandFailed(store_error_message(exc, paths)) from None
    try:
        store = Store.unlock(paths, read_passphrase())
    except (WrongPassphrase, KeyFileError, MissingKeyFile, UnreadableDatabase, OSError) as exc:
        lock.release()
        raise CommandFailed(store_error_message(exc, paths)) from None
    try:
        yield store
    finally:
        store.close()
        lock.release()


def list_clients(args: argparse.Namespace) -> int:
    """`koto clients`: every client with their interviews (ids, names, states)."""
    from koto_tui.model import InterviewStatus

    try:
        with opened_store(args) as store:
            for client in store.clients.search(""):
                born = format_short_date(client.birth_date) if client.birth_date else "-"
                print(f"{client.id:>5}  {clean_text(client.full_name)}  {born}")
                for interview in store.interviews.for_client(client.id):
                    state = _("completed") if interview.status is InterviewStatus.COMPLETED else _(
                        "in progress")
                    print("       " + _("interview {id}: {form} v{version}, {date}, {state}, "
                                        "{n} answers").format(
                        id=interview.id, form=interview.form_id, version=interview.form_version,
                        date=format_short_date(interview.interview_date), state=state,
                        n=interview.answered))
    except CommandFailed as exc:
        return _err(str(exc))
    return 0


def print_interview(args: argparse.Namespace) -> int:
    """`koto print --interview ID --out FILE.pdf`."""
    from koto_tui.workflow import PrintRequest
    from koto_tui.workflow import print_interview as do_print

    try:
        with opened_store(args) as store:
            try:
                store.interviews.get(args.interview)
            except KeyError:
                raise CommandFailed(_("there is no interview {id}.").format(id=args.interview)) from None
            request = PrintRequest(args.interview, args.out, args.with_identity_code)
            try:
                path = do_print(store, request)
            except OSError as exc:
                raise CommandFailed(_("could not write the PDF: {reason}").format(
                    reason=describe_error(exc))) from None
    except CommandFailed as exc:
        return _err(str(exc))
    print(_("Printed to {path}").format(path=path))
    return 0


def forms_check(paths: list[Path]) -> int:
    """`koto forms check [PATH...]`: print every problem; exit 1 when there is any."""
    from koto_tui.engine import check_paths
    from koto_tui.resources import forms_dir

    issues = check_paths(paths or [forms_dir()])
    for issue in issues:
        print(str(issue))
    if issues:
        return EXIT_ERROR
    print(_("All form files are valid."))
    return 0


def run_demo(args: argparse.Namespace) -> int:
    """`koto demo`: create the demo database when missing, then open it (unless --seed-only)."""
    from koto_tui.demo import DEMO_PASSPHRASE, demo_paths, seed_demo

    paths = demo_paths(DataPaths(Path(args.data_dir)))
    try:
        lock = lock_data_dir(paths)
    except (AlreadyOpen, OSError) as exc:
        return _err(store_error_message(exc, paths))
    try:
        if not paths.initialised():
            seed_demo(paths).close()
            print(_("Demo database created in {path} (passphrase: {passphrase}).").format(
                path=paths.root, passphrase=DEMO_PASSPHRASE))
        if args.seed_only:
            return 0
        return _launch(paths, demo=True)
    finally:
        lock.release()


def run_app(args: argparse.Namespace) -> int:
    """`koto`: the app on the default (or given) data directory."""
    paths = DataPaths(Path(args.data_dir))
    try:
        lock = lock_data_dir(paths)
    except (AlreadyOpen, OSError) as exc:
        return _err(store_error_message(exc, paths))
    try:
        return _launch(paths, demo=False)
    finally:
        lock.release()


def _launch(paths: DataPaths, *, demo: bool) -> int:
    from koto_tui.app import KotoApp

    KotoApp(paths, demo=demo).run()
    return 0
