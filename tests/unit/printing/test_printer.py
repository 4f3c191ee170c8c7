"""Printing through lp: the command line it runs, its job line, and clear errors (with a fake lp on PATH)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from koto_tui.i18n import set_language
from koto_tui.printing import printer
from koto_tui.printing.printer import PrinterError, printers, send_to_printer

FAKE_LP = """#!/bin/sh
printf '%s\\n' "$@" > "{log}"
case "$2" in
  Toimisto) echo "request id is Toimisto-42 (1 file(s))";;
  Jumissa) sleep 5;;
  Rikki) echo "lp: Unable to print file: client-error-document-format-not-supported" >&2; exit 1;;
  *) echo "lp: The printer or class does not exist." >&2; exit 1;;
esac
"""
FAKE_LPSTAT = """#!/bin/sh
[ "$1" = "-e" ] || exit 2
{body}
"""


def install(directory: Path, name: str, script: str) -> None:
    """Write an executable shell script *name* into *directory*."""
    path = directory / name
    path.write_text(script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An otherwise empty directory that is the whole PATH (so the machine's own lp is never run)."""
    directory = tmp_path / "bin"
    directory.mkdir()
    monkeypatch.setenv("PATH", str(directory))
    return directory


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    """A file to print whose name starts with a dash, as an option would."""
    path = tmp_path / "-KOTO-2026-000123-20261127-103000.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    return path


def test_sends_the_file_and_returns_the_job_line(bin_dir: Path, pdf: Path, tmp_path: Path) -> None:
    log = tmp_path / "lp-args"
    install(bin_dir, "lp", FAKE_LP.format(log=log))
    assert send_to_printer(pdf, "Toimisto") == "request id is Toimisto-42 (1 file(s))"
    assert log.read_text().splitlines() == ["-d", "Toimisto", "--", str(pdf)]


def test_lp_failure_is_a_clear_error(bin_dir: Path, pdf: Path, tmp_path: Path) -> None:
    set_language("en")
    install(bin_dir, "lp", FAKE_LP.format(log=tmp_path / "log"))
    with pytest.raises(PrinterError) as caught:
        send_to_printer(pdf, "Rikki")
    assert str(caught.value) == (
        "The printer did not accept the document: "
        "lp: Unable to print file: client-error-document-format-not-supported"
    )


def test_unknown_printer_reported_by_lp(bin_dir: Path, pdf: Path, tmp_path: Path) -> None:
    set_language("en")
    install(bin_dir, "lp", FAKE_LP.format(log=tmp_path / "log"))
    with pytest.raises(PrinterError, match=r"^The printer Kellari is not known to this computer\.$"):
        send_to_printer(pdf, "Kellari")


def test_unknown_printer_found_by_lpstat_before_lp_runs(bin_dir: Path, pdf: Path, tmp_path: Path) -> None:
    log = tmp_path / "lp-args"
    install(bin_dir, "lp", FAKE_LP.format(log=log))
    install(bin_dir, "lpstat", FAKE_LPSTAT.format(body="echo Toimisto; echo Neuvonta"))
    with pytest.raises(PrinterError):
        send_to_printer(pdf, "Kellari")
    assert not log.exists()
    send_to_printer(pdf, "Toimisto")
    assert log.exists()


@pytest.mark.parametrize("name", ["", "-o", "a b", "a/b", "a#b", "x\n-d", "x" * 128])
def test_names_that_cannot_be_printers_never_reach_lp(
    bin_dir: Path, pdf: Path, tmp_path: Path, name: str
) -> None:
    log = tmp_path / "lp-args"
    install(bin_dir, "lp", FAKE_LP.format(log=log))
    with pytest.raises(PrinterError):
        send_to_printer(pdf, name)
    assert not log.exists()


def test_missing_lp_is_a_clear_error(bin_dir: Path, pdf: Path) -> None:
    with pytest.raises(PrinterError) as caught:
        send_to_printer(pdf, "Toimisto")
    assert "lp" in str(caught.value)
    assert str(caught.value).startswith("Tulostamiseen")  # the Finnish UI


def test_print_system_that_hangs_times_out(
    bin_dir: Path, pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(bin_dir, "lp", FAKE_LP.format(log=tmp_path / "log"))
    monkeypatch.setattr(printer, "TIMEOUT", 0.2)
    with pytest.raises(PrinterError):
        send_to_printer(pdf, "Jumissa")


def test_printers_from_lpstat(bin_dir: Path) -> None:
    assert printers() == []  # no lpstat
    install(bin_dir, "lpstat", FAKE_LPSTAT.format(body="printf 'Toimisto\\n\\nNeuvonta_2\\n'"))
    assert printers() == ["Toimisto", "Neuvonta_2"]
    install(bin_dir, "lpstat", FAKE_LPSTAT.format(body="echo 'lpstat: No destinations added.' >&2; exit 1"))
    assert printers() == []


def test_lp_runs_without_a_shell(bin_dir: Path, tmp_path: Path) -> None:
    log = tmp_path / "lp-args"
    install(bin_dir, "lp", FAKE_LP.format(log=log))
    odd = tmp_path / "$(touch pwned); `id`.pdf"
    odd.write_bytes(b"%PDF")
    send_to_printer(odd, "Toimisto")
    assert log.read_text().splitlines()[-1] == str(odd)
    assert not (Path(os.getcwd()) / "pwned").exists()


DUMPING_LP = """#!/bin/sh
/usr/bin/env > "{log}"
echo "request id is Toimisto-43 (1 file(s))"
"""


def test_lp_gets_a_clean_environment_without_the_passphrase(bin_dir: Path, pdf: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "lp-env"
    install(bin_dir, "lp", DUMPING_LP.format(log=log))
    monkeypatch.setenv("KOTO_PASSPHRASE", "kaisan oma tunnuslause")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "sekret")
    monkeypatch.setenv("CUPS_SERVER", "tulostin.mikkeli.fi")
    monkeypatch.setenv("LC_TIME", "fi_FI.UTF-8")
    monkeypatch.setenv("HOME", str(tmp_path))
    send_to_printer(pdf, "Toimisto")
    seen = dict(line.split("=", 1) for line in log.read_text().splitlines() if "=" in line)
    assert "kaisan oma tunnuslause" not in log.read_text()
    assert "KOTO_PASSPHRASE" not in seen and "AWS_SECRET_ACCESS_KEY" not in seen
    assert seen["CUPS_SERVER"] == "tulostin.mikkeli.fi" and seen["LC_TIME"] == "fi_FI.UTF-8"
    assert seen["PATH"] == str(bin_dir) and seen["HOME"] == str(tmp_path) and seen["LC_ALL"] == "C"
    assert set(seen) - {"PWD", "SHLVL", "_"} <= set(printer.child_environment()) | {"LC_ALL"}
