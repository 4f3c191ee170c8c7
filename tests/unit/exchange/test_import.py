"""Sealing with a key pair, importing into a second laptop, twice, the round trip, updates and conflicts."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from koto_tui.exchange.export import ExportRequest, run_export
from koto_tui.exchange.importer import (
    CONFLICT,
    CREATED,
    UNCHANGED,
    UPDATED,
    ImportRefused,
    import_file,
)
from koto_tui.exchange.seal import (
    SealError,
    fingerprint,
    new_private_key,
    normalise_public_key,
    open_sealed,
    public_key_text,
    seal,
)
from koto_tui.store import Store
from tests.unit.exchange.conftest import connect, opened


def write(store: Store, path: Path, **options: object) -> bytes:
    run_export(store, ExportRequest(out=path, **options))  # type: ignore[arg-type]
    return path.read_bytes()


@pytest.fixture(autouse=True)
def linked(demo: Store, office: Store) -> None:
    """The demo laptop sends to the office; the office sends to itself (its round trips)."""
    connect(demo, office)
    connect(office, office)


def documents(office: Store, path: Path) -> list[dict[str, object]]:
    return opened(office, path.read_bytes())["documents"]  # type: ignore[return-value]


def actions(result: object) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for o in result.outcomes:  # type: ignore[attr-defined]
        found.setdefault(o.action, []).append(o.document_id)
    return found


# --- sealing -----------------------------------------------------------------------------------------

def test_seal_and_open_with_an_age_key() -> None:
    private = new_private_key()
    public = public_key_text(private)
    assert private.startswith("AGE-SECRET-KEY-1") and public.startswith("age1")
    sealed = seal("Коваленко Олена".encode(), public)
    assert sealed.startswith(b"age-encryption.org/v1\n")
    assert "Коваленко".encode() not in sealed  # (a 2-byte check would fail by chance on random bytes)
    assert bytes(open_sealed(sealed, private)).decode() == "Коваленко Олена"
    assert seal(b"x", public) != seal(b"x", public)  # a new file key each time
    groups = fingerprint(public).split()
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)  # 128 bits, read aloud in groups


def test_an_older_kotos_keys_are_the_same_x25519_keys_in_age_form() -> None:
    raw = X25519PrivateKey.generate()
    private_b64 = base64.urlsafe_b64encode(raw.private_bytes(
        Encoding.Raw, PrivateFormat.Raw, NoEncryption())).decode().rstrip("=")
    public_b64 = base64.urlsafe_b64encode(raw.public_key().public_bytes(
        Encoding.Raw, PublicFormat.Raw)).decode().rstrip("=")
    converted = normalise_public_key("koto-x25519:" + public_b64)
    assert converted == public_key_text(private_b64)  # the stored raw private key opens what is sealed now
    assert open_sealed(seal(b"x", "koto-x25519:" + public_b64), private_b64) == b"x"


def test_a_sealed_file_does_not_open_with_another_key_or_when_changed() -> None:
    private = new_private_key()
    sealed = seal(b"salaisuus", public_key_text(private))
    with pytest.raises(SealError, match="toiselle"):
        open_sealed(sealed, new_private_key())
    with pytest.raises(SealError, match="vioittunut"):
        open_sealed(sealed[:-3] + bytes(b ^ 1 for b in sealed[-3:]), private)
    with pytest.raises(SealError):
        public_key_text("not a key")
    with pytest.raises(SealError):
        normalise_public_key("koto-x25519:AAAA")


def test_a_sealed_export_opens_only_on_the_receiving_laptop(
        demo: Store, office: Store, tmp_path: Path) -> None:
    data = write(demo, tmp_path / "export.json.age")
    for name in ("Коваленко", "Mäkelä", "Nguyễn", "KOTO-2026"):
        assert name.encode() not in data
    result = import_file(office, data)
    assert len(actions(result)[CREATED]) == 8
    assert (result.sender, len(result.sender_fingerprint.split())) == ("Demo Ohjaaja", 8)
    third = Store.create(type(office.paths)(tmp_path / "third"), office.profile(), "kolmas-salasana")
    with pytest.raises(ImportRefused):
        import_file(third, data)
    third.close()


# --- importing ---------------------------------------------------------------------------------------

def test_importing_the_same_file_twice_creates_nothing_twice(
        demo: Store, office: Store, tmp_path: Path) -> None:
    data = write(demo, tmp_path / "export.json")
    first = import_file(office, data)
    assert sorted(actions(first)) == [CREATED]
    assert len(office.clients.search("")) == 3 and len(office.plans.all()) == 3
    second = import_file(office, data)
    assert sorted(actions(second)) == [UNCHANGED]
    assert len(office.clients.search("")) == 3 and len(office.plans.all()) == 3
    assert len(office.interviews.for_client(office.clients.search("Коваленко")[0].id)) == 1


def test_export_import_export_gives_identical_documents(demo: Store, office: Store, tmp_path: Path) -> None:
    import_file(office, write(demo, tmp_path / "a.json"))
    write(office, tmp_path / "b.json")
    assert documents(office, tmp_path / "a.json") == documents(office, tmp_path / "b.json")


def test_imported_records_keep_their_state(demo: Store, office: Store, tmp_path: Path) -> None:
    import_file(office, write(demo, tmp_path / "a.json"))
    plans = {p.document_id: p for p in office.plans.all()}
    assert set(plans) == {"KOTO-S-2026-000001", "KOTO-S-2026-000002", "KOTO-S-2026-000003"}  # local ids
    sent = documents(office, tmp_path / "a.json")
    statuses = sorted(json.loads(json.dumps(d))["plans"][0]["status"] for d in sent
                      if d["plans"])  # type: ignore[index]
    assert statuses == ["ended", "in_force", "in_force"]
    interview = office.interviews.for_client(office.clients.search("Mäkelä")[0].id)[0]
    assert interview.locked and office.interviews.lifecycle.result(interview.id) is not None


def test_a_changed_record_updates_an_untouched_copy(demo: Store, office: Store, tmp_path: Path) -> None:
    import_file(office, write(demo, tmp_path / "a.json"))
    plan = next(p for p in demo.plans.all() if p.document_id == "KOTO-S-2026-000001")
    demo.plans.add_review(plan.id, date(2026, 11, 27), "asiakas, ohjaaja", "Kurssi alkoi", date(2027, 5, 27))
    result = import_file(office, write(demo, tmp_path / "b.json"))
    assert actions(result)[UPDATED] == ["KOTO-S-2026-000001"]
    copy = next(p for p in office.plans.all() if p.reviews)
    assert copy.reviews[0].changes == "Kurssi alkoi" and copy.next_review == date(2027, 5, 27)
    write(office, tmp_path / "c.json", include_unchanged=True)
    sent = [p for d in documents(office, tmp_path / "b.json") for p in d["plans"]]  # type: ignore[attr-defined]
    back = [p for d in documents(office, tmp_path / "c.json") for p in d["plans"]]  # type: ignore[attr-defined]
    assert sent[0] in back


def test_a_conflict_is_reported_and_nothing_is_overwritten(
        demo: Store, office: Store, tmp_path: Path) -> None:
    import_file(office, write(demo, tmp_path / "a.json"))
    here = office.clients.search("Mäkelä")[0].id
    office.clients.update(here, replace(office.clients.get(here).data, phone="+358 50 111 2222"))
    there = demo.clients.search("Mäkelä")[0].id
    demo.clients.update(there, replace(demo.clients.get(there).data, phone="+358 44 999 8888"))
    result = import_file(office, write(demo, tmp_path / "b.json", include_unchanged=True))
    conflicts = [o for o in result.outcomes if o.action == CONFLICT]
    assert [o.entity for o in conflicts] == ["client"] and conflicts[0].message
    assert office.clients.get(here).data.phone == "+358 50 111 2222"


def test_a_client_with_the_same_identity_code_is_not_imported_twice(demo: Store, office: Store,
                                                                     tmp_path: Path) -> None:
    data = replace(demo.clients.get(demo.clients.search("Mäkelä")[0].id).data, phone="")
    office.clients.add(data)
    result = import_file(office, write(demo, tmp_path / "a.json"))
    conflict = next(o for o in result.outcomes if o.action == CONFLICT)
    assert "identity code" in conflict.message or "henkilötunnus" in conflict.message or conflict.message
    assert len(office.clients.search("Mäkelä")) == 1
    assert office.interviews.for_client(office.clients.search("Mäkelä")[0].id) == []


def test_a_file_that_is_not_an_export_is_refused(office: Store, tmp_path: Path) -> None:
    for data in (b"not json", b'{"format": "something-else"}',
                 json.dumps({"format": "koto-export", "format_version": "1.0"}).encode()):
        with pytest.raises(ImportRefused):
            import_file(office, data)
    assert office.clients.search("") == []


def test_imported_records_are_named_by_the_ids_on_their_paper(demo: Store, office: Store,
                                                              tmp_path: Path) -> None:
    sent = run_export(demo, ExportRequest(out=tmp_path / "a.json"))
    import_file(office, (tmp_path / "a.json").read_bytes())
    again = run_export(office, ExportRequest(dry_run=True))
    assert {r.document_id for r in again.records} == {r.document_id for r in sent.records}
