"""The audit trail: a hash chain that shows tampering, koto's own events, and a coordinator-only reader."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from koto_tui.model import ClientData, IdentityKind, Profile
from koto_tui.store import DataPaths, Store, WrongPassphrase, keys
from koto_tui.store import failed_unlocks as failed
from koto_tui.store.audit import CHAIN_BROKEN, AuditFilter, AuditRefused
from koto_tui.store.audit_chain import GENESIS, row_hash
from koto_tui.store.migrations import migrations

PROFILE = Profile("Kaisa Koordinaattori", "kotoutumiskoordinaattori", "Mikkelin kaupunki", "Kotoutuminen",
                  "Mikkeli")
PASS = "kaisan-salasana"
COUNSELLOR_PASS = "maijan-salasana"


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataPaths:
    """A database whose first user is a coordinator, with a counsellor too; cheap key derivation."""
    monkeypatch.setattr(keys, "DEFAULT_KDF", {"memory_kib": 8, "iterations": 1, "lanes": 1})
    data = DataPaths(tmp_path / "data")
    store = Store.create(data, PROFILE, PASS, role="coordinator")
    store.users.add("Maija Meikäläinen", "", "counsellor", COUNSELLOR_PASS, confirm_passphrase=PASS)
    store.close()
    return data


@pytest.fixture
def store(paths: DataPaths) -> Iterator[Store]:
    opened = Store.unlock(paths, PASS)
    yield opened
    opened.close()


def _client(store: Store) -> int:
    """A client with a temporary code of her own (a second client with the same code would be refused)."""
    individual = 950 + len(store.clients.search(""))
    code = f"140385Y{individual}" + "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(f"140385{individual}") % 31]
    return store.clients.add(ClientData("Коваленко", "Олена", date(1985, 3, 14), IdentityKind.TEMPORARY,
                                        code))


def _sql(store: Store, sql: str, *params: object) -> None:
    """Tamper with the table as someone with the key and an SQL shell would."""
    with store.session.transaction() as db:
        db.execute(sql, list(params))


def _reopen(store: Store, paths: DataPaths) -> Store:
    store.close()
    return Store.unlock(paths, PASS)


# --- the chain -----------------------------------------------------------------------------------------

def test_every_row_is_chained_to_the_one_before(store: Store) -> None:
    rows = list(reversed(store.audit.rows()))
    assert rows[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(rows))
    secret = bytes(store.session.db.execute("SELECT secret FROM audit_chain").fetchone()[0])
    assert len(secret) == 32
    first = rows[0]
    assert first.hash == row_hash(secret, GENESIS, {"at": first.at, "user_id": first.user_id,
                                                     "action": first.action, "entity": first.entity,
                                                     "entity_id": first.entity_id, "detail": first.detail})
    report = store.audit.verify()
    assert report.intact and report.checked == len(rows)


def test_an_untouched_trail_is_intact_at_unlock_and_in_full(store: Store, paths: DataPaths) -> None:
    _client(store)
    store = _reopen(store, paths)
    assert store.audit.at_unlock is not None and store.audit.at_unlock.intact
    assert store.audit.verify().intact
    assert not [r for r in store.audit.rows() if r.action == CHAIN_BROKEN]
    store.close()


@pytest.mark.parametrize("tamper", ["edit", "delete", "reorder", "insert"])
def test_tampering_is_found_at_the_row_where_it_happened(store: Store, paths: DataPaths, tamper: str) -> None:
    client_id = _client(store)
    for n in range(4):
        store.audit.client_opened(client_id + n)
    store = _reopen(store, paths)
    target = store.audit.rows()[3]  # a row in the middle, verified at the last unlock
    if tamper == "edit":
        _sql(store, "UPDATE audit SET detail = 'nothing to see' WHERE id = ?", target.id)
    elif tamper == "delete":
        _sql(store, "DELETE FROM audit WHERE id = ?", target.id)
    elif tamper == "reorder":
        _sql(store, "UPDATE audit SET id = -1 WHERE id = ?", target.id)
        _sql(store, "UPDATE audit SET id = ? WHERE id = ?", target.id, target.id - 1)
        _sql(store, "UPDATE audit SET id = ? WHERE id = -1", target.id - 1)
    else:  # a row copied from another, hashes and all, added at the end
        _sql(store, "INSERT INTO audit (at, user_id, action, entity, entity_id, detail, prev_hash, hash) "
                    "SELECT at, user_id, 'view', 'client', '1', '', prev_hash, hash FROM audit WHERE id = ?",
             target.id)
    newest = store.audit.rows()[0].id
    report = store.audit.verify()
    assert not report.intact
    expected = {"edit": target.id, "delete": target.id + 1, "reorder": target.id - 1, "insert": newest}
    assert report.first is not None and report.first.row_id == expected[tamper]
    assert report.first.at is not None  # named with its time
    with store.session.lock:
        at_once = store.session.chain.verify(full=True)
    assert store.session.chain.verify_in_steps(store.session.lock, step=2) == at_once == report


def test_an_edit_of_a_verified_row_is_named_by_the_full_check(store: Store, paths: DataPaths) -> None:
    _client(store)
    store = _reopen(store, paths)
    old = store.audit.rows()[-2]  # verified at the unlock before this one
    _sql(store, "UPDATE audit SET user_id = 'someone-else' WHERE id = ?", old.id)
    store = _reopen(store, paths)
    # The quick check at unlock looks only at new rows; the coordinator's full check names the row.
    full = store.audit.verify()
    assert full.first is not None and full.first.row_id == old.id and full.first.reason == "content"
    assert full.first.at == old.at
    store.close()


def test_a_deleted_row_is_found_at_unlock_logged_once_and_named_with_its_time(store: Store,
                                                                              paths: DataPaths) -> None:
    _client(store)
    store = _reopen(store, paths)
    victim = store.audit.rows()[-3]
    _sql(store, "DELETE FROM audit WHERE id = ?", victim.id)
    store = _reopen(store, paths)
    report = store.audit.at_unlock
    assert report is not None and not report.intact
    assert report.first is not None and report.first.row_id == victim.id + 1
    assert report.first.at is not None
    logged = [r for r in store.audit.rows() if r.action == CHAIN_BROKEN]
    assert len(logged) == 1 and logged[0].entity_id == str(victim.id + 1)
    store = _reopen(store, paths)
    assert store.audit.at_unlock is not None and store.audit.at_unlock.intact  # logged once, not every time
    assert len([r for r in store.audit.rows() if r.action == CHAIN_BROKEN]) == 1
    assert not store.audit.verify().intact  # history stays broken in the full check
    store.close()


def test_a_cut_tail_is_found_by_the_anchor(store: Store, paths: DataPaths) -> None:
    _client(store)
    last = store.audit.rows()[0]
    _sql(store, "DELETE FROM audit WHERE id >= ?", last.id - 1)
    report = store.audit.verify()
    assert not report.intact
    assert report.first is not None and report.first.row_id == last.id - 1 and report.first.reason == "tail"
    assert store.session.chain.verify_in_steps(store.session.lock, step=2) == report
    store = _reopen(store, paths)
    assert store.audit.at_unlock is not None and not store.audit.at_unlock.intact
    store.close()


def test_an_anchor_edited_to_hide_a_cut_tail_is_found(store: Store, paths: DataPaths) -> None:
    _client(store)
    rows = store.audit.rows()
    _sql(store, "DELETE FROM audit WHERE id = ?", rows[0].id)
    import json

    anchor = json.loads(store.session.db.execute("SELECT anchor FROM audit_chain").fetchone()[0])
    anchor.update(count=anchor["count"] - 1, last_id=rows[1].id, last_hash=rows[1].hash)
    _sql(store, "UPDATE audit_chain SET anchor = ?", json.dumps(anchor))
    report = store.audit.verify()
    assert not report.intact and report.first is not None and report.first.reason == "anchor"


def test_rows_added_during_a_check_in_steps_do_not_break_it(store: Store) -> None:
    class Writer:
        """A lock that lets another row in between two steps, as the answer writer would."""

        def __enter__(self) -> None:
            store.session.lock.acquire()

        def __exit__(self, *exc: object) -> None:
            store.session.lock.release()
            if not getattr(self, "busy", False):
                self.busy = True
                store.audit.client_opened(1)
                self.busy = False

    before = store.audit.verify().checked
    report = store.session.chain.verify_in_steps(Writer(), step=1)  # type: ignore[arg-type]
    assert report.intact and report.checked > before


def test_the_whole_table_emptied_is_found(store: Store) -> None:
    _sql(store, "DELETE FROM audit")
    assert not store.audit.verify().intact


def test_the_migration_chains_the_rows_that_were_there_before(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A database from before the chain: its rows get hashes, in order, and verify."""
    import sqlite_utils

    db = sqlite_utils.Database(memory=True)
    names = [migration.name for migration in migrations._migrations]
    chaining = migrations._migrations[names.index("m007_audit_chain")]  # not the last one: later ones follow
    for migration in migrations._migrations[:names.index("m007_audit_chain")]:
        migration.fn(db)
    for n in range(3):
        db.table("audit").insert({"at": f"2026-11-0{n + 1}T10:00:00", "user_id": "u", "action": "create",
                                  "entity": "client", "entity_id": str(n), "detail": ""})
    chaining.fn(db)
    rows = list(db.query("SELECT * FROM audit ORDER BY id"))
    assert rows[0]["prev_hash"] == GENESIS and rows[1]["prev_hash"] == rows[0]["hash"]
    from koto_tui.store.audit_chain import Chain

    assert Chain(db).verify(full=True).intact


