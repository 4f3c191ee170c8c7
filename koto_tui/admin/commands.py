"""`koto data path|init|check`, `koto backup` and `koto restore`: each does one thing and says what it did."""

from __future__ import annotations

import argparse
import sys

from koto_tui.config import config_dir
from koto_tui.i18n import _

EXIT_ERROR = 1


def _err(message: str) -> int:
    sys.stderr.write(_("koto: {message}").format(message=message) + "\n")
    return EXIT_ERROR


def data_command(args: argparse.Namespace) -> int:
    """`koto data path|init|check`."""
    handlers = {"path": data_path, "init": data_init, "check": data_check}
    return handlers[args.data_command](args)


def data_path(args: argparse.Namespace) -> int:
    """Where the municipality's folder is and where each file in use comes from."""
    from koto_tui.resources import sources

    folder = config_dir()
    state = _("exists") if folder.is_dir() else _("does not exist yet: `koto data init` creates it")
    print(_("Municipality's folder: {path} ({state})").format(path=folder, state=state))
    print(_("Data directory: {path}").format(path=args.data_dir))
    for source in sources():
        where = _("own") if source.own else _("shipped")
        print(f"  {source.name:<22} {where:<10} {source.path}")
    return 0


def data_init(args: argparse.Namespace) -> int:
    """Copy the shipped data files into the municipality's folder, keeping any already there."""
    from koto_tui.admin.data import init_own_data

    try:
        copied, kept = init_own_data(config_dir())
    except OSError as exc:
        return _err(_("could not write to {path}: {reason}").format(path=config_dir(), reason=exc.strerror))
    for path in copied:
        print(_("Copied {path}").format(path=path))
    for path in kept:
        print(_("Kept as it was: {path}").format(path=path))
    print(_("Edit the files in {path}; `koto data check` checks them. Updates never touch them.").format(
        path=config_dir()))
    return 0


def data_check(args: argparse.Namespace) -> int:
    """Check the data files, forms and texts in use; exit 1 when there is any problem."""
    from koto_tui.admin.data import check_data

    problems = check_data(config_dir() / "texts")
    for problem in problems:
        print(problem)
    if problems:
        return EXIT_ERROR
    print(_("All data files are valid."))
    return 0
