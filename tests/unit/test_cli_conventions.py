"""Command-line conventions: --version, --json, exit statuses and an example in every subcommand's help."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest

import koto_tui
from koto_tui import crash, messages
from koto_tui.cli import _parser, main
from koto_tui.demo import DEMO_PASSPHRASE, demo_paths
from koto_tui.store import DataPaths, Store


def test_version_is_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"koto {koto_tui.__version__}"


def test_help_names_the_exit_statuses_and_the_environment(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--help"])
    out = capsys.readouterr().out
    assert "exit status:" in out and "  2      wrong command line" in out
    listed = re.findall(r"^  (\d+(?:-\d+)?) +\S", out.split("exit status:")[1].split("\n\n")[0], re.M)
    low, high = (int(n) for n in listed[3].split("-"))
    assert listed[:3] == ["0", "1", "2"] and listed[4:] == [
        str(crash.EXIT_CRASH), str(crash.EXIT_INTERRUPTED), str(crash.EXIT_PIPE_CLOSED)]
    damaged = [value for name, value in vars(messages).items() if name.startswith("EXIT_") and value >= 10]
    assert (low, high) == (min(damaged), max(damaged))
    for name in ("KOTO_DATA_DIR", "KOTO_LANG", "KOTO_PASSPHRASE", "KOTO_CONFIG_DIR", "KOTO_PRINT_COMMAND"):
        assert name in out


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found[name] = child
                found.update({f"{name} {k}": v for k, v in _subparsers(child).items()})
    return found


def test_every_subcommand_help_has_an_example() -> None:
    subcommands = _subparsers(_parser())
    assert {"demo", "clients", "print", "export", "import", "report", "forms check"} <= set(subcommands)
    for name, sub in subcommands.items():
        assert sub.epilog and "\n  koto " in sub.epilog, name


def test_clients_json_matches_the_database(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clients", "--demo", "--json", "--data-dir", str(data_dir)]) == 0
    listed = json.loads(capsys.readouterr().out)
    store = Store.unlock(demo_paths(DataPaths(data_dir)), DEMO_PASSPHRASE)
    try:
        clients = store.clients.search("")
        assert [c["id"] for c in listed] == [c.id for c in clients]
        assert [c["name"] for c in listed] == [c.full_name for c in clients]
        first = store.interviews.for_client(clients[0].id)[0]
        shown = listed[0]["interviews"][0]
        assert shown == {"id": first.id, "form_id": first.form_id, "form_version": first.form_version,
                         "date": "2026-11-27", "status": first.status.value, "answered": first.answered}
    finally:
        store.close()


def test_export_dry_run_json(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--demo", "--dry-run", "--json", "--data-dir", str(data_dir)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["dry_run"] is True and shown["path"] is None
    assert shown["documents"] > 0 and len(shown["records"]) > 0
    assert {"KOTO-2026-000001", "KOTO-S-2026-000001"} <= {r["document_id"] for r in shown["records"]}
    assert {r["record_system"] for r in shown["records"]} <= {"koto_aj", "employment_services"}
    reasons = {h["reason"] for h in shown["held_back"]}
    assert "not_finalised" in reasons
    assert not list((data_dir / "demo").glob("exports/*"))  # a dry run writes nothing
