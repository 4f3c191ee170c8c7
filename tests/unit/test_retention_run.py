"""The retention run: what falls due per kind at edge dates, what a rule keeps, and the purge with its log."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from koto_tui import clock
from koto_tui.demo import DEMO_COORDINATOR_PASSPHRASE, demo_paths
from koto_tui.exchange import settings
from koto_tui.exchange.export import ExportRequest, mark_entered, run_export
from koto_tui.model import ClientData
from koto_tui.retention import due, purge
from koto_tui.rules.retention import Duty, Period, RetentionRules
from koto_tui.store import DataPaths, Store
from koto_tui.store.restriction import Restrictions

SEEDED = datetime(2026, 11, 27, 10, 30)
DUTIES = (Duty("not_entered_into_koto_aj", "GDPR 17(3)(b)"), Duty("plan_in_force", "KotoL"))


def _rules(**days: int) -> RetentionRules:
    return RetentionRules(False, {k: Period(k, d, "Kunnan päätös") for k, d in days.items()}, DUTIES)


@pytest.fixture
def store(seeded_demo: Path, tmp_path: Path) -> Iterator[Store]:
    root = tmp_path / "data"
    shutil.copytree(seeded_demo, root)
    opened = Store.unlock(demo_paths(DataPaths(root)), DEMO_COORDINATOR_PASSPHRASE)
    opened.set_setting(settings.PRINT_RETENTION_DAYS, 0)
    yield opened
    opened.close()


def _kinds(items: list, kind: str) -> list[str]:  # type: ignore[type-arg]
    return [i.ident for i in items if i.kind == kind]


def _in_progress(store: Store) -> list[str]:
    with store.session.reading() as db:
        return [str(r[0]) for r in db.execute("SELECT id FROM interviews WHERE status = 'in_progress' "
                                              "AND id NOT IN (SELECT interview_id FROM plans "
                                              "WHERE interview_id IS NOT NULL) ORDER BY id")]


def _started(store: Store) -> str:
    """A new client's interview, started on the seeding day and left unfinished."""
    from koto_tui.workflow import ASSESSMENT_FORM

    clock.fix(SEEDED)
    try:
        client_id = store.clients.add(ClientData("Testi", "Keskeneräinen", None))
        version = next(v for (f, v) in _forms(store) if f == ASSESSMENT_FORM)
        return str(store.interviews.start(client_id, ASSESSMENT_FORM, version, store.profile()).id)
    finally:
        clock.fix(None)


def _forms(store: Store) -> list[tuple[str, str]]:
    with store.session.reading() as db:
        return [(r[0], r[1]) for r in db.execute("SELECT form_id, version FROM form_versions")]


def test_an_unfinished_interview_falls_due_the_day_after_its_period(store: Store) -> None:
    started = _started(store)
    rules = _rules(unfinished_interview=180)
    assert _kinds(due(store, rules, SEEDED + timedelta(days=180)), "unfinished_interview") == []
    later = _kinds(due(store, rules, SEEDED + timedelta(days=181)), "unfinished_interview")
    assert later == _in_progress(store) == [started]  # those a plan is based on are kept


def test_an_idle_client_goes_only_when_no_duty_keeps_them_and_not_when_restricted(store: Store) -> None:
    rules = _rules(inactive_client=730)
    assert _kinds(due(store, rules, SEEDED + timedelta(days=730)), "inactive_client") == []
    idle = _kinds(due(store, rules, SEEDED + timedelta(days=731)), "inactive_client")
    assert idle
    finalised = {str(i.client_id) for c in store.clients.search("") for i in store.interviews.for_client(c.id)
                 if i.status == "completed"}
    assert not finalised & set(idle)  # not entered into KOTO-AJ: kept
    Restrictions(store.session).restrict(int(idle[0]), "oikeudellinen vaatimus")
    assert idle[0] not in _kinds(due(store, rules, SEEDED + timedelta(days=731)), "inactive_client")


def test_the_laptop_copy_of_a_record_entered_into_koto_aj_goes_after_its_period(store: Store) -> None:
    store.set_setting(settings.RETENTION, "keep")
    exported = run_export(store, ExportRequest(client_id=1))
    record = exported.records[0]
    mark_entered(store, record.uid, SEEDED.date())
    rules = _rules(handed_over=30)
    ident = f"{'interview' if record.entity == 'assessment' else 'plan'}:{record.local_id}"
    assert ident not in _kinds(due(store, rules, SEEDED + timedelta(days=30)), "handed_over")
    items = due(store, rules, SEEDED + timedelta(days=31))
    assert ident in _kinds(items, "handed_over")
    counts = purge(store, [i for i in items if i.ident == ident])
    assert counts == {"handed_over": 1}
    assert ident not in _kinds(due(store, rules, SEEDED + timedelta(days=31)), "handed_over")


def test_old_backups_fall_due_and_the_purge_is_logged_with_counts(store: Store) -> None:
    folder = store.paths.database.parent / "backups"
    folder.mkdir(exist_ok=True)
    old, new = folder / "before-update-20260101-000000.zip", folder / "before-update-20270501-000000.zip"
    for path, when in ((old, datetime(2026, 1, 1)), (new, datetime(2027, 5, 1))):
        path.write_bytes(b"PK")
        os.utime(path, (when.timestamp(), when.timestamp()))
    mine = folder / "my-notes.zip"
    mine.write_bytes(b"x")
    os.utime(mine, (0, 0))
    started = _started(store)
    rules = _rules(backup=90, unfinished_interview=180)
    items = due(store, rules, SEEDED + timedelta(days=181))
    assert _kinds(items, "backup") == [old.name]
    counts = purge(store, items)
    assert counts == {"backup": 1, "unfinished_interview": 1}
    assert not old.exists() and new.exists() and mine.exists()
    logged = {(r.entity, r.entity_id) for r in store.audit.rows() if r.action == "retention"}
    assert {("backup", "1"), ("unfinished_interview", "1")} <= logged
    with pytest.raises(KeyError):
        store.interviews.get(int(started))
    assert store.audit.verify().intact


def test_a_kind_with_zero_days_is_never_due(store: Store) -> None:
    assert due(store, _rules(unfinished_interview=0, inactive_client=0), SEEDED + timedelta(days=9999)) == []


