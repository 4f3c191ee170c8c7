"""Strict reading of the municipality's data files: every problem at once, as 'file: entry: problem — fix'."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from difflib import get_close_matches
from pathlib import Path

import yaml

from koto_tui.i18n import _
from koto_tui.safe_yaml import read_yaml_file


class Problems:
    """Collects every problem of one file; raise_any raises them together as *error*."""

    def __init__(self, path: Path, error: type[ValueError]) -> None:
        self.path = path
        self.error = error
        self.lines: list[str] = []

    def add(self, entry: str, problem: str, fix: str) -> None:
        """Record one problem in *entry*."""
        self.lines.append(f"{self.path}: {entry}: {problem} — {fix}")

    def raise_any(self) -> None:
        """Raise all recorded problems at once, if there are any."""
        if self.lines:
            raise self.error("\n".join(self.lines))


def suggest(word: str, options: Sequence[str]) -> str:
    """A fix that names the closest option, or lists them all when none is close."""
    matches = get_close_matches(word, list(options), n=1, cutoff=0.6)
    if matches:
        return _("did you mean '{match}'?").format(match=matches[0])
    return _("use one of: {options}").format(options=", ".join(sorted(options)))


def mapping(value: object, entry: str, problems: Problems) -> dict[object, object] | None:
    """*value* if it is a mapping, None (with a problem) otherwise."""
    if isinstance(value, dict):
        return value
    problems.add(entry, _("expected a mapping of keys and values"), _("write a mapping of keys and values"))
    return None


def check_keys(raw: Mapping[object, object], required: Mapping[str, str], entry: str, problems: Problems,
               *, optional: Sequence[str] = (), nullable: Mapping[str, str] | None = None) -> None:
    """Unknown keys (with a did-you-mean), absent required values, and absent keys that may be null."""
    nullable = nullable or {}
    allowed = [*required, *optional, *nullable]
    for key in raw:
        if key not in allowed:
            problems.add(entry, _("unknown key '{key}'").format(key=key), suggest(str(key), allowed))
    missing = [(k, e) for k, e in required.items() if raw.get(k) is None]
    missing += [(k, e) for k, e in nullable.items() if k not in raw]
    for key, example in missing:
        problems.add(entry, _("missing required key '{key}'").format(key=key),
                     _("add it, e.g. {example}").format(example=f"{key}: {example}"))


def text(value: object, key: str, entry: str, problems: Problems) -> str:
    """*value* as non-empty text, or "" with a problem (absent values were reported as missing)."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if value is not None:
        problems.add(entry, _("'{key}' must be non-empty text").format(key=key), _("put the value in quotes"))
    return ""


def report_duplicates(ids: Sequence[str], what: str, fix: str, problems: Problems) -> None:
    """Every id used twice, named with *what* (e.g. "service '{id}'"), with *fix*."""
    seen: set[str] = set()
    for ident in ids:
        if ident and ident in seen:
            problems.add(what.format(id=ident), _("the id is used twice"), fix)
        seen.add(ident)


def read_yaml(path: Path, error: type[ValueError]) -> object:
    """The file's YAML content; *error* naming the file when it cannot be read."""
    try:
        return read_yaml_file(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problem = _("cannot read the file: {reason}").format(reason=" ".join(str(exc).split()))
        fix = _("check that the file exists, is readable and is saved as UTF-8")
    except ValueError as exc:  # YAML reads 2026-02-30 as a date and fails before any entry is seen
        problem = _("a date in the file does not exist: {reason}").format(reason=exc)
        fix = _("correct the date, written as YYYY-MM-DD")
    raise error(f"{path}: {problem} — {fix}")
