"""Global options work before and after the subcommand."""

from __future__ import annotations

from pathlib import Path

import pytest

from koto_tui.cli import main


@pytest.mark.parametrize("before", [True, False])
def test_data_dir_before_or_after_subcommand(tmp_path: Path, before: bool) -> None:
    data = tmp_path / "here"
    args = ["--data-dir", str(data)]
    argv = [*args, "demo", "--seed-only"] if before else ["demo", "--seed-only", *args]
    assert main(argv) == 0
    assert (data / "demo" / "koto.db").exists()
    assert not (tmp_path / "xdg-data").exists()


PLAIN = [[], ["--data-dir", "/srv/koto"], ["--lang", "sv", "--data-dir=/srv/koto", "--config-dir", "conf",
                                           "--passphrase-file", "-"], ["--data", "/srv/koto", "--lang=en"]]


@pytest.mark.parametrize("argv", PLAIN)
def test_the_app_s_command_line_is_parsed_without_every_subcommand_s_parser(
        argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`koto` with only the common options (how the app starts) is parsed by those options alone: building
    every subcommand's parser took 3-4 ms of the start-up to the unlock screen. The result is the whole
    parser's."""
    from koto_tui import cli, commands

    whole = cli._parser().parse_args(argv)
    started: list[object] = []
    monkeypatch.setattr(cli, "_parser", lambda: pytest.fail("the whole parser was built"))
    monkeypatch.setattr(commands, "run_app", lambda args: started.append(args) or 0)
    monkeypatch.setattr(cli, "default_data_dir", lambda: Path("/default"))
    assert main(argv) == 0
    (args,) = started
    expected = vars(whole) | {"data_dir": getattr(whole, "data_dir", Path("/default"))}
    assert vars(args) == expected


@pytest.mark.parametrize("argv", [["--lang", "xx"], ["--data-dir"], ["--nonsense"],
                                  ["--data-dir", "/x", "clients", "--bogus"]])
def test_anything_else_is_answered_by_the_whole_parser(argv: list[str],
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong or missing value or an unknown option: the whole parser's usage (with the subcommands) and
    exit status 2, as before."""
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert ": koto [-h] [--data-dir DATA_DIR]" in err and "{demo,clients," in err  # in the UI language


@pytest.mark.parametrize(("env", "said"), [(None, "virheellinen valinta"), ("sv", "ogiltigt val")])
def test_a_language_koto_does_not_have_is_refused_in_the_language_koto_speaks(
        env: str | None, said: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """`--lang xx` is refused in KOTO_LANG's language or Finnish, not in argparse's untranslated English."""
    if env is None:
        monkeypatch.delenv("KOTO_LANG", raising=False)
    else:
        monkeypatch.setenv("KOTO_LANG", env)
    with pytest.raises(SystemExit) as stopped:
        main(["--lang", "xx"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert said in err and "'xx'" in err
    assert "invalid choice" not in err
