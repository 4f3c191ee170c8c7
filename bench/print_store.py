"""Printing as the app prints, cold and warm: a corpus client's assessment and a plan, gathered from the
store, rendered and written, on a copy of each corpus database.

The call is the app's print action without the dialogs: the preview (``interview_printout`` /
``plan_printout`` gathered from the store, rendered once) and then the print (``print_interview`` /
``print_plan`` with the previewed PDF: written owner-only, the print logged). Each kind runs in a fresh child
process that has unlocked the store and registered the shipped forms as the app's unlock does; the first call
is "cold" (the print modules' imports, fonts, first render), the median of the next ``RUNS`` "warm".
Comparator in the same child, interleaved with the warm calls: a minimal reportlab PDF of one page written
beside it; its cold time (reportlab's import and first page) in a child of its own.
Run: ``python -m bench.print_store 1000 10000`` (sizes).
"""

from __future__ import annotations

import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import CHEAP_KDF, PASSPHRASE, copy_of, database

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
KINDS = ("assessment", "plan")


@dataclass(frozen=True)
class PrintTimes:
    """Seconds of one kind's print: the first call and the warm ones, with the comparator's."""

    kind: str
    cold_s: float
    warm_s: list[float]
    floor_cold_s: float
    floor_warm_s: list[float]
    pages: int

    @property
    def warm_median_s(self) -> float:
        return statistics.median(self.warm_s)

    @property
    def ratio(self) -> float:
        """Warm median over the comparator's warm median."""
        return self.warm_median_s / statistics.median(self.floor_warm_s)


def _seconds(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def _one_page(out: Path) -> None:
    """The comparator: a one-page reportlab PDF with a title and a line, written to *out*."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 760, "Kotoutumissuunnitelma")
    page.drawString(72, 740, "Mikkelin kaupunki, kotoutumispalvelut")
    page.showPage()
    page.save()
    out.write_bytes(buffer.getvalue())


def _assessment_call(store: Any, out: Path) -> Callable[[], int]:
    """The app's print of the first finalised assessment: preview, then print; returns the pages."""
    row = store.session.db.execute(
        "SELECT id FROM interviews WHERE status = 'completed' ORDER BY id LIMIT 1").fetchone()

    def call() -> int:
        from koto_tui.printing.preview import interview_preview
        from koto_tui.workflow import PrintRequest, interview_printout, print_interview

        request = PrintRequest(int(row[0]), out)
        preview = interview_preview(interview_printout(store, request))
        print_interview(store, request, preview.pdf)
        return preview.pages

    return call


def _plan_call(store: Any, out: Path) -> Callable[[], int]:
    """The app's print of the first plan's current version: preview, then print; returns the pages."""
    plan_id = int(store.session.db.execute("SELECT id FROM plans ORDER BY id LIMIT 1").fetchone()[0])

    def call() -> int:
        from koto_tui.plan_printing import plan_printout, print_plan
        from koto_tui.printing.preview import plan_preview

        version = store.plans.get(plan_id).current.number
        preview = plan_preview(plan_printout(store, plan_id, version))
        print_plan(store, plan_id, version, out, False, preview.pdf)
        return preview.pages

    return call


def _in_child(kind: str, root: Path, runs: int) -> dict[str, Any]:
    """Unlock as the app does, then the cold call and *runs* warm ones interleaved with the comparator."""
    from koto_tui.store import DataPaths, Store, kdf
    from koto_tui.workflow import register_shipped_forms

    kdf.fix(CHEAP_KDF)
    store = Store.unlock(DataPaths(root), PASSPHRASE)
    try:
        register_shipped_forms(store)
        call = (_assessment_call if kind == "assessment" else _plan_call)(store, root.parent / f"{kind}.pdf")
        started = time.perf_counter()
        pages = call()
        cold = time.perf_counter() - started
        warm, floor = [], []
        for _run in range(runs):
            warm.append(_seconds(call))
            floor.append(_seconds(lambda: _one_page(root.parent / "floor.pdf")))
    finally:
        store.close()
    return {"cold": cold, "warm": warm, "floor": floor, "pages": pages}


def _child(*args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "bench.print_store", "child", *args], cwd=ROOT, check=False,
                          capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(f"the print child {args[:1]} failed: {done.stderr.strip().splitlines()[-1:]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def run(size: int, runs: int = RUNS) -> list[PrintTimes]:
    """Both kinds on a copy of the corpus of *size* clients, each in a fresh child; the cold comparator."""
    tmp = Path(tempfile.mkdtemp(prefix="koto-bench-print-"))
    try:
        root = copy_of(database(size), tmp)
        floor_cold = float(_child("floor", str(tmp / "cold.pdf"))["cold"])
        results = []
        for kind in KINDS:
            got = _child(kind, str(root), str(runs))
            results.append(PrintTimes(kind, got["cold"], got["warm"], floor_cold, got["floor"], got["pages"]))
        return results
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _child_main(args: list[str]) -> None:
    if args[0] == "floor":
        print(json.dumps({"cold": _seconds(lambda: _one_page(Path(args[1])))}))
        return
    print(json.dumps(_in_child(args[0], Path(args[1]), int(args[2]))))


def report(size: int, t: PrintTimes) -> str:
    """One line per size and kind."""
    return (f"{size:>7} clients, {t.kind} ({t.pages} pages): cold {t.cold_s:.2f} s, warm median "
            f"{t.warm_median_s:.3f} s (max {max(t.warm_s):.3f}); one-page reportlab PDF cold "
            f"{t.floor_cold_s:.2f} s, warm {statistics.median(t.floor_warm_s) * 1000:.1f} ms; "
            f"ratio warm {t.ratio:.0f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["child"]:
        _child_main(sys.argv[2:])
    else:
        for wanted in [int(a) for a in sys.argv[1:]] or [1_000]:
            for times in run(wanted):
                print(report(wanted, times), flush=True)
