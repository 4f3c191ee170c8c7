"""This laptop's own keys: made only when there is none; one stored but unusable is never replaced, and is
said in the user's language (library, command line), with nothing of the stored value in the message."""

from __future__ import annotations

import json
import traceback
from pathlib import Path

import pytest

from koto_tui import i18n
from koto_tui.cli import main
from koto_tui.demo import DEMO_PASSPHRASE, demo_paths
from koto_tui.exchange import seal, settings, signing, trust
from koto_tui.exchange.export import ExportRefused, ExportRequest, run_export
from koto_tui.exchange.importer import ImportRefused, import_file
from koto_tui.exchange.seal import SealError
from koto_tui.store import DataPaths, Store
from koto_tui.store.exchange import Exchange

RECEIVING, SIGNING = settings.OWN_PRIVATE_KEY, settings.OWN_SIGNING_KEY
SECRET = "QQQQSECRETPART"
"""A fragment of the stored value that must never appear in a message or a traceback."""
DAMAGED = [
    pytest.param("{" + SECRET, id="not-json"),
    pytest.param(f'"garbage-{SECRET}"', id="garbage-string"),
    pytest.param(f'"AGE-SECRET-KEY-1{SECRET}"', id="truncated-identity"),
    pytest.param('""', id="empty-string"),
    pytest.param("42", id="a-number"),
    pytest.param(f'["{SECRET}"]', id="a-list"),
    pytest.param("null", id="null"),
]


def _put_raw(store: Store, name: str, raw: str) -> None:
    """Store *raw* as the setting's text, as a damaged or hand-edited row would hold it."""
    with store.session.transaction() as db:
        db.table("settings").upsert({"key": f"setting:{name}", "value": raw}, pk="key")


def _raw(store: Store, name: str) -> str | None:
    with store.session.reading() as db:
        rows = list(db.table("settings").rows_where("key = ?", [f"setting:{name}"]))
    return str(rows[0]["value"]) if rows else None


def _told(exc: BaseException) -> str:
    """Everything a user or a crash report could see of *exc*: its message and its whole traceback."""
    return str(exc) + "".join(traceback.format_exception(exc))


def test_keys_are_made_once_when_there_are_none(office: Store) -> None:
    assert trust.own_private_key(office) is None and _raw(office, RECEIVING) is None
    made = trust.own_private_key(office, create=True)
    assert made is not None and made.startswith("AGE-SECRET-KEY-1")
    assert trust.own_private_key(office, create=True) == trust.own_private_key(office) == made
    signer = trust.own_signing_key(office)
    assert trust.own_signing_key(office) == signer and signing.is_private_key(signer)


def test_an_older_kotos_raw_receiving_key_is_still_read(office: Store) -> None:
    raw = seal.b64url(bytes(range(32)))
    office.set_setting(RECEIVING, raw)
    assert trust.own_private_key(office, create=True) == raw
    assert seal.public_key_text(raw).startswith("age1")


@pytest.mark.parametrize("raw", DAMAGED)
@pytest.mark.parametrize("create", [False, True])
def test_a_damaged_receiving_key_is_refused_and_left_as_it_is(office: Store, raw: str, create: bool) -> None:
    """It was replaced by a new key (UNREADABLE, another type, empty), losing every file sealed for it."""
    _put_raw(office, RECEIVING, raw)
    with pytest.raises(SealError) as refused:
        trust.own_private_key(office, create=create)
    assert isinstance(refused.value, trust.KeyUnusable)
    assert _raw(office, RECEIVING) == raw
    assert SECRET not in _told(refused.value)
    assert "vastaanottoavain" in str(refused.value) and "koto restore" in str(refused.value)
    shown = trust.receiving_shown(office, create=True)
    assert shown == trust.Shown(problem=str(refused.value)) and _raw(office, RECEIVING) == raw


@pytest.mark.parametrize("raw", DAMAGED)
def test_a_damaged_signing_key_is_refused_and_left_as_it_is(office: Store, raw: str) -> None:
    """It was replaced by a new key (UNREADABLE, another type, empty): every receiver's trust broke."""
    _put_raw(office, SIGNING, raw)
    for read in (trust.own_signing_key, trust.own_signing_public):
        with pytest.raises(SealError) as refused:
            read(office)
        assert isinstance(refused.value, trust.KeyUnusable)
        assert SECRET not in _told(refused.value)
        assert "allekirjoitusavain" in str(refused.value)
    assert _raw(office, SIGNING) == raw
    assert trust.signing_shown(office).problem and _raw(office, SIGNING) == raw


def test_what_is_wrong_is_named_in_the_users_language(office: Store) -> None:
    _put_raw(office, RECEIVING, "{")
    _put_raw(office, SIGNING, "17")
    i18n.set_language("sv")
    assert "kan inte läsas" in trust.receiving_shown(office).problem
    assert "inte en giltig nyckel" in trust.signing_shown(office).problem
    i18n.set_language("en")
    assert "cannot be read" in trust.receiving_shown(office).problem
    assert "is not a valid key" in trust.signing_shown(office).problem


