"""Exports written one document at a time: the same bytes as before, uids kept only with a written file,
and a dry run (or a preview) that writes nothing at all."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from koto_tui.exchange import seal, signing, trust
from koto_tui.exchange.export import ExportRequest, collect, envelope, run_export, serialised
from koto_tui.exchange.writing import Payload, layout
from koto_tui.store import Store
from koto_tui.store.exchange import Exchange
from tests.unit.exchange.test_export import EXPORTED


def _state(store: Store) -> tuple[int, int, int, bytes]:
    """The connection's change counter, the audit rows, the uid rows and the database file's bytes."""
    db = store.session.db
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    audit = db.execute("SELECT count(*) FROM audit").fetchone()[0]
    keys = db.execute("SELECT count(*) FROM exchange_keys").fetchone()[0]
    return db.conn.total_changes, audit, keys, store.paths.database.read_bytes()


def _content(store: Store, data: bytes) -> bytes:
    """The signed content of an export file the demo sealed to itself."""
    opened = seal.open_sealed(data, str(trust.own_private_key(store)))
    return bytes(signing.verify(opened).payload)


def test_a_dry_run_and_a_preview_write_nothing(demo: Store, tmp_path: Path) -> None:
    before = _state(demo)
    result = run_export(demo, ExportRequest(out=tmp_path / "dry.json", dry_run=True))
    steps = collect(demo, ExportRequest())
    assert {r.document_id for r in result.records} == EXPORTED
    assert sum(s.document is not None for s in steps) == result.documents == 3
    assert _state(demo) == before  # not one row, not one audit entry, not one byte of the file


def test_an_export_with_nothing_new_writes_nothing(demo: Store, tmp_path: Path) -> None:
    run_export(demo, ExportRequest(out=tmp_path / "first.json"))
    before = _state(demo)
    again = run_export(demo, ExportRequest(out=tmp_path / "again.json"))
    assert again.path is None and again.records == () and again.held_back
    assert _state(demo) == before


def test_uids_are_kept_in_one_transaction_for_the_written_documents_only(
        demo: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept_calls: list[int] = []
    keep_uids = Exchange.keep_uids

    def counted(self: Exchange, made: dict[tuple[str, int], str]) -> None:
        kept_calls.append(len(made))
        keep_uids(self, made)

    def one_by_one(self: Exchange, entity: str, local_id: int) -> str:
        raise AssertionError("a durable transaction for one uid")

    monkeypatch.setattr(Exchange, "keep_uids", counted)
    monkeypatch.setattr(Exchange, "uid", one_by_one)
    result = run_export(demo, ExportRequest(out=tmp_path / "export.json"))
    db = demo.session.db
    kept = dict(db.execute("SELECT uid, entity FROM exchange_keys").fetchall())
    assert {r.uid for r in result.records} <= set(kept)
    content = json.loads(_content(demo, (tmp_path / "export.json").read_bytes()))
    written = {d["uid"] for d in content["documents"]} | {p["assessment_uid"] for d in content["documents"]
                                                          for p in d["plans"] if p["assessment_uid"]}
    assert written <= set(kept)  # every uid in the file is the record's for good
    clients_kept = {uid for uid, entity in kept.items() if entity == "client"}
    assert clients_kept == {d["uid"] for d in content["documents"]}  # no uid for a client with nothing out
    assert kept_calls == [len(kept)]  # the demo had no uids yet: all of them in one transaction


def test_the_streamed_file_is_byte_for_byte_the_serialised_export(demo: Store, tmp_path: Path) -> None:
    result = run_export(demo, ExportRequest(out=tmp_path / "export.json.age"))
    data = (tmp_path / "export.json.age").read_bytes()
    content = _content(demo, data)
    parsed = json.loads(content)
    assert serialised(parsed) == content
    assert Exchange(demo.session).exports()[0]["file_sha256"] == hashlib.sha256(data).hexdigest()
    assert result.documents == len(parsed["documents"]) == 3
    assert list(parsed)[-1] == "documents"  # an import reads the header first, then document by document


def test_a_payload_is_the_serialised_content_for_any_number_of_documents(demo: Store) -> None:
    document: dict[str, Any] = {"uid": "u", "client": {"text": "rivi\nrivi \"x\" ä"}, "plans": [],
                                "assessments": [{"a": [], "b": {}, "c": [1, 2.5, None, True]}]}
    for count in (0, 1, 3):
        content = envelope(demo, [document] * count)
        payload = Payload({k: v for k, v in content.items() if k != "documents"})
        for _ in range(count):
            payload.add(document)
        payload.finish()
        expected = serialised(content)
        assert b"".join(payload.chunks()) == expected
        assert (payload.size, payload.sha256) == (len(expected), hashlib.sha256(expected).hexdigest())


@pytest.mark.parametrize("value", [
    {}, [], "", 0, -1.5, 1e300, None, True, [[]], [{}], {"b": [1, {"d": None, "c": "x\ny"}], "a": {}},
    {"ä": "\u2028\"\\", "a": [False, True, 3, 2.0]}, {"1": {"x": []}}, {2: "a number as a key"}, (1, (2, 3))])
def test_the_layout_is_json_dumps_with_indent_and_sorted_keys(value: object) -> None:
    expected = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
    assert layout(value) == expected
    assert layout(value, "    ") == expected.replace("\n", "\n    ")


def test_a_document_that_breaks_the_schema_is_refused_and_nothing_is_written(
        demo: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from koto_tui.exchange.document import ClientOut
    from koto_tui.exchange.export import ExportRefused

    monkeypatch.setattr(ClientOut, "document", lambda self: {"uid": self.uid, "client": {}})
    before = _state(demo)
    with pytest.raises(ExportRefused, match=": documents/0: required"):
        run_export(demo, ExportRequest(out=tmp_path / "bad.json"))
    assert not (tmp_path / "bad.json").exists() and _state(demo) == before
