"""The `koto` command line, run in-process: demo, clients, print and forms check."""

from __future__ import annotations

import re
import shutil
import stat
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from koto_tui import clock
from koto_tui.cli import main
from koto_tui.demo import _CLIENTS, _STORIES, DEMO_PASSPHRASE, demo_paths
from koto_tui.demo_day import DAY_CLIENTS
from koto_tui.i18n import _, set_language
from koto_tui.model import InterviewStatus
from koto_tui.store import DataPaths, Store, lock_data_dir
from koto_tui.workflow import form_of

# Every name of the demo's fictional clients, so that stderr can be searched for them.
DEMO_NAMES = ["Коваленко", "Олена", "الأحمد", "محمد", "Nguyễn", "Thị Hương", "ใจดี", "สมใจ", "ከበደ", "አበበ",
              "Mäkelä", "Aino Åsa", "احمدی", "زهرا"]


def assert_no_client_names(text: str) -> None:
    for name in DEMO_NAMES:
        assert name not in text, f"client name {name!r} in {text!r}"


def assert_no_traceback(text: str) -> None:
    assert "Traceback" not in text


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the demo database, seeded once (on the fixed day) and copied per test."""
    root = tmp_path_factory.mktemp("seeded") / "data"
    clock.fix(datetime(2026, 11, 27, 10, 30))
    try:
        assert main(["demo", "--seed-only", "--data-dir", str(root)]) == 0
    finally:
        clock.fix(None)
        set_language("fi")
    return root


@pytest.fixture
def data_dir(seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the seeded data directory; the demo passphrase in KOTO_PASSPHRASE."""
    root = tmp_path / "data"
    shutil.copytree(seeded, root)
    monkeypatch.setenv("KOTO_PASSPHRASE", DEMO_PASSPHRASE)
    return root


def open_demo(root: Path) -> Store:
    return Store.unlock(demo_paths(DataPaths(root)), DEMO_PASSPHRASE)


# --- demo and clients -------------------------------------------------------------------------------


def test_demo_seed_only_creates_the_demo_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "data"
    assert main(["demo", "--seed-only", "--data-dir", str(root)]) == 0
    out, err = capsys.readouterr()
    demo = root / "demo"
    assert str(demo) in out and DEMO_PASSPHRASE in out
    assert err == ""
    for name in ("koto.db", "koto.keys"):
        assert stat.S_IMODE((demo / name).stat().st_mode) == 0o600
    assert not (demo / "koto.db-wal").exists()
    assert (demo / "koto.db").read_bytes()[:15] != b"SQLite format 3"
    store = open_demo(root)
    try:
        assert len(store.clients.search("")) == len(_CLIENTS) + len(DAY_CLIENTS)  # and the day's clients
    finally:
        store.close()

    # A second run keeps the database as it is.
    before = (demo / "koto.db").read_bytes()
    assert main(["demo", "--seed-only", "--data-dir", str(root)]) == 0
    out, _err = capsys.readouterr()
    assert str(demo) not in out
    assert (demo / "koto.db").read_bytes() == before


