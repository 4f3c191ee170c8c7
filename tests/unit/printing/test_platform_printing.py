"""Printing without lp: the configured print command (any system) and Windows' print verb."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import pytest

from koto_tui.printing import platform
from koto_tui.printing.printer import PrinterError, send_to_printer


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "KOTO-2026-000001 20261127.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    return path


@pytest.fixture
def no_lp(monkeypatch: pytest.MonkeyPatch) -> None:
    """lp must not be looked for: the other ways come first."""
    def refuse(name: str) -> None:
        raise AssertionError(f"looked for {name}")
    monkeypatch.setattr("koto_tui.printing.printer.shutil.which", refuse)


def test_print_command_gets_file_and_printer_as_single_arguments(
        pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_lp: None) -> None:
    seen = tmp_path / "seen.txt"
    script = tmp_path / "fake_print.py"
    script.write_text("import sys\nopen(sys.argv[1], 'w', encoding='utf-8').write('\\n'.join(sys.argv[2:]))\n"
                      "print('job 7 queued')\n", encoding="utf-8")
    template = f"{shlex.quote(sys.executable)} {shlex.quote(str(script))} {shlex.quote(str(seen))} " \
               "--to {printer} {file}"
    monkeypatch.setenv(platform.PRINT_COMMAND, template)
    printer = "Office printer; rm -rf ~"
    assert send_to_printer(pdf, printer) == "job 7 queued"
    assert seen.read_text(encoding="utf-8").splitlines() == ["--to", printer, str(pdf)]


def test_a_failing_print_command_is_a_clear_error(pdf: Path, monkeypatch: pytest.MonkeyPatch,
                                                  no_lp: None) -> None:
    command = f"{shlex.quote(sys.executable)} -c \"import sys; sys.exit('paper jam')\" {{file}}"
    monkeypatch.setenv(platform.PRINT_COMMAND, command)
    with pytest.raises(PrinterError, match="paper jam"):
        send_to_printer(pdf, "office")


def test_an_unreadable_print_command(pdf: Path, monkeypatch: pytest.MonkeyPatch, no_lp: None) -> None:
    monkeypatch.setenv(platform.PRINT_COMMAND, 'print "unclosed')
    with pytest.raises(PrinterError, match=platform.PRINT_COMMAND):
        send_to_printer(pdf, "office")


def test_windows_words_keep_backslashes_and_drop_quotes(monkeypatch: pytest.MonkeyPatch, pdf: Path) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    template = '"C:\\Program Files\\SumatraPDF\\SumatraPDF.exe" -print-to {printer} -silent {file}'
    words = platform.command_words(template, pdf, "\\\\server\\HP LaserJet")
    assert words == ["C:\\Program Files\\SumatraPDF\\SumatraPDF.exe", "-print-to", "\\\\server\\HP LaserJet",
                     "-silent", str(pdf)]


def test_windows_hands_the_pdf_to_the_printto_verb(monkeypatch: pytest.MonkeyPatch, pdf: Path,
                                                   no_lp: None) -> None:
    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "startfile", lambda *args: calls.append(args), raising=False)
    assert send_to_printer(pdf, "HP LaserJet 4000") != ""
    assert calls == [(str(pdf), "printto", '"HP LaserJet 4000"')]
    calls.clear()
    platform.print_on_windows(pdf, "")
    assert calls == [(str(pdf), "print")]


def test_windows_without_a_print_handler_says_what_to_do(monkeypatch: pytest.MonkeyPatch, pdf: Path) -> None:
    def no_handler(*_args: str) -> None:
        raise OSError(1155, "No application is associated with the specified file")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "startfile", no_handler, raising=False)
    with pytest.raises(PrinterError, match=platform.PRINT_COMMAND):
        send_to_printer(pdf, "office")


def test_linux_and_macos_still_use_lp(monkeypatch: pytest.MonkeyPatch, pdf: Path) -> None:
    for name in ("linux", "darwin"):
        monkeypatch.setattr(sys, "platform", name)
        monkeypatch.delenv(platform.PRINT_COMMAND, raising=False)
        assert platform.send_elsewhere(pdf, "office") is None
