"""The one way koto reads YAML (forms, translations, data files): size and depth limits, no aliases.

A hostile file (an alias "billion laughs" bomb, thousands of nested brackets, a file padded to gigabytes)
gets a ``YamlRefused`` naming the limit instead of a hang or a traceback. No shipped file uses anchors or
aliases, so they are refused altogether. libyaml's parser (``CSafeLoader``) is used when present (about
ten times faster than the pure-Python one on the assessment form).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from koto_tui.files import read_at_most
from koto_tui.i18n import _

#: The largest YAML file read (the biggest shipped file is under 100 KB).
MAX_YAML_BYTES = 2 * 1024 * 1024
#: The deepest nesting of mappings and lists (the shipped forms nest about ten deep).
MAX_YAML_DEPTH = 64

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class YamlRefused(yaml.YAMLError):
    """The YAML text breaks one of the limits; the message names it."""


def load_yaml(text: str, max_bytes: int = MAX_YAML_BYTES) -> Any:
    """The content of YAML *text*, after the size, depth and anchor checks (YAMLError otherwise)."""
    if len(text) > max_bytes or len(text.encode("utf-8")) > max_bytes:
        raise YamlRefused(_too_big(max_bytes))
    _scan(text)
    return yaml.load(text, Loader=_Loader)  # noqa: S506 (a safe loader: CSafeLoader or SafeLoader)


def read_yaml_file(path: Path, max_bytes: int = MAX_YAML_BYTES) -> Any:
    """The content of the YAML file at *path*; its size is checked before it is read (OSError as usual)."""
    return load_yaml(read_text(path, max_bytes), max_bytes)


def read_text(path: Path, max_bytes: int = MAX_YAML_BYTES) -> str:
    """The UTF-8 text of the file at *path*, refused before reading when larger than *max_bytes*."""
    data = read_at_most(path, max_bytes)
    if data is None:
        raise YamlRefused(_too_big(max_bytes))
    return data.decode("utf-8")


def _too_big(max_bytes: int) -> str:
    return _("the YAML file is larger than the limit of {limit} bytes.").format(limit=max_bytes)


def _scan(text: str) -> None:
    """Walk the parser's events once: refuse anchors, aliases and nesting deeper than the limit."""
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlRefused(_("the YAML file uses anchors or aliases (& and *), which koto does not "
                                    "accept: write the values out in full."))
            depth += isinstance(event, _OPENING) - isinstance(event, _CLOSING)
            if depth > MAX_YAML_DEPTH:
                raise YamlRefused(_too_deep())
    except yaml.MarkedYAMLError as err:
        if "nesting depth" in str(err.problem):  # libyaml scans ahead and stops at 1,000 flow levels
            raise YamlRefused(_too_deep()) from None
        raise
    finally:
        loader.dispose()


def _too_deep() -> str:
    return _("the YAML file nests deeper than the limit of {limit} levels.").format(limit=MAX_YAML_DEPTH)
