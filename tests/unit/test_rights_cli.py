"""`koto restrict`, `koto erase` and `koto retention` on the demo data (in-process): ids only, rules shown."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from koto_tui.cli import main
from koto_tui.demo import DEMO_COORDINATOR_PASSPHRASE, DEMO_PASSPHRASE


@pytest.fixture
def data_dir(seeded_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "a"
    shutil.copytree(seeded_demo, root)
    monkeypatch.setenv("KOTO_PASSPHRASE", DEMO_COORDINATOR_PASSPHRASE)
    return root


def _run(data_dir: Path, *args: str) -> int:
    return main([*args, "--demo", "--data-dir", str(data_dir)])


def test_a_restricted_client_leaves_the_listing_and_comes_back_when_lifted(
        data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(data_dir, "restrict", "--client", "1", "--reason", "kiistää tiedot") == 0
    assert capsys.readouterr().out == "Asiakkaan 1 tietojen käsittely rajoitettu.\n"
    assert _run(data_dir, "clients", "--json") == 0
    assert 1 not in [c["id"] for c in json.loads(capsys.readouterr().out)]
    assert _run(data_dir, "export", "--client", "1", "--dry-run") == 1
    assert "rajoitettu" in capsys.readouterr().err
    assert _run(data_dir, "restrict", "--client", "1", "--lift", "--reason", "oikaistu") == 0
    assert capsys.readouterr().out == "Asiakkaan 1 käsittelyn rajoitus poistettu.\n"
    assert _run(data_dir, "clients", "--json") == 0
    assert 1 in [c["id"] for c in json.loads(capsys.readouterr().out)]


def test_an_erasure_is_refused_with_the_rule_then_one_goes(data_dir: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(data_dir, "erase", "--client", "1", "--reason", "pyyntö", "--yes") == 1
    err = capsys.readouterr().err
    assert "KOTO-AJ" in err and "17 art. 3 b" in err and "Коваленко" not in err
    assert _run(data_dir, "erase", "--client", "4", "--reason", "pyyntö") == 1  # no terminal to confirm on
    assert "--yes" in capsys.readouterr().err
    assert _run(data_dir, "erase", "--client", "4", "--reason", "pyyntö", "--yes") == 0
    assert capsys.readouterr().out.startswith("Asiakas 4 poistettu: 1 riviä")


def test_a_counsellor_lists_what_falls_due_but_does_not_purge(
        data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOTO_PASSPHRASE", DEMO_PASSPHRASE)
    assert _run(data_dir, "retention", "--dry-run", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["dry_run"] is True and listed["purged"] == {}
    assert _run(data_dir, "retention") == 1
    assert "--dry-run" in capsys.readouterr().err
    assert _run(data_dir, "erase", "--client", "4", "--reason", "pyyntö", "--yes") == 1
    assert "koordinaattori" in capsys.readouterr().err


def test_the_retention_listing_names_each_kind_in_the_ui_language(capsys: pytest.CaptureFixture[str]) -> None:
    """The codes stay in --json; a person reads "keskeneräiset haastattelut", not "unfinished_interview"."""
    from koto_tui import i18n
    from koto_tui.retention import Due
    from koto_tui.rights_command import _show

    i18n.set_language("fi")
    _show([Due("unfinished_interview", "12", 180, "kunnan päätös")], {}, True, False)
    out = capsys.readouterr().out
    assert "keskeneräiset haastattelut  12" in out and "unfinished_interview" not in out
    _show([Due("unfinished_interview", "12", 180, "kunnan päätös")], {}, True, True)
    assert '"unfinished_interview"' in capsys.readouterr().out
