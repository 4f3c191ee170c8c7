"""`koto data path|init|check`, `koto backup` and `koto restore`: each does one thing and says what it did."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from koto_tui.config import config_dir
from koto_tui.i18n import _
from koto_tui.text import printable, shown

if TYPE_CHECKING:
    from koto_tui.admin.backup import Manifest
    from koto_tui.store import DataPaths

EXIT_ERROR = 1


def _err(message: str) -> int:
    sys.stderr.write(_("koto: {message}").format(message=shown(message)) + "\n")
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
    print(_("Municipality's folder: {path} ({state})").format(path=printable(folder), state=state))
    print(_("Data directory: {path}").format(path=printable(args.data_dir)))
    for source in sources():
        where = _("own") if source.own else _("shipped")
        print(f"  {source.name:<22} {where:<10} {printable(source.path)}")
    return 0


def data_init(args: argparse.Namespace) -> int:
    """Copy the shipped data files into the municipality's folder, keeping any already there."""
    from koto_tui.admin.data import init_own_data

    try:
        copied, kept = init_own_data(config_dir())
    except OSError as exc:
        return _err(_("could not write to {path}: {reason}").format(path=config_dir(), reason=exc.strerror))
    for path in copied:
        print(_("Copied {path}").format(path=printable(path)))
    for path in kept:
        print(_("Kept as it was: {path}").format(path=printable(path)))
    print(_("Edit the files in {path}; `koto data check` checks them. Updates never touch them.").format(
        path=config_dir()))
    return 0


def data_check(args: argparse.Namespace) -> int:
    """Check the data files, forms and texts in use; exit 1 when there is any problem."""
    from koto_tui.admin.data import check_data

    problems = check_data(config_dir() / "texts")
    for problem in problems:
        print(shown(str(problem)))
    if problems:
        return EXIT_ERROR
    print(_("All data files are valid."))
    return 0


def backup(args: argparse.Namespace) -> int:
    """`koto backup [--out FILE]`: a verified, still encrypted copy of the database and its key file."""
    from koto_tui.admin.backup import BackupError
    from koto_tui.admin.take import default_path, take_backup
    from koto_tui.commands import CommandFailed, _paths, opened_store

    out = Path(args.out) if args.out else default_path(_paths(args))
    try:
        with opened_store(args) as store:
            taken = take_backup(store, out)
    except (CommandFailed, BackupError) as exc:
        return _err(str(exc))
    print(_("Backup written to {path} (koto {version}, checked by opening it).").format(
        path=printable(taken.path), version=taken.manifest.koto))
    print(_("Keep it off this laptop; it opens only with a passphrase that opens the database now."))
    return 0


def restore(args: argparse.Namespace) -> int:
    """`koto restore FILE`: check the backup, keep the current files aside, put the backup in their place."""
    from koto_tui.admin.backup import BackupError, check_not_newer, read_manifest
    from koto_tui.commands import _paths
    from koto_tui.messages import describe_error, store_error_message
    from koto_tui.store import AlreadyOpen, lock_data_dir
    from koto_tui.store.migrations import known_migrations

    paths = _paths(args)
    try:
        manifest = read_manifest(args.file)
        check_not_newer(manifest, known_migrations())
        lock = lock_data_dir(paths)
    except BackupError as exc:
        return _err(str(exc))
    except (AlreadyOpen, OSError) as exc:
        return _err(store_error_message(exc, paths))
    try:
        aside = _put_back_checked(args.file, manifest, paths, getattr(args, "passphrase_file", None))
    except BackupError as exc:
        return _err(str(exc))
    except OSError as exc:
        return _err(_("could not restore: {reason}").format(reason=describe_error(exc)))
    finally:
        lock.release()
    print(_("Restored the backup of {at} (koto {version}) into {path}.").format(
        at=manifest.created_at.replace("T", " ")[:16], version=manifest.koto, path=printable(paths.root)))
    if aside is not None:
        print(_("The files that were there are kept in {path}.").format(path=printable(aside)))
    return 0


def _put_back_checked(file: Path, manifest: Manifest, paths: DataPaths,
                      passphrase_file: str | None = None) -> Path | None:
    """Unpack and open the backup beside the data, then swap it in; returns where the old files went."""
    from koto_tui.admin.backup import private_temp_dir, put_back, unpack, verify_copy
    from koto_tui.cli import read_passphrase

    with private_temp_dir(paths.root) as work:
        unpack(file, manifest, work)
        verify_copy(work, read_passphrase(passphrase_file))
        return put_back(paths, work)
