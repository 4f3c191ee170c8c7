"""Command line: `koto` (the app) and its subcommands (`koto --help` lists them); imports the app lazily."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, cast

from koto_tui import __version__, i18n
from koto_tui.config import use_config_dir
from koto_tui.i18n import _

EXIT_USAGE = 2
COMPLETION_SHELLS = ("bash", "zsh", "fish", "powershell")


def default_data_dir() -> Path:
    """KOTO_DATA_DIR, or the user data directory of this operating system."""
    env = os.environ.get("KOTO_DATA_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("koto", appauthor=False))


def _epilog() -> str:
    """The main help's closing: exit statuses and the environment variables koto reads."""
    return "\n".join([
        _("exit status:"),
        *(f"  {status:<7}{meaning}" for status, meaning in (
            ("0", _("done")),
            ("1", _("failed; the reason is printed on one line (never with client data)")),
            ("2", _("wrong command line")),
            ("10-15", _("a file of the data directory is missing, damaged or from a newer koto (README)")),
            ("70", _("internal error: one line, details in crashes/ of the data directory")),
            ("130", _("interrupted (Ctrl+C)")),
            ("141", _("the output was closed by its reader (koto clients | head)")),
        )),
        "",
        _("environment:"),
        *(f"  {name:<20}{meaning}" for name, meaning in (
            ("KOTO_DATA_DIR", _("data directory (the database, key file, printouts, exports)")),
            ("KOTO_CONFIG_DIR", _("folder of the municipality's own data files (see `koto data path`)")),
            ("KOTO_LANG", _("user interface language: fi, sv or en (--lang wins)")),
            ("KOTO_PASSPHRASE", _("passphrase for scripts; other programs can read it: prefer "
                                  "--passphrase-file (README)")),
            ("KOTO_PRINT_COMMAND", _("print command instead of lp or Windows' print verb (docs/admin.md)")),
        )),
        "",
        _("Example:") + "\n  koto --lang en",
    ])


def _add(sub: Any, name: str, common: argparse.ArgumentParser, help_text: str,
         *examples: str) -> argparse.ArgumentParser:
    """A subcommand whose help ends with its examples."""
    heading = _("Example:") if len(examples) == 1 else _("Examples:")
    epilog = heading + "".join("\n  " + example for example in examples)
    return cast(argparse.ArgumentParser, sub.add_parser(
        name, parents=[common], help=help_text, description=help_text, epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter))


class _NotPlain(Exception):
    """The command line is more than the options every command takes (see :func:`_parse`)."""


class _Refusing(argparse.ArgumentParser):
    """Raises :class:`_NotPlain` where argparse would print the usage and exit."""

    def error(self, message: str) -> NoReturn:
        raise _NotPlain(message)


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line parsed. `koto` given only the options every command takes (how the app is started)
    is parsed by those options alone: building the parser of every subcommand (26 parsers, 100 options and
    their translated help) took 3-4 ms of the start-up to the unlock screen's first frame. Anything else (a
    subcommand, --help, --version, a wrong or missing value) is parsed by the whole parser, which answers as
    it always has."""
    try:
        args, rest = _common(_Refusing).parse_known_args(argv)
    except _NotPlain:
        rest = ["-"]
    if rest:
        return _parser().parse_args(argv)
    args.command = None
    return args


def _common(kind: type[argparse.ArgumentParser] = argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The options every command takes, before or after its name."""
    # SUPPRESS: an option given before the subcommand is not reset by the subcommand's default.
    common = kind(prog="koto", add_help=False)
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                        help=_("data directory (default: KOTO_DATA_DIR or the user data directory)"))
    common.add_argument("--lang", choices=i18n.UI_LANGUAGES, default=argparse.SUPPRESS,
                        help=_("user interface language (default: KOTO_LANG or fi)"))
    common.add_argument("--config-dir", type=Path, default=argparse.SUPPRESS,
                        help=_("the municipality's own data files (default: KOTO_CONFIG_DIR or the user "
                               "configuration directory)"))
    common.add_argument("--passphrase-file", metavar="PATH", default=argparse.SUPPRESS,
                        help=_("read the passphrase from the first line of this file (readable by you only), "
                               "or from standard input with -"))
    return common


