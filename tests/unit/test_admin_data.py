"""The municipality's own folder: `koto data path|init|check`, and what koto reads from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from koto_tui.cli import main
from koto_tui.config import config_dir, use_config_dir
from koto_tui.municipality import load_municipality
from koto_tui.opening import load_opening
from koto_tui.resources import data_dir, form_files, forms_dir


@pytest.fixture
def own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "municipality"
    monkeypatch.setenv("KOTO_CONFIG_DIR", str(folder))
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out + err


def test_the_default_folder_is_the_user_configuration_directory(tmp_path: Path) -> None:
    assert config_dir() == tmp_path / "xdg-config" / "koto"


def test_config_dir_option_beats_the_environment(own: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert config_dir() == own
    code, out = run(capsys, "data", "path", "--config-dir", str(tmp_path / "chosen"))
    assert code == 0 and f"Municipality's folder: {tmp_path / 'chosen'} (does not exist yet" in out


def test_path_init_and_path_again(own: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "data", "path")
    assert code == 0
    assert f"municipality.yaml      shipped    {data_dir() / 'municipality.yaml'}" in out
    code, out = run(capsys, "data", "init")
    assert code == 0 and f"Copied {own / 'services.yaml'}" in out
    assert (own / "forms").is_dir() and (own / "texts").is_dir()
    assert (own / "municipality.yaml").read_bytes() == (data_dir() / "municipality.yaml").read_bytes()
    code, out = run(capsys, "data", "path")
    assert f"municipality.yaml      own        {own / 'municipality.yaml'}" in out


def test_init_never_overwrites_and_the_own_file_is_used(own: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "data", "init")
    edited = (own / "municipality.yaml").read_text(encoding="utf-8").replace("Mikkeli\n", "Savonlinna\n")
    (own / "municipality.yaml").write_text(edited, encoding="utf-8")
    code, out = run(capsys, "data", "init")
    assert code == 0 and f"Kept as it was: {own / 'municipality.yaml'}" in out
    assert load_municipality().place == "Savonlinna"
    assert run(capsys, "data", "check") == (0, "All data files are valid.\n")


def test_check_names_the_file_and_the_key(own: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "data", "init")
    with (own / "municipality.yaml").open("a", encoding="utf-8") as file:
        file.write("plaec: Mikkeli\n")
    code, out = run(capsys, "data", "check")
    assert code == 1
    assert f"{own / 'municipality.yaml'}: missing [], unknown ['plaec']" in out


def test_extra_forms_are_loaded_and_checked(own: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (own / "forms").mkdir(parents=True)
    extra = own / "forms" / "home-visit.yaml"
    text = (forms_dir() / "assessment-basic.yaml").read_text(encoding="utf-8")
    extra.write_text(text.replace("id: assessment-basic", "id: home-visit"), encoding="utf-8")
    assert form_files()[-1] == extra
    assert run(capsys, "data", "check")[0] == 0
    extra.write_text("id: home-visit\nversion: 1\ntitle: {fi: Kotikäynti}\nsections: []\nbogus: 1\n",
                     encoding="utf-8")
    code, out = run(capsys, "data", "check")
    assert code == 1 and str(extra) in out


def test_own_opening_text_replaces_the_shipped_one(own: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (own / "texts").mkdir(parents=True)
    (own / "texts" / "opening.fi.yaml").write_text(
        "language: fi\ntitle: Savonlinnan arviointi\nparagraphs: [Tervetuloa.]\n", encoding="utf-8")
    opening = load_opening("fi")
    assert opening is not None and opening.title == "Savonlinnan arviointi"
    (own / "texts" / "opening.en.yaml").write_text("language: en\nparagraphs: [Hello.]\n", encoding="utf-8")
    code, out = run(capsys, "data", "check")
    assert code == 1 and f"{own / 'texts' / 'opening.en.yaml'}: missing 'title'" in out


def teardown_function() -> None:
    use_config_dir(None)
