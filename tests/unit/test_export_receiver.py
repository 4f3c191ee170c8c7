"""Every export records its receiver (GDPR art. 15(1)(c)), and the access report names it; exports made
before koto recorded it (a database at m011) say that it was not recorded."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from koto_tui import access_report
from koto_tui.access_printout import build_access_printout, receiver_text
from koto_tui.demo import DEMO_PASSPHRASE, demo_paths
from koto_tui.exchange import seal, settings
from koto_tui.exchange.export import ExportRequest, run_export
from koto_tui.model import ClientData, Profile
from koto_tui.municipality import shipped_municipality
from koto_tui.store import DataPaths, Store
from koto_tui.store.migrations import known_migrations, migrations

CLIENT = 1  # Коваленко Олена: a finalised assessment and a plan
FINGERPRINT = r"[0-9a-f]{4}( [0-9a-f]{4}){7}"


@pytest.fixture
def store(seeded_demo: Path, tmp_path: Path) -> Iterator[Store]:
    """A copy of the demo, sensitive answers off (an unsealed export is then allowed)."""
    root = tmp_path / "data"
    shutil.copytree(seeded_demo, root)
    opened = Store.unlock(demo_paths(DataPaths(root)), DEMO_PASSPHRASE)
    opened.set_setting(settings.EXPORT_SENSITIVE, False)
    yield opened
    opened.close()


def _receivers(store: Store) -> list[tuple[int, str | None, str | None]]:
    return [tuple(r) for r in store.session.db.execute(
        "SELECT sealed, receiver_fingerprint, receiver_name FROM exports ORDER BY id")]


def test_a_sealed_export_records_the_receiving_keys_fingerprint_and_office(store: Store) -> None:
    run_export(store, ExportRequest(client_id=CLIENT))
    shown = seal.fingerprint(settings.receiver_key(store))  # what the settings show for the receiving key
    office = shipped_municipality().receiving_office
    assert office and len(shown.replace(" ", "")) * 4 >= 128
    assert _receivers(store) == [(1, shown, office)]


def test_an_unsealed_export_records_unsealed(store: Store) -> None:
    run_export(store, ExportRequest(client_id=CLIENT, unsealed=True))
    assert _receivers(store) == [(0, "unsealed", None)]


def test_the_access_report_names_the_receiver_in_json_and_on_paper(store: Store) -> None:
    run_export(store, ExportRequest(client_id=CLIENT))
    report = access_report.gather(store, CLIENT)
    assert access_report.problems(report) == [] and report["format_version"] == "1.1"
    [disclosure] = report["disclosures"]
    shown = seal.fingerprint(settings.receiver_key(store))
    assert disclosure["receiver_fingerprint"] == shown and disclosure["receiver_recorded"] is True
    assert disclosure["receiver_name"] == shipped_municipality().receiving_office
    printed = [f.value for part in build_access_printout(store, CLIENT).parts for s in part.sections
               for f in s.fields]
    line = next(v for v in printed if shown in v)
    assert shipped_municipality().receiving_office in line and line.startswith("salattu vastaanottajalle")
    kinds = sorted(r["entity"] for r in disclosure["records_of_client"])
    assert kinds == ["assessment", "plan"]  # the demo client's finalised assessment and approved plan
    assert line.endswith("arviointi × 1, suunnitelma × 1") or line.endswith("suunnitelma × 1, arviointi × 1")


def test_the_schema_refuses_a_receiver_that_is_not_a_fingerprint(store: Store) -> None:
    run_export(store, ExportRequest(client_id=CLIENT))
    report = access_report.gather(store, CLIENT)
    report["disclosures"][0]["receiver_fingerprint"] = "Коваленко"
    assert access_report.problems(report) == ["disclosures/0/receiver_fingerprint: pattern"]


PROFILE = Profile("Maija Meikäläinen", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut",
                  "Mikkeli")
PASSPHRASE = "oikea hevonen patteri"


@pytest.fixture
def at_m011(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataPaths:
    """A database whose schema stops at m011, with a client whose record was exported (no receiver then)."""
    newest = list(migrations._migrations)
    assert "m012_export_receiver" in known_migrations()
    monkeypatch.setattr(migrations, "_migrations", [m for m in newest if m.name < "m012"])
    paths = DataPaths(tmp_path / "data")
    store = Store.create(paths, PROFILE, PASSPHRASE)
    client = store.clients.add(ClientData("Vanha", "Vienti", None))
    with store.session.transaction() as db:
        assert "receiver_fingerprint" not in db.table("exports").columns_dict
        db.table("exchange_keys").insert({"entity": "client", "local_id": client, "uid": "c-old"})
        db.table("exports").insert({"id": 1, "at": "2026-11-20T09:00:00", "user_id": None, "user_name": "M",
                                    "file_name": "koto-export-20261120-090000.json.age",
                                    "file_sha256": "0" * 64, "sealed": 1, "documents": 1, "records": 1})
        db.table("export_log").insert({"export_id": 1, "entity": "client", "uid": "c-old",
                                       "client_uid": "c-old", "content_hash": "1" * 64})
    store.close()
    monkeypatch.setattr(migrations, "_migrations", newest)
    return paths


def test_exports_made_before_m012_say_the_receiver_was_not_recorded(at_m011: DataPaths) -> None:
    store = Store.unlock(at_m011, PASSPHRASE)
    try:
        assert _receivers(store) == [(1, None, None)]
        report = access_report.gather(store, 1)
        assert access_report.problems(report) == []
        [disclosure] = report["disclosures"]
        assert disclosure["receiver_recorded"] is False and disclosure["receiver_fingerprint"] is None
        assert receiver_text(disclosure) == ("salattu vastaanottavalle toimistolle; vastaanottajaa ei "
                                             "tallennettu (ennen versiota koto 0.1.0)")
    finally:
        store.close()


def test_the_commands_json_copy_validates_against_its_schema_with_the_receiver(
        seeded_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from jsonschema import Draft202012Validator

    from koto_tui.cli import main
    from koto_tui.resources import schemas_dir

    root = tmp_path / "data"
    shutil.copytree(seeded_demo, root)
    opened = Store.unlock(demo_paths(DataPaths(root)), DEMO_PASSPHRASE)
    try:
        run_export(opened, ExportRequest(client_id=CLIENT))
        shown = seal.fingerprint(settings.receiver_key(opened))
    finally:
        opened.close()
    monkeypatch.setenv("KOTO_PASSPHRASE", DEMO_PASSPHRASE)
    out = tmp_path / "usb"
    assert main(["access-report", "--demo", "--data-dir", str(root), "--client", str(CLIENT),
                 "--out", str(out), "--yes"]) == 0
    [copy] = out.glob("*.json")
    report = json.loads(copy.read_text(encoding="utf-8"))
    schema = json.loads((schemas_dir() / access_report.SCHEMA_FILE).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert list(Draft202012Validator(schema).iter_errors(report)) == []
    assert [(d["receiver_fingerprint"], d["receiver_name"]) for d in report["disclosures"]] == [
        (shown, shipped_municipality().receiving_office)]
