"""Exports of the demo data: the schema, every hold-back rule, the export log and marking KOTO-AJ entries."""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from koto_tui.exchange import settings
from koto_tui.exchange.export import ExportRefused, ExportRequest, mark_entered, run_export
from koto_tui.exchange.holdback import Reason, routing_refusal
from koto_tui.exchange.schema import problems, schema
from koto_tui.exchange.trust import trust
from koto_tui.rules.plan_lifecycle import PlanStatus, status
from koto_tui.store import Store
from koto_tui.store.exchange import Exchange
from tests.unit.exchange.conftest import opened

EXPORTED = {"KOTO-2026-000001", "KOTO-2026-000004", "KOTO-S-2026-000001", "KOTO-S-2026-000002",
            "KOTO-S-2026-000003"}


def client_id(store: Store, family_name: str) -> int:
    return next(c.id for c in store.clients.search("") if c.full_name.startswith(family_name))


def export(store: Store, path: Path, **options: Any) -> tuple[Any, dict[str, Any]]:
    result = run_export(store, ExportRequest(out=path, **options))
    return result, opened(store, path.read_bytes()) if result.path else {}


def reasons(result: Any) -> set[tuple[str, Reason]]:
    return {(h.document_id, h.reason) for h in result.held_back}


def test_the_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(schema())


def test_the_demo_export_matches_the_schema(demo: Store, tmp_path: Path) -> None:
    result, content = export(demo, tmp_path / "export.json")
    assert problems(content) == []
    assert {r.document_id for r in result.records} == EXPORTED
    assert result.documents == len(content["documents"]) == 3
    assert stat.S_IMODE((tmp_path / "export.json").stat().st_mode) == 0o600
    routed = {r.document_id: r.record_system for r in result.records}
    assert routed["KOTO-S-2026-000003"] == "employment_services"  # the jobseeker's plan
    assert routed["KOTO-S-2026-000001"] == "koto_aj"


def test_the_decree_fields_of_an_assessment(demo: Store, tmp_path: Path) -> None:
    _result, content = export(demo, tmp_path / "export.json")
    assessment = next(a for d in content["documents"] for a in d["assessments"]
                      if a["document_id"] == "KOTO-2026-000001")
    assert assessment["date"] == "2026-11-27"
    assert assessment["authors"][0]["name"] == "Demo Ohjaaja"
    assert {s["section"] for s in assessment["sources"]} >= {"background", "service_needs"}
    assert set(assessment["plan_or_referral"]) >= {"plan_needed", "planned_plan_date", "other_referral"}
    assert assessment["interpreting"][0]["interpreter"] == "Tulkki T-1024"
    assert assessment["participants"][0]["role"] == "wellbeing_counsellor"


def test_what_stays_on_the_laptop_and_why(demo: Store, tmp_path: Path) -> None:
    result, _content = export(demo, tmp_path / "export.json")
    assert reasons(result) == {
        ("KOTO-2026-000002", Reason.NOT_FINALISED), ("KOTO-2026-000003", Reason.NOT_FINALISED),
        ("KOTO-2026-000005", Reason.NOT_FINALISED),
        ("KOTO-S-2026-000004", Reason.PLAN_NOT_APPROVED), ("KOTO-S-2026-000005", Reason.PLAN_NOT_APPROVED),
        ("KOTO-2026-000001", Reason.SENSITIVE), ("KOTO-2026-000004", Reason.SENSITIVE),
        ("", Reason.ADDRESS_NONDISCLOSURE)}
    submitted = next(h for h in result.held_back if h.document_id == "KOTO-S-2026-000004")
    assert "odottaa hyväksyntää" in submitted.message and "16 §" in submitted.message
    assert not submitted.partial
    assert all(h.message for h in result.held_back)


def test_an_address_under_non_disclosure_is_never_exported(demo: Store, tmp_path: Path) -> None:
    cid = client_id(demo, "Коваленко")
    data = demo.clients.get(cid).data
    demo.clients.update(cid, replace(data, street_address="Piilokatu 7", postal_code="50100",
                                     address_nondisclosure=True))
    result, content = export(demo, tmp_path / "export.json")
    text = json.dumps(content, ensure_ascii=False)
    assert "Piilokatu" not in text and "50100" not in text
    document = next(d for d in content["documents"] if d["client"]["family_name"] == "Коваленко")
    assert document["client"]["address"] is None and document["client"]["address_nondisclosure"] is True
    assert any(h.client_id == cid and h.reason is Reason.ADDRESS_NONDISCLOSURE for h in result.held_back)


def test_an_address_without_non_disclosure_is_exported(demo: Store, tmp_path: Path) -> None:
    cid = client_id(demo, "Коваленко")
    demo.clients.update(cid, replace(demo.clients.get(cid).data, street_address="Porrassalmenkatu 1"))
    _result, content = export(demo, tmp_path / "export.json")
    document = next(d for d in content["documents"] if d["client"]["family_name"] == "Коваленко")
    assert document["client"]["address"]["street"] == "Porrassalmenkatu 1"


