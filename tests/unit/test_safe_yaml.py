"""Hostile YAML (an alias bomb, deep nesting, a huge file) gets a message, not a hang or a traceback."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from koto_tui import i18n
from koto_tui.cli import main
from koto_tui.engine import FormError, load_form, load_form_text
from koto_tui.municipality import MunicipalityFileError, load_municipality
from koto_tui.safe_yaml import (
    MAX_YAML_BYTES,
    MAX_YAML_DEPTH,
    YamlRefused,
    load_key,
    load_yaml,
    read_yaml_file,
)

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


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8),
                     st.sampled_from(["title", "12", "yes", "~", "2026-12-03", "0x1F", "a: b", "- x", "#"]))
_KEYS = st.text(max_size=6) | st.sampled_from(["title", "id"])
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(_KEYS, inner, max_size=3), max_leaves=8)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "id", "version", "sections", "x"]), _VALUES, max_size=5),
       st.booleans(), st.sampled_from(["title", "id", "missing"]))
def test_one_key_reads_as_the_whole_document_has_it(document: dict[str, object], flow: bool,
                                                    key: str) -> None:
    """`load_key` gives what `load_yaml` gives under the key, in block and flow style, nested keys of the
    same name left alone; a repeated key counts last, as in the full load."""
    text = yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    if key in document:
        assert load_key(text, key) == load_yaml(text)[key]
        repeated = text + yaml.safe_dump({key: "again"}, default_flow_style=False) if not flow else None
        assert repeated is None or load_key(repeated, key) == load_yaml(repeated)[key] == "again"
    else:
        with pytest.raises(KeyError):
            load_key(text, key)


def test_one_key_is_read_with_the_whole_document_checked() -> None:
    """The anchor, depth and size limits hold for the whole text, also after the key; a text that is not
    one mapping has no key."""
    for text in ("title: x\n" + BOMB, "title: x\nb: &a 1\n", "title: x\nb: " + "[" * (MAX_YAML_DEPTH + 1)
                 + "]" * (MAX_YAML_DEPTH + 1) + "\n", "title: " + "x" * MAX_YAML_BYTES + "\n"):
        with pytest.raises(YamlRefused):
            load_key(text, "title")
    for text in ("- title\n", "title\n", "--- {title: 1}\n--- {title: 2}\n", "a: {title: 1}\n"):
        with pytest.raises((KeyError, yaml.YAMLError)):
            load_key(text, "title")
