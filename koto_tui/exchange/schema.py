"""The export format's JSON Schema (schemas/koto-export-1.schema.json) and validation against it."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any

from koto_tui.resources import schemas_dir

FORMAT = "koto-export"
FORMAT_VERSION = "1.0"
SCHEMA_FILE = "koto-export-1.schema.json"
#: The list of client documents, and the definition each of them follows.
DOCUMENTS, DOCUMENT = "documents", "client_document"


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
    from jsonschema import Draft202012Validator

    if not part and conforms(document):
        return []
    validator = Draft202012Validator(_schema_of(part))
    found = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join([at] * bool(at) + [str(p) for p in e.absolute_path]) or '(top)'}: {e.validator} "
            f"{json.dumps(e.validator_value, ensure_ascii=False)[:80]}" for e in found[:limit]]


def conforms(document: object) -> bool:
    """Whether *document* matches the schema: a fast yes or no (jsonschema, which names the problems,
    takes minutes on a 10,000-client export; fastjsonschema compiles the shipped schema once)."""
    import fastjsonschema

    try:
        _validator()(document)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def header_problems(header: dict[str, Any], limit: int = 20) -> list[str]:
    """Where the top-level fields of an export (all but its documents) break the schema."""
    return problems({**header, "documents": []}, limit)


def document_problems(document: object, index: int, limit: int = 20) -> list[str]:
    """Where the export's document number *index* breaks the schema ('documents/index/path: rule' lines)."""
    import fastjsonschema

    try:
        _validator(DOCUMENT)(document)
    except fastjsonschema.JsonSchemaException:
        return problems(document, limit, DOCUMENT, f"{DOCUMENTS}/{index}")
    return []


@cache
def _validator(part: str = "") -> Callable[[object], object]:
    """The shipped schema (or its definition *part*) compiled to a validating function (only koto's own
    schema file is compiled)."""
    import fastjsonschema

    return fastjsonschema.compile(_schema_of(part))


def _schema_of(part: str) -> dict[str, Any]:
    """The whole schema, or one of its definitions with the others it refers to."""
    if not part:
        return schema()
    whole = schema()
    return {"$schema": whole["$schema"], "$defs": whole["$defs"], "$ref": f"#/$defs/{part}"}