def _parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(prog="koto", parents=[common], epilog=_epilog(),
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     description=_("koto: assessment interviews and printouts for "
                                                   "integration counsellors, offline."))
    parser.add_argument("--version", action="version", version=f"koto {__version__}",
                        help=_("show the version and exit"))
    sub = parser.add_subparsers(dest="command")
    demo = _add(sub, "demo", common, _("open the demo database (passphrase: demo)"), "koto demo --seed-only")
    demo.add_argument("--seed-only", action="store_true", help=_("create the demo database and exit"))
    clients = _add(sub, "clients", common, _("list clients and their interviews"),
                   "koto clients --demo --json")
    clients.add_argument("--demo", action="store_true", help=_("use the demo database"))
    clients.add_argument("--json", action="store_true", help=_("print JSON (for scripts)"))
    clients.add_argument("--limit", type=_positive, default=None, metavar="N",
                         help=_("list only the first N clients (in name order)"))
    clients.add_argument("--search", default=None, metavar="TEXT",
                         help=_("only the clients whose name or identity code starts with TEXT"))
    pr = _add(sub, "print", common, _("print an interview to a PDF file"),
              "koto print --interview 3 --out interview-3.pdf")
    pr.add_argument("--interview", type=int, required=True, help=_("interview id (see `koto clients`)"))
    pr.add_argument("--out", type=Path, default=None, help=_("PDF file to write"))
    pr.add_argument("--with-identity-code", action="store_true",
                    help=_("print the identity code too"))
    pr.add_argument("--demo", action="store_true", help=_("use the demo database"))
    _exchange_parsers(sub, common)
    _admin_parsers(sub, common)
    _audit_parser(sub, common)
    _access_report_parser(sub, common)
    _rights_parsers(sub, common)
    work = _add(sub, "worklist", common, _("what falls due, soonest first"), "koto worklist --json")
    work.add_argument("--json", action="store_true", help=_("write the list as JSON"))
    work.add_argument("--everyone", action="store_true", help=_("everyone's items, not only your own"))
    # No choices here: reading the kinds would load the rules at every start; `koto worklist` checks it.
    work.add_argument("--kind", metavar="KIND", default=None,
                      help=_("only items of this kind (the 'kind' of --json, e.g. review_due)"))
    work.add_argument("--client-language", metavar="CODE", default=None,
                      help=_("only clients whose language is CODE (e.g. uk)"))
    work.add_argument("--demo", action="store_true", help=_("use the demo database"))
    forms = _add(sub, "forms", common, _("check interview templates"), "koto forms check forms/")
    forms_sub = forms.add_subparsers(dest="forms_command", required=True)
    check = _add(forms_sub, "check", common, _("check form files for errors"),
                 "koto forms check my-form.yaml")
    check.add_argument("paths", nargs="*", type=Path, help=_("files or folders (default: the shipped forms)"))
    completion = _add(sub, "completion", common, _("print a shell completion script (docs/admin.md)"),
                      "koto completion bash > ~/.local/share/bash-completion/completions/koto",
                      "koto completion powershell >> $PROFILE")
    completion.add_argument("shell", choices=COMPLETION_SHELLS, help=_("the shell"))
    return parser


def _completion(shell: str) -> int:
    """Print the completion script for *shell*, generated from this parser (shtab: no runtime hook)."""
    import shtab

    parser = _parser()
    _complete_paths(parser, shtab.FILE)
    print(shtab.complete(parser, shell=shell))
    return 0


def _complete_paths(parser: argparse.ArgumentParser, files: object) -> None:
    """Let the shell offer file names wherever an argument is a path, in every subcommand."""
    for action in parser._actions:
        if action.type is Path or action.dest == "passphrase_file":
            action.complete = files  # type: ignore[attr-defined]
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _complete_paths(child, files)


