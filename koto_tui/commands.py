"""The command-line commands: each opens the store, does one thing, and explains failures plainly."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from koto_tui.i18n import _, ngettext
from koto_tui.messages import EXIT_ERROR, OPEN_FAILURES, describe_error, exit_status, store_error_message
from koto_tui.store import (
    DataPaths,
    check_files,
    lock_data_dir,
)
from koto_tui.text import printable, shown

if TYPE_CHECKING:
    from koto_tui.app import KotoApp
    from koto_tui.store import Store
    from koto_tui.store.clients import ListingRow
    from koto_tui.store.exchange import Exchange, ImportConflict

class CommandFailed(Exception):
    """A failure to report to the user in clear sentences (never with client data), with its exit status."""

    def __init__(self, message: str, status: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.status = status


def _err(message: str, status: int = EXIT_ERROR) -> int:
    sys.stderr.write(_("koto: {message}").format(message=shown(message)) + "\n")
    return status


def _open_failed(exc: BaseException, paths: DataPaths) -> CommandFailed:
    """The message and the exit status for a data directory that cannot be opened."""
    return CommandFailed(store_error_message(exc, paths), exit_status(exc))


def _paths(args: argparse.Namespace) -> DataPaths:
    from koto_tui.demo import demo_paths

    paths = DataPaths(Path(args.data_dir))
    return demo_paths(paths) if getattr(args, "demo", False) else paths


@contextmanager
def opened_store(args: argparse.Namespace, *, check_pages: bool = True) -> Iterator[Store]:
    """Lock, ask for the passphrase, unlock; raises CommandFailed with a clear message and status, also
    for damage a page read meanwhile shows.

    Every page is checked before the unlock writes anything unless *check_pages* is False (a listing:
    README, "Where the whole file is checked"); the pages read are checked against their HMAC and the audit
    rows counted against their anchor either way.
    """
    from koto_tui.store.connection import DatabaseError, failure

    paths = _paths(args)
    if not paths.initialised():
        raise CommandFailed(_("no database in {path} yet: start koto once to create it.").format(
            path=paths.root))
    try:
        lock = lock_data_dir(paths)
    except OPEN_FAILURES as exc:
        raise _open_failed(exc, paths) from None
    try:
        store = _unlock(paths, getattr(args, "passphrase_file", None), check_pages)
    except BaseException:
        lock.release()
        raise
    try:
        yield store
    except DatabaseError as exc:
        found = failure(exc, paths.database)
        if found is None:
            raise
        raise _open_failed(found, paths) from None
    finally:
        store.close()
        lock.release()


def _unlock(paths: DataPaths, passphrase_file: str | None = None, check_pages: bool = True) -> Store:
    """Check the files (no passphrase is asked for when they are unusable), then unlock."""
    from koto_tui.cli import read_passphrase
    from koto_tui.store import Store
    from koto_tui.store.connection import DatabaseError

    try:
        check_files(paths)
    except OPEN_FAILURES as exc:
        raise _open_failed(exc, paths) from None
    passphrase = read_passphrase(passphrase_file)
    try:
        return Store.unlock(paths, passphrase, verify=check_pages, count=True)
    except (*OPEN_FAILURES, DatabaseError) as exc:
        raise _open_failed(exc, paths) from None


def list_clients(args: argparse.Namespace) -> int:
    """`koto clients`: every client (or the first --limit, or those --search finds) with their interviews,
    from one query, written as its rows come (a closed pipe ends it: cli.main)."""
    from contextlib import closing

    try:
        with opened_store(args, check_pages=False) as store, closing(store.clients.listing(
                getattr(args, "search", None) or "", getattr(args, "limit", None))) as rows:
            if getattr(args, "json", False):
                from koto_tui.command_json import clients_json

                for chunk in clients_json(rows):
                    sys.stdout.write(chunk)
                sys.stdout.write("\n")
                return 0
            dates = _Dates()
            for text in _listing_text(rows, dates, _Interviews(store, dates)):
                sys.stdout.write(text)
    except CommandFailed as exc:
        return _err(str(exc), exc.status)
    return 0


def _listing_text(rows: Iterator[ListingRow], dates: _Dates, interviews: _Interviews,
                  lines: int = 1000) -> Iterator[str]:
    """The listing's text, about *lines* lines at a time (one write each), as the rows of
    ``Clients.listing`` come: a line for each client and one under it for each of their interviews (names
    through the display rule). One loop over plain lists: 100,000 clients are this loop's work alone."""
    batch: list[str] = []
    add = batch.append
    last = None
    for row in rows:
        client_id = row[0]
        if client_id != last:
            if len(batch) >= lines:
                yield "".join(batch)
                batch.clear()
            last = client_id
            family, given, birth = row[1], row[2], row[3]
            name = _printable(f"{family} {given}" if family and given else family or given or "")
            add(f"{client_id:>5}  {name}  {dates.short(birth) if birth else '-'}\n")
        if row[4] is not None:
            add(interviews.line(cast("tuple[int, str, str, str, str, int]", row[4:])))
    if batch:
        yield "".join(batch)


