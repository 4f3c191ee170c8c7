"""Clients, interviews, answers, form versions and the audit log in an unlocked store."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import sqlcipher3

from koto_tui.model import ClientData, IdentityKind, InterviewStatus, Profile
from koto_tui.store import DataPaths, Store, keys
from koto_tui.store.errors import FormVersionConflict

PROFILE = Profile("Olli Ohjaaja", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli")
FORM_TEXT = "id: t\nversion: '1'\n"
KOVALENKO = ClientData("Коваленко", "Олена", date(1985, 3, 14), IdentityKind.TEMPORARY, "140385Y9501",
                       phone="+358 40 123 4567")
MAKELA = ClientData("Mäkelä", "Aino Åsa", date(1952, 10, 13), IdentityKind.HETU, "131052-308T")
NGUYEN = ClientData("Nguyễn", "Thị Hương", date(1997, 8, 21), IdentityKind.FOREIGN, "C1234567",
                    id_country="VN")
SMITH = ClientData("Smith", "John", date(1970, 1, 2))


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A freshly created store (closed again at the end).

    These tests are about records, not key derivation: the passphrase is stretched with the cheapest
    Argon2id parameters (each key-file entry records its own), which makes creating a store ~20 ms.
    """
    monkeypatch.setattr(keys, "DEFAULT_KDF", {"memory_kib": 8, "iterations": 1, "lanes": 1})
    opened = Store.create(DataPaths(tmp_path / "data"), PROFILE, "salasana-123")
    opened.interviews.register_form("t", "1", FORM_TEXT)
    yield opened
    opened.close()


# --- sqlite-utils on sqlcipher3 ---------------------------------------------------------------------

_SQLITE_UTILS_CHECK = """
import sys, sqlcipher3
{entry}
import sqlite_utils.utils
print(sys.modules.get("pysqlite3") is sqlcipher3,
      sqlite_utils.utils.OperationalError is sqlcipher3.dbapi2.OperationalError)
"""