# --- events ------------------------------------------------------------------------------------------

def test_unlock_lock_and_opening_a_client_are_logged_without_client_data(store: Store,
                                                                           paths: DataPaths) -> None:
    client_id = _client(store)
    store.audit.client_opened(client_id)
    store.audit.locked()
    actions = [(r.action, r.entity, r.entity_id) for r in reversed(store.audit.rows())]
    me = store.session.user_id
    assert ("unlock", "user", me) in actions
    assert actions[-2:] == [("view", "client", str(client_id)), ("lock", "user", me)]
    for row in store.audit.rows():
        assert "Коваленко" not in str(row) and "Олена" not in str(row)


def test_failed_unlocks_are_counted_in_a_file_and_folded_in_at_the_next_unlock(paths: DataPaths) -> None:
    for _attempt in range(2):
        with pytest.raises(WrongPassphrase):
            Store.unlock(paths, "väärä-salasana-1")
    note = failed.path_of(paths)
    assert note.read_text(encoding="ascii").splitlines() == ["2026-11-27T10:30:00 wrong passphrase"] * 2
    assert note.stat().st_mode & 0o777 == 0o600
    store = Store.unlock(paths, PASS)
    rows = [r for r in store.audit.rows() if r.action == "unlock_failed"]
    assert len(rows) == 2 and all(r.user_id == "" and r.at == "2026-11-27T10:30:00" for r in rows)
    assert not note.exists()
    newest = store.audit.rows()[0]
    assert newest.action == "unlock" and newest.user_id == store.session.user_id
    assert store.audit.verify().intact
    store.close()


