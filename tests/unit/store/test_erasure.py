"""Erasure (GDPR art. 17): nothing readable is left, the audit chain verifies, the rules hold it back."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from koto_tui import clock
from koto_tui.demo import DEMO_COORDINATOR_PASSPHRASE, complete_answers, demo_paths
from koto_tui.exchange import settings
from koto_tui.exchange.export import ExportRefused, ExportRequest, mark_entered, run_export
from koto_tui.model import ClientData, IdentityKind, InterviewStatus
from koto_tui.retention import ErasureRefused, erase_client
from koto_tui.rules.retention import Duty, RetentionRules, shipped_rules
from koto_tui.store import DataPaths, Store
from koto_tui.store.erasure import Erasure
from koto_tui.store.restriction import Restrictions
from koto_tui.workflow import ASSESSMENT_FORM, PrintRequest, form_of, print_interview

FAMILY, GIVEN, ANSWER = "Zqxvorblemund", "Plinkarosta", "Quorblefanitude kirjoitti tämän"
UNIQUE = (FAMILY, GIVEN, "Quorblefanitude")
PAGE, RESERVE = 4096, 80  # SQLCipher 4 defaults: 16-byte IV and 64-byte HMAC at the end of each page


@pytest.fixture
def store(seeded_demo: Path, tmp_path: Path) -> Iterator[Store]:
    """The demo database (a private copy), opened by the demo coordinator."""
    root = tmp_path / "data"
    shutil.copytree(seeded_demo, root)
    opened = Store.unlock(demo_paths(DataPaths(root)), DEMO_COORDINATOR_PASSPHRASE)
    yield opened
    opened.close()


def _client_with_everything(store: Store) -> tuple[int, str]:
    """A client with a unique name, a finalised interview with a unique answer, printed and exported twice
    (sealed and unsealed); returns the client id and the interview's exchange uid."""
    from koto_tui.assessment import eligibility_of, result_record
    from koto_tui.demo import _STORIES
    from koto_tui.engine import AnswerContext

    client_id = store.clients.add(ClientData(FAMILY, GIVEN, date(1980, 5, 6), IdentityKind.NONE, "",
                                             phone="+358 40 765 4321"))
    interview = store.interviews.start(client_id, ASSESSMENT_FORM, _form_version(store), store.profile())
    form = form_of(store, interview)
    context = AnswerContext(today=interview.interview_date, client_birth_date=date(1980, 5, 6))
    answers = complete_answers(form, dict(_STORIES[0]), context)
    free = next(qid for qid, value in answers.items() if value == "Esimerkki")
    answers[free] = ANSWER
    for qid, value in answers.items():
        store.interviews.save_answer(interview.id, qid, value)
    store.interviews.lifecycle.finalise(interview.id, result_record(eligibility_of(answers,
                                                                                   interview.interview_date)))
    print_interview(store, PrintRequest(interview.id))
    sealed = run_export(store, ExportRequest(client_id=client_id))
    run_export(store, ExportRequest(client_id=client_id, unsealed=True, include_unchanged=True))
    return client_id, sealed.records[0].uid


def _form_version(store: Store) -> str:
    with store.session.reading() as db:
        return str(db.execute("SELECT version FROM form_versions WHERE form_id = ? ORDER BY registered_at "
                              "DESC", [ASSESSMENT_FORM]).fetchone()[0])


