"""The ids printed on koto's documents: one form, read back for erasure."""

from __future__ import annotations

from koto_tui import document_ids


def test_ids_have_one_form_each() -> None:
    assert document_ids.assessment(2026, 123) == "KOTO-2026-000123"
    assert document_ids.plan("2026-11-27T10:30:00", 12) == "KOTO-S-2026-000012"
    assert document_ids.access_report(2027, 8) == "KOTO-A-2027-000008"


def test_an_access_report_id_names_its_client_and_nothing_else_does() -> None:
    assert document_ids.access_report_client("KOTO-A-2027-000008") == 8
    assert document_ids.access_report_client("KOTO-A-2027-1234567") == 1234567
    for other in ("KOTO-2026-000008", "KOTO-S-2026-000008", "KOTO-A-27-000008", "KOTO-A-2027-000008-x", ""):
        assert document_ids.access_report_client(other) is None
