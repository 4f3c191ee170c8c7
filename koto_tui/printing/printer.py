"""Printing a saved PDF on a printer through CUPS' ``lp``, and listing the printers ``lpstat`` knows.

The PDF is passed to ``lp`` as a file argument (no shell, fixed arguments, a time limit). File names
carry the document id and a timestamp, never the client's name, so lp's own messages may be shown.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from koto_tui.i18n import _

TIMEOUT = 30.0
"""Seconds to wait for lp or lpstat; a print system that does not answer in this time has failed."""

#: What a child process (lp, lpstat, a configured print command) inherits of koto's environment: what
#: it needs to find programs, the print server and the user's files, and nothing else (never
#: KOTO_PASSPHRASE). Windows needs SYSTEMROOT and friends to start any program at all.
_CHILD_VARIABLES = frozenset({
    "PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ", "TMPDIR",
    "CUPS_SERVER", "CUPS_USER", "CUPS_ENCRYPTION", "CUPS_GSSSERVICENAME", "IPP_PORT", "PRINTER", "LPDEST",
    "SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "COMSPEC", "PATHEXT", "TEMP", "TMP", "USERPROFILE",
})


class PrinterError(Exception):
    """Printing failed; the message is translated and says what to do."""


def send_to_printer(path: Path, printer: str) -> str:
    """Queue the PDF at *path* on *printer* with ``lp -d <printer> -- <path>`` and return lp's job line.

    Raises :class:`PrinterError` when lp is not installed, the printer is not known, or lp fails.
    A configured print command or Windows' print verb comes first (koto_tui/printing/platform.py).
    """
    from koto_tui.printing.platform import send_elsewhere

    if (elsewhere := send_elsewhere(path, printer)) is not None:
        return elsewhere
    lp = shutil.which("lp")
    if lp is None:
        raise PrinterError(
            _("Printing needs the lp command (CUPS), which is not installed. Save the PDF instead.")
        )
    if not _valid_name(printer) or ((known := printers()) and printer not in known):
        raise _unknown(printer)
    done = _run([lp, "-d", printer, "--", str(path)])
    if done.returncode != 0:
        detail = _first_line(done.stderr) or _first_line(done.stdout)
        if "does not exist" in detail or "Unknown destination" in detail:
            raise _unknown(printer)
        message = _("The printer did not accept the document: {detail}")
        raise PrinterError(message.format(detail=detail or "lp"))
    return _first_line(done.stdout)


def _unknown(printer: str) -> PrinterError:
    """The error for a printer name the print system does not know."""
    return PrinterError(_("The printer {printer} is not known to this computer.").format(printer=printer))


def printers() -> list[str]:
    """The printers (destinations) lpstat lists, or an empty list when there is no lpstat or it fails."""
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return []
    try:
        done = _run([lpstat, "-e"])
    except PrinterError:
        return []
    if done.returncode != 0:
        return []
    return [line.strip() for line in done.stdout.splitlines() if _valid_name(line.strip())]


def child_environment() -> dict[str, str]:
    """A minimal environment for a program koto starts: see :data:`_CHILD_VARIABLES`, plus LC_*."""
    return {name: value for name, value in os.environ.items()
            if name.upper() in _CHILD_VARIABLES or name.startswith("LC_")}


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run *command* without a shell within :data:`TIMEOUT`, its messages in English (they are matched),
    with a clean environment (no passphrase or other secret of koto's is passed on)."""
    env = {**child_environment(), "LC_ALL": "C"}
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False, env=env)
    except subprocess.TimeoutExpired as error:
        message = _("The print system did not answer in time. Try again or save the PDF.")
        raise PrinterError(message) from error
    except OSError as error:
        message = _("The print system could not be started: {reason}")
        raise PrinterError(message.format(reason=error.strerror or str(error))) from error


def _valid_name(name: str) -> bool:
    """Whether *name* can be a CUPS destination: printable, no spaces, slashes or '#', not an option."""
    return (
        0 < len(name) <= 127
        and not name.startswith("-")
        and name.isprintable()
        and not any(char.isspace() or char in "/#" for char in name)
    )


def _first_line(text: str) -> str:
    """The first non-empty line of *text*, stripped."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")
