"""The export format's JSON Schema (schemas/koto-export-1.schema.json) and validation against it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from koto_tui.resources import schemas_dir

FORMAT = "koto-export"
FORMAT_VERSION = "1.0"
SCHEMA_FILE = "koto-export-1.schema.json"


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of export format version 1."""
    loaded: dict[str, Any] = json.loads((schemas_dir() / SCHEMA_FILE).read_text(encoding="utf-8"))
    return loaded


def problems(document: object, limit: int = 20) -> list[str]:
    """Where *document* breaks the schema: 'path: rule' lines, at most *limit* (empty when valid).

    Only the path and the schema's rule are named, never a value of the document (it may be client data).
    """
    from jsonschema import Draft202012Validator

    if conforms(document):
        return []
    validator = Draft202012Validator(schema())
    found = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.validator} "
            f"{json.dumps(e.validator_value, ensure_ascii=False)[:80]}" for e in found[:limit]]


# --- a fast yes/no check of the same schema (jsonschema names the problems when it says no) ----------

Check = Callable[[object], bool]


def conforms(document: object) -> bool:
    """Whether *document* matches the schema, checked by closures compiled once from the schema file.

    jsonschema takes minutes on a 10,000-client export; this takes seconds. It follows JSON Schema 2020-12
    for the keywords the schema file uses (a test keeps the two in agreement on mutated exports), and
    ``problems`` asks jsonschema for the located messages only when this says no.
    """
    return _compiled("#")(document)


@cache
def _compiled(ref: str) -> Check:
    """The check of the schema's root ("#") or of one of its definitions ("#/$defs/name")."""
    root = schema()
    return _compile(root if ref == "#" else root["$defs"][ref.removeprefix("#/$defs/")])


def _compile(node: dict[str, Any]) -> Check:
    """One check for a schema *node*: all of its keywords' checks."""
    checks = [_KEYWORDS[key](node[key], node) for key in _KEYWORDS if key in node]
    if len(checks) == 1:
        return checks[0]
    return lambda value: all(check(value) for check in checks)


def _is_type(value: object, name: str) -> bool:
    if isinstance(value, bool):
        return name == "boolean"
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    return isinstance(value, _TYPES[name])


def _same(a: object, b: object) -> bool:
    """JSON equality for the scalars of ``enum`` and ``const`` (true is not 1)."""
    return isinstance(a, bool) == isinstance(b, bool) and not isinstance(a, dict | list) and a == b


def _type(wanted: str | list[str], node: dict[str, Any]) -> Check:
    names = wanted if isinstance(wanted, list) else [wanted]
    return lambda value: any(_is_type(value, name) for name in names)


def _properties(wanted: dict[str, Any], node: dict[str, Any]) -> Check:
    inner = {key: _compile(child) for key, child in wanted.items()}
    closed = node.get("additionalProperties") is False

    def check(value: object) -> bool:
        if not isinstance(value, dict):
            return True
        if closed and not value.keys() <= inner.keys():
            return False
        return all(test(value[key]) for key, test in inner.items() if key in value)
    return check


def _required(wanted: list[str], node: dict[str, Any]) -> Check:
    return lambda value: not isinstance(value, dict) or all(key in value for key in wanted)


def _items(wanted: dict[str, Any], node: dict[str, Any]) -> Check:
    test = _compile(wanted)
    return lambda value: not isinstance(value, list) or all(test(item) for item in value)


def _min_items(wanted: int, node: dict[str, Any]) -> Check:
    return lambda value: not isinstance(value, list) or len(value) >= wanted


def _pattern(wanted: str, node: dict[str, Any]) -> Check:
    search = re.compile(wanted).search
    return lambda value: not isinstance(value, str) or search(value) is not None


def _ref(wanted: str, node: dict[str, Any]) -> Check:
    return lambda value: _compiled(wanted)(value)  # late: definitions may refer to each other


def _const(wanted: object, node: dict[str, Any]) -> Check:
    return lambda value: _same(value, wanted)


def _enum(wanted: list[object], node: dict[str, Any]) -> Check:
    return lambda value: any(_same(value, option) for option in wanted)


def _any_of(wanted: list[dict[str, Any]], node: dict[str, Any]) -> Check:
    options = [_compile(option) for option in wanted]
    return lambda value: any(test(value) for test in options)


_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str, "number": (int, float), "object": dict, "array": list, "null": type(None), "boolean": bool}
_KEYWORDS: dict[str, Callable[[Any, dict[str, Any]], Check]] = {
    "type": _type, "const": _const, "enum": _enum, "pattern": _pattern, "required": _required,
    "properties": _properties, "items": _items, "minItems": _min_items, "anyOf": _any_of, "$ref": _ref,
}
