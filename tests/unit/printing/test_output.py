"""Atomic, owner-only writing of printouts."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from koto_tui.printing import write_private


def test_writes_owner_only_and_atomically(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.pdf"
    result = write_private(b"%PDF-data", target)
    assert result == target.resolve()
    assert target.read_bytes() == b"%PDF-data"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) & 0o077 == 0
    assert stat.S_IMODE((tmp_path / "a" / "b").stat().st_mode) & 0o077 == 0
    assert os.listdir(target.parent) == ["out.pdf"]


def test_replaces_existing_file_and_tightens_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_private(b"new", target)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["out.pdf"]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores directory modes")
def test_unwritable_directory_raises_and_leaves_nothing(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(PermissionError):
            write_private(b"x", locked / "out.pdf")
        assert os.listdir(locked) == []
    finally:
        locked.chmod(0o700)


def test_directory_refusing_new_files_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def refuse_create(path: str, flags: int, mode: int = 0o777) -> int:
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", refuse_create)
    with pytest.raises(PermissionError) as caught:
        write_private(b"x", tmp_path / "out.pdf")
    assert caught.value.errno == errno.EACCES
    assert os.listdir(tmp_path) == []


def test_failure_after_temp_file_removes_it_and_keeps_errno(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", no_space)
    with pytest.raises(OSError) as caught:
        write_private(b"x", tmp_path / "out.pdf")
    assert caught.value.errno == errno.ENOSPC
    assert os.listdir(tmp_path) == []


def test_target_that_is_a_directory_fails_cleanly(tmp_path: Path) -> None:
    (tmp_path / "out.pdf").mkdir()
    with pytest.raises(OSError):
        write_private(b"x", tmp_path / "out.pdf")
    assert os.listdir(tmp_path) == ["out.pdf"]