def _admin_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """`koto data path|init|check`, `koto backup` and `koto restore`."""
    data = _add(sub, "data", common, _("the municipality's own data files (outside the install)"),
                "koto data path", "koto data init", "koto data check")
    data_sub = data.add_subparsers(dest="data_command", required=True)
    _add(data_sub, "path", common, _("show where each data file in use comes from"), "koto data path")
    _add(data_sub, "init", common, _("copy the shipped data files into the municipality's folder to edit"),
         "koto data init --config-dir /etc/koto")
    _add(data_sub, "check", common, _("check the data files, forms and texts in use"), "koto data check")
    backup = _add(sub, "backup", common, _("write a verified, still encrypted backup of the database and "
                                           "its key file"), "koto backup --out E:\\koto-backup.zip")
    backup.add_argument("--out", type=Path, default=None,
                        help=_("backup file to write (default: backups/ in the data directory)"))
    backup.add_argument("--demo", action="store_true", help=_("use the demo database"))
    restore = _add(sub, "restore", common, _("put a backup back, keeping the current files aside"),
                   "koto restore E:\\koto-backup.zip")
    restore.add_argument("file", type=Path, help=_("the backup file (from `koto backup`)"))
    restore.add_argument("--demo", action="store_true", help=_("use the demo database"))


def _audit_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """`koto audit`: the audit trail for a coordinator."""
    aud = _add(sub, "audit", common, _("the audit trail, checked from its first row (coordinators only); "
                                       "exit status 1 when the chain is broken"),
               "koto audit --client 12 --since 1.11.2026", "koto audit --csv audit.csv",
               "koto audit --csv audit.csv --recipient age1…")
    aud.add_argument("--client", type=int, default=None, help=_("only rows about this client (id)"))
    aud.add_argument("--user", default=None, help=_("only rows by this user (id or name)"))
    aud.add_argument("--action", default=None, help=_("only this action (unlock, view, print, …)"))
    aud.add_argument("--since", type=_date, default=None, help=_("first day"))
    aud.add_argument("--until", type=_date, default=None, help=_("last day"))
    aud.add_argument("--csv", type=Path, default=None, metavar="FILE",
                     help=_("write the rows as CSV to this file, sealed with age (.age is appended) for the "
                            "receiving office's key set for exports, or for --recipient"))
    sealing = aud.add_mutually_exclusive_group()
    sealing.add_argument("--recipient", metavar="KEY", action="append", default=[],
                         help=_("seal the CSV for this age1… key instead (the data protection officer's; "
                                "may be given more than once)"))
    sealing.add_argument("--unsealed", action="store_true",
                         help=_("write the CSV NOT sealed: anyone who finds the file can read it"))
    aud.add_argument("--json", action="store_true", help=_("print JSON (for scripts)"))
    aud.add_argument("--demo", action="store_true", help=_("use the demo database"))


def _access_report_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """`koto access-report`: everything held about one client, for the client (GDPR art. 15 and 20)."""
    about = _("a client's access report (GDPR art. 15): a PDF in prints/, or the PDF and a plain JSON copy "
              "(art. 20) in the folder --out")
    acc = _add(sub, "access-report", common, about,
               "koto access-report --client 12 --out /media/usb --yes")
    acc.add_argument("--client", type=int, required=True, help=_("client id (see `koto clients`)"))
    acc.add_argument("--out", type=Path, default=None,
                     help=_("folder for the client's copy: the PDF and the JSON, not encrypted"))
    acc.add_argument("--yes", action="store_true",
                     help=_("confirm without asking that the report holds sensitive answers"))
    acc.add_argument("--demo", action="store_true", help=_("use the demo database"))