def _plain_pages(path: Path, key: bytes) -> bytes:
    """Every page of the encrypted database decrypted with *key* (free pages too: not only live rows)."""
    data = path.read_bytes()
    out = []
    for n in range(len(data) // PAGE):
        page = data[n * PAGE:(n + 1) * PAGE]
        iv = page[PAGE - RESERVE:PAGE - RESERVE + 16]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        out.append(decryptor.update(page[16 if n == 0 else 0:PAGE - RESERVE]) + decryptor.finalize())
    return b"".join(out)


def _found(data: bytes) -> list[str]:
    """The unique values (any case, UTF-8 or UTF-16) that occur in *data*."""
    low = data.lower()
    forms = {v: (v.lower().encode(), v.encode("utf-16-le"), v.lower().encode("utf-16-le")) for v in UNIQUE}
    return [v for v in UNIQUE if any(form in low or form in data for form in forms[v])]


def _raw_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _keep(store: Store) -> None:
    store.set_setting(settings.RETENTION, "keep")


def test_erasure_leaves_nothing_readable_in_any_file_nor_any_decrypted_page(store: Store) -> None:
    client_id, uid = _client_with_everything(store)
    key = bytes(store.users._key)
    root = store.paths.root.parent
    before = _plain_pages(store.paths.database, key) + b"".join(_raw_files(root).values())
    assert _found(before) == list(UNIQUE)  # the search sees the values while they are there
    _keep(store)
    mark_entered(store, uid)

    erased = erase_client(store, client_id, "asiakkaan pyyntö 1.12.2026", shipped_rules(), clock.today())

    assert erased.rows["clients"] == 1 and erased.rows["answers"] > 10 and erased.audit_rows > 3
    assert len(erased.files) == 3  # the printout, the sealed and the unsealed export
    wal = store.paths.root / "koto.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    for name, data in _raw_files(root).items():
        assert _found(data) == [], name
    plain = _plain_pages(store.paths.database, key)
    assert "Коваленко".encode() in plain and b"CREATE TABLE" in plain  # the decryption is right
    assert _found(plain) == []
    assert store.clients.search(FAMILY, include_restricted=True) == []
    store.close()
    for name, data in _raw_files(root).items():
        assert _found(data) == [], name
    assert _found(_plain_pages(demo_paths(DataPaths(root)).database, key)) == []


def test_the_audit_chain_still_verifies_and_keeps_who_erased_and_why(store: Store) -> None:
    client_id, uid = _client_with_everything(store)
    _keep(store)
    mark_entered(store, uid)
    erase_client(store, client_id, "asiakkaan pyyntö", shipped_rules(), clock.today())
    assert store.audit.verify().intact
    erase = next(r for r in store.audit.rows() if r.action == "erase")
    assert erase.entity_id == ""
    assert (erase.action, erase.detail, erase.user_id) == ("erase", "asiakkaan pyyntö", store.user.id)
    assert not [r for r in store.audit.rows() if r.entity == "client" and r.entity_id == str(client_id)]
    # a redacted row cannot be changed without the chain showing it
    redacted = next(r for r in store.audit.rows() if r.action == "create" and r.entity_id == "")
    with store.session.transaction() as db:
        db.execute("UPDATE audit SET action = 'print' WHERE id = ?", [redacted.id])
    report = store.audit.verify()
    assert not report.intact and report.first is not None and report.first.row_id == redacted.id


def test_a_widened_redaction_breaks_the_chain(store: Store) -> None:
    client_id, uid = _client_with_everything(store)
    _keep(store)
    mark_entered(store, uid)
    erase_client(store, client_id, "pyyntö", shipped_rules(), clock.today())
    other = next(r for r in store.audit.rows() if r.entity_id not in ("", "0") and r.action == "create")
    with store.session.transaction() as db:  # someone empties another row and lists it as redacted
        db.execute("UPDATE audit SET entity_id = '', detail = '' WHERE id = ?", [other.id])
        row = db.execute("SELECT id, detail FROM audit WHERE action = 'redact'").fetchone()
        db.execute("UPDATE audit SET detail = ? WHERE id = ?",
                   [row[1][:-1] + f',"{other.id}":"{"0" * 64}"}}', row[0]])
    breaks = {b.row_id for b in store.audit.verify().breaks}
    assert {other.id, row[0]} <= breaks


def test_erasure_is_refused_while_a_record_is_not_entered_into_koto_aj(store: Store) -> None:
    client_id, _uid = _client_with_everything(store)
    with pytest.raises(ErasureRefused, match="KOTO-AJ") as refused:
        erase_client(store, client_id, "pyyntö", shipped_rules(), clock.today())
    assert "17 art. 3 b" in str(refused.value)  # the rule's citation is shown
    assert store.clients.get(client_id).data.family_name == FAMILY


def test_erasure_is_refused_inside_the_period_and_allowed_the_day_after(store: Store) -> None:
    client_id = store.clients.add(ClientData(FAMILY, GIVEN, None))
    rules = RetentionRules(False, {}, (Duty("recent_activity", "Kunnan päätös", 30),))
    changed = Erasure(store.session, store.paths).facts(client_id).last_activity
    assert changed is not None
    with pytest.raises(ErasureRefused, match="Kunnan päätös"):
        erase_client(store, client_id, "pyyntö", rules, date.fromordinal(changed.toordinal() + 30))
    erase_client(store, client_id, "pyyntö", rules, date.fromordinal(changed.toordinal() + 31))
    with pytest.raises(KeyError):
        store.clients.get(client_id)


def test_only_a_coordinator_erases_and_a_reason_is_required(store: Store, seeded_demo: Path) -> None:
    client_id = store.clients.add(ClientData(FAMILY, GIVEN, None))
    with pytest.raises(ErasureRefused):
        erase_client(store, client_id, "  ", shipped_rules(), clock.today())
    with store.session.transaction() as db:
        db.execute("UPDATE users SET role = 'counsellor' WHERE id = ?", [store.user.id])
    with pytest.raises(ErasureRefused, match="koordinaattori"):
        erase_client(store, client_id, "pyyntö", shipped_rules(), clock.today())


def test_a_restricted_client_is_hidden_not_exported_and_each_opening_is_logged(store: Store) -> None:
    client_id, _uid = _client_with_everything(store)
    restrictions = Restrictions(store.session)
    restrictions.restrict(client_id, "kiistää tietojen paikkansapitävyyden")
    assert store.clients.search(FAMILY) == []
    assert [c.id for c in store.clients.search(FAMILY, include_restricted=True)] == [client_id]
    assert client_id not in [c.id for c in store.clients.search("")]
    with pytest.raises(ExportRefused, match="rajoitettu"):
        run_export(store, ExportRequest(client_id=client_id, include_unchanged=True))
    everyone = run_export(store, ExportRequest(include_unchanged=True, dry_run=True))
    assert client_id not in {h.client_id for h in everyone.held_back}
    restrictions.opened(client_id, "asiakkaan puhelu")
    assert store.audit.rows()[0].action == "view_restricted"
    restrictions.lift(client_id, "oikaistu")
    assert [c.id for c in store.clients.search(FAMILY)] == [client_id]
    assert restrictions.current(client_id) is None


def test_retention_never_purges_a_restricted_clients_unfinished_interview(store: Store) -> None:
    client_id = store.clients.add(ClientData(FAMILY, GIVEN, None))
    interview = store.interviews.start(client_id, ASSESSMENT_FORM, _form_version(store), store.profile())
    assert interview.status is InterviewStatus.IN_PROGRESS
    erasure = Erasure(store.session, store.paths)
    later = date(2100, 1, 1)
    assert interview.id in erasure.unfinished_interviews(later)
    Restrictions(store.session).restrict(client_id, "oikeudellinen vaatimus")
    assert interview.id not in erasure.unfinished_interviews(later)



def test_erasure_deletes_the_clients_access_reports_and_no_one_elses(store: Store) -> None:
    """An access report holds every answer, the sensitive ones too: erasure must not leave it in prints/
    (it did: only assessment and plan ids were looked for). Another client's report stays."""
    from koto_tui.access_printout import write_pdf

    client_id, uid = _client_with_everything(store)
    other = store.clients.search("Коваленко")[0].id
    ours, theirs = write_pdf(store, client_id), write_pdf(store, other)
    assert ours.exists() and theirs.exists()
    _keep(store)
    mark_entered(store, uid)

    erased = erase_client(store, client_id, "asiakkaan pyyntö", shipped_rules(), clock.today())

    assert ours.name in erased.files
    assert not ours.exists() and theirs.exists()


def test_erasure_says_what_it_cannot_reach_and_what_goes_with_it(store: Store) -> None:
    """Backups made before the erasure keep the client until the backup retention's day; an export file
    holding other clients too goes whole: the confirmation, the result and the audit row say so."""
    import json
    import os
    from datetime import datetime, timedelta

    from koto_tui.admin.take import take_backup
    from koto_tui.retention import unreached, unreached_text
    from koto_tui.store.erasure import UNREACHED

    client_id, uid = _client_with_everything(store)
    everyone = run_export(store, ExportRequest(include_unchanged=True))  # this client with the others
    others = len(_clients_in(store, everyone.export_id)) - 1
    assert others >= 2
    folder = store.paths.root / "backups"
    folder.mkdir()
    for day in (1, 28, 30):  # automatic backups before schema changes: the first before the client was added
        made = folder / f"before-update-202611{day:02d}-101500.zip"
        made.write_bytes(b"PK")
        stamp = datetime(2026, 11, day, 10, 15).timestamp()
        os.utime(made, (stamp, stamp))
    take_backup(store, store.paths.root.parent / "usb" / "koto-backup.zip")
    _keep(store)
    mark_entered(store, uid)
    days = shipped_rules().periods["backup"].days
    last = (date(2026, 11, 30) + timedelta(days=days)).isoformat()

    asked = unreached(store, client_id, shipped_rules())
    assert (asked.automatic_backups, asked.backups_until, asked.taken_backups) == (2, last, 1)
    assert (asked.export_files, asked.other_clients) == (3, others)
    said = unreached_text(asked)
    assert "2 ennen poistoa tehtyä automaattista varmuuskopiota" in said
    assert "28.2.2027" in said and "1 asiakkaan lisäämisen jälkeen koto backup" in said
    assert f"3 vientitiedostoa kansiossa exports/, ja niissä olevat {others} muun asiakkaan" in said
    assert FAMILY not in said

    erased = erase_client(store, client_id, "asiakkaan pyyntö", shipped_rules(), clock.today())

    assert erased.unreached == asked and everyone.path is not None and everyone.path.name in erased.files
    row = next(r for r in store.audit.rows() if r.action == UNREACHED)
    assert (row.entity, row.entity_id) == ("client", "")
    assert json.loads(row.detail) == {"automatic_backups": 2, "backups_until": last, "taken_backups": 1,
                                      "export_files": 3, "other_clients": others}
    assert store.audit.verify().intact


def _clients_in(store: Store, export_id: int | None) -> set[str]:
    return {str(r[0]) for r in store.session.db.execute(
        "SELECT client_uid FROM export_log WHERE export_id = ?", [export_id])}


def test_an_erasure_with_no_backups_and_only_its_own_export_files_says_only_that(store: Store) -> None:
    from koto_tui.retention import unreached, unreached_text

    client_id, _uid = _client_with_everything(store)
    reach = unreached(store, client_id, shipped_rules())
    assert (reach.automatic_backups, reach.taken_backups, reach.export_files, reach.other_clients) == (
        0, 0, 2, 0)
    assert unreached_text(reach) == ("Poistetaan asiakkaan mukana: 2 vientitiedostoa kansiossa exports/, "
                                     "joissa oli vain tämä asiakas.")