class _Interviews:
    """The line under a client for each of their interviews: the UI texts looked up once per listing, each
    form's title in the UI language (what a counsellor knows it by, not its id) once per version."""

    def __init__(self, store: Store, dates: _Dates) -> None:
        from koto_tui.model import InterviewStatus

        self._store = store
        self._dates = dates
        self._completed = str(InterviewStatus.COMPLETED)
        self._states = (_("completed"), _("in progress"))
        self._templates: dict[int, str] = {}
        self._titles: dict[tuple[str, str], str] = {}

    def line(self, interview: tuple[int, str, str, str, str, int]) -> str:
        """The line for one interview (the interview's columns of a listing row)."""
        interview_id, form_id, version, status, day, answered = interview
        template = self._templates.get(answered)
        if template is None:
            template = self._templates[answered] = "       " + ngettext(
                "interview {id}: {form} v{version}, {date}, {state}, {n} answer",
                "interview {id}: {form} v{version}, {date}, {state}, {n} answers", answered) + "\n"
        return template.format(id=interview_id, form=self._title(form_id, version),
                               version=_printable(version), date=self._dates.short(day),
                               state=self._states[status != self._completed], n=answered)

    def _title(self, form_id: str, version: str) -> str:
        """The title of the form version (its id when the form has no title), through the display rule."""
        key = (form_id, version)
        title = self._titles.get(key)
        if title is None:
            from koto_tui.engine.titles import form_title
            from koto_tui.i18n import language

            text = self._store.interviews.form_source(form_id, version)
            shown = form_title(form_id, version, text).get(language()) or form_id
            title = self._titles[key] = _printable(shown)
        return title


class _Dates:
    """`format_short_date` for a listing: babel's locale and pattern read once, each day formatted once
    (babel parses both again for every date it formats, which cost more than reading the clients), and a
    pattern of numbers only (Finnish, Swedish) filled in directly (100,000 birth dates are 20,000 days)."""

    def __init__(self) -> None:
        import re

        from babel.core import Locale
        from babel.dates import get_date_format

        from koto_tui.i18n import cldr_locale, language

        self._iso = language() == "en"  # as format_short_date: English dates are ISO 8601
        self._locale = Locale.parse(cldr_locale())
        self._pattern = get_date_format("short", locale=self._locale)
        self._template = str(self._pattern.format)  # the pattern as %-style text: '%(d)s.%(M)s.%(y)s'
        self._numeric = set(re.findall(r"%\((\w+)\)s", self._template)) <= _NUMERIC_FIELDS
        self._done: dict[str, str] = {}

    def short(self, iso: str) -> str:
        """The day written *iso* (as the store keeps it) as `format_short_date` writes it in the UI
        language."""
        done = self._done.get(iso)
        if done is None:
            day = date.fromisoformat(iso)
            if self._iso:
                done = iso
            elif self._numeric:
                done = self._template % {
                    "d": day.day, "dd": f"{day.day:02d}", "M": day.month, "MM": f"{day.month:02d}",
                    "y": day.year, "yy": f"{day.year % 100:02d}", "yyyy": f"{day.year:04d}"}
            else:
                done = str(self._pattern.apply(day, self._locale))
            self._done[iso] = done
        return done


#: The fields of a CLDR date pattern that are numbers alone (babel writes them as these do).
_NUMERIC_FIELDS = {"d", "dd", "M", "MM", "y", "yy", "yyyy"}


