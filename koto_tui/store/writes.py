"""Inserting rows with one plain statement: the store's writes without sqlite-utils' per-call introspection.

sqlite-utils' ``Table.insert`` reads the table's columns (``PRAGMA table_info``) and builds its statement on
every call, which is most of the cost of an import of thousands of records; these functions write the
same rows with plain SQL. Values are stored as sqlite-utils stores them (a dict, list or tuple as JSON).
Table and column names come from koto's own code, never from a file; they are checked all the same.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlite_utils import Database

__all__ = ["insert", "insert_many"]

_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def insert(db: Database, table: str, row: Mapping[str, Any]) -> int:
    """Insert *row* into *table* and return its rowid."""
    cursor = db.conn.execute(_statement(table, tuple(row)), _values(row))
    return int(cursor.lastrowid or 0)


def insert_many(db: Database, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Insert every row of *rows* into *table* (one statement per set of columns, executed many times)."""
    groups: dict[tuple[str, ...], list[list[Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(_values(row))
    for columns, values in groups.items():
        db.conn.executemany(_statement(table, columns), values)


def _values(row: Mapping[str, Any]) -> list[Any]:
    """The row's values as sqlite-utils would store them: a dict, list or tuple as JSON, the rest as is."""
    return [json.dumps(v) if isinstance(v, dict | list | tuple) else v for v in row.values()]


@functools.lru_cache(maxsize=256)
def _statement(table: str, columns: tuple[str, ...]) -> str:
    """The INSERT statement for *columns* of *table* (names checked: koto's own identifiers only)."""
    for name in (table, *columns):
        if not _NAME.fullmatch(name):
            raise ValueError(f"not a table or column name: {name!r}")
    if not columns:
        return f"INSERT INTO {table} DEFAULT VALUES"
    marks = ", ".join("?" * len(columns))
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608 - names checked above