def test_an_export_with_a_damaged_signing_key_is_refused_before_anything_is_written(
        demo: Store, tmp_path: Path) -> None:
    _put_raw(demo, SIGNING, "{damaged")
    before = len(Exchange(demo.session).exports())
    target = tmp_path / "out" / "export.json.age"
    with pytest.raises(ExportRefused) as refused:
        run_export(demo, ExportRequest(out=target))
    assert "allekirjoitusavain" in str(refused.value)
    assert not target.parent.exists()
    assert len(Exchange(demo.session).exports()) == before and _raw(demo, SIGNING) == "{damaged"
    assert run_export(demo, ExportRequest(dry_run=True)).records  # a dry run signs nothing: still shown


def test_a_sealed_file_is_refused_when_the_receiving_key_is_damaged(demo: Store, tmp_path: Path) -> None:
    """The old code said there was no receiving key and to create one: that would have lost it for ever."""
    target = tmp_path / "own.json.age"
    run_export(demo, ExportRequest(out=target))
    _put_raw(demo, RECEIVING, "{damaged")
    with pytest.raises(ImportRefused) as refused:
        import_file(demo, target.read_bytes())
    assert "vastaanottoavain" in str(refused.value) and "luo" not in str(refused.value)
    assert _raw(demo, RECEIVING) == "{damaged"


# --- the command line ------------------------------------------------------------------------------------

def _damage(root: Path, name: str, raw: str) -> None:
    store = Store.unlock(demo_paths(DataPaths(root)), DEMO_PASSPHRASE)
    _put_raw(store, name, raw)
    store.close()


def _stored(root: Path, name: str) -> str | None:
    store = Store.unlock(demo_paths(DataPaths(root)), DEMO_PASSPHRASE)
    try:
        return _raw(store, name)
    finally:
        store.close()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert SECRET not in out + err and "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize("raw", ["{" + SECRET, f'"{SECRET}"', "42"])
def test_koto_export_exits_1_with_a_damaged_signing_key(data_dir: Path, tmp_path: Path, raw: str,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    _damage(data_dir, SIGNING, raw)
    target = tmp_path / "out.json.age"
    code, out, err = _run(capsys, "export", "--demo", "--data-dir", str(data_dir), "--out", str(target))
    assert code == 1 and out == ""
    assert err.startswith("koto: ") and "allekirjoitusavain" in err and "koto restore" in err
    assert not target.exists() and _stored(data_dir, SIGNING) == raw


def test_a_dry_run_lists_what_would_leave_and_warns_that_a_damaged_signing_key_would_stop_it(
        data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """It exited 0 with no word of the damage: the real export a moment later was refused."""
    demo = ["--demo", "--data-dir", str(data_dir)]
    code, out, err = _run(capsys, "export", *demo, "--dry-run")
    assert code == 0 and "KOTO-2026-000001" in out and err == ""
    _damage(data_dir, SIGNING, "{" + SECRET)
    code, out, err = _run(capsys, "export", *demo, "--dry-run")
    assert code == 0 and "KOTO-2026-000001" in out
    assert err.startswith("Varoitus: ") and "allekirjoitusavain" in err and "koto restore" in err
    code, out, _err = _run(capsys, "export", *demo, "--dry-run", "--json")
    refused = json.loads(out)["would_be_refused"]
    assert code == 0 and len(refused) == 1 and "allekirjoitusavain" in refused[0]
    assert _stored(data_dir, SIGNING) == "{" + SECRET  # never replaced, nor made, by a dry run


def test_a_dry_run_names_each_reason_the_export_would_be_refused(demo: Store) -> None:
    assert run_export(demo, ExportRequest(dry_run=True)).would_refuse == ()
    trust.trust(demo).put_receiver_key("", "")
    _put_raw(demo, SIGNING, "42")
    reasons = run_export(demo, ExportRequest(dry_run=True)).would_refuse
    assert len(reasons) == 2 and "F8" in reasons[0] and "allekirjoitusavain" in reasons[1]
    assert run_export(demo, ExportRequest(dry_run=True, client_id=10_000)).would_refuse == reasons


def test_koto_import_exits_1_with_a_damaged_receiving_key(data_dir: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    demo = ["--demo", "--data-dir", str(data_dir)]
    target = tmp_path / "own.json.age"
    assert _run(capsys, "export", *demo, "--out", str(target))[0] == 0
    _damage(data_dir, RECEIVING, "{" + SECRET)
    code, _out, err = _run(capsys, "import", *demo, str(target))
    assert code == 1 and "vastaanottoavain" in err and "koto restore" in err
    assert _stored(data_dir, RECEIVING) == "{" + SECRET


@pytest.mark.parametrize("command", [["import", "--show-key"], ["senders", "own"]])
def test_showing_the_keys_names_the_damaged_one_and_still_shows_the_other(
        data_dir: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    _damage(data_dir, RECEIVING, f'"{SECRET}"')
    code, out, err = _run(capsys, *command, "--demo", "--data-dir", str(data_dir))
    assert code == 1 and "vastaanottoavain" in err
    assert "age1" not in out and "koto-ed25519:" in out  # the signing key is fine: still shown
    assert _stored(data_dir, RECEIVING) == f'"{SECRET}"'