def _answers(content: dict[str, Any], doc: str) -> set[str]:
    assessment = next(a for d in content["documents"] for a in d["assessments"] if a["document_id"] == doc)
    return {a["question"] for s in assessment["content"] for a in s["answers"]}


def test_sensitive_answers_only_when_the_settings_allow(demo: Store, tmp_path: Path) -> None:
    result, content = export(demo, tmp_path / "without.json")
    sensitive = {"ability_health"}
    sections = {s["section"] for d in content["documents"] for a in d["assessments"] for s in a["content"]}
    assert not sections & sensitive
    demo.set_setting(settings.EXPORT_SENSITIVE, True)
    result, content = export(demo, tmp_path / "with.json", include_unchanged=True)
    sections = {s["section"] for d in content["documents"] for a in d["assessments"] for s in a["content"]}
    assert sections & sensitive
    assert Reason.SENSITIVE not in {h.reason for h in result.held_back}
    assert all(a["sensitive_answers_included"] for d in content["documents"] for a in d["assessments"])


def test_a_jobseekers_plan_needs_consent_to_share_with_employment_services(
        demo: Store, tmp_path: Path) -> None:
    cid = client_id(demo, "Nguyễn")
    consent = next(c for c in demo.record.consents(cid) if c.party == "employment_services")
    demo.record.withdraw_consent(consent.id, date(2026, 11, 27))
    result, _content = export(demo, tmp_path / "export.json")
    held = next(h for h in result.held_back if h.document_id == "KOTO-S-2026-000003")
    assert held.reason is Reason.NO_CONSENT and "9 §" in held.message
    assert "KOTO-S-2026-000003" not in {r.document_id for r in result.records}


def test_a_newer_draft_version_stays_and_the_approved_one_leaves(demo: Store, tmp_path: Path) -> None:
    plan = next(p for p in demo.plans.all() if p.document_id == "KOTO-S-2026-000001")
    demo.plans.new_version(plan.id, "Kurssi vaihtui")
    assert status(demo.plans.get(plan.id)) is PlanStatus.DRAFT
    result, content = export(demo, tmp_path / "export.json")
    exported = next(p for d in content["documents"] for p in d["plans"]
                    if p["document_id"] == plan.document_id)
    assert [v["number"] for v in exported["versions"]] == [1]
    assert exported["status"] == "in_force"
    held = next(h for h in result.held_back if h.document_id == plan.document_id)
    assert held.reason is Reason.VERSION_NOT_APPROVED and held.partial


def test_an_unknown_jobseeker_status_holds_a_record_back() -> None:
    assert routing_refusal("KOTO-2026-000009", True) is None
    assert routing_refusal("KOTO-2026-000009", False) is None
    refused = routing_refusal("KOTO-2026-000009", None)
    assert refused is not None and refused[0] is Reason.ROUTING_UNKNOWN and "14 §" in refused[1]


def test_unchanged_records_are_not_exported_again(demo: Store, tmp_path: Path) -> None:
    first, _content = export(demo, tmp_path / "first.json")
    again, _content = export(demo, tmp_path / "again.json")
    assert first.export_id is not None and again.path is None and again.records == ()
    assert not (tmp_path / "again.json").exists()
    assert {d for d, r in reasons(again) if r is Reason.UNCHANGED} == EXPORTED
    plan = next(p for p in demo.plans.all() if p.document_id == "KOTO-S-2026-000001")
    demo.plans.add_review(plan.id, date(2026, 11, 27), "asiakas, ohjaaja", "Ei muutoksia", date(2027, 5, 27))
    changed, content = export(demo, tmp_path / "changed.json")
    assert [r.document_id for r in changed.records] == ["KOTO-S-2026-000001"]
    assert content["documents"][0]["plans"][0]["reviews"][0]["changes"] == "Ei muutoksia"
    everything, _content = export(demo, tmp_path / "all.json", include_unchanged=True)
    assert {r.document_id for r in everything.records} == EXPORTED
    log = Exchange(demo.session).exports()
    assert [row["records"] for row in log] == [5, 1, 5]
    assert log[0]["user_name"] == "Demo Ohjaaja" and len(log[0]["file_sha256"]) == 64
    assert [e["action"] for e in demo.audit_entries(5)].count("export") == 3


def test_a_dry_run_writes_and_logs_nothing(demo: Store, tmp_path: Path) -> None:
    result = run_export(demo, ExportRequest(out=tmp_path / "dry.json", dry_run=True))
    assert {r.document_id for r in result.records} == EXPORTED
    assert not (tmp_path / "dry.json").exists() and Exchange(demo.session).exports() == []


def test_one_client(demo: Store, tmp_path: Path) -> None:
    result, content = export(demo, tmp_path / "one.json", client_id=client_id(demo, "Mäkelä"))
    assert {r.document_id for r in result.records} == {"KOTO-2026-000004", "KOTO-S-2026-000002"}
    assert content["documents"][0]["plans"][0]["status"] == "ended"


