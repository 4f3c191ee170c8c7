"""`koto worklist [--json] [--everyone]` on the demo data (in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from koto_tui.cli import main


def test_json_lists_everyones_items_soonest_first(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["worklist", "--demo", "--json", "--everyone", "--data-dir", str(data_dir)]) == 0
    data = json.loads(capsys.readouterr().out)
    kinds = [item["kind"] for item in data["items"]]
    assert "awaiting_approval" in kinds and "window_closing" in kinds
    assert [item["due"] for item in data["items"]] == sorted(item["due"] for item in data["items"])
    assert sum(data["counts"].values()) == len(data["items"])


def test_text_lists_the_users_own_items_by_group(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["worklist", "--demo", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Tänään (") and "Myöhemmin (" in out
    assert "Hyväksy tai palauta" not in out  # the coordinator's, not the counsellor's
    assert "KotoL 681/2023 14 §" in out


def test_a_wrong_passphrase_is_an_error_without_a_list(data_dir: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOTO_PASSPHRASE", "väärä")
    assert main(["worklist", "--demo", "--data-dir", str(data_dir)]) != 0
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("koto: ")


def test_kind_and_client_language_narrow_the_list(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["worklist", "--demo", "--json", "--everyone", "--data-dir", str(data_dir)]
    assert main([*argv, "--kind", "review_due"]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    assert items and {item["kind"] for item in items} == {"review_due"}
    assert main([*argv, "--client-language", "uk"]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    assert items and {item["language"] for item in items} == {"uk"}
    assert main([*argv, "--kind", "nonsense"]) != 0
    out, err = capsys.readouterr()
    assert out == "" and "review_due" in err and "import_conflicts" in err
