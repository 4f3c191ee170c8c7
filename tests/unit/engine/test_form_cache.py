"""Forms are parsed once per process (with libyaml when present), and both YAML loaders refuse the same."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import FrozenInstanceError
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from koto_tui import safe_yaml, workflow
from koto_tui.engine import Form, FormError, load_form_text, titles
from koto_tui.engine import loader as engine_loader
from koto_tui.resources import form_files
from koto_tui.safe_yaml import MAX_YAML_DEPTH, YamlRefused, load_yaml

FORM = """\
id: cache-probe
version: "{version}"
title: {{fi: Koe, sv: Prov, en: Probe}}
sections:
  - id: s
    title: {{fi: Osa, sv: Del, en: Part}}
    questions:
      - id: q
        type: short_text
        label: {{fi: "{label}", sv: Fråga, en: Question}}
"""
BOMB = "a: &a [lol, lol]\nb: &b [*a, *a]\nc: [*b, *b]\n"
LOADERS = [pytest.param(yaml.SafeLoader, id="pure")] + (
    [pytest.param(yaml.CSafeLoader, id="libyaml")] if hasattr(yaml, "CSafeLoader") else [])


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every text the form cache parses, in order (the cache is emptied before and after)."""
    calls: list[str] = []

    def loader(text: str, source: str = "") -> Form:
        calls.append(text)
        return load_form_text(text, source)

    monkeypatch.setattr(engine_loader, "load_form_text", loader)
    workflow.parsed_form.cache_clear()
    yield calls
    workflow.parsed_form.cache_clear()


def _store(texts: dict[tuple[str, str], str]) -> Any:
    """A stand-in store whose form_source answers from *texts*."""
    return SimpleNamespace(interviews=SimpleNamespace(form_source=lambda i, v: texts[(i, v)]))


def _interview(version: str) -> Any:
    return SimpleNamespace(form_id="cache-probe", form_version=version)


def test_the_second_form_of_does_not_parse_again(counted: list[str]) -> None:
    store = _store({("cache-probe", "1"): FORM.format(version="1", label="Kysymys")})
    first = workflow.form_of(store, _interview("1"))
    second = workflow.form_of(store, _interview("1"))
    assert second is first and len(counted) == 1
    assert first.question("q").label.fi == "Kysymys"


def test_each_version_and_each_text_is_parsed_on_its_own(counted: list[str]) -> None:
    def form(version: str, label: str) -> Form:
        text = FORM.format(version=version, label=label)
        return workflow.form_of(_store({("cache-probe", version): text}), _interview(version))

    one, two, other = form("1", "A"), form("2", "A"), form("1", "B")
    assert len(counted) == 3 and (one.version, two.version) == ("1", "2")
    assert other.question("q").label.fi == "B" and one.question("q").label.fi == "A"


def test_a_shared_form_cannot_be_changed(counted: list[str]) -> None:
    form = workflow.parsed_form("cache-probe", "1", FORM.format(version="1", label="A"))
    with pytest.raises(FrozenInstanceError):
        form.version = "2"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        form.question("q").required = True  # type: ignore[misc]
    form.dependents("q").add("intruder")  # a copy: the cached index stays as it was
    assert "intruder" not in form.dependents("q")


def test_libyaml_is_used_when_present() -> None:
    assert safe_yaml._Loader is getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@pytest.mark.parametrize("loader", LOADERS)
def test_both_loaders_refuse_the_same_hostile_yaml(loader: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe_yaml, "_Loader", loader)
    for text in (BOMB, "a: &x 1\n", "[" * (MAX_YAML_DEPTH + 1) + "]" * (MAX_YAML_DEPTH + 1)):
        with pytest.raises(YamlRefused):
            load_yaml(text)
    with pytest.raises(yaml.constructor.ConstructorError):
        load_yaml("a: !!python/object/apply:os.system [echo hi]\n")


@pytest.mark.parametrize("loader", LOADERS)
def test_both_loaders_read_the_shipped_forms_alike(loader: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [path.read_text(encoding="utf-8") for path in form_files()]
    expected = [yaml.load(text, Loader=yaml.SafeLoader) for text in texts]
    monkeypatch.setattr(safe_yaml, "_Loader", loader)
    assert [load_yaml(text) for text in texts] == expected


def test_a_form_title_is_read_without_building_the_form(counted: list[str]) -> None:
    """`koto clients` shows each form's title: the shipped forms' titles are read from their title alone
    (building the 85 KB assessment form cost 60 ms of a listing) and are the built form's."""
    titles.form_title.cache_clear()
    for path in form_files():
        text = path.read_text(encoding="utf-8")
        title = titles.form_title("shipped", path.stem, text)
        assert counted == []
        assert title == load_form_text(text).title


@pytest.mark.parametrize("title", ["{fi: Koe, sv: Prov}", "[Koe]", "{fi: Koe, sv: Prov, en: 3}", "&t {}"])
def test_a_title_the_engine_would_not_read_builds_the_form(counted: list[str], title: str) -> None:
    """No second reading of a form: a title that is not fi/sv/en texts goes to the engine, which says why."""
    text = FORM.format(version="1", label="A").replace("{fi: Koe, sv: Prov, en: Probe}", title, 1)
    with pytest.raises((FormError, YamlRefused)):
        titles.form_title("cache-probe", "1", text)
    assert len(counted) == 1
