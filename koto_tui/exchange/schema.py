"""The export format's JSON Schema (schemas/koto-export-1.schema.json) and validation against it.

The schema is the published contract. A file is checked against it through msgspec types built from the
schema itself (``export_type``): a Struct per object (unknown fields forbidden), ``Literal`` for enums and
constants, ``Meta`` for patterns and minimum lengths. That check is the fast yes; a no is confirmed, and
its problems named, by jsonschema (which also takes what msgspec is stricter about: 1.0 for an integer).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from types import GenericAlias
from typing import Annotated, Any, Literal, Union

import msgspec

from koto_tui.resources import schemas_dir

FORMAT = "koto-export"
FORMAT_VERSION = "1.0"
SCHEMA_FILE = "koto-export-1.schema.json"
#: The list of client documents, and the definition each of them follows.
DOCUMENTS, DOCUMENT = "documents", "client_document"
_SCALARS: dict[str, object] = {"string": str, "integer": int, "boolean": bool, "null": None, "number": float}


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of export format version 1."""
    loaded: dict[str, Any] = json.loads((schemas_dir() / SCHEMA_FILE).read_text(encoding="utf-8"))
    return loaded


def problems(document: object, limit: int = 20, part: str = "", at: str = "") -> list[str]:
    """Where *document* breaks the schema (or its definition *part*): 'path: rule' lines, at most *limit*
    (empty when valid); the paths start with *at*.

    Only the path and the schema's rule are named, never a value of the document (it may be client data).
    """
    if _fits(document, part):
        return []
    validator = _validator()(_schema_of(part))
    found = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join([at] * bool(at) + [str(p) for p in e.absolute_path]) or '(top)'}: {e.validator} "
            f"{json.dumps(e.validator_value, ensure_ascii=False)[:80]}" for e in found[:limit]]


def conforms(document: object) -> bool:
    """Whether *document* matches the schema: msgspec's fast yes, a no confirmed by jsonschema."""
    return _fits(document) or not problems(document, 1)


def header_problems(header: dict[str, Any], limit: int = 20) -> list[str]:
    """Where the top-level fields of an export (all but its documents) break the schema."""
    return problems({**header, "documents": []}, limit)


def document_problems(document: object, index: int, limit: int = 20) -> list[str]:
    """Where the export's document number *index* breaks the schema ('documents/index/path: rule' lines)."""
    return problems(document, limit, DOCUMENT, f"{DOCUMENTS}/{index}")


def _fits(document: object, part: str = "") -> bool:
    """Whether *document* converts to the msgspec type of the schema (or of its definition *part*)."""
    try:
        msgspec.convert(document, export_type(part), strict=True)
    except msgspec.ValidationError:
        return False
    return True


@cache
def export_type(part: str = "") -> Any:
    """The msgspec type of the whole schema, or of its definition *part*, built from the schema."""
    return _Types(schema()).of(schema()["$defs"][part] if part else schema(), part or "export")


class _Types:
    """Builds msgspec types from the schema's nodes; each definition becomes one type, built once."""

    def __init__(self, whole: dict[str, Any]) -> None:
        self.defs: dict[str, Any] = whole["$defs"]
        self.built: dict[str, Any] = {}

    def of(self, node: dict[str, Any], name: str) -> Any:
        """The type of one schema *node* (*name* names a Struct made for it)."""
        if "$ref" in node:
            ref = node["$ref"].removeprefix("#/$defs/")
            if ref not in self.built:
                self.built[ref] = self.of(self.defs[ref], ref)
            return self.built[ref]
        if "anyOf" in node:
            return _union([self.of(option, name) for option in node["anyOf"]])
        if "enum" in node or "const" in node:
            return Literal[tuple(node["enum"] if "enum" in node else [node["const"]])]
        kinds = node.get("type")
        if kinds is None:
            return Any
        kinds = [kinds] if isinstance(kinds, str) else kinds
        return _union([self._typed(kind, node, name) for kind in kinds])

    def _typed(self, kind: str, node: dict[str, Any], name: str) -> Any:
        if kind == "object":
            return self._struct(node, name) if "properties" in node else dict[str, Any]
        if kind == "array":
            items = GenericAlias(list, self.of(node.get("items", {}), f"{name}_item"))
            least = node.get("minItems")
            return items if least is None else Annotated[items, msgspec.Meta(min_length=least)]
        if kind == "string" and "pattern" in node:
            return Annotated[str, msgspec.Meta(pattern=python_pattern(node["pattern"]))]
        return _SCALARS[kind]

    def _struct(self, node: dict[str, Any], name: str) -> Any:
        """A Struct with the object's properties (the optional ones may be left out), no others; untracked
        by the garbage collector (a check's Structs are thrown away at once and hold no cycle), which
        otherwise ran every few hundred of them."""
        required = set(node.get("required", ()))
        fields = [(key, self.of(value, f"{name}_{key}")) if key in required
                  else (key, self.of(value, f"{name}_{key}") | msgspec.UnsetType, msgspec.UNSET)
                  for key, value in node["properties"].items()]
        return msgspec.defstruct(name, fields, kw_only=True, forbid_unknown_fields=True, gc=False)


def python_pattern(pattern: str) -> str:
    """*pattern* with a final ``$`` made ``\\Z``: in JSON Schema (ECMA-262) ``$`` is the end of the text, in
    Python's re it also matches before a final line break (a uid ending in one would pass)."""
    return re.sub(r"(?<!\\)\$$", r"\\Z", pattern)


@cache
def _validator() -> Any:
    """jsonschema's Draft 2020-12 validator whose 'pattern' keyword reads ``$`` as ECMA-262 does."""
    from jsonschema import Draft202012Validator, ValidationError, validators  # (0.2 s: only for a refusal)

    def pattern(validator: Any, value: str, instance: object, _schema: object) -> Iterator[Any]:
        if validator.is_type(instance, "string") and not re.search(python_pattern(value), str(instance)):
            yield ValidationError(f"does not match {value!r}")  # (never the value: it may be client data)

    return validators.extend(Draft202012Validator, {"pattern": pattern})


def _union(types: list[Any]) -> Any:
    return types[0] if len(types) == 1 else Union[tuple(types)]  # noqa: UP007 - built at run time


def _schema_of(part: str) -> dict[str, Any]:
    """The whole schema, or one of its definitions with the others it refers to."""
    if not part:
        return schema()
    whole = schema()
    return {"$schema": whole["$schema"], "$defs": whole["$defs"], "$ref": f"#/$defs/{part}"}
