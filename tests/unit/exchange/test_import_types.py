"""The msgspec types the import checks with agree with the published JSON Schema; the quick content hash
(msgspec's canonical JSON) is the ``json`` one for every document without a float."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from koto_tui.exchange import schema
from koto_tui.exchange.document import canonical, content_hash
from koto_tui.exchange.export import ExportRequest, run_export
from koto_tui.exchange.reading import ExportJson, ReadRefused
from koto_tui.store import Store
from tests.unit.exchange.conftest import opened


def _objects(node: object, at: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object definition with properties in a JSON Schema *node* (resolving nothing)."""
    if isinstance(node, dict):
        if "properties" in node:
            yield at, node
        for key, inner in node.items():
            yield from _objects(inner, f"{at}/{key}")
    elif isinstance(node, list):
        for number, inner in enumerate(node):
            yield from _objects(inner, f"{at}/{number}")


def test_every_object_of_the_schema_is_a_struct_with_the_same_fields_none_other() -> None:
    published = _shapes(schema.schema())
    assert _shapes(msgspec.json.schema(schema.export_type())) == published
    assert len(published) > 20
    assert all(o.get("additionalProperties") is False for _at, o in _objects(schema.schema(), ""))
    assert all(t.__struct_config__.forbid_unknown_fields for t in _structs(schema.export_type()))


def _shapes(node: object) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each object's property names and required ones, sorted."""
    return sorted((tuple(sorted(o["properties"])), tuple(sorted(o.get("required", ()))))
                  for _at, o in _objects(node, ""))


def _structs(root: Any) -> Iterator[Any]:
    seen, stack = set(), [root]
    while stack:
        kind = stack.pop()
        if isinstance(kind, type) and issubclass(kind, msgspec.Struct) and kind not in seen:
            seen.add(kind)
            yield kind
            stack += [field.type for field in msgspec.structs.fields(kind)]
        for inner in getattr(kind, "__args__", ()) + tuple(getattr(kind, "__metadata__", ())):
            stack.append(inner)
        if getattr(kind, "__origin__", None) is not None:
            stack.append(kind.__origin__)


@pytest.fixture(scope="module")
def valid(seeded_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo's export, as the schema describes it."""
    import shutil

    from koto_tui.demo import DEMO_PASSPHRASE, demo_paths
    from koto_tui.store import DataPaths

    root = tmp_path_factory.mktemp("types") / "laptop"
    shutil.copytree(seeded_demo, root)
    store = Store.unlock(demo_paths(DataPaths(root)), DEMO_PASSPHRASE)
    try:
        run_export(store, ExportRequest(out=root.parent / "export.json"))
        return opened(store, (root.parent / "export.json").read_bytes())
    finally:
        store.close()


def _places(value: object) -> list[tuple[object, object]]:
    """Every (container, key or index) in *value*."""
    found: list[tuple[object, object]] = []
    stack = [value]
    while stack:
        item = stack.pop()
        keys = list(item) if isinstance(item, dict) else range(len(item)) if isinstance(item, list) else []
        for key in keys:
            found.append((item, key))
            stack.append(item[key])  # type: ignore[index]
    return found


#: Replacements that break a type, a pattern, an enum or a length, or fit by chance.
_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.just(1.0), st.just(2.5), st.just([]), st.just({}),
    st.just("2026-02-30"), st.just("2026-11-27"), st.just("2026-11-27T10:30:00"), st.just("0" * 32),
    st.just("approved"), st.just("hetu"), st.just("ongoing"), st.text(max_size=5), st.just({"x": 1}),
    st.lists(st.text(max_size=3), max_size=2))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_msgspec_and_jsonschema_give_the_same_verdict_on_changed_exports(
        valid: dict[str, Any], data: st.DataObject) -> None:
    content = copy.deepcopy(valid)
    for _change in range(data.draw(st.integers(1, 3))):
        container, key = data.draw(st.sampled_from(_places(content)))
        how = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if how == "delete" and isinstance(container, dict):
            del container[key]
        elif how == "add" and isinstance(container, dict):
            container[data.draw(st.sampled_from(["unexpected", "uid", "text"]))] = data.draw(_VALUES)
        else:
            container[key] = data.draw(_VALUES)  # type: ignore[index]
    valid_by_schema = Draft202012Validator(schema.schema()).is_valid(content)
    try:
        msgspec.convert(content, schema.export_type(), strict=True)
        fits = True
    except msgspec.ValidationError:
        fits = False
    assert not fits or valid_by_schema  # msgspec never lets through what the schema refuses
    if valid_by_schema and not fits:  # only where msgspec is stricter: a float for an integer
        assert "1.0" in json.dumps(content)
    assert schema.conforms(content) == valid_by_schema


#: Parsed JSON without floats (what a document without a float decodes to).
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(value=_JSON)
def test_the_quick_hash_of_a_value_without_floats_is_the_json_one(value: object) -> None:
    assert content_hash(value, floats=False) == content_hash(value)
    assert canonical(value) == json.dumps(value, sort_keys=True, ensure_ascii=False,
                                          separators=(",", ":")).encode("utf-8")


def test_the_reader_says_which_documents_hold_a_float_and_refuses_an_infinite_one() -> None:
    export = ExportJson(b'{"format": "x", "documents": [{"a": 1, "t": "1.5"}, {"a": [2.5]}, {"a": -1e2}]}')
    seen = [export.floats for _document in export.documents()]
    assert seen == [False, True, True]
    assert content_hash({"a": 1e16}, floats=False) != content_hash({"a": 1e16})  # why the flag exists
    with pytest.raises(ReadRefused):
        list(ExportJson(b'{"format": "x", "documents": [{"a": 1e999}]}').documents())


_CHARS = st.characters(codec="utf-8") | st.characters(max_codepoint=0x2070) | st.sampled_from(
    ["\x00", "\x1b", "\r", "\n", "\t", "\x7f", "\x85", "\u202e", "\ufeff", "\\", "u", "r", "\u2028"])
_TEXTS = st.recursive(
    st.text(_CHARS, max_size=12) | st.integers() | st.none(),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(_CHARS, max_size=6), inner, max_size=3), max_leaves=12)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(value=_TEXTS, ascii_only=st.booleans())
def test_json_found_plain_holds_no_text_the_checks_refuse(value: object, ascii_only: bool) -> None:
    from koto_tui.exchange.checking import _text_reason, _texts
    from koto_tui.exchange.reading import plain_texts

    raw = json.dumps(value, ensure_ascii=ascii_only).encode("utf-8")
    refused = any(_text_reason(t) is not None for t in _texts(value))
    assert not (plain_texts(raw) and refused)


def test_plain_texts_says_no_to_escapes_controls_and_long_json() -> None:
    from koto_tui.exchange.reading import MAX_STRING_CHARS, plain_texts

    assert plain_texts(b'{"a": "line\\nbreak\\ttab \\"quoted\\" \\\\ back"}')
    for raw in (b'{"a": "\\u0001"}', b'{"a": "\\r"}', '{"a": "\u202e"}'.encode(), b'{"a": "\x7f"}',
                b'{"a": "' + b"x" * MAX_STRING_CHARS + b'"}'):
        assert not plain_texts(raw)
