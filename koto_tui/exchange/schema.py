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


def conforms(document: object) -> bool:
    """Whether *document* matches the schema: a fast yes or no (jsonschema, which names the problems,
    takes minutes on a 10,000-client export; fastjsonschema compiles the shipped schema once)."""
    import fastjsonschema

    try:
        _validator()(document)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


@cache
def _validator() -> Callable[[object], object]:
    """The shipped schema compiled to a validating function (only koto's own schema file is compiled)."""
    import fastjsonschema

    return fastjsonschema.compile(schema())