def _printable(value: str) -> str:
    """`printable`, without its pass over each character when the text has nothing unsafe to show (a text
    that is `isprintable` has no control, format, surrogate or separator character, nor a tab or break)."""
    return value if value.isprintable() else printable(value)


def print_interview(args: argparse.Namespace) -> int:
    """`koto print --interview ID --out FILE.pdf`."""
    from koto_tui.workflow import PrintRequest
    from koto_tui.workflow import print_interview as do_print

    try:
        with opened_store(args) as store:
            try:
                client_id = store.interviews.get(args.interview).client_id
            except KeyError:
                raise CommandFailed(_("there is no interview {id}.").format(id=args.interview)) from None
            if store.clients.is_restricted(client_id):  # GDPR art. 18: only the access report is printed
                raise CommandFailed(_("the client's processing is restricted: only the access report is "
                                      "printed."))
            request = PrintRequest(args.interview, args.out, args.with_identity_code)
            try:
                path = do_print(store, request)
            except OSError as exc:
                raise CommandFailed(_("could not write the PDF: {reason}").format(
                    reason=describe_error(exc))) from None
    except CommandFailed as exc:
        return _err(str(exc), exc.status)
    print(_("Printed to {path}").format(path=path))
    return 0


def forms_check(paths: list[Path]) -> int:
    """`koto forms check [PATH...]`: print every problem; exit 1 when there is any."""
    from koto_tui.engine import check_paths
    from koto_tui.resources import forms_dir

    issues = check_paths(paths or [forms_dir()])
    for issue in issues:
        print(shown(str(issue)))
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
    except OPEN_FAILURES as exc:
        return _err(store_error_message(exc, paths), exit_status(exc))
    try:
        if not paths.initialised():
            seed_demo(paths, day=True).close()
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
    except OPEN_FAILURES as exc:
        return _err(store_error_message(exc, paths), exit_status(exc))
    try:
        return _launch(paths, demo=False)
    finally:
        lock.release()


def start_app(paths: DataPaths, *, demo: bool = False) -> KotoApp:
    """The app on *paths*, speaking the language last used there (unless ``--lang``): the lock screen too."""
    from koto_tui.i18n.remembered import use_remembered_language

    use_remembered_language(paths.ui_language)  # before the app's texts are made
    from koto_tui.app import KotoApp

    return KotoApp(paths, demo=demo)


def _launch(paths: DataPaths, *, demo: bool) -> int:
    app = start_app(paths, demo=demo)
    app.run()
    return app.return_code or 0


# --- export, import, report ----------------------------------------------------------------------------

def _held_lines(held: Sequence[Any]) -> list[str]:
    """Each held-back record: whether all or part of it stayed, and why (no client name)."""
    return [("  - " + (_("part left out") if h.partial else _("held back")) + ": " + printable(h.message))
            for h in held]


def export(args: argparse.Namespace) -> int:
    """`koto export`: write the pending records, show the log, or mark records entered into KOTO-AJ."""
    from koto_tui.exchange.export import ExportRefused, ExportRequest, mark_entered, run_export

    try:
        with opened_store(args) as store:
            if args.log:
                return _export_log(store)
            if args.receiver_key is not None:
                from koto_tui.exchange.command import set_receiver_key

                return set_receiver_key(store, args)
            if args.mark_entered:
                for uid in args.mark_entered:
                    done = mark_entered(store, uid, args.entered_on)
                    print(_("{uid} marked as entered into KOTO-AJ.").format(uid=printable(uid)) + " " + (
                        _("The laptop copy was purged.") if done.purged else _("The laptop copy is kept.")))
                return 0
            request = ExportRequest(args.client, args.include_unchanged, args.out, args.unsealed,
                                    args.dry_run)
            if args.unsealed and not args.dry_run:
                print(_("Warning: the export is not sealed: anyone who gets the file can read it. It is "
                        "still signed."), file=sys.stderr)
            if args.client is not None:
                _require_client(store, args.client)
            result = run_export(store, request)
    except ExportRefused as exc:
        return _err(str(exc))
    except OSError as exc:
        return _err(_("could not write the export: {reason}").format(reason=describe_error(exc)))
    except CommandFailed as exc:
        return _err(str(exc), exc.status)
    if getattr(args, "json", False):
        from koto_tui.command_json import dumps, export_json

        print(dumps(export_json(result, args.dry_run)))
    else:
        _print_export(result, args.dry_run)
    for reason in result.would_refuse:  # a dry run lists what would leave, and says what would stop it
        print(_("Warning: the export itself would be refused: {reason}").format(reason=printable(reason)),
              file=sys.stderr)
    return 0


