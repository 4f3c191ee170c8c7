"""The access report (GDPR art. 15 and 20): every stored value of a demo client is in it, and on paper."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from koto_tui import access_report
from koto_tui.access_printout import build_access_printout, write_pdf
from koto_tui.demo import DEMO_PASSPHRASE, demo_paths
from koto_tui.exchange.export import ExportRequest, mark_entered, run_export
from koto_tui.exchange.settings import RETENTION
from koto_tui.municipality import MunicipalityFileError, load_municipality, shipped_municipality
from koto_tui.retention import PRINTOUT_NAME
from koto_tui.store import DataPaths, Store
from koto_tui.store.access import AUDIT_INTEGRITY
from koto_tui.store.exchange import Exchange, ImportConflict
from koto_tui.store.worklist import Meeting
from koto_tui.workflow import PrintRequest, print_interview

CLIENT = 1  # Коваленко Олена: a finalised assessment with interpreting, consents and a plan


@pytest.fixture
def store(seeded_demo: Path, tmp_path: Path) -> Iterator[Store]:
    """The demo with more for client 1: a meeting, an amendment, a print, an export entered into KOTO-AJ, an
    import's conflict."""
    root = tmp_path / "data"
    shutil.copytree(seeded_demo, root)
    opened = Store.unlock(demo_paths(DataPaths(root)), DEMO_PASSPHRASE)
    interview = opened.interviews.for_client(CLIENT)[0]
    opened.worklist.set_meeting(CLIENT, Meeting(date(2026, 12, 3), "10.00", "Maaherrankatu 9 ÄÖ-unique",
                                                "Tulkkauspalvelu", "BK-4711"))
    print_interview(opened, PrintRequest(interview.id))
    result = run_export(opened, ExportRequest(client_id=CLIENT))
    opened.set_setting(RETENTION, "keep")  # the laptop copy stays after it is entered into KOTO-AJ
    mark_entered(opened, result.records[0].uid, date(2026, 11, 27))
    opened.interviews.lifecycle.amend(interview.id, "Päivämäärä korjattu (uniikki syy)", "Demo Ohjaaja")
    Exchange(opened.session).record_import("ab" * 32, 0, 0, 0, [
        ImportConflict(CLIENT, "plan", "KOTO-S-2026-000077", "record_changed_here")])
    yield opened
    opened.close()


def _leaves(value: Any, key: str = "") -> set[tuple[str, str]]:
    """Every (key, scalar) pair in *value*, scalars as JSON text."""
    if isinstance(value, dict):
        return set().union(*(_leaves(v, k) for k, v in value.items())) if value else set()
    if isinstance(value, list):
        return set().union(*(_leaves(v, key) for v in value)) if value else set()
    return {(key, json.dumps(value, ensure_ascii=False))}


def _in(db: Any, sql: str, ids: list[Any], *first: Any) -> list[dict[str, Any]]:
    """*sql* with ``{}`` replaced by one parameter mark per id (table names come from the schema)."""
    return list(db.query(sql.format(", ".join("?" * len(ids))), [*first, *ids]))


def _client_rows(store: Store, client_id: int) -> list[tuple[str, dict[str, Any]]]:
    """Every row of every table that is about the client, found by this test's own walk of the schema."""
    db = store.session.db
    interviews = [r[0] for r in db.execute("SELECT id FROM interviews WHERE client_id = ?", [client_id])]
    plans = [r[0] for r in db.execute("SELECT id FROM plans WHERE client_id = ?", [client_id])]
    owners = {"client_id": [client_id], "interview_id": interviews, "plan_id": plans}
    found = [("clients", r) for r in _in(db, "SELECT * FROM clients WHERE id IN ({})", [client_id])]
    for table in [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]:
        columns = [c[1] for c in db.execute(f"PRAGMA table_info('{table}')")]
        for column, ids in owners.items():
            if column in columns and ids:
                sql = f"SELECT * FROM '{table}' WHERE {column} IN ({{}})"  # noqa: S608  (names from the schema)
                found += [(table, r) for r in _in(db, sql, ids)]
    keys = [("client", client_id)] + [("interview", i) for i in interviews] + [("plan", p) for p in plans]
    uids = [r[0] for entity, local in keys for r in db.execute(
        "SELECT uid FROM exchange_keys WHERE entity = ? AND local_id = ?", [entity, local])]
    for table in ("exchange_keys", "export_log", "koto_aj_entries"):
        sql = f"SELECT * FROM {table} WHERE uid IN ({{}})"  # noqa: S608  (fixed names)
        found += [(table, r) for r in _in(db, sql, uids)]
    found += [("exports", r) for r in _in(
        db, "SELECT * FROM exports WHERE id IN (SELECT export_id FROM export_log WHERE uid IN ({}))", uids)]
    found += [("audit", r) for r in _in(
        db, "SELECT * FROM audit WHERE (entity = 'client' AND entity_id = ?) OR (entity = 'interview' AND "
        "entity_id IN ({}))", [str(i) for i in interviews], str(client_id))]
    return found


