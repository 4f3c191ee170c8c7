"""Layering rules: the headless packages never import textual, SQL lives only in the store, no eval/exec."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

import koto_tui

PACKAGE = Path(koto_tui.__file__).resolve().parent
HEADLESS = ["koto_tui.engine", "koto_tui.store", "koto_tui.rules", "koto_tui.printing", "koto_tui.i18n",
            "koto_tui.workflow", "koto_tui.demo", "koto_tui.commands", "koto_tui.admin.commands",
            "koto_tui.admin.data", "koto_tui.worklist", "koto_tui.audit", "koto_tui.preferences"]

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


#: Widgets and methods that draw a str argument as Rich/Textual markup.
DRAWS = {"Static", "Label", "notify", "update", "add_row", "add_column", "add_columns", "Option", "Button",
         "Checkbox"}


def _name(node: ast.expr) -> str:
    """The called name of a call node ("" for anything else)."""
    return getattr(node.func, "id", getattr(node.func, "attr", "")) if isinstance(node, ast.Call) else ""


def _built(node: ast.expr) -> bool:
    """Whether *node* builds a string from parts (f-string, .format(), +): user text may be among them."""
    if isinstance(node, ast.IfExp):
        return _built(node.body) or _built(node.orelse)
    return (isinstance(node, ast.JoinedStr) or (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add))
            or _name(node) == "format")


def built_markup(source: str) -> list[int]:
    """Lines where a built string is drawn without `plain`/`notice`/`Text` (so it would be read as markup)."""
    return [node.lineno for node in ast.walk(ast.parse(source))
            if _name(node) in DRAWS and any(_built(arg) for arg in node.args)]  # type: ignore[attr-defined]


def _ui_files() -> list[Path]:
    return [p for p in python_files() if p.relative_to(PACKAGE).parts[0] in ("screens", "widgets")
            or p.name == "app.py"]


def test_screens_draw_no_built_string_as_markup() -> None:
    """A message built with a name, a path or an imported id in it goes through plain(), notice() or Text."""
    hits = [f"{path.relative_to(PACKAGE)}:{n}" for path in _ui_files()
            for n in built_markup(path.read_text(encoding="utf-8"))]
    assert hits == []
    drawn = 'Static(f"{name}")\nself.notify(_("Hi {n}").format(n=x))\nLabel("a" + b)'
    assert built_markup(drawn) == [1, 2, 3]
    assert built_markup('Static(plain(f"{name}"))\nself.notify(notice(x), markup=False)\nLabel(_("a"))') == []


def loose_notifications(source: str) -> list[int]:
    """Lines where notify() gets text that is not a literal translation without notice() and markup=False."""
    hits = []
    for node in ast.walk(ast.parse(source)):
        if _name(node) != "notify" or not node.args:  # type: ignore[attr-defined]
            continue
        first = node.args[0]  # type: ignore[attr-defined]
        choices = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
        literal = all(isinstance(c, ast.Constant) or (_name(c) in ("_", "ngettext") and all(
            isinstance(a, ast.Constant) for a in c.args)) for c in choices)  # type: ignore[attr-defined]
        safe = _name(first) == "notice" and any(
            k.arg == "markup" and isinstance(k.value, ast.Constant) and k.value.value is False
            for k in node.keywords)  # type: ignore[attr-defined]
        if not literal and not safe:
            hits.append(node.lineno)
    return hits


def test_notifications_with_user_text_turn_markup_off() -> None:
    """notify() takes a str: anything but a literal translation goes through notice(), markup off."""
    hits = [f"{path.relative_to(PACKAGE)}:{n}" for path in _ui_files()
            for n in loose_notifications(path.read_text(encoding="utf-8"))]
    assert hits == []
    sent = 'self.notify(message)\nself.notify(notice(m))\nself.notify(_("Saved.") if x else _("No."))'
    assert loose_notifications(sent) == [1, 2]


def test_one_csv_writer() -> None:
    """Every CSV goes through text.csv_bytes, whose cell function neutralises formulas and control bytes."""
    hits = [str(p.relative_to(PACKAGE)) for p in python_files()
            if "csv.writer" in p.read_text(encoding="utf-8")]
    assert hits == ["text.py"]


def bare_tables(source: str) -> list[int]:
    """Lines where a screen makes a Textual DataTable rather than a FitTable (or SteadyTable): its columns
    would not share the screen's width, and at 80 columns the last ones lay beyond the screen."""
    return [node.lineno for node in ast.walk(ast.parse(source)) if _name(node) == "DataTable"]  # type: ignore[attr-defined]


def test_every_table_of_a_screen_shares_the_width() -> None:
    screens = [p for p in python_files() if p.relative_to(PACKAGE).parts[0] == "screens"]
    hits = [f"{path.relative_to(PACKAGE)}:{n}" for path in screens
            for n in bare_tables(path.read_text(encoding="utf-8"))]
    assert hits == []
    assert bare_tables('yield DataTable(id="t")\ntable: DataTable[object] = FitTable()') == [1]


#: Handed to the UI thread as they are: the lock screens themselves (always at the bottom of the stack) and
#: what belongs to the app, not to a screen that may have closed.
_APP_LEVEL = {("screens/base.py", "deliver"), ("screens/unlock.py", "self._failed"),
              ("screens/unlock.py", "self.diagnose"), ("screens/unlock.py", "self._opened"),
              ("screens/first_run.py", "self._failed"), ("screens/first_run.py", "koto(self).unlocked"),
              ("screens/settings.py", "koto(self).set_idle_lock"), ("screens/rights.py", "ask"),
              ("screens/print_dialog.py", "app.push_screen")}


def _handed_directly(sources: dict[str, str]) -> list[str]:
    """Each ``call_from_thread`` in *sources* (name: text) that hands the UI thread something other than a
    notification or an app-level call of ``_APP_LEVEL``."""
    found = []
    for where, text in sources.items():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
                    node.func.attr == "call_from_thread") and node.args:
                what = ast.unparse(node.args[0])
                if "notify" not in what and (where, what) not in _APP_LEVEL:
                    found.append(f"{where}:{node.lineno}: {what}")
    return found


def test_a_workers_result_reaches_a_screen_only_while_it_is_open() -> None:
    """Through ``screens.base.hand_over``: a result handed to a screen closed meanwhile (a lock, an erasure)
    found no widget (NoMatches) and failed the app; each screen had a guard of its own, or none."""
    files = sorted((PACKAGE / "screens").glob("*.py")) + sorted((PACKAGE / "widgets").glob("*.py"))
    sources = {f.relative_to(PACKAGE).as_posix(): f.read_text(encoding="utf-8") for f in files}
    assert len(sources) > 20 and _handed_directly(sources) == []
    probe = ("def load(self):\n    self.app.call_from_thread(self._show, 1)\n"
             "    hand_over(self, self._show, 1)\n")
    assert _handed_directly({"screens/x.py": probe}) == ["screens/x.py:2: self._show"]
