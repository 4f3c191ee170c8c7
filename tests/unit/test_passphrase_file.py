"""`--passphrase-file PATH` (and `-` for standard input) for every command that unlocks."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from koto_tui.cli import EXIT_USAGE, main
from koto_tui.model import Profile
from koto_tui.store import DataPaths, Store

PASSPHRASE = "oikea hevonen patteri"
PROFILE = Profile("Maija Meikäläinen", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut",
                  "Mikkeli")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database with no client; no passphrase in the environment."""
    monkeypatch.delenv("KOTO_PASSPHRASE", raising=False)
    Store.create(DataPaths(tmp_path / "data"), PROFILE, PASSPHRASE).close()
    return tmp_path / "data"


def _private(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_the_passphrase_comes_from_a_private_file(data_dir: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    secret = _private(tmp_path / "pass", PASSPHRASE + "\n" + "the second line is ignored\n")
    assert main(["clients", "--data-dir", str(data_dir), "--passphrase-file", str(secret)]) == 0
    assert capsys.readouterr().err == ""


def test_the_file_wins_over_the_environment(data_dir: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOTO_PASSPHRASE", "väärä")
    secret = _private(tmp_path / "pass", PASSPHRASE + "\r\n")
    assert main(["clients", "--data-dir", str(data_dir), "--passphrase-file", str(secret)]) == 0


def test_a_dash_reads_the_first_line_of_standard_input(data_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSPHRASE + "\nmore\n"))
    assert main(["worklist", "--data-dir", str(data_dir), "--passphrase-file", "-"]) == 0


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620])
def test_a_file_other_users_can_read_is_refused(data_dir: Path, tmp_path: Path, mode: int,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    secret = _private(tmp_path / "pass", PASSPHRASE, mode)
    assert main(["clients", "--data-dir", str(data_dir), "--passphrase-file", str(secret)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"chmod 600 {secret}" in err and PASSPHRASE not in err


def test_a_missing_or_empty_file_is_a_clear_message(data_dir: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clients", "--data-dir", str(data_dir), "--passphrase-file", str(tmp_path / "nope")]) == 2
    assert "nope" in capsys.readouterr().err
    empty = _private(tmp_path / "empty", "\n")
    assert main(["clients", "--data-dir", str(data_dir), "--passphrase-file", str(empty)]) == 2
    assert capsys.readouterr().err.startswith("koto: ")


def test_a_wrong_passphrase_in_the_file_is_refused(data_dir: Path, tmp_path: Path) -> None:
    secret = _private(tmp_path / "pass", "väärä tunnuslause\n")
    assert main(["clients", "--data-dir", str(data_dir), "--passphrase-file", str(secret)]) == 1


def test_every_unlocking_command_takes_the_option() -> None:
    from koto_tui.cli import _parser

    parser = _parser()
    for command in (["clients"], ["worklist"], ["print", "--interview", "1"], ["restore", "x.zip"]):
        args = parser.parse_args([*command, "--passphrase-file", "p"])
        assert args.passphrase_file == "p", command