@pytest.mark.parametrize("entry", [
    "import koto_tui.store",
    "from koto_tui.store import Store",
    "import koto_tui.store.session",
    "import koto_tui.store.migrations",
    "import koto_tui.store.interviews",
    "import koto_tui.store.connection",
])
def test_sqlite_utils_uses_sqlcipher3_whatever_is_imported_first(entry: str) -> None:
    """In a fresh process, any way into the store makes sqlite-utils use sqlcipher3's module and errors."""
    done = subprocess.run([sys.executable, "-c", _SQLITE_UTILS_CHECK.format(entry=entry)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout.split()) == (0, ["True", "True"]), done.stderr


_ALTER_CHECK = """
import sys
from pathlib import Path
from koto_tui.model import Profile
from koto_tui.store import DataPaths, Store, keys
store = Store.create(DataPaths(Path(sys.argv[1])), Profile("a", "b", "c", "d", "e"), "salasana-123")
db = store.session.db
db["scratch"].insert({"a": 1})
db["scratch"].insert({"a": 2, "b": "uusi sarake"}, alter=True)
assert list(db["scratch"].rows) == [{"a": 1, "b": None}, {"a": 2, "b": "uusi sarake"}]
db["scratch"].drop()
db["scratch"].drop(ignore=True)
db["missing"].drop(ignore=True)
assert "scratch" not in db.table_names()
store.close()
print("ok")
"""


def test_insert_alter_and_drop_ignore_work_on_the_store_connection(tmp_path: Path) -> None:
    """sqlite-utils must catch sqlcipher3's OperationalError (fresh process: no import order luck)."""
    done = subprocess.run([sys.executable, "-c", _ALTER_CHECK, str(tmp_path / "data")],
                          capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr[-2000:]


def test_store_connection_is_sqlcipher(store: Store) -> None:
    assert isinstance(store.session.db.conn, sqlcipher3.dbapi2.Connection)
    assert sys.modules["pysqlite3"] is sqlcipher3
    assert store.session.db.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")


# --- clients ----------------------------------------------------------------------------------------


def test_client_update_and_get(store: Store) -> None:
    client_id = store.clients.add(KOVALENKO)
    changed = replace(KOVALENKO, family_name="Коваленко-Шевченко", phone="040 765 4321")
    store.clients.update(client_id, changed)
    assert store.clients.get(client_id).data == changed
    with pytest.raises(KeyError):
        store.clients.get(client_id + 100)


def test_client_markup_and_quotes_are_stored_literally(store: Store) -> None:
    odd = ClientData("[bold]x[/] <b>&amp;", "O'Brien \"Robert\"; DROP TABLE clients;--", None)
    client_id = store.clients.add(odd)
    assert store.clients.get(client_id).data == odd
    assert "clients" in store.session.db.table_names()


@pytest.fixture
def register(store: Store) -> dict[str, int]:
    """Four clients in different scripts, by family name."""
    return {data.family_name: store.clients.add(data) for data in (SMITH, KOVALENKO, NGUYEN, MAKELA)}


def found(store: Store, text: str) -> list[str]:
    return [row.full_name for row in store.clients.search(text)]


def test_search_empty_lists_everyone_by_family_name(store: Store, register: dict[str, int]) -> None:
    rows = store.clients.search("")
    assert [row.id for row in rows] == [register[name] for name in sorted(register, key=str.lower)]
    kovalenko = next(row for row in rows if row.id == register["Коваленко"])
    assert (kovalenko.full_name, kovalenko.birth_date, kovalenko.identity_code) == (
        "Коваленко Олена", date(1985, 3, 14), "140385Y9501")
    assert (kovalenko.interviews, kovalenko.open_interviews) == (0, 0)
    assert store.clients.search("   ") == rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Кова", ["Коваленко Олена"]),            # family-name prefix, Cyrillic
        ("кова", ["Коваленко Олена"]),            # ...in lower case
        ("КОВАЛЕНКО", ["Коваленко Олена"]),       # ...in upper case
        ("Олена", ["Коваленко Олена"]),           # given name
        ("оле", ["Коваленко Олена"]),             # given-name prefix, lower case
        ("Олена Коваленко", ["Коваленко Олена"]), # both names, any order
        ("aino", ["Mäkelä Aino Åsa"]),            # second given name
        ("JOHN", ["Smith John"]),
        ("huong", ["Nguyễn Thị Hương"]),          # diacritics folded
        ("1403", ["Коваленко Олена"]),            # identity-code prefix
        ("140385y95", ["Коваленко Олена"]),       # ...case-insensitive
        ("131052-308", ["Mäkelä Aino Åsa"]),
        ("c1234", ["Nguyễn Thị Hương"]),          # a foreign document number
        ("Ковалик", []),
        ("9501", []),                             # not a prefix of the code
    ],
)
def test_search(store: Store, register: dict[str, int], text: str, expected: list[str]) -> None:
    assert found(store, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"', []),
        ('"Кова', ["Коваленко Олена"]),
        ('Кова"', ["Коваленко Олена"]),
        ("Кова*", ["Коваленко Олена"]),
        ("*", []),
        ("-", []),
        ("-Олена", ["Коваленко Олена"]),          # not FTS's NOT
        ("Кова -Олена", ["Коваленко Олена"]),
        ("NEAR", []),
        ("NEAR(Кова Олена)", []),                 # "near" is a word typed, nobody's name starts with it
        ("Кова OR Smith", []),                    # OR is a word too, not an operator
        ("Кова AND", []),
        ("family_name:Кова", []),
        ("^Кова", ["Коваленко Олена"]),
        ("(Кова)", ["Коваленко Олена"]),
        ("{Кова}", ["Коваленко Олена"]),
        ("%", []),                                # LIKE wildcards are plain text too
        ("_", []),
        ("\\", []),
        ("'", []),
        ("Кова'; DROP TABLE clients;--", []),
    ],
)
def test_search_treats_query_syntax_as_text(
        store: Store, register: dict[str, int], text: str, expected: list[str]) -> None:
    assert found(store, text) == expected
    assert len(store.clients.search("")) == len(register)


def test_search_follows_changes(store: Store, register: dict[str, int]) -> None:
    client_id = register["Smith"]
    store.clients.update(client_id, replace(SMITH, family_name="Шевченко"))
    assert found(store, "smith") == []
    assert found(store, "шев") == ["Шевченко John"]


def test_search_counts_interviews(store: Store, register: dict[str, int]) -> None:
    client_id = register["Mäkelä"]
    first = store.interviews.start(client_id, "t", "1", PROFILE)
    store.interviews.start(client_id, "t", "1", PROFILE)
    store.interviews.set_status(first.id, InterviewStatus.COMPLETED)
    (row,) = store.clients.search("mäkelä")
    assert (row.interviews, row.open_interviews) == (2, 1)


def test_search_limit(store: Store, register: dict[str, int]) -> None:
    assert len(store.clients.search("", limit=2)) == 2


# --- form versions ----------------------------------------------------------------------------------


def test_register_form_is_idempotent_for_the_same_text(store: Store) -> None:
    store.interviews.register_form("t", "1", FORM_TEXT)
    assert store.interviews.form_source("t", "1") == FORM_TEXT
    rows = store.session.db.execute("SELECT count(*) FROM form_versions").fetchone()[0]
    assert rows == 1


def test_register_form_refuses_changed_text_under_the_same_version(store: Store) -> None:
    with pytest.raises(FormVersionConflict) as caught:
        store.interviews.register_form("t", "1", FORM_TEXT + "# edited\n")
    assert (caught.value.form_id, caught.value.version) == ("t", "1")
    assert store.interviews.form_source("t", "1") == FORM_TEXT
    store.interviews.register_form("t", "2", FORM_TEXT + "# edited\n")
    assert store.interviews.form_source("t", "2") == FORM_TEXT + "# edited\n"
    with pytest.raises(KeyError):
        store.interviews.form_source("t", "3")