def _require_client(store: Store, client_id: int) -> None:
    try:
        store.clients.get(client_id)
    except KeyError:
        raise CommandFailed(_("there is no client {id}.").format(id=client_id)) from None


def _print_export(result: Any, dry_run: bool) -> None:
    from koto_tui.exchange.export import summary

    sealed = result.path is not None and result.sealed
    print(printable(summary(result, dry_run))
          + (" " + _("The file is sealed for the receiving office.") if sealed else ""))
    for record in result.records:
        system = record.record_system
        where = "KOTO-AJ" if system == "koto_aj" else _("employment services' systems")
        print(f"  + {printable(record.document_id)}  {printable(record.uid)}  → {where}")
    if result.held_back:
        print(_("Held back ({n}):").format(n=len(result.held_back)))
        print("\n".join(_held_lines(result.held_back)))


def _export_log(store: Store) -> int:
    from koto_tui.store.exchange import Exchange

    ex = Exchange(store.session)
    for row in ex.exports():
        print(ngettext("export {id}: {at}, {user}, {file}, {n} record{sealed}, sha256 {hash}",
                       "export {id}: {at}, {user}, {file}, {n} records{sealed}, sha256 {hash}",
                       row["records"]).format(
            id=row["id"], at=row["at"].replace("T", " "), user=printable(row["user_name"]),
            file=printable(row["file_name"]), n=row["records"],
            sealed=(", " + _("sealed")) if row["sealed"] else "",
            hash=row["file_sha256"][:16]))
    for row in ex.imports():
        print(_("import {id}: {at}, created {created}, updated {updated}, unchanged {unchanged}, "
                "conflicts {conflicts}").format(**{**row, "at": row["at"].replace("T", " ")}))
        for line in _conflict_lines(ex, row["id"]) if row["conflicts"] else []:
            print(line)
    return 0


def _conflict_lines(ex: Exchange, import_id: int) -> list[str]:
    """An import's conflicts, one a line: the client's id (no name: this is no client listing), the record
    and why it was left as it was."""
    from koto_tui.exchange.conflicts import reason_text

    return [_conflict_line(line.conflict, reason_text(line.conflict.reason))
            for line in ex.conflicts(import_id)]


def _conflict_line(c: ImportConflict, why: str) -> str:
    """One conflict as `koto import` and `koto export --log` print it: the local client's id (no name), the
    record and *why* it was left as it was."""
    from koto_tui.exchange.conflicts import entity_text

    what = entity_text(c.entity) + ("" if c.entity == "client" else f" {printable(c.document_id)}")
    return "  ! " + _("client {id}, {what}: {why}").format(id=c.client_id, what=what, why=why)


#: `koto import`'s exit statuses (documented in its --help, README and docs/export.md).
IMPORT_DONE, IMPORT_REFUSED, IMPORT_CONFLICTS = 0, 1, 3


def import_export(args: argparse.Namespace) -> int:
    """`koto import FILE`: load another koto's export; `--show-key` prints this database's public key."""
    from koto_tui.exchange.importer import CONFLICT, ImportRefused, import_file

    if args.file is None and not args.show_key:
        return _err(_("give the export file to import, or --show-key."))
    if args.file is not None and not args.show_key and not args.file.is_file():  # before the passphrase
        return _err(_("could not read the file: {reason}").format(reason=_("there is no such file.")),
                    IMPORT_REFUSED)
    try:
        with opened_store(args) as store:
            if args.show_key:
                from koto_tui.exchange.command import show_own_keys

                return show_own_keys(store)
            result = import_file(store, _read_import(store, args.file))
    except ImportRefused as exc:
        return _err(str(exc), IMPORT_REFUSED)
    except OSError as exc:
        return _err(_("could not read the file: {reason}").format(reason=describe_error(exc)), IMPORT_REFUSED)
    except CommandFailed as exc:
        return _err(str(exc), exc.status)
    print(_("Signed by {name} (fingerprint {fp}).").format(name=printable(result.sender),
                                                         fp=result.sender_fingerprint))
    print(_("Imported: new {created}, updated {updated}, already here {unchanged}, conflicts {conflicts}.")
          .format(created=result.count("created"), updated=result.count("updated"),
                  unchanged=result.count("unchanged"), conflicts=result.count(CONFLICT)))
    for outcome in result.outcomes:
        if outcome.action == CONFLICT:
            kept = outcome.conflict()
            print(_conflict_line(kept, printable(outcome.message)) if kept is not None
                  else "  ! " + printable(outcome.message))
    return IMPORT_CONFLICTS if result.count(CONFLICT) else IMPORT_DONE