def _expected(table: str, column: str, value: Any, show: dict[str, str]) -> set[tuple[str, str]]:
    """What the report must hold for one stored value."""
    if column in access_report.USER_COLUMNS:
        return {(column, json.dumps(show[value], ensure_ascii=False))}
    if column in access_report.JSON_COLUMNS and isinstance(value, str):
        try:
            return _leaves(json.loads(value), column)
        except ValueError:
            pass
    return {(column, json.dumps(value, ensure_ascii=False))}


@pytest.mark.parametrize("policy", ["roles", "names"])
def test_every_stored_value_of_the_client_is_in_the_report(store: Store, policy: str) -> None:
    town = replace(shipped_municipality(), access_report_user_names=policy)
    report = access_report.gather(store, CLIENT, town)
    assert access_report.problems(report) == []
    held = _leaves(report)
    users = {u.id: (f"{u.name}, {u.title}" if policy == "names" else u.role)
             for u in store.users.all(include_removed=True)}
    rows = _client_rows(store, CLIENT)
    tables = {table for table, _row in rows}
    assert {"clients", "answers", "consents", "interpreter_sessions", "amendments", "plan_versions",
            "next_meetings", "prints", "exports", "export_log", "koto_aj_entries", "audit",
            "import_conflicts"} <= tables
    missing = []
    for table, row in rows:
        for column, value in row.items():
            if value is None or (table == "audit" and column in AUDIT_INTEGRITY):
                continue
            if (table, column) in access_report.HANDLER_NAME_COLUMNS and policy == "roles":
                continue  # withheld by the setting (the next test)
            if not _expected(table, column, value, users) <= held:
                missing.append(f"{table}.{column}")
    assert missing == []
    assert ("value", json.dumps("Päivämäärä korjattu (uniikki syy)")) not in held  # a reason, not an answer
    assert any(e["reason"] == "Päivämäärä korjattu (uniikki syy)" for e in report["rectifications"])


def test_the_roles_setting_withholds_the_names_of_staff(store: Store) -> None:
    report = access_report.gather(store, CLIENT, replace(shipped_municipality(),
                                                         access_report_user_names="roles"))
    handlers = {row["user_id"] for row in report["handling"]}
    assert handlers <= {"counsellor", "coordinator", None}
    assert all("user_name" not in d for d in report["disclosures"])
    assert report["disclosures"][0]["receiver"] == "receiving_office"


def test_a_stored_value_missing_from_the_report_is_found(store: Store) -> None:
    report = access_report.gather(store, CLIENT)
    report["next_meetings"] = []
    assert not {("place", json.dumps("Maaherrankatu 9 ÄÖ-unique", ensure_ascii=False))} <= _leaves(report)


def test_the_report_says_what_the_municipalitys_data_lacks(store: Store) -> None:
    report = access_report.gather(store, CLIENT, replace(shipped_municipality(), retention=" "))
    assert report["processing"]["missing"] == ["retention"]
    assert "tietosuoja" in report["processing"]["right_to_complain"]


def test_the_municipality_file_allows_only_names_or_roles(tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "data" / "municipality.yaml").read_text(encoding="utf-8")
    path = tmp_path / "municipality.yaml"
    path.write_text(text.replace("access_report_user_names: roles", "access_report_user_names: all"),
                    encoding="utf-8")
    with pytest.raises(MunicipalityFileError, match="access_report_user_names"):
        load_municipality(path)
    assert shipped_municipality().access_report_user_names == "roles"


