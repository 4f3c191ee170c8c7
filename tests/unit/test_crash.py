"""Crash details hold types and stack positions only; the command line never prints a traceback."""

from __future__ import annotations

import errno
import stat
from pathlib import Path

import pytest

from koto_tui import cli, commands, crash

SECRET = "Коваленко-131052A308T"


def _raise_with_secret_in_scope() -> None:
    client_name = SECRET  # noqa: F841 - a local variable that must never be written anywhere
    try:
        {}[SECRET]
    except KeyError as exc:
        raise ValueError(f"could not save {SECRET}") from exc


def _caught() -> BaseException:
    try:
        _raise_with_secret_in_scope()
    except ValueError as exc:
        return exc
    raise AssertionError("did not raise")


def test_details_hold_types_and_frames_but_no_message_or_value(tmp_path: Path) -> None:
    path = crash.write_details(tmp_path, _caught())
    assert path is not None and stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert "builtins.ValueError" in text and "builtins.KeyError" in text
    assert "_raise_with_secret_in_scope" in text
    assert SECRET not in text and "Коваленко" not in text and "client_name" not in text


def test_only_the_newest_details_files_are_kept(tmp_path: Path) -> None:
    for _ in range(crash.KEEP_FILES + 5):
        crash.write_details(tmp_path, _caught())
    assert len(list((tmp_path / crash.CRASH_DIR).iterdir())) == crash.KEEP_FILES


def test_a_failing_command_prints_one_line_and_exits_70(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    def failing(args: object) -> int:
        _raise_with_secret_in_scope()
        return 0

    monkeypatch.setattr(commands, "list_clients", failing)
    status = cli.main(["clients", "--data-dir", str(tmp_path), "--lang", "en"])
    out = capsys.readouterr()
    assert status == crash.EXIT_CRASH
    assert out.out == ""
    assert out.err.startswith("koto stopped because of an internal error; nothing saved was lost; details: ")
    assert SECRET not in out.err and "Traceback" not in out.err
    assert len(list((tmp_path / crash.CRASH_DIR).iterdir())) == 1


class _ClosedPipe:
    """stdout whose reader has gone away (`koto ... | head`)."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        raise OSError("no file descriptor")


def test_a_closed_pipe_is_not_an_internal_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KOTO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("sys.stdout", _ClosedPipe())
    status = cli.main(["--lang", "en", "forms", "check"])
    assert status == crash.EXIT_PIPE_CLOSED == 141
    assert capsys.readouterr().err == ""  # no "internal error" line, no details file
    assert not (tmp_path / "data" / "crashes").exists()


class _ClosedTerminal:
    """A terminal whose window was closed: every write fails with EIO."""

    def write(self, text: str) -> int:
        raise OSError(errno.EIO, "Input/output error")

    def flush(self) -> None:
        raise OSError(errno.EIO, "Input/output error")


def test_the_terminal_going_away_is_not_an_internal_error(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    # Textual's output thread failing on a closed window was reported as a crash, and koto kept running
    # with the data directory locked; now koto's callback (write what is pending, end) is called instead.
    import threading

    from textual.drivers._writer_thread import WriterThread

    gone: list[bool] = []
    hook = threading.excepthook
    try:
        crash.install_hooks(lambda: tmp_path)
        crash.on_terminal_gone(lambda: gone.append(True))
        writer = WriterThread(_ClosedTerminal())  # type: ignore[arg-type]
        writer.start()
        writer.write("\x1b[?1049l")
        writer.join(timeout=10)
    finally:
        threading.excepthook = hook
        crash.on_terminal_gone(lambda: None)
    assert gone == [True]
    assert not (tmp_path / "crashes").exists()
    assert capsys.readouterr().err == ""


def test_an_io_error_elsewhere_is_still_reported(tmp_path: Path) -> None:
    def failing() -> None:
        raise OSError(errno.EIO, "Input/output error")

    try:
        failing()
    except OSError as exc:
        # a disk's EIO in koto's own code is not the terminal going away
        assert not crash.terminal_gone(exc, exc.__traceback__)
