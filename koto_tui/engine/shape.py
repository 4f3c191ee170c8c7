"""Shape checks shared by the loading stages: located issues, typed getters, key and id checks."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from koto_tui.engine.errors import FormIssue, IssueKind, suggestion_fix
from koto_tui.engine.texts import LANGUAGES, LocalText
from koto_tui.i18n import _

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Loc:
    """Where an issue applies: a question id, a section id, or a key path."""

    location: str | None
    kind: IssueKind = "path"


@dataclass
class Issues:
    """The issues found so far in one file."""

    source: str
    found: list[FormIssue] = field(default_factory=list)

    def add(self, code: str, at: Loc, message: str, fix: str) -> None:
        """Record one issue."""
        self.found.append(FormIssue(code, self.source, at.location, message, fix, at.kind))


def describe(value: object) -> str:
    """A reader's name for the YAML type of *value*."""
    if value is None:
        return _("empty")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int):
        return _("a whole number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    return _("a {name}").format(name=type(value).__name__)


def type_fix(expected: type, value: object) -> str:
    """How to write a value of the *expected* type, given the wrong *value*."""
    if expected is str and isinstance(value, bool):
        return _("put it in quotes: YAML reads unquoted yes, no, on, off, true and false as true/false")
    if expected is str and not isinstance(value, list | dict):
        return _("put the value in quotes")
    if expected is bool:
        return _("write true or false, without quotes")
    if expected is int:
        return _("write a whole number without quotes, e.g. 0")
    if expected is list:
        return _("write a list, one item per line starting with '- '")
    return _("write a mapping of keys and values")


def wrong_type(
    issues: Issues, at: Loc, key: str, expected: type, value: object, fix: str | None = None
) -> None:
    """Record an F110 for *key* holding *value* where *expected* was needed."""
    names = {str: _("text"), bool: _("true or false"), int: _("a whole number"), list: _("a list")}
    message = _("'{key}' must be {expected}, not {actual}").format(
        key=key, expected=names.get(expected, _("a mapping")), actual=describe(value)
    )
    issues.add("F110", at, message, fix or type_fix(expected, value))


def get_typed(
    raw: Mapping[object, object], key: str, expected: type, at: Loc, issues: Issues, fix: str | None = None
) -> object:
    """The value of *key* if it has the *expected* type; None (with an F110) otherwise or when absent."""
    value = raw.get(key)
    if value is None:
        return None
    matches = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
    if not matches:
        wrong_type(issues, at, key, expected, value, fix)
        return None
    return value


def check_keys(
    raw: Mapping[object, object], allowed: Mapping[str, str | None], at: Loc, issues: Issues
) -> None:
    """Report unknown keys (F103) and missing required keys (F102) of one mapping."""
    for key in raw:
        if key not in allowed:
            message = _("unknown key '{key}'").format(key=key)
            issues.add("F103", _at_key(at, str(key)), message, suggestion_fix(str(key), list(allowed)))
    for key, example in allowed.items():
        if example is not None and raw.get(key) is None:
            message = _("missing required key '{key}'").format(key=key)
            issues.add("F102", _at_key(at, key), message, _("add it, e.g. {example}").format(example=example))


def _at_key(at: Loc, key: str) -> Loc:
    """*at*, or the key itself when the mapping is the top level of the file."""
    return at if at.location is not None else Loc(key)


def slug(value: str) -> str:
    """A valid id close to *value* (ä → a, spaces → _), for the F109 fix."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")
    return text if text[:1].isalpha() else f"q_{text}"


def check_id(value: str, what: str, at: Loc, issues: Issues) -> None:
    """Report an F109 when *value* is not a valid id (lower case, digits, underscores)."""
    if ID_PATTERN.fullmatch(value):
        return
    message = _("'{value}' is not a valid {what}").format(value=value, what=what)
    fix = _("use lower-case letters a–z, digits and _, starting with a letter, e.g. '{slug}'")
    issues.add("F109", at, message, fix.format(slug=slug(value)))


def get_id(raw: Mapping[object, object], what: str, at: Loc, issues: Issues) -> str:
    """The checked ``id`` of a mapping, or "" when it is missing or not text."""
    value = get_typed(raw, "id", str, at, issues)
    if not isinstance(value, str):
        return ""
    check_id(value, what, at, issues)
    return value


def get_text(raw: Mapping[object, object], key: str, what: str, at: Loc, issues: Issues) -> LocalText | None:
    """The fi/sv/en text under *key*, reporting unknown languages, wrong types and missing translations."""
    value = get_typed(raw, key, dict, at, issues)
    if not isinstance(value, dict):
        return None
    texts: dict[str, str] = {}
    reported: set[object] = set()
    for lang, text in value.items():
        if lang not in LANGUAGES:
            message = _("unknown language '{lang}' in {what}").format(lang=lang, what=what)
            issues.add("F103", at, message, suggestion_fix(str(lang), list(LANGUAGES)))
        elif isinstance(text, str):
            texts[str(lang)] = text.strip()
        elif text is not None:
            message = _("the {lang} text of {what} must be text, not {actual}")
            message = message.format(lang=lang, what=what, actual=describe(text))
            issues.add("F110", at, message, type_fix(str, text))
            reported.add(lang)
    missing = [lang for lang in LANGUAGES if not texts.get(lang) and lang not in reported]
    if missing:
        message = _("{what} has no translation in: {langs}").format(what=what, langs=", ".join(missing))
        issues.add("F105", at, message, _("add the {what} in each of fi, sv and en").format(what=what))
    return LocalText(texts.get("fi", ""), texts.get("sv", ""), texts.get("en", ""))


def get_mappings(
    raw: Mapping[object, object], key: str, at: Loc, issues: Issues
) -> list[dict[object, object]]:
    """The list under *key*, keeping only its mapping items (others reported as F110)."""
    value = get_typed(raw, key, list, at, issues)
    if not isinstance(value, list):
        return []
    items: list[dict[object, object]] = []
    for index, item in enumerate(value):
        if isinstance(item, dict):
            items.append(item)
        else:
            wrong_type(issues, at, f"{key}[{index}]", dict, item)
    return items