def test_the_pdf_holds_the_answers_and_making_it_is_logged(store: Store) -> None:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    logged = "SELECT count(*) FROM audit WHERE action = 'access_report'"
    before = store.session.db.execute(logged).fetchone()[0]
    path = write_pdf(store, CLIENT)
    assert path.parent == store.paths.prints and PRINTOUT_NAME.fullmatch(path.name)
    assert path.stat().st_mode & 0o077 == 0
    text = " ".join(subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assessment = build_access_printout(store, CLIENT).parts[1]
    answers = [" ".join(f.value.split()) for s in assessment.sections for f in s.fields]
    assert len(answers) > 30
    assert [a for a in answers if a not in text] == []
    assert "Коваленко Олена" in text and "Päivämäärä korjattu (uniikki syy)" in text
    rows = store.session.db.execute(
        "SELECT entity, entity_id, detail FROM audit WHERE action = 'access_report'").fetchall()
    assert len(rows) == before + 1 and tuple(rows[-1]) == ("client", str(CLIENT), "pdf")


def test_the_pdf_prints_sensitive_answers(store: Store) -> None:
    from koto_tui.workflow import build_printout

    interview = store.interviews.for_client(CLIENT)[0].id
    with_sensitive = build_printout(store, interview, include_sensitive=True)
    without = build_printout(store, interview, include_sensitive=False)
    extra = {(f.label, f.value) for s in with_sensitive.sections for f in s.fields} - {
        (f.label, f.value) for s in without.sections for f in s.fields}
    assert extra, "the demo client has sensitive answers"
    printout = build_access_printout(store, CLIENT)
    printed = {(f.label, f.value) for part in printout.parts for s in part.sections for f in s.fields}
    assert extra <= printed


def test_the_cli_writes_the_pdf_and_the_json_into_out(store: Store, tmp_path: Path) -> None:
    from koto_tui.access_report import write_json

    path = write_json(store, CLIENT, tmp_path / "usb")
    report = json.loads(path.read_text(encoding="utf-8"))
    assert access_report.problems(report) == [] and report["client"]["family_name"] == "Коваленко"
    assert path.stat().st_mode & 0o077 == 0



@pytest.fixture
def demo_root(seeded_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo data directory, its passphrase in the environment."""
    root = tmp_path / "data"
    shutil.copytree(seeded_demo, root)
    monkeypatch.setenv("KOTO_PASSPHRASE", DEMO_PASSPHRASE)
    return root


def test_the_command_writes_the_clients_copy_into_out(demo_root: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from koto_tui.cli import main

    out = tmp_path / "usb"
    assert main(["access-report", "--demo", "--data-dir", str(demo_root), "--client", "2", "--out", str(out),
                 "--yes"]) == 0
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 2 and written[0].endswith(".json") and written[1].endswith(".pdf")
    assert written[0][:-5] == written[1][:-4]  # one name for both
    report = json.loads((out / written[0]).read_text(encoding="utf-8"))
    assert access_report.problems(report) == [] and report["client"]["given_names"] == "محمد"
    printed = capsys.readouterr()
    assert "محمد" not in printed.out + printed.err  # paths only, never client data


def test_the_command_refuses_without_yes_when_it_cannot_ask(demo_root: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    from koto_tui.cli import main

    assert main(["access-report", "--demo", "--data-dir", str(demo_root), "--client", "2"]) == 1
    assert "--yes" in capsys.readouterr().err
    assert not (demo_root / "demo" / "prints").exists() or not list((demo_root / "demo" / "prints").iterdir())


def test_the_command_names_a_missing_client(demo_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from koto_tui.cli import main

    assert main(["access-report", "--demo", "--data-dir", str(demo_root), "--client", "999", "--yes"]) == 1
    assert "999" in capsys.readouterr().err


def test_the_history_lists_amendments_and_later_plan_versions_in_order(store: Store) -> None:
    plan = store.plans.for_client(CLIENT)[0]
    store.plans.new_version(plan.id, "Tavoite tarkennettu (uniikki)")
    entries = access_report.client_history(store, CLIENT)
    assert [(e.kind, e.reason) for e in entries] == [
        ("amendment", "Päivämäärä korjattu (uniikki syy)"), ("plan_version", "Tavoite tarkennettu (uniikki)")]
    assert entries[1].document_id == plan.document_id and entries[1].detail == "2"
    assert entries[0].document_id == store.interviews.for_client(CLIENT)[0].document_id
    assert access_report.gather(store, CLIENT)["rectifications"] == [e.__dict__ for e in entries]
