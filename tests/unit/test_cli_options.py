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
