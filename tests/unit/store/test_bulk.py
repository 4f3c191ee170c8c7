"""Bulk writes (an import): plain INSERTs, one transaction without savepoints, audit rows chained last."""

from __future__ import annotations

import gc
import json
from datetime import date

import pytest

from koto_tui.model import ClientData, IdentityKind
from koto_tui.store import Store, writes
from tests.unit.store.test_audit import paths, store

__all__ = ["paths", "store"]


def _client(name: str) -> ClientData:
    return ClientData(name, "Olena", date(1985, 3, 14), IdentityKind.NONE, "")


def _audit_rows(store: Store) -> list[tuple[str, str, str]]:
    with store.session.reading() as db:
        return [tuple(r) for r in db.execute("SELECT action, entity, entity_id FROM audit ORDER BY id")]


def test_a_bulk_chains_its_audit_rows_like_one_by_one(store: Store) -> None:
    one = store.clients.add(_client("Yksi"))
    before = _audit_rows(store)
    with store.session.bulk():
        ids = [store.clients.add(_client(f"Bulk {n}")) for n in range(5)]
        assert _audit_rows(store) == before  # written when the bulk ends, in order
    assert _audit_rows(store)[len(before):] == [("create", "client", str(i)) for i in ids]
    assert ids == list(range(one + 1, one + 6))
    report = store.audit.verify()
    assert report.intact and report.checked == len(before) + 5


def test_an_error_in_a_bulk_rolls_all_of_it_back_with_its_audit_rows(store: Store) -> None:
    before, clients = _audit_rows(store), len(store.clients.search(""))
    with pytest.raises(RuntimeError), store.session.bulk():
        store.clients.add(_client("A"))
        with store.session.transaction():  # a part of the bulk, not a savepoint of its own
            store.clients.add(_client("B"))
        raise RuntimeError("the last document had a problem")
    assert _audit_rows(store) == before and len(store.clients.search("")) == clients
    store.clients.add(_client("After"))  # the session is usable again, auditing one by one
    assert store.audit.verify().intact


def test_writes_insert_returns_the_rowid_and_stores_lists_as_json(store: Store) -> None:
    client = store.clients.add(_client("Json"))
    with store.session.transaction() as db:
        first = writes.insert(db, "consents", {
            "client_id": client, "party": "Kela", "given": 0, "decided_on": "2026-12-01", "how": "oral",
            "scope": "", "withdrawn_on": None, "created_at": "x"})
        writes.insert_many(db, "consents", [
            {"client_id": client, "party": "TE", "given": 1, "decided_on": "2026-12-01", "how": "oral",
             "scope": ["a", "b"], "withdrawn_on": None, "created_at": "x"}])
        scope = db.execute("SELECT scope FROM consents WHERE id > ?", [first]).fetchone()[0]
    assert first > 0 and json.loads(scope) == ["a", "b"]


@pytest.mark.parametrize(("table", "row"), [("clients; DROP TABLE clients", {"a": 1}),
                                            ("clients", {"family_name) VALUES (1); --": 1})])
def test_writes_refuse_a_name_that_is_not_an_identifier(store: Store, table: str,
                                                        row: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="not a table or column name"), store.session.transaction() as db:
        writes.insert(db, table, row)


def test_rows_given_as_values_join_the_batch_of_the_same_columns(store: Store) -> None:
    client = store.clients.add(_client("Arvot"))
    columns = ("client_id", "party", "given", "decided_on", "how", "scope", "withdrawn_on", "created_at")
    with store.session.bulk() as db:
        batch = writes.Batch(db)
        first = (client, "Kela", 1, "2026-01-02", "written", "x", None, "2026-01-02T10:00:00")
        batch.insert_many("consents", [dict(zip(columns, first, strict=True))])
        batch.insert_values("consents", columns, [(client, "TE", 0, "2026-01-03", "oral", "y", None, "t")])
        assert list(batch._rows) == [("consents", columns)]  # one executemany for both
        batch.flush()
        rows = db.execute("SELECT party, given FROM consents WHERE client_id = ? ORDER BY id",
                          [client]).fetchall()
    assert [tuple(r) for r in rows] == [("Kela", 1), ("TE", 0)]


@pytest.mark.parametrize("value", [
    [], ["a"], ["international_protection", "family"], ['say "hi"', "back\\slash", "rivi\nkaksi"],
    ["ääkköset", "\u2028", "\x00\x1f\x7f", "😀"], ["a", 1], [["a"]], ("a", "b"), "teksti", None, True,
    False, 0, -12, 10**30, "", "lainaus \"ja\" \\ ä\n", "\u2028",
    3, 2.5, {"b": ["x"], "a": None},
])
def test_an_answer_is_stored_as_json_dumps_writes_it(value: object) -> None:
    from koto_tui.store.exchange import _answer_json

    assert _answer_json(value) == json.dumps(value, ensure_ascii=False)


@pytest.mark.parametrize("was_on", [True, False])
def test_the_cyclic_collector_is_off_in_a_bulk_and_as_it_was_after(store: Store, was_on: bool) -> None:
    """An import's checks and rows make millions of short-lived containers and no cycles: the collector's
    young and full collections were 0.6 s of a 10,000-client import's CPU."""
    (gc.enable if was_on else gc.disable)()
    try:
        with store.session.bulk():
            assert not gc.isenabled()
            store.clients.add(_client("Keräin"))
        assert gc.isenabled() == was_on
        with pytest.raises(RuntimeError), store.session.bulk():
            raise RuntimeError("refused")
        assert gc.isenabled() == was_on
    finally:
        gc.enable()


def test_a_batch_writes_each_table_after_the_tables_it_refers_to(store: Store) -> None:
    """A child row written before its parent left a deferred foreign key violation open, and while one was
    open SQLite searched the child tables for every parent row inserted (``plans.interview_id`` has no
    index): the assessments of an import took 75 µs a row when its batch began with a plan."""
    store.clients.add(_client("Ensin"))
    columns = ("client_id", "party", "given", "decided_on", "how", "scope", "withdrawn_on", "created_at")
    statements: list[str] = []
    with store.session.bulk() as db:
        batch = writes.Batch(db)
        coming = int(db.execute("SELECT max(id) FROM clients").fetchone()[0]) + 1
        consent = (coming, "Kela", 1, "2026-01-02", "written", "", None, "t")
        batch.insert_values("consents", columns, [consent])
        assert store.clients.add_imported(_client("Lapsi ennen"), batch) == coming
        db.conn.set_trace_callback(statements.append)
        try:
            batch.flush()
        finally:
            db.conn.set_trace_callback(None)
    inserts = [s.split()[2] for s in statements if s.startswith("INSERT INTO")]
    assert inserts.index("clients") < inserts.index("consents")
    assert store.record.consents(coming)[0].party == "Kela"