def _read_import(store: Store, path: Path) -> bytes:
    """The export file's bytes, its size checked against the import limit before it is read."""
    from koto_tui.exchange.importer import ImportRefused, log_refusal
    from koto_tui.exchange.reading import ReadRefused, read_bounded
    from koto_tui.exchange.settings import import_max_bytes

    try:
        return read_bounded(path, import_max_bytes(store))
    except ReadRefused as exc:
        log_refusal(store, "-" * 64, 1)  # the file was not read, so it has no hash here
        raise ImportRefused(str(exc)) from None


def _period(args: argparse.Namespace) -> tuple[date, date]:
    from koto_tui import clock

    year = args.year or clock.today().year
    start = args.start or date(year, 1, 1)
    end = args.end or date(year, 12, 31)
    if end < start:
        raise CommandFailed(_("the period ends before it starts."))
    return start, end


def report(args: argparse.Namespace) -> int:
    """`koto report`: the follow-up report as tables on screen, or as CSV and PDF files."""
    from koto_tui import clock
    from koto_tui.files import write_private
    from koto_tui.report import build_report, to_csv, to_pdf

    try:
        start, end = _period(args)
        with opened_store(args) as store:
            made = build_report(store, start, end, clock.today())
        outputs = ((args.csv, to_csv), (args.pdf, to_pdf))
        written = [write_private(render(made), path) for path, render in outputs if path is not None]
    except OSError as exc:
        return _err(_("could not write the report: {reason}").format(reason=describe_error(exc)))
    except CommandFailed as exc:
        return _err(str(exc), exc.status)
    if not written:
        print(_format_report(made))
    for path in written:
        print(_("Wrote {path}").format(path=path))
    return 0


def _text_cell(value: object, decimal: Any, lang: str) -> str:
    if isinstance(value, float):
        return str(decimal(value, "0.0", locale=lang))
    return "–" if value is None else printable(value)


def _format_report(made: Any) -> str:
    """The report's tables as plain text columns."""
    from babel.numbers import format_decimal

    from koto_tui.i18n import language

    lines = []
    for table in made.tables:
        lines += ["", printable(table.title)]
        cells = [[printable(h) for h in table.headers]] + [[_text_cell(c, format_decimal, language())
                                                            for c in row] for row in table.rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(table.headers))]
        lines += ["  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
                  for row in cells]
    return "\n".join(lines).lstrip("\n")


def worklist(args: argparse.Namespace) -> int:
    """`koto worklist [--json] [--everyone] [--kind K] [--client-language L]`: what falls due."""

    from koto_tui import clock
    from koto_tui.rules.due import Kind
    from koto_tui.worklist import Filters, gather, text_lines, to_json

    kinds = [str(kind) for kind in Kind]
    if args.kind and args.kind not in kinds:
        return _err(_("unknown kind {kind}; the kinds are: {kinds}").format(kind=args.kind,
                                                                           kinds=", ".join(kinds)))
    wanted = Filters(mine=not args.everyone, kind=Kind(args.kind) if args.kind else None,
                     language=args.client_language or None)
    try:
        with opened_store(args) as store:
            made = gather(store, clock.today(), wanted)
    except CommandFailed as exc:
        return _err(str(exc), exc.status)
    if args.json:
        from koto_tui.command_json import dumps

        print(dumps(to_json(made)))
    else:
        print("\n".join(text_lines(made)))
    return 0
