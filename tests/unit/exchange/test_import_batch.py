"""An import's new rows wait in a batch and are written together: the database ends the same as when they
are written one by one, whenever the batch is written."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from koto_tui.exchange import importer
from koto_tui.exchange.importer import import_file
from koto_tui.store import DataPaths, Store
from tests.unit.exchange.conftest import COORDINATOR, COORDINATOR_PASSPHRASE
from tests.unit.exchange.test_import_checks import counts, encoded, trust_laptop_a


@pytest.fixture
def trusting(office: Store) -> Store:
    """The office, which trusts laptop A."""
    trust_laptop_a(office)
    return office




def _rows(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables an import writes (the times left out: they differ from run to run)."""
    queries = {
        "clients": "SELECT id, family_name, given_names, identity_code FROM clients ORDER BY id",
        "consents": "SELECT id, client_id, party, given FROM consents ORDER BY id",
        "interviews": "SELECT id, client_id, form_id FROM interviews ORDER BY id",
        "answers": "SELECT interview_id, question_id, value FROM answers ORDER BY interview_id, question_id",
        "plans": "SELECT id, client_id, interview_id FROM plans ORDER BY id",
        "plan_versions": "SELECT plan_id, number, content FROM plan_versions ORDER BY plan_id, number",
        "plan_events": "SELECT plan_id, version, kind, via FROM plan_events ORDER BY plan_id, version, kind",
        "exchange_keys": "SELECT entity, local_id, uid, imported_hash FROM exchange_keys "
                         "ORDER BY entity, uid",
        "audit": "SELECT action, entity, entity_id, detail FROM audit "
                 "WHERE entity IN ('client', 'interview', 'plan') ORDER BY id",
    }
    with store.session.reading() as db:
        return {table: db.execute(sql).fetchall() for table, sql in queries.items()}


def test_writing_the_batch_after_every_document_gives_the_same_database(
        demo: Store, trusting: Store, export: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        ) -> None:
    other = Store.create(DataPaths(tmp_path / "laptop-c"), COORDINATOR, COORDINATOR_PASSPHRASE, "coordinator")
    try:
        trust_laptop_a(other)
        once = import_file(trusting, encoded(export))
        monkeypatch.setattr(importer, "FLUSH_EVERY", 1)
        each = import_file(other, encoded(export))
        assert [(o.entity, o.uid, o.action) for o in once.outcomes] == \
            [(o.entity, o.uid, o.action) for o in each.outcomes]
        assert _rows(trusting) == _rows(other)
        assessments = {a["uid"] for d in export["documents"] for a in d["assessments"]}
        linked = [p for d in export["documents"] for p in d["plans"] if p["assessment_uid"] in assessments]
        assert linked  # a plan refers to an assessment created by the same import, before it is written
        assert sum(row[2] is not None for row in _rows(trusting)["plans"]) == len(linked)
    finally:
        other.close()


def test_a_document_given_twice_in_one_file_is_created_once_then_unchanged(
        demo: Store, trusting: Store, export: dict[str, Any]) -> None:
    export["documents"].append(copy.deepcopy(export["documents"][0]))
    result = import_file(trusting, encoded(export))
    twice = {o.uid for o in result.outcomes if o.action == "unchanged"}
    first = export["documents"][0]
    assert twice == {first["uid"], *(r["uid"] for r in first["assessments"] + first["plans"])}
    assert len({o.uid for o in result.outcomes}) == len([o for o in result.outcomes if o.action == "created"])
    before = counts(trusting)
    again = import_file(trusting, encoded(export))
    assert {o.action for o in again.outcomes} == {"unchanged"}
    assert {k: v for k, v in counts(trusting).items() if k not in ("audit", "imports")} == \
        {k: v for k, v in before.items() if k not in ("audit", "imports")}
