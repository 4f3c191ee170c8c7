"""The one way koto reads YAML (forms, translations, data files): size and depth limits, no aliases.

A hostile file (an alias "billion laughs" bomb, thousands of nested brackets, a file padded to gigabytes)
gets a ``YamlRefused`` naming the limit instead of a hang or a traceback. No shipped file uses anchors or
aliases, so they are refused altogether. libyaml's parser (``CSafeLoader``) is used when present (about
ten times faster than the pure-Python one on the assessment form).
"""

from __future__ import annotations

from collections.abc import Iterator
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
    _refuse_big(text, max_bytes)
    _scan(text)
    return yaml.load(text, Loader=_Loader)  # noqa: S506 (a safe loader: CSafeLoader or SafeLoader)


def load_key(text: str, key: str, max_bytes: int = MAX_YAML_BYTES) -> Any:
    """The value under *key* in the top-level mapping of YAML *text*, as `load_yaml` would give it, after
    the same checks, without building the rest of the document (the 85 KB assessment form's title: 20 ms,
    the whole form 60 ms). The last of repeated keys counts, as in a full load. KeyError when the text is
    not one mapping or has no such key."""
    _refuse_big(text, max_bytes)
    value: list[yaml.Event] | None = None  # the events of the value under the last *key* so far
    taking: list[yaml.Event] | None = None
    is_key = matched = False
    documents = 0
    for event, before, after in _checked_events(text):
        documents += isinstance(event, yaml.DocumentStartEvent)
        if before == 0 and isinstance(event, (yaml.ScalarEvent, *_OPENING)):  # the document's root node
            is_key = isinstance(event, yaml.MappingStartEvent)
            continue
        if before == 1 and isinstance(event, (yaml.ScalarEvent, *_OPENING)):  # a key or a value begins
            if is_key:
                matched = isinstance(event, yaml.ScalarEvent) and event.tag is None and event.value == key
            elif matched:
                taking = []
        if taking is not None:
            taking.append(event)
        scalar, closing = isinstance(event, yaml.ScalarEvent), isinstance(event, _CLOSING)
        if (before == 1 and scalar) or (after == 1 and closing):  # the key or the value is complete
            if taking is not None:
                value, taking = taking, None
            is_key = not is_key
    if value is None or documents != 1:
        raise KeyError(key)
    document = yaml.emit([yaml.StreamStartEvent(), yaml.DocumentStartEvent(), *value, yaml.DocumentEndEvent(),
                          yaml.StreamEndEvent()])
    return yaml.load(document, Loader=_Loader)  # noqa: S506 (a safe loader: CSafeLoader or SafeLoader)


def _refuse_big(text: str, max_bytes: int) -> None:
    """YamlRefused when *text* is larger than *max_bytes* (as characters or as UTF-8)."""
    if len(text) > max_bytes or len(text.encode("utf-8")) > max_bytes:
        raise YamlRefused(_too_big(max_bytes))


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
    for _checked in _checked_events(text):
        pass


def _checked_events(text: str) -> Iterator[tuple[yaml.Event, int, int]]:
    """The parser's events of *text*, each with the nesting depth before and after it; YamlRefused at an
    anchor, an alias or nesting deeper than the limit."""
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlRefused(_("the YAML file uses anchors or aliases (& and *), which koto does not "
                                    "accept: write the values out in full."))
            before, depth = depth, depth + isinstance(event, _OPENING) - isinstance(event, _CLOSING)
            if depth > MAX_YAML_DEPTH:
                raise YamlRefused(_too_deep())
            yield event, before, depth
    except yaml.MarkedYAMLError as err:
        if "nesting depth" in str(err.problem):  # libyaml scans ahead and stops at 1,000 flow levels
            raise YamlRefused(_too_deep()) from None
        raise
    finally:
        loader.dispose()


def _too_deep() -> str:
    return _("the YAML file nests deeper than the limit of {limit} levels.").format(limit=MAX_YAML_DEPTH)