def _rights_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """`koto restrict`, `koto erase` and `koto retention` (issue 17: the client's rights, retention)."""
    res = _add(sub, "restrict", common, _("restrict a client's processing, or lift it (a coordinator; GDPR "
                                          "art. 18)"),
               "koto restrict --client 12 --reason 'asiakas kiistää tiedot'",
               "koto restrict --client 12 --lift --reason 'tiedot oikaistu'")
    res.add_argument("--lift", action="store_true", help=_("lift the restriction"))
    era = _add(sub, "erase", common, _("erase a client and everything about them (a coordinator; GDPR art. "
                                       "17); refused while a retention duty applies"),
               "koto erase --client 12 --reason 'asiakkaan pyyntö 1.12.2026'")
    era.add_argument("--yes", action="store_true", help=_("do not ask for the client's id again"))
    for parser in (res, era):
        parser.add_argument("--client", type=int, required=True, help=_("client id (see `koto clients`)"))
        parser.add_argument("--reason", required=True, help=_("why (kept in the audit trail)"))
    ret = _add(sub, "retention", common, _("purge what the retention periods say may go (a coordinator)"),
               "koto retention --dry-run", "koto retention")
    ret.add_argument("--dry-run", action="store_true", help=_("only list what would go and why (ids and "
                                                              "kinds)"))
    ret.add_argument("--json", action="store_true", help=_("print JSON (for scripts)"))
    for parser in (res, era, ret):
        parser.add_argument("--demo", action="store_true", help=_("use the demo database"))


