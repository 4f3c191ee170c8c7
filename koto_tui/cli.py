"""Command line: `koto` (the app), `koto demo`, `clients`, `print`, `export`, `import`, `report`, `forms`."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from koto_tui import i18n
from koto_tui.i18n import _

EXIT_USAGE = 2


def default_data_dir() -> Path:
    """KOTO_DATA_DIR, or the user data directory of this operating system."""
    env = os.environ.get("KOTO_DATA_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("koto", appauthor=False))


def _parser() -> argparse.ArgumentParser:
    # SUPPRESS: an option given before the subcommand is not reset by the subcommand's default.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                        help=_("data directory (default: KOTO_DATA_DIR or the user data directory)"))
    common.add_argument("--lang", choices=i18n.UI_LANGUAGES, default=argparse.SUPPRESS,
                        help=_("user interface language (default: fi)"))
    parser = argparse.ArgumentParser(prog="koto", parents=[common],
                                     description=_("koto: assessment interviews and printouts for "
                                                   "integration counsellors, offline."))
    sub = parser.add_subparsers(dest="command")
    demo = sub.add_parser("demo", parents=[common], help=_("open the demo database (passphrase: demo)"))
    demo.add_argument("--seed-only", action="store_true", help=_("create the demo database and exit"))
    clients = sub.add_parser("clients", parents=[common], help=_("list clients and their interviews"))
    clients.add_argument("--demo", action="store_true", help=_("use the demo database"))
    pr = sub.add_parser("print", parents=[common], help=_("print an interview to a PDF file"))
    pr.add_argument("--interview", type=int, required=True, help=_("interview id (see `koto clients`)"))
    pr.add_argument("--out", type=Path, default=None, help=_("PDF file to write"))
    pr.add_argument("--with-identity-code", action="store_true",
                    help=_("print the identity code too"))
    pr.add_argument("--demo", action="store_true", help=_("use the demo database"))
    _exchange_parsers(sub, common)
    forms = sub.add_parser("forms", parents=[common], help=_("check interview templates"))
    forms_sub = forms.add_subparsers(dest="forms_command", required=True)
    check = forms_sub.add_parser("check", parents=[common], help=_("check form files for errors"))
    check.add_argument("paths", nargs="*", type=Path, help=_("files or folders (default: the shipped forms)"))
    return parser


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
    ex = sub.add_parser("export", parents=[common], help=_("export records toward KOTO-AJ (docs/export.md)"))
    ex.add_argument("--client", type=int, default=None, help=_("only this client (default: every client)"))
    ex.add_argument("--out", type=Path, default=None, help=_("file to write (default: exports/ in the data "
                                                             "directory)"))
    ex.add_argument("--all", action="store_true", dest="include_unchanged",
                    help=_("export records again even when unchanged since their last export"))
    ex.add_argument("--seal", action="store_const", const=True, default=None,
                    help=_("seal with the receiving office's public key (default: when one is set)"))
    ex.add_argument("--no-seal", action="store_const", const=False, dest="seal", help=_("do not seal"))
    ex.add_argument("--dry-run", action="store_true", help=_("only show what would be exported and why "
                                                             "the rest stays"))
    ex.add_argument("--receiver-key", metavar="KEY", default=None,
                    help=_("store the receiving office's public key (koto-x25519:…), as in the settings"))
    ex.add_argument("--log", action="store_true", help=_("list the earlier exports and imports"))
    ex.add_argument("--mark-entered", metavar="UID", action="append", default=[],
                    help=_("mark an exported record as entered into KOTO-AJ (repeatable)"))
    ex.add_argument("--entered-on", type=_date, default=None, help=_("the day it was entered (default: "
                                                                    "today)"))
    ex.add_argument("--demo", action="store_true", help=_("use the demo database"))
    imp = sub.add_parser("import", parents=[common], help=_("import an export made by another koto"))
    imp.add_argument("file", nargs="?", type=Path, default=None, help=_("the export file (sealed or not)"))
    imp.add_argument("--show-key", action="store_true",
                     help=_("print this database's public receiving key (made on first use)"))
    imp.add_argument("--demo", action="store_true", help=_("use the demo database"))
    rep = sub.add_parser("report", parents=[common], help=_("the integration programme's follow-up report"))
    rep.add_argument("--year", type=int, default=None, help=_("calendar year (default: this year)"))
    rep.add_argument("--from", dest="start", type=_date, default=None, help=_("first day of the period"))
    rep.add_argument("--to", dest="end", type=_date, default=None, help=_("last day of the period"))
    rep.add_argument("--csv", type=Path, default=None,
                     help=_("write the tables as CSV (Finnish spreadsheets)"))
    rep.add_argument("--pdf", type=Path, default=None, help=_("write the report as PDF"))
    rep.add_argument("--demo", action="store_true", help=_("use the demo database"))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `koto` console script."""
    i18n.set_language(_language_from(argv))
    i18n.translate_argparse()
    args = _parser().parse_args(argv)
    command = args.command or "app"
    if command == "forms":
        from koto_tui.commands import forms_check

        return forms_check(args.paths)
    from koto_tui import commands

    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "app": commands.run_app, "demo": commands.run_demo,
        "clients": commands.list_clients, "print": commands.print_interview,
        "export": commands.export, "import": commands.import_export, "report": commands.report,
    }
    args.data_dir = getattr(args, "data_dir", None) or default_data_dir()
    return handlers[command](args)


def _language_from(argv: Sequence[str] | None) -> str:
    """The UI language must be set before any translated text (help, bindings) is built."""
    words = list(sys.argv[1:] if argv is None else argv)
    for index, word in enumerate(words):
        if word.startswith("--lang="):
            return word.split("=", 1)[1]
        if word == "--lang" and index + 1 < len(words):
            return words[index + 1]
    lang = os.environ.get("KOTO_LANG", i18n.DEFAULT_LANGUAGE)
    return lang if lang in i18n.UI_LANGUAGES else i18n.DEFAULT_LANGUAGE


def read_passphrase() -> str:
    """KOTO_PASSPHRASE when set (scripted use), otherwise a prompt that does not echo."""
    env = os.environ.get("KOTO_PASSPHRASE")
    if env is not None:
        return env
    return getpass.getpass(_("Passphrase: "))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
