"""Printing where CUPS' ``lp`` is not the way: a configured print command, or Windows' print verb.

``KOTO_PRINT_COMMAND`` (any system) names the program and its arguments, with ``{file}`` and ``{printer}``
standing for the PDF and the printer setting, e.g.
``"C:\\Program Files\\SumatraPDF\\SumatraPDF.exe" -print-to {printer} -silent {file}``.
It runs without a shell, so a printer name or a path is always one argument and never a command.
Without it, Windows hands the PDF to the default PDF application's ``printto`` verb (``print`` when no printer
is named); Linux and macOS use ``lp`` (koto_tui/printing/printer.py).
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from koto_tui.i18n import _
from koto_tui.printing.printer import PrinterError, _first_line, _run

PRINT_COMMAND = "KOTO_PRINT_COMMAND"


def is_windows() -> bool:
    """Whether koto runs on Windows (patched in tests)."""
    return sys.platform == "win32"


def send_elsewhere(path: Path, printer: str) -> str | None:
    """Print *path* by the configured command or on Windows; None when ``lp`` should do it."""
    template = os.environ.get(PRINT_COMMAND, "").strip()
    if template:
        return run_print_command(template, path, printer)
    if is_windows():
        return print_on_windows(path, printer)
    return None


def command_words(template: str, path: Path, printer: str) -> list[str]:
    """The words of *template* with ``{file}`` and ``{printer}`` put in, each staying one argument."""
    words = shlex.split(template, posix=not is_windows())
    if is_windows():
        words = [word[1:-1] if len(word) > 1 and word[0] == word[-1] == '"' else word for word in words]
    return [word.replace("{file}", str(path)).replace("{printer}", printer) for word in words]


def run_print_command(template: str, path: Path, printer: str) -> str:
    """Run the configured print command on *path*; raises :class:`PrinterError` when it fails."""
    try:
        words = command_words(template, path, printer)
    except ValueError as exc:
        raise PrinterError(_("The print command ({name}) cannot be read: {reason}").format(
            name=PRINT_COMMAND, reason=exc)) from None
    if not words:
        raise PrinterError(_("The print command ({name}) is empty.").format(name=PRINT_COMMAND))
    done = _run(words)
    if done.returncode != 0:
        detail = _first_line(done.stderr) or _first_line(done.stdout) or str(done.returncode)
        raise PrinterError(_("The printer did not accept the document: {detail}").format(detail=detail))
    return _first_line(done.stdout) or _("print command run")


def print_on_windows(path: Path, printer: str) -> str:
    """Hand *path* to the default PDF application's print verb (``printto`` for a named printer)."""
    startfile = getattr(os, "startfile", None)
    if startfile is None:
        raise PrinterError(_("This system cannot hand the PDF to a printer. Save the PDF instead."))
    try:
        if printer:
            startfile(str(path), "printto", f'"{printer}"')
        else:
            startfile(str(path), "print")
    except OSError as exc:
        raise PrinterError(_("The default PDF application could not print ({reason}). Set {name} "
                             "(docs/admin.md) or save the PDF.").format(
            reason=exc.strerror or exc, name=PRINT_COMMAND)) from None
    return _("handed to the default PDF application")