def test_clients_lists_the_demo_clients_and_interviews(
        data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clients", "--demo", "--data-dir", str(data_dir)]) == 0
    out, err = capsys.readouterr()
    assert err == ""

    listed: dict[int, tuple[str, list[str]]] = {}
    current = -1
    for line in out.splitlines():
        head = re.match(r"^\s*(\d+)  (.+)  (\S+)$", line)
        if line.startswith("       "):
            listed[current][1].append(line.strip())
        else:
            assert head, line
            current = int(head[1])
            listed[current] = (head[2], [])

    store = open_demo(data_dir)
    try:
        clients = store.clients.search("")
        assert len(clients) == len(_CLIENTS) + len(DAY_CLIENTS)  # `koto demo` adds the day's clients
        assert sorted(listed) == sorted(c.id for c in clients)
        interviews_seen = 0
        for client in clients:
            name, lines = listed[client.id]
            assert name == client.full_name
            interviews = store.interviews.for_client(client.id)
            assert len(lines) == len(interviews)
            for line, interview in zip(lines, interviews, strict=True):
                interviews_seen += 1
                assert re.search(rf"\b{interview.id}\b", line)
                title = form_of(store, interview).title.get("fi")  # the form's name, never its id
                assert f": {title} v{interview.form_version}," in line and interview.form_id not in line
                day = interview.interview_date  # 27.11.2026; the day's unfinished one two weeks before
                assert f"{day.day}.{day.month}.{day.year}" in line
                state = _("completed") if interview.status is InterviewStatus.COMPLETED else _("in progress")
                assert state in line
                assert re.search(rf"\b{interview.answered}\b", line)
        assert interviews_seen == len(_STORIES) + 2  # one per demo story, and the day's two
    finally:
        store.close()


def test_clients_without_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOTO_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["clients", "--data-dir", str(tmp_path / "empty")]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert str(tmp_path / "empty") in err and err.startswith("koto: ")


def test_wrong_passphrase(data_dir: Path, capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOTO_PASSPHRASE", "not-the-demo-passphrase")
    assert main(["clients", "--demo", "--data-dir", str(data_dir)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert _("wrong passphrase.") in err
    assert len(err.strip().splitlines()) == 1
    assert_no_client_names(err)
    assert_no_traceback(err)


def test_failed_unlock_releases_the_lock(data_dir: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOTO_PASSPHRASE", "not-the-demo-passphrase")
    assert main(["clients", "--demo", "--data-dir", str(data_dir)]) == 1
    monkeypatch.setenv("KOTO_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["clients", "--demo", "--data-dir", str(data_dir)]) == 0


def test_wrong_passphrase_in_english(data_dir: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOTO_PASSPHRASE", "nope")
    assert main(["clients", "--demo", "--lang", "en", "--data-dir", str(data_dir)]) == 1
    assert capsys.readouterr().err.startswith("koto: wrong passphrase. If you are sure it is right, ")


def test_another_koto_holds_the_lock(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lock = lock_data_dir(demo_paths(DataPaths(data_dir)))
    try:
        assert main(["clients", "--demo", "--data-dir", str(data_dir)]) == 1
        assert main(["demo", "--seed-only", "--data-dir", str(data_dir)]) == 1
    finally:
        lock.release()
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count(str(data_dir / "demo")) == 2
    assert_no_client_names(err)


def test_missing_key_file(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (data_dir / "demo" / "koto.keys").unlink()
    assert main(["clients", "--demo", "--data-dir", str(data_dir)]) == 12
    out, err = capsys.readouterr()
    assert out == "" and "koto.keys" in err
    assert_no_traceback(err)


def test_damaged_first_page(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = data_dir / "demo" / "koto.db"
    data = bytearray(database.read_bytes())
    data[100:164] = bytes(64)
    database.write_bytes(bytes(data))
    assert main(["clients", "--demo", "--data-dir", str(data_dir)]) == 11
    out, err = capsys.readouterr()
    assert out == "" and str(database) in err
    assert_no_client_names(err)


def test_damaged_database_beyond_the_first_page(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_demo(data_dir)
    page = store.session.db.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone()[0]
    size = int(store.session.db.execute("PRAGMA page_size").fetchone()[0])
    store.close()
    database = data_dir / "demo" / "koto.db"
    data = bytearray(database.read_bytes())
    start = (page - 1) * size + size // 2
    data[start:start + 64] = bytes(64)
    database.write_bytes(bytes(data))
    assert main(["clients", "--demo", "--data-dir", str(data_dir)]) == 11
    out, err = capsys.readouterr()
    assert out == "" and str(database) in err


# --- print ------------------------------------------------------------------------------------------


def test_print_writes_an_owner_only_pdf(data_dir: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    store = open_demo(data_dir)
    try:
        completed = [i for c in store.clients.search("") for i in store.interviews.for_client(c.id)
                     if i.status is InterviewStatus.COMPLETED]
    finally:
        store.close()
    interview = completed[0]
    out_file = tmp_path / "out" / "new folder" / "haastattelu.pdf"

    assert main(["print", "--demo", "--interview", str(interview.id), "--out", str(out_file),
                 "--data-dir", str(data_dir)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert str(out_file.resolve()) in out
    data = out_file.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(out_file.parent.stat().st_mode) == 0o700

    store = open_demo(data_dir)
    try:
        prints = [e for e in store.audit_entries() if e["action"] == "print"]
        assert [(e["entity_id"], e["detail"]) for e in prints] == [
            (str(interview.id), interview.document_id)]
    finally:
        store.close()


def test_print_to_the_default_folder(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["print", "--demo", "--interview", "1", "--data-dir", str(data_dir)]) == 0
    (pdf,) = (data_dir / "demo" / "prints").glob("*.pdf")
    assert pdf.name == "KOTO-2026-000001-20261127-103000.pdf"  # no client name in file names
    assert str(pdf) in capsys.readouterr().out
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600


def test_print_of_a_missing_interview(data_dir: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "missing.pdf"
    assert main(["print", "--demo", "--interview", "999", "--out", str(out_file),
                 "--data-dir", str(data_dir)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert _("there is no interview {id}.").format(id=999) in err
    assert not out_file.exists()
    assert_no_client_names(err)


def test_print_into_an_unwritable_place(data_dir: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert main(["print", "--demo", "--interview", "1", "--out", str(blocker / "x.pdf"),
                 "--data-dir", str(data_dir)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("koto: ")
    assert_no_client_names(err)
    assert_no_traceback(err)


def test_print_with_a_wrong_passphrase(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOTO_PASSPHRASE", "Demo")
    out_file = tmp_path / "x.pdf"
    assert main(["print", "--demo", "--interview", "1", "--out", str(out_file),
                 "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert _("wrong passphrase.") in err
    assert_no_client_names(err)
    assert not out_file.exists()


# --- forms check ------------------------------------------------------------------------------------


def test_forms_check_on_the_shipped_forms(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "check"]) == 0
    out, err = capsys.readouterr()
    assert _("All form files are valid.") in out
    assert err == ""


BROKEN_FORM = textwrap.dedent("""\
    id: broken
    version: "1"
    title: {fi: Rikki, sv: Trasig, en: Broken}
    sections:
      - id: main
        title: {fi: Pää, sv: Huvud, en: Main}
        questions:
          - id: home_town
            type: short_text
            lable: {fi: Kotikunta, sv: Hemkommun, en: Home town}
    """)


def test_forms_check_on_a_broken_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN_FORM, encoding="utf-8")
    assert main(["forms", "check", "--lang", "en", str(path)]) == 1
    out, _err = capsys.readouterr()
    line = next(line for line in out.splitlines() if "lable" in line)
    assert str(path) in line
    assert "home_town" in line
    assert "did you mean 'label'" in line
    assert "All form files are valid." not in out


def test_forms_check_in_finnish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN_FORM, encoding="utf-8")
    assert main(["forms", "check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert _("did you mean '{match}'?").format(match="label") in out
    assert "home_town" in out and str(path) in out