def test_an_export_is_refused_without_a_receiving_key(demo: Store, tmp_path: Path) -> None:
    trust(demo).put_receiver_key("", "")
    with pytest.raises(ExportRefused, match="F8"):
        run_export(demo, ExportRequest(out=tmp_path / "x.json"))
    assert not (tmp_path / "x.json").exists()
    assert run_export(demo, ExportRequest(dry_run=True)).records  # the preview still works


def test_an_export_is_sealed_and_signed_by_default(demo: Store, tmp_path: Path) -> None:
    result = run_export(demo, ExportRequest())
    assert result.sealed and result.path is not None and result.path.name.endswith(".json.age")
    data = result.path.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n") and "Коваленко".encode() not in data
    assert "KOTO-S-2026-000001" in json.dumps(opened(demo, data))


def test_an_unsealed_export_is_signed_and_never_holds_sensitive_answers(demo: Store, tmp_path: Path) -> None:
    result = run_export(demo, ExportRequest(out=tmp_path / "plain.json", unsealed=True))
    data = (tmp_path / "plain.json").read_bytes()
    assert not result.sealed and data.startswith(b'{"content_bytes":')
    assert opened(demo, data)["documents"]
    demo.set_setting(settings.EXPORT_SENSITIVE, True)
    with pytest.raises(ExportRefused, match="arkaluonteiset"):
        run_export(demo, ExportRequest(out=tmp_path / "health.json", unsealed=True, include_unchanged=True))
    assert not (tmp_path / "health.json").exists()


def test_marking_entered_deletes_the_export_files_that_held_the_records(demo: Store) -> None:
    first = run_export(demo, ExportRequest())
    mine = [r for r in first.records if r.document_id in ("KOTO-2026-000004", "KOTO-S-2026-000002")]
    other = run_export(demo, ExportRequest(client_id=client_id(demo, "Mäkelä"), include_unchanged=True))
    assert first.path is not None and other.path is not None and first.path != other.path
    assert mark_entered(demo, mine[0].uid).files_deleted == 2
    assert not first.path.exists() and not other.path.exists()
    details = [(e["action"], e["entity"], e["entity_id"]) for e in demo.audit_entries(10)]
    assert ("purge", "export", first.path.name) in details


def test_marking_entered_purges_the_laptop_copy(demo: Store, tmp_path: Path) -> None:
    result, _content = export(demo, tmp_path / "export.json")
    cid = client_id(demo, "Mäkelä")
    mine = [r for r in result.records if r.document_id in ("KOTO-2026-000004", "KOTO-S-2026-000002")]
    first = mark_entered(demo, mine[0].uid, date(2026, 11, 28))
    assert first.purged and not first.client_purged
    second = mark_entered(demo, mine[1].uid)
    assert second.purged and second.client_purged
    with pytest.raises(KeyError):
        demo.clients.get(cid)
    entries = Exchange(demo.session).entries()
    assert entries[mine[0].uid]["entered_on"] == "2026-11-28" and entries[mine[0].uid]["purged_at"]
    actions = [(e["action"], e["entity"]) for e in demo.audit_entries(10)]
    assert ("purge", "client") in actions and ("entered", "interview") in actions
    assert all("Mäkelä" not in str(e["detail"]) for e in demo.audit_entries(50))


def test_marking_entered_keeps_the_copy_when_the_setting_says_so(demo: Store, tmp_path: Path) -> None:
    demo.set_setting(settings.RETENTION, "keep")
    result, _content = export(demo, tmp_path / "export.json")
    done = mark_entered(demo, result.records[0].uid)
    assert not done.purged
    assert demo.interviews.get(result.records[0].local_id)


def test_a_record_must_be_exported_unchanged_before_it_is_marked(demo: Store, tmp_path: Path) -> None:
    dry = run_export(demo, ExportRequest(dry_run=True))
    with pytest.raises(ExportRefused):
        mark_entered(demo, dry.records[0].uid)
    with pytest.raises(ExportRefused):
        mark_entered(demo, "0" * 32)
    result, _content = export(demo, tmp_path / "export.json")
    plan = next(r for r in result.records if r.document_id == "KOTO-S-2026-000001")
    demo.plans.add_review(plan.local_id, date(2026, 11, 27), "", "Muutos", None)
    with pytest.raises(ExportRefused):
        mark_entered(demo, plan.uid)


@pytest.mark.parametrize(("lang", "one", "two"), [
    ("en", "Would export 1 client document (1 record).", "Would export 2 client documents (3 records)."),
    ("fi", "Vietäisiin 1 asiakasasiakirja (1 tietue).", "Vietäisiin 2 asiakasasiakirjaa (3 tietuetta)."),
])
def test_the_summary_counts_in_singular_and_plural(lang: str, one: str, two: str) -> None:
    from koto_tui import i18n
    from koto_tui.exchange.export import ExportResult, summary

    def result(documents: int, records: int) -> ExportResult:
        return ExportResult(None, True, documents, tuple([None] * records), ())  # type: ignore[arg-type]

    i18n.set_language(lang)
    try:
        assert summary(result(1, 1), dry_run=True) == one
        assert summary(result(2, 3), dry_run=True) == two
    finally:
        i18n.set_language("fi")
