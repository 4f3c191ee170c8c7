"""`koto audit` and the audit CSV: a coordinator's filters, formula-safe cells, owner-only files."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from koto_tui.audit import to_csv
from koto_tui.cli import main
from koto_tui.exchange import seal, trust
from koto_tui.model import ClientData, IdentityKind, Profile
from koto_tui.store import DataPaths, Store, keys
from koto_tui.store.audit import AuditRow
from koto_tui.text import formula_safe

PROFILE = Profile("Kaisa Koordinaattori", "kotoutumiskoordinaattori", "Mikkeli", "Kotoutuminen", "Mikkeli")
PASS = "kaisan-salasana"
COUNSELLOR_PASS = "maijan-salasana"
NAME = "Коваленко"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A coordinator's database with one client (opened once), and a counsellor."""
    monkeypatch.setattr(keys, "DEFAULT_KDF", {"memory_kib": 8, "iterations": 1, "lanes": 1})
    data = tmp_path / "data"
    store = Store.create(DataPaths(data), PROFILE, PASS, role="coordinator")
    store.users.add("Maija", "", "counsellor", COUNSELLOR_PASS, confirm_passphrase=PASS)
    client_id = store.clients.add(ClientData(NAME, "Олена", date(1985, 3, 14), IdentityKind.TEMPORARY,
                                             "140385Y9501"))
    store.audit.client_opened(client_id)
    store.close()
    monkeypatch.setenv("KOTO_PASSPHRASE", PASS)
    return data


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize(("cell", "expected"), [
    ("=1+1", "'=1+1"), ("+358 40", "'+358 40"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=x", "' =x"), ("\r\n=x", "'\n=x"), ("  \uff1dx", "'  \uff1dx"), ("\x1b]0;x\x07", "\u241b]0;x\u2407"),
])
def test_a_cell_that_could_run_as_a_formula_is_neutralised(cell: str, expected: str) -> None:
    row = AuditRow(1, "2026-11-27T10:30:00", "u", cell, "view", "client", "1", cell, "0" * 64, "a" * 64)
    written = _csv_rows(to_csv([row]))
    assert written[1][3] == expected and written[1][7] == expected


def test_plain_cells_are_kept() -> None:
    assert formula_safe("Kaisa") == "Kaisa"
    assert formula_safe("") == ""


def test_the_cli_lists_rows_and_says_the_chain_is_intact(root: Path, capsys: pytest.CaptureFixture[str],
                                                        ) -> None:
    assert main(["audit", "--data-dir", str(root), "--action", "view"]) == 0
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert len(lines) == 2 and " view " in lines[0] and "Kaisa Koordinaattori" in lines[0]
    assert "ehjät" in lines[1]
    assert NAME not in out + err


def _identity() -> tuple[str, str]:
    """A new age identity and its public key (the data protection officer's, say)."""
    private = seal.new_private_key()
    return private, seal.public_key_text(private)


def _opened(path: Path, private: str) -> bytes:
    """The content of the sealed file *path*, opened with *private*."""
    data = path.read_bytes()
    assert seal.is_sealed(data)
    return bytes(seal.open_sealed(data, private))


def _set_office_key(root: Path, public: str) -> None:
    store = Store.unlock(DataPaths(root), PASS)
    trust.trust(store).put_receiver_key(public, seal.fingerprint(public))
    store.close()


def _audit_rows(root: Path) -> list[AuditRow]:
    store = Store.unlock(DataPaths(root), PASS)
    try:
        return store.audit.rows()
    finally:
        store.close()


def test_the_cli_writes_an_owner_only_csv_sealed_for_the_receiving_office(
        root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """It was written in clear: user names, client ids, actions and reasons, readable by whoever found it."""
    private, public = _identity()
    _set_office_key(root, public)
    target = root.parent / "dpo" / "audit.csv"
    assert main(["audit", "--data-dir", str(root), "--client", "1", "--csv", str(target)]) == 0
    written = target.with_name("audit.csv.age")
    out = capsys.readouterr().out
    assert str(written) in out and seal.fingerprint(public) in out
    assert not target.exists() and written.stat().st_mode & 0o777 == 0o600
    assert b"Rivi" not in written.read_bytes() and b"view" not in written.read_bytes()
    rows = _csv_rows(_opened(written, private))
    assert rows[0][0] == "Rivi" and [r[4] for r in rows[1:]] == ["view", "create"]
    assert NAME not in _opened(written, private).decode("utf-8-sig")
    # The export is logged, with the key it was sealed for.
    logged = _audit_rows(root)
    assert [r.action for r in logged][:3] == ["unlock", "export", "unlock"]
    assert logged[1].detail == seal.fingerprint(public)
    assert [p.name for p in target.parent.iterdir()] == ["audit.csv.age"]  # no temporary file left


def test_the_csv_is_sealed_for_the_recipients_given_and_keeps_formulas_neutral(
        root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.unlock(DataPaths(root), PASS)
    store.set_setting("=HYPERLINK(1)", 1)  # a record id that a spreadsheet would run
    store.close()
    (dpo, dpo_public), (office, office_public) = _identity(), _identity()
    _set_office_key(root, office_public)
    target = root.parent / "audit.csv.age"
    assert main(["audit", "--data-dir", str(root), "--csv", str(target), "--recipient", dpo_public,
                 "--recipient", " " + dpo_public[:30] + "\n" + dpo_public[30:]]) == 0
    assert capsys.readouterr().out.count("age1") == 1  # the same key given twice: sealed for it once
    rows = _csv_rows(_opened(target, dpo))
    assert [r[6] for r in rows if "HYPERLINK" in r[6]] == ["'=HYPERLINK(1)"]
    with pytest.raises(seal.SealError):
        _opened(target, office)  # a recipient given replaces the office's key
    assert _audit_rows(root)[1].detail == seal.fingerprint(dpo_public)


@pytest.mark.parametrize("extra", [[], ["--recipient", "age1notakey"], ["--recipient", "koto-ed25519:x"]])
def test_no_key_to_seal_for_is_refused_and_nothing_is_written(
        root: Path, capsys: pytest.CaptureFixture[str], extra: list[str]) -> None:
    target = root.parent / "out" / "audit.csv"
    assert main(["audit", "--data-dir", str(root), "--csv", str(target), *extra]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("koto: ") and ("--recipient" in err or "age1" in err)
    assert not target.parent.exists()
    assert "export" not in [r.action for r in _audit_rows(root)]


def test_an_unsealed_csv_only_when_asked_with_a_warning(root: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    target = root.parent / "dpo" / "audit.csv"
    assert main(["audit", "--data-dir", str(root), "--client", "1", "--csv", str(target), "--unsealed"]) == 0
    out, err = capsys.readouterr()
    assert "Varoitus" in err and "ei ole sinetöity" in err and str(target) in out
    assert target.stat().st_mode & 0o777 == 0o600
    assert [r[4] for r in _csv_rows(target.read_bytes())[1:]] == ["view", "create"]
    assert _audit_rows(root)[1].detail == "unsealed"


@pytest.mark.parametrize("argv", [["--unsealed"], ["--recipient", "age1x"]])
def test_the_sealing_options_go_with_csv(root: Path, capsys: pytest.CaptureFixture[str],
                                         argv: list[str]) -> None:
    assert main(["audit", "--data-dir", str(root), *argv]) == 2
    assert "--csv" in capsys.readouterr().err


def test_recipient_and_unsealed_together_are_a_usage_error(root: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["audit", "--data-dir", str(root), "--csv", "a.csv", "--unsealed", "--recipient", "age1x"])
    assert exited.value.code == 2


def test_the_cli_json_and_date_filters(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--data-dir", str(root), "--json", "--since", "28.11.2026"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["chain"]["intact"] is True and data["rows"] == []
    assert main(["audit", "--data-dir", str(root), "--json", "--until", "2026-11-27"]) == 0
    assert len(json.loads(capsys.readouterr().out)["rows"]) >= 4


def test_a_counsellor_is_refused(root: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOTO_PASSPHRASE", COUNSELLOR_PASS)
    assert main(["audit", "--data-dir", str(root)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "koordinaattori" in err


def test_a_broken_chain_exits_1_and_names_the_row(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.unlock(DataPaths(root), PASS)
    victim = store.audit.rows()[-2]
    with store.session.transaction() as db:
        db.execute("UPDATE audit SET detail = 'x' WHERE id = ?", [victim.id])
    store.close()
    assert main(["audit", "--data-dir", str(root)]) == 1
    out, err = capsys.readouterr()
    assert f"rivistä {victim.id} alkaen" in err and "Traceback" not in err
    assert out.strip() and "rivistä" not in out  # the rows are still shown; the break is said once
    store = Store.unlock(DataPaths(root), PASS)
    assert [r.entity_id for r in store.audit.rows() if r.action == "chain_broken"] == [str(victim.id)]
    store.close()


def test_a_wrong_date_is_a_usage_error(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["audit", "--data-dir", str(root), "--since", "eilen"])
    assert exited.value.code == 2


def test_the_user_filter_takes_a_name_too(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--data-dir", str(root), "--user", "kaisa koordinaattori", "--action", "view"]) == 0
    assert " view " in capsys.readouterr().out
    assert main(["audit", "--data-dir", str(root), "--user", "Maija", "--action", "view"]) == 0
    assert " view " not in capsys.readouterr().out