def test_the_failed_unlock_file_keeps_only_times(paths: DataPaths) -> None:
    failed.path_of(paths).write_text("2026-11-26T09:00:00\nnot a time; DROP TABLE\n", encoding="ascii")
    assert failed.read(paths) == ["2026-11-26T09:00:00"]


# --- reading the trail ---------------------------------------------------------------------------------

def test_a_counsellor_is_refused_by_the_store_itself(paths: DataPaths) -> None:
    store = Store.unlock(paths, COUNSELLOR_PASS)
    assert not store.audit.is_coordinator()
    for read in (store.audit.rows, store.audit.verify, store.audit.actions, store.audit.users):
        with pytest.raises(AuditRefused):
            read()
    store.close()


def test_filters_by_client_user_action_and_dates(store: Store, paths: DataPaths) -> None:
    from datetime import datetime

    from koto_tui import clock

    first, second = _client(store), _client(store)
    store.audit.client_opened(first)
    clock.fix(datetime(2026, 11, 29, 9, 0))
    store.audit.client_opened(second)
    counsellor_id = next(u.id for u in store.users.all() if u.role == "counsellor")
    about_first = store.audit.rows(AuditFilter(client_id=first))
    assert [(r.action, r.entity_id) for r in about_first] == [("view", str(first)), ("create", str(first))]
    assert {r.entity_id for r in store.audit.rows(AuditFilter(action="view"))} == {str(first), str(second)}
    assert [r.entity_id for r in store.audit.rows(AuditFilter(since=date(2026, 11, 28)))] == [str(second)]
    early_views = store.audit.rows(AuditFilter(action="view", until=date(2026, 11, 28)))
    assert [r.entity_id for r in early_views] == [str(first)]
    assert store.audit.rows(AuditFilter(user_id=counsellor_id)) == []
    mine = store.audit.rows(AuditFilter(user_id=store.session.user_id, action="view"))
    assert len(mine) == 2 and mine[0].user_name == PROFILE.name
    assert "view" in store.audit.actions() and "unlock" in store.audit.actions()


