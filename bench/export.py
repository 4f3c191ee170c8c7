"""`koto export` of the bench corpus (1k, 10k, 100k clients): seconds and peak RSS of the exporting process.

The database is ``bench.corpus.database(size)`` (a private copy: an export writes uids and its log). Its
receiving office's key is the laptop's own, as in the demo, so that the bench can open the file it wrote.
Each measurement runs in a fresh child process so that its peak RSS is its own (VmHWM, as in
``import_10k``). The same run measures the dry run (``koto export --dry-run``, which must write nothing:
the bench checks the database's change counter) and a comparator: a child that only serialises the same
documents with ``json.dumps`` to a file (the floor of any export of them); the ratio is export / comparator.

Run: ``python -m bench.export [size …]`` (default 1000 and 10000).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import CHEAP_KDF, PASSPHRASE, copy_of, database

SIZES = (1_000, 10_000)
TARGET_S = {10_000: 10.0, 100_000: 100.0}
TARGET_RSS_MB = 300.0

_CHILD = """
import json, resource, sys, time
from pathlib import Path
from koto_tui.store import kdf
kdf.fix({kdf})
mode, root, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
from koto_tui.store import DataPaths, Store
store = Store.unlock(DataPaths(root), {passphrase!r})
result = {{}}
if mode == "comparator":
    from koto_tui.exchange import seal, signing, trust
    opened = seal.open_sealed(Path(sys.argv[4]).read_bytes(), str(trust.own_private_key(store)))
    documents = json.loads(bytes(signing.verify(opened).payload))["documents"]
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as stream:
        stream.write(json.dumps(documents, ensure_ascii=False, indent=2, sort_keys=True))
    seconds, documents = time.perf_counter() - started, len(documents)
else:
    from koto_tui.exchange.export import ExportRequest, run_export
    before = store.session.db.conn.total_changes
    started = time.perf_counter()
    done = run_export(store, ExportRequest(out=out, dry_run=mode == "dry-run"))
    seconds, documents = time.perf_counter() - started, done.documents
    result["changes"] = store.session.db.conn.total_changes - before
store.close()
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
try:  # Linux keeps ru_maxrss across exec: VmHWM is this program's own high-water mark
    rss_mb = next(int(l.split()[1]) / 1024 for l in open("/proc/self/status") if l.startswith("VmHWM:"))
except (OSError, StopIteration):
    pass
print(json.dumps({{**result, "seconds": seconds, "rss_mb": rss_mb, "documents": documents}}))
"""


@dataclass(frozen=True)
class ExportBench:
    """Seconds and peak RSS of the export, of its dry run and of the comparator."""

    clients: int
    documents: int
    file_mb: float
    export_s: float
    export_rss_mb: float
    dry_run_s: float
    dry_run_changes: int
    compare_s: float
    compare_rss_mb: float

    @property
    def ratio(self) -> float:
        return self.export_s / self.compare_s

    @property
    def met(self) -> bool | None:
        if self.clients not in TARGET_S:
            return None
        return self.export_s <= TARGET_S[self.clients] and self.export_rss_mb <= TARGET_RSS_MB


def _child(mode: str, root: Path, out: Path, *more: str) -> dict[str, Any]:
    code = _CHILD.format(kdf=CHEAP_KDF, passphrase=PASSPHRASE)
    done = subprocess.run([sys.executable, "-c", code, mode, str(root), str(out), *more], check=False,
                          capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(f"the {mode} child failed: {done.stderr.strip().splitlines()[-1:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _seal_to_self(root: Path) -> None:
    """Make the copy's receiving office key its own (as the demo does), so its export can be opened."""
    from koto_tui.exchange import seal, trust
    from koto_tui.store import DataPaths, Store, kdf

    kdf.fix(CHEAP_KDF)
    store = Store.unlock(DataPaths(root), PASSPHRASE)
    try:
        receiving = seal.public_key_text(str(trust.own_private_key(store, create=True)))
        trust.trust(store).put_receiver_key(receiving, seal.fingerprint(receiving))
    finally:
        store.close()
        kdf.fix(None)


def run(size: int) -> ExportBench:
    """Copy the corpus of *size* clients, then time its dry run, its export and the comparator."""
    tmp = Path(tempfile.mkdtemp(prefix="koto-bench-export-"))
    try:
        root = copy_of(database(size), tmp)
        _seal_to_self(root)
        out = tmp / "export.json.age"
        dry = _child("dry-run", root, out)
        done = _child("export", root, out)
        compared = _child("comparator", root, tmp / "comparator.json", str(out))
        return ExportBench(size, done["documents"], out.stat().st_size / 1024 / 1024, done["seconds"],
                           done["rss_mb"], dry["seconds"], dry["changes"], compared["seconds"],
                           compared["rss_mb"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def report(result: ExportBench) -> str:
    """One line per size: the figures, the ratio to the comparator and whether the target is met."""
    met = {None: "-", True: "yes", False: "no"}[result.met]
    return (f"{result.clients:>7} clients, {result.documents} documents, {result.file_mb:.1f} MB: export "
            f"{result.export_s:.2f} s, {result.export_rss_mb:.0f} MB peak RSS; "
            f"dry run {result.dry_run_s:.2f} s, "
            f"{result.dry_run_changes} rows changed; comparator {result.compare_s:.3f} s, "
            f"{result.compare_rss_mb:.0f} MB; ratio {result.ratio:.1f}; target met: {met}")


if __name__ == "__main__":
    for wanted in [int(a) for a in sys.argv[1:]] or SIZES:
        print(report(run(wanted)), flush=True)
