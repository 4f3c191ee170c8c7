"""Signed exports and trusted senders: what a forged, unsigned, re-sealed or unknown file gets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from koto_tui.exchange import seal, signing, trust
from koto_tui.exchange.export import ExportRequest, run_export
from koto_tui.exchange.importer import ImportRefused, import_file
from koto_tui.exchange.settings import RECEIVER_KEY
from koto_tui.store import Store
from koto_tui.store.errors import UserRefused
from koto_tui.store.exchange import Exchange
from tests.unit.exchange.conftest import COORDINATOR_PASSPHRASE, connect


def _export(store: Store, path: Path, **options: object) -> bytes:
    run_export(store, ExportRequest(out=path, **options))  # type: ignore[arg-type]
    return path.read_bytes()


def _payload(demo: Store, tmp_path: Path) -> bytes:
    """The export JSON the demo would send (opened from its own sealed file)."""
    from koto_tui.exchange.trust import unwrap

    return bytes(unwrap(demo, _export(demo, tmp_path / "own.json.age")).payload)


def test_an_unknown_sender_is_refused_until_a_coordinator_accepts_the_key(
        demo: Store, office: Store, tmp_path: Path) -> None:
    receiving = seal.public_key_text(str(trust.own_private_key(office, create=True)))
    trust.trust(demo).put_receiver_key(receiving, seal.fingerprint(receiving))
    data = _export(demo, tmp_path / "a.json.age")
    signer = trust.own_signing_public(demo)
    with pytest.raises(ImportRefused) as refused:
        import_file(office, data)
    assert signing.fingerprint(signer) in str(refused.value) and signer in str(refused.value)
    assert office.clients.search("") == []
    with pytest.raises(UserRefused):
        trust.add_sender(office, "Mikkeli", signer, confirm_passphrase="väärä")
    assert trust.add_sender(office, "Mikkelin toimisto", signer,
                            confirm_passphrase=COORDINATOR_PASSPHRASE) == signing.fingerprint(signer)
    result = import_file(office, data)
    assert result.sender == "Mikkelin toimisto" and len(office.clients.search("")) == 3
    logged = Exchange(office.session).imports()[0]
    assert (logged["sender_name"], logged["sender_fingerprint"]) == ("Mikkelin toimisto",
                                                                     signing.fingerprint(signer))
    audited = [(e["action"], e["entity"]) for e in office.audit_entries(100)]
    assert ("create", "sender") in audited


def test_a_forged_file_is_refused(demo: Store, office: Store, tmp_path: Path) -> None:
    connect(demo, office)
    own = seal.public_key_text(str(trust.own_private_key(office)))
    genuine = run_export(demo, ExportRequest(out=tmp_path / "g.json.age"))
    assert genuine.path is not None
    opened = bytes(seal.open_sealed(genuine.path.read_bytes(), str(trust.own_private_key(office))))
    # Anyone with the office's public key can seal a file: signed with a key of their own, it is refused.
    forger = signing.new_signing_key()
    content = opened.split(b"\n", 1)[1].replace("Коваленко".encode(), "Väärennetty".encode())
    forged = seal.seal(signing.sign(content, forger, own), own)
    with pytest.raises(ImportRefused) as refused:
        import_file(office, forged)
    assert signing.fingerprint(signing.signing_public_text(forger)) in str(refused.value)
    # The trusted sender's signature over other content: refused as altered.
    header, _sep, _body = opened.partition(b"\n")
    with pytest.raises(ImportRefused):
        import_file(office, seal.seal(header + b"\n" + content, own))
    # Unsigned (an older koto's export, or hand-made JSON): refused.
    with pytest.raises(ImportRefused):
        import_file(office, seal.seal(content, own))
    with pytest.raises(ImportRefused):
        import_file(office, content)
    assert office.clients.search("") == []


def test_a_file_signed_for_one_office_cannot_be_resealed_to_another(
        demo: Store, office: Store, tmp_path: Path) -> None:
    connect(demo, office)
    genuine = _export(demo, tmp_path / "g.json.age")
    signed = bytes(seal.open_sealed(genuine, str(trust.own_private_key(office))))
    third = Store.create(type(office.paths)(tmp_path / "third"), office.profile(), "kolmas-salasana",
                         "coordinator")
    connect(demo, third)  # the third laptop trusts the demo too
    other = seal.public_key_text(str(trust.own_private_key(third)))
    with pytest.raises(ImportRefused):
        import_file(third, seal.seal(signed, other))
    with pytest.raises(ImportRefused):  # opened and passed on unsealed
        import_file(third, signed)
    assert third.clients.search("") == []
    third.close()


def test_an_older_kotos_sealed_file_is_refused_with_its_reason(office: Store) -> None:
    legacy = json.dumps({"algorithm": "X25519-HKDF-SHA256-A256GCM", "ciphertext": "AAAA",
                         "format": "koto-sealed", "version": 1}, indent=1, sort_keys=True).encode()
    with pytest.raises(ImportRefused, match="koto"):
        import_file(office, legacy)


def test_only_a_coordinator_with_the_passphrase_changes_the_receiving_key(
        demo: Store, office: Store) -> None:
    key = seal.public_key_text(seal.new_private_key())
    with pytest.raises(UserRefused):  # the demo user is a counsellor
        trust.set_receiver_key(demo, key, confirm_passphrase="demo")
    with pytest.raises(UserRefused):  # nor behind the settings' back
        demo.set_setting(RECEIVER_KEY, key)
    with pytest.raises(UserRefused):
        trust.set_receiver_key(office, key, confirm_passphrase="väärä")
    shown = trust.set_receiver_key(office, key, confirm_passphrase=COORDINATOR_PASSPHRASE)
    assert office.setting(RECEIVER_KEY) == key and shown == seal.fingerprint(key)
    assert ("change", "receiver_key", shown) in [(e["action"], e["entity"], e["entity_id"])
                                                 for e in office.audit_entries(5)]
    assert trust.trust(office).remove(signing.fingerprint(trust.own_signing_public(demo)),
                                      confirm_passphrase=COORDINATOR_PASSPHRASE) is False


def test_imported_approvals_are_marked_with_the_senders_laptop(
        demo: Store, office: Store, tmp_path: Path) -> None:
    connect(demo, office)
    import_file(office, _export(demo, tmp_path / "a.json.age"))
    events = [e for p in office.plans.all() for v in p.versions for e in v.events]
    assert events and {e.via for e in events} == {"Demo Ohjaaja"}
    assert {e.via for p in demo.plans.all() for v in p.versions for e in v.events} == {""}


def test_imported_approvals_are_shown_and_printed_as_made_at_the_senders_laptop(
        demo: Store, office: Store, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from koto_tui.plan_printing import print_plan
    from koto_tui.screens.plan import _event_lines

    connect(demo, office)
    import_file(office, _export(demo, tmp_path / "a.json.age"))
    plan = next(p for p in office.plans.all() if p.current.approval is not None)
    lines = " ".join(line for line, _style in _event_lines(plan.current))
    assert "Demo Ohjaaja" in lines and "kannettavalla" in lines
    local = next(p for p in demo.plans.all() if p.document_id == plan.document_id)
    assert "kannettavalla" not in " ".join(line for line, _style in _event_lines(local.current))
    pdf = print_plan(office, plan.id, out=tmp_path / "plan.pdf")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    assert "Hyväksytty toisella kannettavalla (lähettäjä)" in text and "Demo Ohjaaja" in text
