"""`koto completion SHELL` prints a static script generated from the parser: every subcommand is in it."""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

import pytest

from koto_tui.cli import COMPLETION_SHELLS, _parser, main


def subcommands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    """Every subcommand, nested ones as 'data init'."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found += [prefix + name, *subcommands(child, prefix + name + " ")]
    return found


def script(shell: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["completion", shell]) == 0
    return capsys.readouterr().out


def test_the_bash_script_names_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    bash = script("bash", capsys)
    names = subcommands(_parser())
    assert {"backup", "restore", "data init", "senders add", "completion"} <= set(names)
    for name in names:
        *parents, last = name.split()
        listed = f"_shtab_koto{''.join('_' + p for p in parents)}_subparsers=("
        assert listed in bash and last in bash.split(listed)[1].split(")")[0].split(), name


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash on this machine")
def test_bash_completes_subcommands_and_options(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "koto.bash").write_text(script("bash", capsys))
    probe = ('source "$1"; COMP_WORDS=(koto resto); COMP_CWORD=1; _shtab_koto; echo "${COMPREPLY[@]}"; '
             'COMP_WORDS=(koto backup --o); COMP_CWORD=2; _shtab_koto; echo "${COMPREPLY[@]}"')
    done = subprocess.run(["bash", "-c", probe, "bash", str(tmp_path / "koto.bash")],  # noqa: S607
                          capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["restore", "--out"]


@pytest.mark.parametrize("shell", COMPLETION_SHELLS)
def test_every_shell_gets_a_script_with_the_subcommands_and_file_names(
        shell: str, capsys: pytest.CaptureFixture[str]) -> None:
    text = script(shell, capsys)
    assert "koto" in text and "backup" in text and "worklist" in text
    files = {"bash": "_shtab_compgen_files", "zsh": "_files", "fish": "__fish_complete_path",
             "powershell": "_shtab_powershell_compgen_files"}[shell]
    assert files in text  # --out, --data-dir and the other paths complete file names


def test_an_unknown_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--lang", "en", "completion", "cmd.exe"])
    assert exited.value.code == 2 and "invalid choice" in capsys.readouterr().err
