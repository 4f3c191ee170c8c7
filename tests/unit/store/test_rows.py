"""The store reads rows through one helper, which never asks sqlite_master whether a table exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlite_utils import Database

from koto_tui.store.rows import rows_where

STORE = Path(__file__).resolve().parents[3] / "koto_tui" / "store"


def test_no_store_module_reads_through_sqlite_utils_rows_where() -> None:
    found = [f"{p.name}:{n}" for p in sorted(STORE.glob("*.py")) if p.name != "rows.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\)\.rows_where\(", line)]
    assert len(list(STORE.glob("*.py"))) > 10
    assert found == []


def test_rows_where_reads_filters_orders_and_limits() -> None:
    db = Database(memory=True)
    db["things"].insert_all([{"id": n, "kind": n % 2} for n in range(1, 8)], pk="id")
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    rows = list(rows_where(db, "things", "kind = ?", [1], order_by="id desc", limit=2))
    assert rows == [{"id": 7, "kind": 1}, {"id": 5, "kind": 1}]
    assert [s for s in seen if "sqlite_master" in s] == []
    assert [r["id"] for r in rows_where(db, "things")] == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize("name", ["things; DROP TABLE things", "things]", "", "a b"])
def test_rows_where_takes_only_a_table_name(name: str) -> None:
    with pytest.raises(ValueError):
        rows_where(Database(memory=True), name)