def test_interview_needs_a_registered_form_version(store: Store) -> None:
    client_id = store.clients.add(SMITH)
    with pytest.raises(sqlcipher3.dbapi2.IntegrityError):
        store.interviews.start(client_id, "t", "9", PROFILE)
    assert store.interviews.for_client(client_id) == []


# --- interviews and answers -------------------------------------------------------------------------


def test_save_answer_none_removes_it(store: Store) -> None:
    interview = store.interviews.start(store.clients.add(SMITH), "t", "1", PROFILE)
    store.interviews.save_answer(interview.id, "a", "eka")
    store.interviews.save_answer(interview.id, "b", ["x", "y"])
    store.interviews.save_answer(interview.id, "a", "toka")  # replaces
    assert store.interviews.answers(interview.id) == {"a": "toka", "b": ["x", "y"]}
    assert store.interviews.get(interview.id).answered == 2
    store.interviews.save_answer(interview.id, "a", None)
    assert store.interviews.answers(interview.id) == {"b": ["x", "y"]}
    assert store.interviews.get(interview.id).answered == 1
    store.interviews.save_answer(interview.id, "never-answered", None)  # nothing to remove: fine
    assert store.interviews.answers(interview.id) == {"b": ["x", "y"]}


def test_falsy_answers_are_kept(store: Store) -> None:
    interview = store.interviews.start(store.clients.add(SMITH), "t", "1", PROFILE)
    values: dict[str, object] = {"no": False, "zero": 0, "empty": "", "none_chosen": []}
    for qid, value in values.items():
        store.interviews.save_answer(interview.id, qid, value)
    assert store.interviews.answers(interview.id) == values


def test_interview_state(store: Store) -> None:
    client_id = store.clients.add(SMITH)
    first = store.interviews.start(client_id, "t", "1", PROFILE)
    second = store.interviews.start(client_id, "t", "1", PROFILE)
    assert [i.id for i in store.interviews.for_client(client_id)] == [second.id, first.id]
    assert first.current_question is None and first.answered == 0
    store.interviews.set_current(first.id, "q7")
    assert store.interviews.get(first.id).current_question == "q7"
    store.interviews.set_status(first.id, InterviewStatus.COMPLETED)
    assert store.interviews.get(first.id).status is InterviewStatus.COMPLETED
    completed_at = store.session.db.execute(
        "SELECT completed_at FROM interviews WHERE id = ?", [first.id]).fetchone()[0]
    assert completed_at == "2026-11-27T10:30:00"
    store.interviews.set_status(first.id, InterviewStatus.IN_PROGRESS)
    assert store.interviews.get(first.id).status is InterviewStatus.IN_PROGRESS
    with pytest.raises(KeyError):
        store.interviews.get(second.id + 100)


def test_record_print_counts_earlier_prints(store: Store) -> None:
    interview = store.interviews.start(store.clients.add(SMITH), "t", "1", PROFILE)
    assert store.interviews.record_printout(interview.id, interview.document_id) == 0
    assert store.interviews.record_printout(interview.id, interview.document_id) == 1


# --- audit ------------------------------------------------------------------------------------------

SECRET_ANSWER = "Salainen-vastaus-4242"


def test_audit_records_actions_but_no_client_data(store: Store) -> None:
    client_id = store.clients.add(KOVALENKO)
    store.clients.update(client_id, replace(KOVALENKO, given_names="Оленка", phone="040 111 2222"))
    interview = store.interviews.start(client_id, "t", "1", PROFILE)
    store.interviews.save_answer(interview.id, "free_text", SECRET_ANSWER)
    store.interviews.save_answer(interview.id, "level", "b1_1")
    store.interviews.save_answer(interview.id, "free_text", None)
    store.interviews.set_status(interview.id, InterviewStatus.COMPLETED)
    store.interviews.record_printout(interview.id, interview.document_id)

    entries = store.audit_entries(limit=1000)
    got = [(e["action"], e["entity"], e["entity_id"], e["detail"]) for e in reversed(entries)]
    user = store.session.user_id
    assert got == [
        ("create", "user", user, ""),
        ("change", "settings", "profile", ""),
        ("create", "client", str(client_id), ""),
        ("change", "client", str(client_id), "given_names,phone"),
        ("create", "interview", str(interview.id), "t v1"),
        ("answer", "interview", str(interview.id), "free_text"),
        ("answer", "interview", str(interview.id), "level"),
        ("answer", "interview", str(interview.id), "free_text"),
        ("change", "interview", str(interview.id), "status=completed"),
        ("print", "interview", str(interview.id), interview.document_id),
    ]
    assert all(e["user_id"] == user and e["at"] == "2026-11-27T10:30:00" for e in entries)
    secrets = ["Коваленко", "Олена", "Оленка", "140385Y9501", "123 4567", "111 2222", SECRET_ANSWER, "b1_1"]
    for entry in entries:
        for value in entry.values():
            for secret in secrets:
                assert secret not in str(value), (secret, entry)
    assert store.audit_entries(limit=3) == entries[:3]