def test_the_next_coordinator_is_told_of_a_logged_break_once(paths: DataPaths) -> None:
    store = Store.unlock(paths, PASS)
    victim = store.audit.rows()[-2]
    _sql(store, "DELETE FROM audit WHERE id = ?", victim.id)
    store.close()
    counsellor = Store.unlock(paths, COUNSELLOR_PASS)  # finds and logs the break; is told nothing
    assert counsellor.audit.untold_breaks() == []
    counsellor.close()
    store = Store.unlock(paths, PASS)
    told = store.audit.untold_breaks()
    assert [(b.row_id, b.reason) for b in told] == [(victim.id + 1, "order")]
    assert told[0].at == "2026-11-27T10:30:00"
    assert store.audit.untold_breaks() == []
    store.close()


def test_the_full_check_logs_an_old_edit_once_and_tells_it(store: Store, paths: DataPaths) -> None:
    old = store.audit.rows()[-1]
    _sql(store, "UPDATE audit SET detail = 'muokattu' WHERE id = ?", old.id)
    store = _reopen(store, paths)
    assert store.audit.at_unlock is not None and store.audit.at_unlock.intact  # only new rows at unlock
    for _time in range(2):
        assert not store.audit.full_check().intact
    logged = [r for r in store.audit.rows() if r.action == CHAIN_BROKEN]
    assert [(r.entity_id, r.detail) for r in logged] == [(str(old.id), f"content {old.at}")]
    assert [(b.row_id, b.reason) for b in store.audit.untold_breaks()] == [(old.id, "content")]
    store.close()


def test_an_old_key_file_put_back_is_logged_as_a_failed_unlock(paths: DataPaths) -> None:
    """A removed user's copy of koto.keys put back is refused, and the attempt reaches the trail."""
    from koto_tui.store import KeyFileOutdated

    old = paths.keyfile.read_bytes()
    store = Store.unlock(paths, PASS)
    store.users.rotate_key()
    store.close()
    new = paths.keyfile.read_bytes()
    paths.keyfile.write_bytes(old)
    with pytest.raises(KeyFileOutdated):
        Store.unlock(paths, COUNSELLOR_PASS)
    paths.keyfile.write_bytes(new)
    store = Store.unlock(paths, PASS)
    rows = [r for r in store.audit.rows() if r.action == "unlock_failed"]
    assert [r.detail for r in rows] == ["outdated key file"]
    store.close()


def test_a_noted_line_without_a_reason_is_a_wrong_passphrase(paths: DataPaths) -> None:
    failed.path_of(paths).write_text("2026-11-26T09:00:00\n2026-11-26T09:01:00 outdated key file\n"
                                     "2026-11-26T09:02:00 something else\n", encoding="ascii")
    assert failed.read_reasons(paths) == [("2026-11-26T09:00:00", "wrong passphrase"),
                                          ("2026-11-26T09:01:00", "outdated key file")]


def test_the_apps_unlock_leaves_the_count_to_the_background_check(store: Store, paths: DataPaths) -> None:
    """The app's unlock does not count the rows (a scan of the table: 0.5 s at 100,000 clients); ``verify``
    does, on its own connection, and logs the deleted row once, named as the unlock would name it."""
    _client(store)
    store = _reopen(store, paths)
    victim = store.audit.rows()[-3]
    _sql(store, "DELETE FROM audit WHERE id = ?", victim.id)
    store.close()
    store = Store.unlock(paths, PASS, verify=False)
    assert store.audit.at_unlock is not None and store.audit.at_unlock.intact
    store.verify()
    logged = [r for r in store.audit.rows() if r.action == CHAIN_BROKEN]
    assert len(logged) == 1 and logged[0].entity_id == str(victim.id + 1)
    store.verify()  # once: the anchor follows the table now
    assert len([r for r in store.audit.rows() if r.action == CHAIN_BROKEN]) == 1
    store = _reopen(store, paths)
    assert store.audit.at_unlock is not None and store.audit.at_unlock.intact
    store.close()
