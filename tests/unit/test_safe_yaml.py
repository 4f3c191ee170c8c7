"""Hostile YAML (an alias bomb, deep nesting, a huge file) gets a message, not a hang or a traceback."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from koto_tui import i18n
from koto_tui.cli import main
from koto_tui.engine import FormError, load_form, load_form_text
from koto_tui.municipality import MunicipalityFileError, load_municipality
from koto_tui.safe_yaml import MAX_YAML_BYTES, MAX_YAML_DEPTH, YamlRefused, load_yaml, read_yaml_file

#: The "billion laughs": nine levels of nine aliases each, 10^9 strings once expanded.
BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("fi")


def test_plain_yaml_loads() -> None:
    assert load_yaml("a: [1, {b: x}]\nc: 2026-11-27\n") == {"a": [1, {"b": "x"}], "c": __import__(
        "datetime").date(2026, 11, 27)}


def test_an_alias_bomb_is_refused_at_once() -> None:
    started = time.monotonic()
    with pytest.raises(YamlRefused, match="anchors or aliases"):
        load_yaml(BOMB)
    assert time.monotonic() - started < 5  # a generous budget: the refusal comes before any expansion


def test_a_single_anchor_is_refused_too() -> None:
    with pytest.raises(YamlRefused, match="anchors or aliases"):
        load_yaml("a: &x 1\n")


def test_deep_nesting_is_refused_with_the_limit() -> None:
    assert load_yaml("[" * MAX_YAML_DEPTH + "]" * MAX_YAML_DEPTH)
    for depth in (MAX_YAML_DEPTH + 1, 200_000):
        with pytest.raises(YamlRefused, match=f"deeper than the limit of {MAX_YAML_DEPTH} levels"):
            load_yaml("[" * depth + "]" * depth)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.truncate(10 * MAX_YAML_BYTES)  # sparse: nothing to read if the size is checked first
    with pytest.raises(YamlRefused, match=f"limit of {MAX_YAML_BYTES} bytes"):
        read_yaml_file(path)
    with pytest.raises(YamlRefused, match="limit"):
        load_yaml("a: " + "x" * MAX_YAML_BYTES)


def test_forms_check_names_the_bomb_and_the_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    with (tmp_path / "huge.yaml").open("wb") as stream:
        stream.truncate(MAX_YAML_BYTES + 1)
    assert main(["forms", "check", "--lang", "en", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "F116" in out and "anchors or aliases" in out and f"limit of {MAX_YAML_BYTES} bytes" in out
    with pytest.raises(FormError) as caught:
        load_form(tmp_path / "bomb.yaml")
    assert [i.code for i in caught.value.issues] == ["F116"]
    with pytest.raises(FormError):
        load_form_text("[" * 100_000)


def test_a_data_file_with_an_alias_bomb_gets_the_file_error(tmp_path: Path) -> None:
    path = tmp_path / "municipality.yaml"
    path.write_text(BOMB, encoding="utf-8")
    with pytest.raises(MunicipalityFileError, match="anchors or aliases"):
        load_municipality(path)
