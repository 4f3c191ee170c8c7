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
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlite_utils import Database

__all__ = ["Batch", "Rows", "insert", "insert_many"]

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
    return [json.dumps(v) if isinstance(v, _AS_JSON) else v for v in row.values()]


#: The values stored as JSON (a tuple of types, not a union built anew for every value).
_AS_JSON = (dict, list, tuple)


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


class Rows:
    """Rows written at once (the store's usual way), behind the interface ``Batch`` shares."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def insert(self, table: str, row: Mapping[str, Any]) -> int:
        """Insert *row* into *table* and return its id."""
        return insert(self.db, table, row)

    def insert_many(self, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
        """Insert every row of *rows* into *table*."""
        insert_many(self.db, table, rows)

    def insert_values(self, table: str, columns: tuple[str, ...], values: Iterable[Sequence[Any]]) -> None:
        """Insert rows given as their *columns*' values, stored as they are (no dict, list or tuple)."""
        self.db.conn.executemany(_statement(table, columns), values)


class Batch(Rows):
    """Rows kept until ``flush`` (an import's thousands of new records): one executemany per table and set
    of columns, parents before children (``flush``). A row whose id is asked for gets it up front
    (the table's largest id plus one), so its children can refer to it before anything is written.

    Whoever reads or changes rows of these tables by other means flushes first; the foreign keys are
    checked at the commit (``PRAGMA defer_foreign_keys``), since a table's rows may go in before those of
    the table they refer to.
    """

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self._rows: dict[tuple[str, tuple[str, ...]], list[Sequence[Any]]] = {}
        self._next: dict[str, int] = {}
        self._depths: dict[str, int] = {}
        db.execute("PRAGMA defer_foreign_keys = ON")  # (until the transaction ends)

    def insert(self, table: str, row: Mapping[str, Any]) -> int:
        """Keep *row* for *table* with the next id; returns that id."""
        if table not in self._next:
            _statement(table, ())  # (checks the name)
            self._next[table] = int(self.db.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608
                                    .fetchone()[0]) + 1
        new_id, self._next[table] = self._next[table], self._next[table] + 1
        self.insert_many(table, [{"id": new_id, **row}])
        return new_id

    def insert_many(self, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
        """Keep every row of *rows* for *table*."""
        for row in rows:
            self._rows.setdefault((table, tuple(row)), []).append(_values(row))

    def insert_values(self, table: str, columns: tuple[str, ...], values: Iterable[Sequence[Any]]) -> None:
        """Keep rows given as their *columns*' values, stored as they are (no dict, list or tuple)."""
        self._rows.setdefault((table, columns), []).extend(values)

    def flush(self) -> None:
        """Write every row kept, each table after the tables it refers to; the next ids are read again (rows
        may be inserted by other means now).

        A child row written before its parent leaves a deferred foreign key violation open, and while one is
        open SQLite searches the child tables for rows referring to every parent row inserted, without an
        index where there is none (``plans.interview_id``): the assessments of an import whose batch began
        with a client without one took 75 µs a row. Parents first, none is ever open; each child row's
        parent is still looked up and the foreign keys still checked at the commit.
        """
        rows, self._rows, self._next = self._rows, {}, {}
        for (table, columns), values in sorted(rows.items(), key=lambda item: self._depth(item[0][0])):
            self.db.conn.executemany(_statement(table, columns), values)

    def _depth(self, table: str) -> int:
        """How many tables deep *table* refers (0: to none), from the schema's foreign keys."""
        if table not in self._depths:
            _statement(table, ())  # (checks the name before it goes into the PRAGMA)
            self._depths[table] = 0  # (a cycle, which the schema has none of, ends here)
            parents = {str(row[2]) for row in self.db.execute(f"PRAGMA foreign_key_list({table})")} - {table}
            self._depths[table] = 1 + max(map(self._depth, parents), default=-1)
        return self._depths[table]
