"""The client list's search at city scale: the same clients in the same order as before, through indexes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koto_tui.model import ClientData, IdentityKind, Profile
from koto_tui.store import DataPaths, Store, keys
from koto_tui.store.clients import _fts_query, _like_prefix

PROFILE = Profile("Olli Ohjaaja", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli")

#: The search as it was before m010 (a copy): every client scanned, then sorted, the counts before the LIMIT.
_OLD = """SELECT c.id, c.family_name, c.given_names FROM clients c"""
_OLD_ORDER = " ORDER BY c.family_name COLLATE NOCASE, c.given_names COLLATE NOCASE LIMIT ?"

#: Names in several scripts, equal names (ties), codes with separators, lower-case codes and no code.
PEOPLE = (
    ("Коваленко", "Олена", IdentityKind.TEMPORARY, "140385Y9501"),
    ("коваленко", "олена", IdentityKind.FOREIGN, "ab-12.x"),
    ("Коваленко", "Іван", IdentityKind.NONE, ""),
    ("الأحمد", "محمد", IdentityKind.TEMPORARY, "010190-964S"),
    ("Nguyễn", "Thị Hương", IdentityKind.FOREIGN, "C1234567"),
    ("Nguyen", "Thi Huong", IdentityKind.FOREIGN, "c1234999"),
    ("ใจดี", "สมใจ", IdentityKind.NONE, ""),
    ("ከበደ", "አበበ", IdentityKind.NONE, ""),
    ("Mäkelä", "Aino Åsa", IdentityKind.HETU, "131052-308T"),
    ("Makela", "Aino", IdentityKind.HETU, "131052A308T"),
    ("Smith", "John", IdentityKind.FOREIGN, "X_1%2"),
    ("smith", "john", IdentityKind.FOREIGN, "-77"),
    ("O'Brien", "Seán", IdentityKind.NONE, ""),
    ("احمدی", "زهرا", IdentityKind.NONE, ""),
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A register of the people above, each twice (so that equal names tie)."""
    saved = keys.DEFAULT_KDF
    keys.DEFAULT_KDF = {"memory_kib": 8, "iterations": 1, "lanes": 1}
    try:
        opened = Store.create(DataPaths(tmp_path_factory.mktemp("search") / "data"), PROFILE, "salasana-123")
    finally:
        keys.DEFAULT_KDF = saved
    for _round in range(2):
        for n, (family, given_names, kind, code) in enumerate(PEOPLE):
            opened.clients.add(ClientData(family, given_names, date(1980, 1, 1 + n), kind, code),
                               duplicate_reason="a test of equal codes")
    yield opened
    opened.close()


def _old_search(store: Store, text: str, limit: int = 1000) -> list[tuple[Any, ...]]:
    sql, params = _OLD, []
    query = _fts_query(text)
    if text.strip():
        sql += " WHERE upper(c.identity_code) LIKE ? ESCAPE '\\'"
        params.append(_like_prefix(text.strip().upper()))
        if query:
            sql += " OR c.id IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?)"
            params.append(query)
    return list(store.session.db.execute(sql + _OLD_ORDER, [*params, limit]).fetchall())


def _nocase(text: str) -> str:
    """SQLite's NOCASE: only A-Z fold."""
    return "".join(ch.lower() if ch.isascii() else ch for ch in text)


def _agrees(store: Store, text: str) -> None:
    """The same clients as before, in the same order of names (ties in id order, which before was luck)."""
    old = _old_search(store, text)
    new = store.clients.search(text, limit=1000)
    assert sorted(row[0] for row in old) == sorted(row.id for row in new), text
    names = {row[0]: (_nocase(row[1]), _nocase(row[2])) for row in old}
    assert [names[row.id] for row in new] == [(_nocase(r[1]), _nocase(r[2])) for r in old], text
    ids = [row.id for row in new]
    assert all(ids[i] < ids[i + 1] for i in range(len(ids) - 1)
               if names[ids[i]] == names[ids[i + 1]]), text


TYPED = sorted({text for family, given_names, _kind, code in PEOPLE
                for word in (family, given_names, code, f"{given_names} {family}")
                for text in (word[:n] for n in range(1, len(word) + 1))}
               | {"", "  ", "-", "%", "_", "\\", '"', "*", "NEAR", "Кова OR Smith", "x -y", "1310", "131052-",
                  "0101 90", "ab-", "AB-12.", "x_1"})


@pytest.fixture(params=[0, 10_000], ids=["name-index-walk", "matches-sorted"])
def few(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Both ways of finding the typed words' clients: walking the name index, or sorting few matches."""
    from koto_tui.store import clients

    monkeypatch.setattr(clients, "FEW", request.param)
    return int(request.param)


@pytest.mark.parametrize("text", TYPED)
def test_search_finds_what_it_found_before(store: Store, few: int, text: str) -> None:
    _agrees(store, text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.sampled_from("aAkKоОвäÄ1-_%\\ \"*.'Yy0913Sxمح"), max_size=6))
def test_search_agrees_with_the_old_query_for_any_text(store: Store, few: int, text: str) -> None:
    _agrees(store, text)


def test_search_limit_keeps_the_first_in_order(store: Store) -> None:
    everyone = [row.id for row in store.clients.search("", limit=1000)]
    assert [row.id for row in store.clients.search("", limit=5)] == everyone[:5]
    assert [row.id for row in store.clients.search("k", limit=3)] == [
        row.id for row in store.clients.search("k", limit=1000)][:3]


