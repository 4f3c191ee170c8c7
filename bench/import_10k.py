"""`koto import` of a 10,000-client export, checks included: seconds and peak RSS of the importing process.

The file is the demo's three client documents copied to 10,000 clients (new uids, identity codes and
document ids), signed by a laptop the office trusts and sealed to the office's key as `koto export`
writes it: about 87 MB, over the default import limit of 50 MB, which is raised to the file's size for
the run. Each measurement runs in a fresh child process so that its peak RSS is its own (the kernel's
high-water mark of the child's memory, VmHWM: on Linux ``ru_maxrss`` also counts the parent's, which held
the whole file's content when it started the child). Comparator in
the same run: a child that only reads the same export's JSON with a plain ``json.loads`` (the floor of
any import of it); the ratio is import / comparator. CPU seconds are reported beside the wall-clock ones
(the machine the bench runs on may be shared).
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

CLIENTS = 10_000
TARGET_S = 15.0
TARGET_RSS_MB = 300.0
PASSPHRASE = "bench-import-passphrase"
#: Argon2id as cheap as the key file allows: unlocking is not what is measured here.
CHEAP_KDF = {"memory_kib": 8, "iterations": 1, "lanes": 1}

_CHILD = """
import json, resource, sys, time
from pathlib import Path
from koto_tui.store import kdf
kdf.fix({kdf})
mode, root, file = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
if mode == "import":
    from koto_tui.exchange.importer import import_file
    from koto_tui.exchange.reading import read_bounded
    from koto_tui.store import DataPaths, Store
    store = Store.unlock(DataPaths(root), {passphrase!r})
    started, cpu = time.perf_counter(), time.process_time()
    result = import_file(store, read_bounded(file, file.stat().st_size))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    created = result.count("created")
    store.close()
else:
    started, cpu = time.perf_counter(), time.process_time()
    content = json.loads(file.read_bytes())
    seconds, created = time.perf_counter() - started, len(content["documents"])
    cpu = time.process_time() - cpu
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
try:  # Linux keeps ru_maxrss across exec: the bench's own 650 MB would count; VmHWM is this program's
    rss_mb = next(int(l.split()[1]) / 1024 for l in open("/proc/self/status") if l.startswith("VmHWM:"))
except (OSError, StopIteration):
    pass
print(json.dumps({{"seconds": seconds, "cpu_s": cpu, "rss_mb": rss_mb, "created": created}}))
"""


@dataclass(frozen=True)
class ImportBench:
    """Seconds and peak RSS of the import and of the comparator (a plain json.loads of the file)."""

    clients: int
    file_mb: float
    import_s: float
    import_rss_mb: float
    created: int
    read_s: float
    read_rss_mb: float
    import_cpu_s: float = 0.0
    """The import's CPU seconds (on a loaded machine the wall-clock seconds say more about the others)."""
    read_cpu_s: float = 0.0

    @property
    def ratio(self) -> float:
        return self.import_s / self.read_s

    @property
    def met(self) -> bool:
        return self.import_s <= TARGET_S and self.import_rss_mb <= TARGET_RSS_MB


def _demo_export(root: Path) -> dict[str, Any]:
    """The demo database's export (seeded on the tests' fixed day)."""
    from koto_tui import clock
    from koto_tui.demo import demo_paths, seed_demo
    from koto_tui.exchange.export import ExportRequest, run_export
    from koto_tui.exchange.importer import read_export
    from koto_tui.store import DataPaths

    clock.fix(datetime(2026, 11, 27, 10, 30))
    store = seed_demo(demo_paths(DataPaths(root / "demo")))
    try:
        run_export(store, ExportRequest(out=root / "demo.json"))
        return read_export(store, (root / "demo.json").read_bytes())  # the demo seals to itself
    finally:
        store.close()
        clock.fix(None)


def _copy(document: dict[str, Any], number: int) -> dict[str, Any]:
    """*document* as client *number*: new uids and document ids, a foreign id with its own number."""
    doc = copy.deepcopy(document)
    doc["uid"] = f"{number:08x}" + doc["uid"][8:]
    doc["client"]["identification"] = {"kind": "foreign", "code": f"B{number:07d}", "country": "VN"}
    uids = {}
    for kind, records in (("a", doc["assessments"]), ("b", doc["plans"])):
        for index, record in enumerate(records):
            uids[record["uid"]] = f"{number:08x}{kind}{index:x}" + record["uid"][10:]
            record["uid"] = uids[record["uid"]]
            record["document_id"] = f"KOTO-{kind.upper()}-2026-{number:06d}-{index}"
    for plan in doc["plans"]:
        plan["assessment_uid"] = uids.get(plan["assessment_uid"], plan["assessment_uid"])
    return doc


def build_file(root: Path, office: Any, clients: int = CLIENTS) -> tuple[Path, Path]:
    """An export of *clients* client documents made from the demo's three: its JSON, and the file as a
    sender the *office* store trusts signs and seals it for the office."""
    from koto_tui.exchange import seal, signing, trust

    content = _demo_export(root)
    templates = content["documents"]
    content["documents"] = [_copy(templates[n % len(templates)], n) for n in range(clients)]
    payload = json.dumps(content, ensure_ascii=False).encode("utf-8")
    plain = root / "export-10k.json"
    plain.write_bytes(payload)
    sender = signing.new_signing_key()
    public = signing.signing_public_text(sender)
    trust.trust(office).put_sender("Bench laptop", public, signing.fingerprint(public))
    recipient = seal.public_key_text(str(trust.own_private_key(office, create=True)))
    sealed = root / "export-10k.json.age"
    sealed.write_bytes(seal.seal(signing.sign(payload, sender, recipient), recipient))
    return plain, sealed


def _child(mode: str, root: Path, file: Path) -> dict[str, Any]:
    code = _CHILD.format(kdf=CHEAP_KDF, passphrase=PASSPHRASE)
    done = subprocess.run([sys.executable, "-c", code, mode, str(root), str(file)], check=False,
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"the {mode} child failed: {done.stderr.strip().splitlines()[-1:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(clients: int = CLIENTS) -> ImportBench:
    """Build the file, create an empty office database, then time the import and the comparator."""
    from koto_tui.model import Profile
    from koto_tui.store import DataPaths, Store, kdf

    tmp = Path(tempfile.mkdtemp(prefix="koto-bench-import-"))
    try:
        kdf.fix(CHEAP_KDF)
        office = DataPaths(tmp / "office")
        profile = Profile("Bench", "koordinaattori", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli")
        store = Store.create(office, profile, PASSPHRASE, "coordinator")
        try:
            plain, file = build_file(tmp, store, clients)
        finally:
            store.close()
        read = _child("read", office.root, plain)
        imported = _child("import", office.root, file)
        return ImportBench(clients, file.stat().st_size / 1024 / 1024, imported["seconds"],
                           imported["rss_mb"], imported["created"], read["seconds"], read["rss_mb"],
                           imported["cpu_s"], read["cpu_s"])
    finally:
        kdf.fix(None)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else CLIENTS))
