"""What keeps koto off POSIX-only calls: the instance lock, private files, `python -m koto_tui`."""

from __future__ import annotations

import ast
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import koto_tui
from koto_tui.files import write_private
from koto_tui.store.errors import AlreadyOpen
from koto_tui.store.lock import InstanceLock

PACKAGE = Path(koto_tui.__file__).parent
POSIX_ONLY = {"fcntl", "termios", "pwd", "grp", "resource"}


def _guarded(tree: ast.AST) -> set[int]:
    """The ids of import nodes inside a ``try`` that catches ImportError (the module is optional there)."""
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
                isinstance(h.type, ast.Name) and h.type.id == "ImportError" for h in node.handlers):
            guarded |= {id(inner) for statement in node.body for inner in ast.walk(statement)}
    return guarded


def test_no_module_imports_a_posix_only_module() -> None:
    """Only where its absence is handled (core dumps off: `koto_tui.memory`, nothing to do on Windows)."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        guarded = _guarded(tree)
        for node in ast.walk(tree):
            if id(node) in guarded:
                continue
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.relative_to(PACKAGE)}: {n}" for n in names if n.split(".")[0] in POSIX_ONLY]
    assert found == []


def test_a_second_lock_is_refused_until_the_first_is_released(tmp_path: Path) -> None:
    first, second = InstanceLock(tmp_path / "koto.lock"), InstanceLock(tmp_path / "koto.lock")
    first.acquire()
    try:
        with pytest.raises(AlreadyOpen):
            second.acquire()
        assert first.held and not second.held
    finally:
        first.release()
    second.acquire()
    second.release()
    assert not second.held


@pytest.mark.skipif(os.name != "posix", reason="modes are POSIX; Windows protects the profile by ACLs")
def test_the_lock_file_is_owner_only(tmp_path: Path) -> None:
    lock = InstanceLock(tmp_path / "koto.lock")
    lock.acquire()
    lock.release()
    assert stat.S_IMODE((tmp_path / "koto.lock").stat().st_mode) == 0o600


def test_a_lock_held_by_another_process_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "koto.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; from koto_tui.store.lock import "
         "InstanceLock; lock = InstanceLock(Path(sys.argv[1])); lock.acquire(); print('held', flush=True); "
         "sys.stdin.read()", str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(AlreadyOpen):
            InstanceLock(path).acquire()
    finally:
        holder.communicate("", timeout=30)
    again = InstanceLock(path)
    again.acquire()  # the process ended: the OS dropped its lock
    again.release()


_LOCK_IMPORT = """
import importlib.metadata, json, sys, types
if sys.argv[1] == "short":  # a portalocker that would need more of its __about__ than koto's stand-in has
    sys.modules["portalocker.__about__"] = types.ModuleType("portalocker.__about__")
from koto_tui.store.lock import portalocker
print(json.dumps([portalocker.__version__, importlib.metadata.version("portalocker"),
                  portalocker.LockFlags.EXCLUSIVE.name]))
"""


@pytest.mark.parametrize("about", ["stand-in", "short"])
def test_portalocker_is_imported_whole_with_its_version(about: str) -> None:
    """koto imports portalocker without its version lookup (see koto_tui.store.lock), and the version it
    carries is the installed one; a portalocker whose __init__ needs more than the stand-in gives is
    imported again as it ships, rather than failing."""
    import json

    done = subprocess.run([sys.executable, "-c", _LOCK_IMPORT, about], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    carried, installed, flag = json.loads(done.stdout)
    assert carried == installed and flag == "EXCLUSIVE"


def test_private_files_are_written_where_there_is_no_fchmod_or_nofollow(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows has neither os.fchmod nor os.O_NOFOLLOW; the write must not depend on them.
    monkeypatch.delattr(os, "fchmod", raising=False)
    monkeypatch.delattr(os, "O_NOFOLLOW", raising=False)
    target = write_private(b"%PDF-1.4\n", tmp_path / "new" / "printout.pdf")
    assert target.read_bytes() == b"%PDF-1.4\n"
    assert [p.name for p in target.parent.iterdir()] == ["printout.pdf"]


def test_python_dash_m_runs_koto() -> None:
    done = subprocess.run([sys.executable, "-m", "koto_tui", "--version"], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"koto {koto_tui.__version__}"
