"""Layering rules: the headless packages never import textual, SQL lives only in the store, no eval/exec."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import koto_tui

PACKAGE = Path(koto_tui.__file__).resolve().parent
HEADLESS = ["koto_tui.engine", "koto_tui.store", "koto_tui.rules", "koto_tui.printing", "koto_tui.i18n",
            "koto_tui.workflow", "koto_tui.demo", "koto_tui.commands", "koto_tui.admin.commands",
            "koto_tui.admin.data", "koto_tui.worklist", "koto_tui.audit"]

_CHECK = """
import importlib, pkgutil, sys
name = sys.argv[1]
module = importlib.import_module(name)
for info in pkgutil.walk_packages(getattr(module, "__path__", []), name + "."):
    importlib.import_module(info.name)
print(sorted(m for m in sys.modules if m == "textual" or m.startswith("textual.")))
"""


def python_files(*, outside: str | None = None) -> list[Path]:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 20, "the package was not found"
    if outside is not None:
        files = [f for f in files if outside not in f.relative_to(PACKAGE).parts[:1]]
    return files


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_does_not_import_textual(module: str) -> None:
    """Imported in a fresh interpreter with all its submodules, nothing of textual is loaded."""
    done = subprocess.run([sys.executable, "-c", _CHECK, module], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "[]"


def test_the_check_sees_textual_when_it_is_imported() -> None:
    """The subprocess check above can fail: importing the app does load textual."""
    done = subprocess.run([sys.executable, "-c", _CHECK, "koto_tui.app"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "'textual'" in done.stdout


SQL = re.compile(r"\.execute(many|script)?\(|\bSELECT\s|\bINSERT\s|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
                 r"|\bCREATE\s+(TABLE|INDEX)\b|\bPRAGMA\s")
DB_MODULES = re.compile(r"^\s*(from|import)\s+(sqlite3|sqlcipher3|sqlite_utils|pysqlite3)\b", re.MULTILINE)


def test_sql_only_in_the_store() -> None:
    hits = []
    for path in python_files(outside="store"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SQL.search(line) or DB_MODULES.search(line):
                hits.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert hits == []


def test_the_store_does_speak_sql() -> None:
    """The pattern above matches the store's own code (so it can find SQL elsewhere)."""
    store = [p for p in python_files() if p.relative_to(PACKAGE).parts[0] == "store"]
    text = "\n".join(p.read_text(encoding="utf-8") for p in store)
    assert len(SQL.findall(text)) >= 5
    assert DB_MODULES.search(text)


EVAL = re.compile(r"(?<![\w.])(eval|exec|compile|__import__)\s*\(|\bbuiltins\.(eval|exec)\b")


def test_no_eval_or_exec() -> None:
    hits = []
    for path in python_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if EVAL.search(line):
                hits.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert hits == []
    assert EVAL.search("x = eval(text)") and EVAL.search("exec(code)")
    assert not EVAL.search("db.execute(sql)") and not EVAL.search("ast.literal_eval(s)")