def _listed_ids(store: Store, text: str, limit: int | None = None) -> list[int]:
    rows = list(store.clients.listing(text, limit))
    ids = [row[0] for row in rows]
    assert all(ids.count(i) == 1 or row[4] is not None for i, row in zip(ids, rows, strict=True))
    return list(dict.fromkeys(ids))  # a client's rows come together: one per interview


@pytest.mark.parametrize("text", ["", "kova", "-", "Олена Коваленко", "1310", "x_1", "nobody"])
def test_listing_streams_every_client_in_the_order_of_search(store: Store, few: int, text: str) -> None:
    assert len(PEOPLE) * 2 > 20
    everyone = [row.id for row in store.clients.search(text, limit=1000)]
    assert _listed_ids(store, text) == everyone
    assert _listed_ids(store, text, 3) == everyone[:3]
    assert _listed_ids(store, text, 1000) == everyone


def _plan(store: Store, sql: str, params: list[Any]) -> list[str]:
    return [row[3] for row in store.session.db.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()]


@pytest.mark.parametrize("include_restricted", [False, True], ids=["restricted-left-out", "everyone"])
@pytest.mark.parametrize("text", ["", "kova", "1403", "Олена Коваленко"])
def test_the_list_and_search_read_clients_through_indexes(store: Store, text: str,
                                                          include_restricted: bool) -> None:
    """Leaving restricted clients out (m011) costs no read of a row: the name index holds the flag."""
    from koto_tui.store import clients

    query, params = clients._matching(text)
    sql = clients._shown(query, include_restricted)
    inner = _plan(store, sql, [*params, 200])
    assert not [s for s in inner if s.split()[:2] == ["SCAN", "c"] and "INDEX" not in s], inner
    assert any(s == "SCAN c USING COVERING INDEX clients_name_nocase" for s in inner), inner
    assert not any("TEMP B-TREE" in s for s in inner), inner  # the index holds the order: no sort
    if params and query is clients._MATCHING:
        sorted_few = _plan(store, clients._shown(clients._FEW_SORTED, include_restricted), [*params, 200])
        assert sorted_few[:2] == ["SCAN f VIRTUAL TABLE INDEX 0:M3",
                                  "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)"], sorted_few
    outer = _plan(store, clients._COUNTS.format(source=f"({sql})") + clients._ORDER, [*params, 200])
    assert outer[0] == "CO-ROUTINE c", outer  # the counts are made for the rows of the LIMIT only
    assert not [s for s in outer if s.startswith("SCAN i")], outer


@pytest.mark.parametrize(("table", "column"), [
    ("consents", "client_id"), ("plan_events", "plan_id"), ("plan_reviews", "plan_id"),
    ("plan_prints", "plan_id"), ("prints", "interview_id"), ("amendments", "interview_id"),
    ("interpreter_sessions", "interview_id"), ("participants", "interview_id"), ("interviews", "client_id"),
    ("plans", "client_id")])
def test_foreign_keys_in_where_are_indexed(store: Store, table: str, column: str) -> None:
    steps = _plan(store, f"SELECT * FROM {table} WHERE {column} = ?", [1])  # noqa: S608 (names above)
    assert any(s.startswith(f"SEARCH {table} USING INDEX") for s in steps), steps


def test_listing_has_each_interview_newest_first_with_its_answers(store: Store) -> None:
    from koto_tui.model import InterviewStatus

    store.interviews.register_form("t", "1", "id: t\nversion: '1'\n")
    first, second, third = store.clients.search("", limit=3)
    done = store.interviews.start(first.id, "t", "1", PROFILE)
    newer = store.interviews.start(first.id, "t", "1", PROFILE)
    other = store.interviews.start(second.id, "t", "1", PROFILE)
    for question in ("a", "b", "c"):
        store.interviews.save_answer(done.id, question, question)
    store.interviews.save_answer(other.id, "a", 1)
    store.interviews.set_status(done.id, InterviewStatus.COMPLETED)
    rows = list(store.clients.listing("", 3))
    day = done.interview_date.isoformat()
    assert [row[4:] for row in rows] == [
        (newer.id, "t", "1", "in_progress", day, 0), (done.id, "t", "1", "completed", day, 3),
        (other.id, "t", "1", "in_progress", day, 1), (None, None, None, None, None, 0)]
    assert [row[:4] for row in rows] == [
        (c.id, *store.session.db.execute("SELECT family_name, given_names, birth_date FROM clients"
                                         " WHERE id = ?", [c.id]).fetchone())
        for c in (first, first, second, third)]


@pytest.mark.parametrize("text", ["", "kova", "1403", "-"])
def test_the_listing_sorts_nothing(store: Store, text: str) -> None:
    """The names come from the name index in order and each client's interviews from their index, read
    backwards: the first row is written before the last client is read."""
    from koto_tui.store import clients

    query, params = clients._matching(text)
    steps = _plan(store, clients._shown(clients._LISTINGS[query], False), params)
    assert "SCAN c USING COVERING INDEX clients_name_nocase" in steps, steps
    assert any(s.startswith("SEARCH i USING INDEX idx_interviews_client_id") for s in steps), steps
    assert not any("TEMP B-TREE" in s for s in steps), steps
