"""`koto clients` on a register bigger than a screenful: all, --limit, --search, --json, a closed pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koto_tui.cli import main
from koto_tui.model import ClientData, IdentityKind, Profile
from koto_tui.store import DataPaths, Store

PASSPHRASE = "salasana-123"
PROFILE = Profile("Olli Ohjaaja", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli")
NAMES = ("Коваленко", "Mäkelä", "Nguyễn", "الأحمد", "Smith")


def _register(root: Path, size: int) -> Path:
    """A data directory with *size* clients (names in several scripts, one with an escape sequence)."""
    store = Store.create(DataPaths(root), PROFILE, PASSPHRASE)
    with store.session.bulk():
        for n in range(size):
            store.clients.add(ClientData(NAMES[n % len(NAMES)], f"Asiakas{n:04d}", date(1990, 1, 1),
                                         IdentityKind.FOREIGN, f"X{n:05d}"))
        store.clients.add(ClientData("Evil\x1b]0;pwned\x07", "Name", None))
    store.close()
    return root


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _register(tmp_path_factory.mktemp("register") / "data", 260)


def _listed(register: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
            *options: str) -> str:
    monkeypatch.setenv("KOTO_PASSPHRASE", PASSPHRASE)
    assert main(["clients", "--data-dir", str(register), *options]) == 0
    return capsys.readouterr().out


def _ids(out: str) -> list[int]:
    return [int(line.split()[0]) for line in out.splitlines() if line[:5].strip().isdigit()]


def test_every_client_is_listed_in_name_order(register: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    out = _listed(register, capsys, monkeypatch)
    store = Store.unlock(DataPaths(register), PASSPHRASE)
    try:
        assert _ids(out) == [c.id for c in store.clients.search("", limit=10_000)]
    finally:
        store.close()
    assert len(_ids(out)) == 261  # not the list screen's first 200
    assert "\x1b" not in out and "\x07" not in out  # the name went through the display rule


def test_limit_and_search(register: Path, capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    everyone = _ids(_listed(register, capsys, monkeypatch))
    assert _ids(_listed(register, capsys, monkeypatch, "--limit", "3")) == everyone[:3]
    found = _listed(register, capsys, monkeypatch, "--search", "Mäk")
    assert len(_ids(found)) == 52 and all("Mäkelä" in line for line in found.splitlines())
    assert _ids(_listed(register, capsys, monkeypatch, "--search", "x00000")) == [1]
    assert _listed(register, capsys, monkeypatch, "--search", "nobody") == ""


def test_limit_must_be_positive(register: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["clients", "--data-dir", str(register), "--limit", "0"])
    assert exited.value.code == 2


def test_json_is_one_array_of_every_client(register: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    everyone = _ids(_listed(register, capsys, monkeypatch))
    out = _listed(register, capsys, monkeypatch, "--json")
    listed = json.loads(out)
    assert [c["id"] for c in listed] == everyone
    assert out == json.dumps(listed, ensure_ascii=False, indent=2).replace("\x1b", "\\u001b").replace(
        "\x07", "\\u0007") + "\n"
    assert json.loads(_listed(register, capsys, monkeypatch, "--json", "--limit", "2")) == listed[:2]
    assert json.loads(_listed(register, capsys, monkeypatch, "--json", "--search", "nobody")) == []


def test_a_closed_pipe_ends_the_listing_quietly(tmp_path: Path) -> None:
    root = _register(tmp_path / "data", 3000)  # more than a pipe's buffer holds
    env = {**os.environ, "KOTO_PASSPHRASE": PASSPHRASE, "KOTO_LANG": "en"}
    reader = subprocess.Popen([sys.executable, "-m", "koto_tui", "clients", "--data-dir", str(root)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert reader.stdout is not None and reader.stderr is not None
    first = reader.stdout.readline()
    reader.stdout.close()  # `| head -1`
    errors = reader.stderr.read().decode()
    status = reader.wait(timeout=120)
    assert first.strip()
    assert "Traceback" not in errors and "BrokenPipe" not in errors and "Exception" not in errors, errors
    assert status in (0, 141)


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
       | st.sampled_from(["Коваленко Олена", "a\tb", "x\u202ey", "a\u00a0b", "\x1b[2J", "ok\u200d",
                        "l\u2028"]))
def test_the_fast_display_rule_is_the_display_rule(text: str) -> None:
    from koto_tui.commands import _printable
    from koto_tui.text import printable

    assert _printable(text) == printable(text)


@pytest.mark.parametrize("lang", ["fi", "sv", "en", "uk", "ar", "th"])
def test_the_listing_writes_dates_as_format_short_date_does(lang: str) -> None:
    from koto_tui import i18n
    from koto_tui.commands import _Dates

    before = i18n.language()
    i18n.set_language(lang)
    try:
        dates = _Dates()
        for day in (date(1950, 1, 1), date(1999, 12, 31), date(2024, 2, 29), date(2026, 11, 7),
                    date(2003, 10, 5), date(987, 6, 5), date(2100, 1, 31)):
            assert dates.short(day.isoformat()) == dates.short(day.isoformat()) == i18n.format_short_date(day)
    finally:
        i18n.set_language(before)


def test_damage_the_listing_reads_ends_it_with_status_11(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The listing does not check every page first (README, "Where the whole file is checked"), but every
    page it reads is checked: a damaged page of the name index ends it as damage, in clear words."""
    root = _register(tmp_path / "data", 40)
    store = Store.unlock(DataPaths(root), PASSPHRASE)
    page = store.session.db.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'clients_name_nocase'").fetchone()[0]
    size = int(store.session.db.execute("PRAGMA page_size").fetchone()[0])
    store.close()
    database = root / "koto.db"
    data = bytearray(database.read_bytes())
    data[(page - 1) * size + size // 2:(page - 1) * size + size // 2 + 64] = bytes(64)
    database.write_bytes(bytes(data))
    monkeypatch.setenv("KOTO_PASSPHRASE", PASSPHRASE)
    assert main(["clients", "--data-dir", str(root)]) == 11
    out, err = capsys.readouterr()
    assert out == "" and str(database) in err
    assert "Traceback" not in err and not any(name in err for name in NAMES)


def test_an_interview_is_listed_with_its_form_title_without_building_the_form(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The line under a client names the form by its title in the UI language, read from the stored form's
    title alone: building the 85 KB assessment form was 60 ms of a listing that needs only its title."""
    from koto_tui.engine import Form, loader, titles
    from koto_tui.workflow import ASSESSMENT_FORM, register_shipped_forms

    root = _register(tmp_path / "data", 2)
    store = Store.unlock(DataPaths(root), PASSPHRASE)
    form = register_shipped_forms(store)[ASSESSMENT_FORM]
    interview = store.interviews.start(1, form.id, form.version, PROFILE)
    store.close()
    built: list[str] = []
    build = loader.load_form_text

    def building(text: str, source: str = "") -> Form:
        built.append(source)
        return build(text, source)

    monkeypatch.setattr(loader, "load_form_text", building)
    loader.parsed_form.cache_clear()
    titles.form_title.cache_clear()
    out = _listed(root, capsys, monkeypatch, "--lang", "sv")
    assert f"intervju {interview.id}: {form.title.sv} v{form.version}, " in out
    assert built == []
