"""`koto export`, `koto import` and `koto report` end to end on the demo data (in-process)."""

from __future__ import annotations

from pathlib import Path

import pytest

from koto_tui.cli import main
from koto_tui.demo import _CLIENTS, DEMO_COORDINATOR_PASSPHRASE, DEMO_PASSPHRASE
from koto_tui.exchange import signing
from koto_tui.store import DataPaths, Store
from tests.unit.exchange.conftest import COORDINATOR, COORDINATOR_PASSPHRASE

NAMES = [c.family_name for c in _CLIENTS] + [c.given_names for c in _CLIENTS]


def no_names(text: str) -> None:
    assert not [n for n in NAMES if n in text]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    no_names(out + err)
    return code, out + err


def _token(out: str, prefix: str) -> str:
    return next(word for word in out.split() if word.startswith(prefix))


def test_export_seal_import_and_report(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    office = tmp_path / "b"
    Store.create(DataPaths(office), COORDINATOR, COORDINATOR_PASSPHRASE, "coordinator").close()
    monkeypatch.setenv("KOTO_PASSPHRASE", COORDINATOR_PASSPHRASE)
    code, out = run(capsys, "import", "--show-key", "--data-dir", str(office))
    assert code == 0
    key = _token(out, "age1")
    a = ["--demo", "--data-dir", str(data_dir)]
    monkeypatch.setenv("KOTO_PASSPHRASE", DEMO_PASSPHRASE)  # a counsellor: refused
    code, out = run(capsys, "export", *a, "--receiver-key", key)
    assert code == 1
    monkeypatch.setenv("KOTO_PASSPHRASE", DEMO_COORDINATOR_PASSPHRASE)
    assert run(capsys, "export", *a, "--receiver-key", key)[0] == 0
    code, out = run(capsys, "senders", "own", *a)
    signer = _token(out, "koto-ed25519:")
    code, out = run(capsys, "export", *a, "--dry-run")
    assert code == 0 and "KOTO-S-2026-000004" in out and "KOTO-2026-000001" in out
    sealed = tmp_path / "export.json.age"
    code, out = run(capsys, "export", *a, "--out", str(sealed))
    assert code == 0 and str(sealed) in out
    assert sealed.read_bytes().startswith(b"age-encryption.org/v1\n")
    code, out = run(capsys, "export", *a, "--out", str(tmp_path / "again.json"))
    assert code == 0 and not (tmp_path / "again.json").exists()
    monkeypatch.setenv("KOTO_PASSPHRASE", COORDINATOR_PASSPHRASE)
    code, out = run(capsys, "import", str(sealed), "--data-dir", str(office))
    assert code == 1 and signing.fingerprint(signer) in out  # not a trusted sender yet
    code, out = run(capsys, "senders", "add", "--name", "Demo", signer, "--data-dir", str(office))
    assert code == 0 and signing.fingerprint(signer) in out
    code, out = run(capsys, "senders", "--data-dir", str(office))
    assert code == 0 and "Demo" in out and signing.fingerprint(signer) in out
    code, out = run(capsys, "import", str(sealed), "--data-dir", str(office))
    assert code == 0 and "8" in out and signing.fingerprint(signer) in out
    code, out = run(capsys, "import", str(sealed), "--data-dir", str(office))
    assert code == 0 and "jo täällä 8, ristiriitoja 0" in out  # counts as labels: never "1 conflicts"
    code, out = run(capsys, "report", "--year", "2026", "--data-dir", str(office))
    assert code == 0 and "2026-11" in out and "KOTO-S-2026-000003" in out
    csv_file, pdf_file = tmp_path / "r.csv", tmp_path / "r.pdf"
    code, out = run(capsys, "report", "--data-dir", str(office), "--csv", str(csv_file),
                    "--pdf", str(pdf_file))
    assert code == 0 and csv_file.read_bytes().startswith(b"\xef\xbb\xbf")
    assert pdf_file.read_bytes()[:4] == b"%PDF"
    code, out = run(capsys, "export", "--log", "--data-dir", str(office))
    assert code == 0 and "uusia 8" in out and "ennallaan 8" in out


def test_an_unsealed_export_warns(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = ["--demo", "--data-dir", str(data_dir)]
    code, out = run(capsys, "export", *a, "--unsealed", "--out", str(tmp_path / "plain.json"))
    assert code == 0 and (tmp_path / "plain.json").read_bytes().startswith(b'{"content_bytes":')
    assert "sinetöity" in out
    code, out = run(capsys, "import", *a, str(tmp_path / "plain.json"))  # the demo trusts itself
    assert code == 0


def test_export_errors_are_one_sentence(data_dir: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    a = ["--demo", "--data-dir", str(data_dir)]
    code, out = run(capsys, "export", *a, "--receiver-key", "koto-x25519:AAAA")
    assert code == 1 and "Traceback" not in out
    code, out = run(capsys, "export", *a, "--client", "999")
    assert code == 1 and "999" in out
    code, out = run(capsys, "import", str(tmp_path / "missing.json"), *a)
    assert code == 1
    code, out = run(capsys, "export", *a, "--mark-entered", "0" * 32)
    assert code == 1
    code, out = run(capsys, "report", *a, "--from", "31.12.2026", "--to", "1.1.2026")
    assert code == 1


def test_the_export_log_lists_each_imports_conflicts_without_names(
        data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from koto_tui.demo import demo_paths
    from koto_tui.store.exchange import Exchange, ImportConflict

    store = Store.unlock(demo_paths(DataPaths(data_dir)), DEMO_PASSPHRASE)
    try:
        Exchange(store.session).record_import("ab" * 32, 0, 1, 0, [
            ImportConflict(1, "plan", "KOTO-S-2026-000001", "record_changed_here"),
            ImportConflict(5, "client", "c" * 32, "client_changed_here")])
    finally:
        store.close()
    code, out = run(capsys, "export", "--log", "--demo", "--data-dir", str(data_dir))  # run: no names
    assert code == 0 and out.splitlines()[-2:] == [
        "  ! asiakas 1, suunnitelma KOTO-S-2026-000001: täällä olevaa kopiota on muutettu sen saapumisen "
        "jälkeen, tai se on tehty täällä",
        "  ! asiakas 5, asiakkaan tiedot: täällä olevia tietoja on muutettu niiden saapumisen jälkeen"]


def test_import_names_each_conflicts_client_and_record_as_the_export_log_does(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`koto import` prints each conflict with the local client's id and the record (no name), then why."""
    from koto_tui.exchange import importer
    from koto_tui.exchange.conflicts import Reason

    said = "nothing was overwritten; compare them and correct by hand."
    result = importer.ImportResult(outcomes=[
        importer.Outcome("client", "c" * 32, "5", importer.CONFLICT, said, Reason.CLIENT_CHANGED_HERE, 5),
        importer.Outcome("plan", "d" * 32, "KOTO-S-2026-000001", importer.CONFLICT, said,
                         Reason.CLIENT_CHANGED_HERE, 1),
        importer.Outcome("client", "e" * 32, "7", importer.CREATED)])
    monkeypatch.setattr(importer, "import_file", lambda store, data: result)
    monkeypatch.setattr("koto_tui.commands._read_import", lambda store, path: b"")
    (tmp_path / "file.json").write_bytes(b"{}")
    code, out = run(capsys, "import", str(tmp_path / "file.json"), "--demo", "--data-dir", str(data_dir))
    assert code == 3
    assert out.splitlines()[-2:] == [f"  ! asiakas 5, asiakkaan tiedot: {said}",
                                     f"  ! asiakas 1, suunnitelma KOTO-S-2026-000001: {said}"]