def _positive(text: str) -> int:
    """A whole number of one or more."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(_("not a whole number of one or more: {text}").format(text=text))
    return number


def _date(text: str) -> date:
    """A date given as 2026-11-27 or 27.11.2026."""
    try:
        if "." in text:
            day, month, year = (int(p) for p in text.split("."))
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        message = _("not a date: {text} (write 27.11.2026)").format(text=text)
        raise argparse.ArgumentTypeError(message) from None


def _exchange_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """`koto export`, `koto import` and `koto report`."""
    ex = _add(sub, "export", common, _("export records toward KOTO-AJ (docs/export.md)"),
              "koto export --dry-run --json", "koto export --out export.json")
    ex.add_argument("--client", type=int, default=None, help=_("only this client (default: every client)"))
    ex.add_argument("--out", type=Path, default=None, help=_("file to write (default: exports/ in the data "
                                                             "directory)"))
    ex.add_argument("--all", action="store_true", dest="include_unchanged",
                    help=_("export records again even when unchanged since their last export"))
    ex.add_argument("--unsealed", action="store_true",
                    help=_("write the file signed but NOT sealed: anyone who finds it can read it (refused "
                           "with sensitive answers)"))
    ex.add_argument("--dry-run", action="store_true", help=_("only show what would be exported and why "
                                                             "the rest stays"))
    ex.add_argument("--receiver-key", metavar="KEY", default=None,
                    help=_("store the receiving office's public key (age1…), as in the settings (a "
                           "coordinator; the passphrase is asked again)"))
    ex.add_argument("--log", action="store_true", help=_("list the earlier exports and imports"))
    ex.add_argument("--mark-entered", metavar="UID", action="append", default=[],
                    help=_("mark an exported record as entered into KOTO-AJ (repeatable)"))
    ex.add_argument("--entered-on", type=_date, default=None, help=_("the day it was entered (default: "
                                                                    "today)"))
    ex.add_argument("--json", action="store_true", help=_("print JSON (for scripts)"))
    ex.add_argument("--demo", action="store_true", help=_("use the demo database"))
    imp = _add(sub, "import", common, _("import an export made by another koto"), "koto import export.json",
               "koto import --show-key")
    imp.epilog = f"{imp.epilog}\n\n" + _("Exit status: 0 imported, 1 refused (nothing was imported), "
                                         "3 imported with conflicts to resolve by hand.")
    imp.add_argument("file", nargs="?", type=Path, default=None, help=_("the export file (sealed or not)"))
    imp.add_argument("--show-key", action="store_true",
                     help=_("print this database's public receiving key (made on first use)"))
    imp.add_argument("--demo", action="store_true", help=_("use the demo database"))
    _senders_parser(sub, common)
    rep = _add(sub, "report", common, _("the integration programme's follow-up report"),
               "koto report --year 2026 --pdf report-2026.pdf")
    rep.add_argument("--year", type=int, default=None, help=_("calendar year (default: this year)"))
    rep.add_argument("--from", dest="start", type=_date, default=None, help=_("first day of the period"))
    rep.add_argument("--to", dest="end", type=_date, default=None, help=_("last day of the period"))
    rep.add_argument("--csv", type=Path, default=None,
                     help=_("write the tables as CSV (Finnish spreadsheets)"))
    rep.add_argument("--pdf", type=Path, default=None, help=_("write the report as PDF"))
    rep.add_argument("--demo", action="store_true", help=_("use the demo database"))


def _senders_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """`koto senders [list|own|add|remove]`."""
    snd = _add(sub, "senders", common, _("the laptops whose signed exports this one imports"),
               "koto senders", "koto senders add --name 'Mikkeli office' koto-ed25519:…", "koto senders own")
    snd_sub = snd.add_subparsers(dest="senders_command")
    listed = _add(snd_sub, "list", common, _("list the trusted senders"), "koto senders list")
    own = _add(snd_sub, "own", common, _("print this laptop's receiving and signing keys"),
               "koto senders own")
    add = _add(snd_sub, "add", common, _("trust a sender's signing key (a coordinator; compare the "
                                         "fingerprint on the phone first)"),
               "koto senders add --name 'Mikkeli office' koto-ed25519:…")
    add.add_argument("--name", required=True, help=_("whose key it is (an office or a person)"))
    add.add_argument("key", help=_("the sender's signing key (koto-ed25519:…)"))
    rem = _add(snd_sub, "remove", common, _("stop trusting a sender (a coordinator)"),
               "koto senders remove '3f2a 9c01 …'")
    rem.add_argument("fingerprint", help=_("the sender's fingerprint, as listed"))
    for parser in (snd, listed, own, add, rem):  # SUPPRESS: given before the subcommand, it is kept
        parser.add_argument("--demo", action="store_true", default=argparse.SUPPRESS,
                            help=_("use the demo database"))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `koto` console script: no traceback ever reaches the terminal."""
    from koto_tui import crash
    from koto_tui.memory import disable_core_dumps

    disable_core_dumps()  # before any passphrase is read or the database key is unwrapped
    i18n.set_language(_language_from(argv), pinned=_language_given(argv))
    i18n.translate_argparse()
    data_dir: list[Path | None] = [None]
    crash.install_hooks(lambda: data_dir[0])
    try:
        status = _dispatch(argv, data_dir)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return status
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return crash.EXIT_INTERRUPTED
    except NoPassphrase as exc:
        print(_("koto: {message}").format(message=str(exc)), file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `koto clients | head`: the reader has enough; not an internal error
        _drop_stdout()
        return crash.EXIT_PIPE_CLOSED
    except Exception as exc:
        print(crash.report(data_dir[0], exc), file=sys.stderr)
        return crash.EXIT_CRASH


def _drop_stdout() -> None:
    """Point stdout at the null device, so flushing it at exit cannot fail on the closed pipe again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # no real stdout (e.g. replaced by a test): nothing to flush
    finally:
        os.close(devnull)


def _dispatch(argv: Sequence[str] | None, data_dir: list[Path | None]) -> int:
    """Parse the arguments and run the command; *data_dir* learns where crash details can go."""
    args = _parse(argv)
    command = args.command or "app"
    use_config_dir(getattr(args, "config_dir", None))
    if command == "completion":
        return _completion(args.shell)
    if command == "forms":
        from koto_tui.commands import forms_check

        return forms_check(args.paths)
    from koto_tui import commands

    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "app": commands.run_app, "demo": commands.run_demo,
        "clients": commands.list_clients, "print": commands.print_interview,
        "export": commands.export, "import": commands.import_export, "report": commands.report,
        "worklist": commands.worklist,
    }
    args.data_dir = getattr(args, "data_dir", None) or default_data_dir()
    data_dir[0] = Path(args.data_dir)
    if command == "audit":
        from koto_tui.audit.command import audit

        return audit(args)
    if command == "access-report":
        from koto_tui.access_command import access_report

        return access_report(args)
    if command in ("restrict", "erase", "retention"):
        from koto_tui import rights_command

        return {"restrict": rights_command.restrict, "erase": rights_command.erase,
                "retention": rights_command.retention}[command](args)
    if command == "senders":
        from koto_tui.exchange.command import senders

        return senders(args)
    if command in ("data", "backup", "restore"):
        from koto_tui.admin import commands as admin

        admin_handlers = {"data": admin.data_command, "backup": admin.backup, "restore": admin.restore}
        return admin_handlers[command](args)
    return handlers[command](args)


def _language_from(argv: Sequence[str] | None) -> str:
    """The UI language must be set before any translated text (help, bindings) is built."""
    words = list(sys.argv[1:] if argv is None else argv)
    given: str | None = None
    for index, word in enumerate(words):
        if word.startswith("--lang="):
            given = word.split("=", 1)[1]
        elif word == "--lang" and index + 1 < len(words):
            given = words[index + 1]
    if given in i18n.UI_LANGUAGES:
        return str(given)
    # No language given, or one koto does not have (argparse refuses it: in KOTO_LANG's language or Finnish).
    lang = os.environ.get("KOTO_LANG", i18n.DEFAULT_LANGUAGE)
    return lang if lang in i18n.UI_LANGUAGES else i18n.DEFAULT_LANGUAGE


def _language_given(argv: Sequence[str] | None) -> bool:
    """Whether ``--lang`` is on the command line: it wins over the user's own language for this run."""
    words = list(sys.argv[1:] if argv is None else argv)
    return any(word == "--lang" or word.startswith("--lang=") for word in words)


class NoPassphrase(Exception):
    """There is no terminal to ask the passphrase on and none was given; the message says what to do."""


def read_passphrase(source: str | None = None) -> str:
    """The passphrase: from --passphrase-file *source* (``-``: standard input), else KOTO_PASSPHRASE,
    else a prompt on the terminal that does not echo."""
    if source is not None:
        return passphrase_from_file(source)
    env = os.environ.get("KOTO_PASSPHRASE")
    if env is not None:
        return env
    if not sys.stdin.isatty():
        raise NoPassphrase(_("there is no terminal to ask the passphrase on: run the command in a "
                             "terminal, or give --passphrase-file for a script."))
    try:
        return getpass.getpass(_("Passphrase: "))
    except EOFError:
        raise NoPassphrase(_("no passphrase was given.")) from None
    except KeyboardInterrupt:
        sys.stderr.write("\n")  # echo is off: end the prompt's line before "Interrupted."
        raise


def passphrase_from_file(source: str) -> str:
    """The first line of the file *source* (or of standard input for ``-``), without its line end.

    On POSIX a file that other users may read or write is refused, as ssh refuses such a private key.
    """
    if source == "-":
        line = sys.stdin.readline()
    else:
        path = Path(source).expanduser()
        try:
            if os.name == "posix" and path.stat().st_mode & 0o077:
                raise NoPassphrase(_("{path} can be read or changed by other users: make it private with "
                                     "chmod 600 {path}.").format(path=path))
            with path.open(encoding="utf-8") as handle:
                line = handle.readline()
        except (OSError, UnicodeDecodeError) as exc:
            raise NoPassphrase(_("the passphrase file {path} cannot be read: {reason}").format(
                path=path, reason=getattr(exc, "strerror", None) or type(exc).__name__)) from None
    passphrase = line.rstrip("\r\n")
    if not passphrase:
        raise NoPassphrase(_("no passphrase was given."))
    return passphrase


if __name__ == "__main__":  # pragma: no cover
    # Run the imported module, not this __main__ copy, so that its exception classes are the ones raised.
    from koto_tui import cli

    sys.exit(cli.main())
