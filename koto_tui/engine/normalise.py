"""Stage 2 of loading: check the shape of the parsed YAML and turn it into drafts, collecting issues."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from koto_tui.engine.drafts import QUESTION_KEYS, QuestionDraft, read_question, text_or_empty
from koto_tui.engine.models import Choice, LocalText
from koto_tui.engine.shape import (
    Issues,
    Loc,
    check_id,
    check_keys,
    describe,
    get_id,
    get_mappings,
    get_text,
    get_typed,
    wrong_type,
)
from koto_tui.i18n import _

__all__ = ["QUESTION_KEYS", "FormDraft", "QuestionDraft", "SectionDraft", "normalise"]

FORM_ID_PATTERN = re.compile(r"[a-z][a-z0-9-]*")
VERSION_PATTERN = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]*")

# Allowed keys of each mapping → an example line for the "add it" fix (None: the key is optional).
FORM_KEYS: dict[str, str | None] = {
    "id": "id: assessment-basic",
    "version": 'version: "1"',
    "title": "title: {fi: …, sv: …, en: …}",
    "choice_lists": None,
    "sections": "sections: [{id: …, title: …, questions: […]}]",
}
SECTION_KEYS: dict[str, str | None] = {
    "id": "id: basic",
    "title": "title: {fi: …, sv: …, en: …}",
    "questions": "questions: [{id: …, type: …, label: …}]",
}
CHOICE_KEYS: dict[str, str | None] = {"value": "value: other", "label": "label: {fi: …, sv: …, en: …}"}


@dataclass
class SectionDraft:
    """A section as written, before cross-checks."""

    id: str
    title: LocalText
    questions: list[QuestionDraft]
    at: Loc


@dataclass
class FormDraft:
    """A whole form as written, before cross-checks."""

    id: str
    version: str
    title: LocalText
    choice_lists: dict[str, tuple[Choice, ...]]
    sections: list[SectionDraft]


def normalise(raw: object, issues: Issues) -> FormDraft | None:
    """Check the parsed file's shape and return its draft (None when it is not a mapping at all)."""
    if not isinstance(raw, dict):
        message = _("the file must hold a mapping with id, version, title and sections, not {actual}")
        issues.add("F110", Loc(None), message.format(actual=describe(raw)), _("start the file with 'id: …'"))
        return None
    top = Loc(None)
    check_keys(raw, FORM_KEYS, top, issues)
    return FormDraft(
        id=_patterned(raw, "id", FORM_ID_PATTERN, issues),
        version=_patterned(raw, "version", VERSION_PATTERN, issues),
        title=text_or_empty(get_text(raw, "title", "title", Loc("title"), issues)),
        choice_lists=_choice_lists(raw, issues),
        sections=_sections(raw, issues),
    )


def _patterned(raw: Mapping[object, object], key: str, pattern: re.Pattern[str], issues: Issues) -> str:
    """The form's ``id`` or ``version``, checked against *pattern* (F109)."""
    value = get_typed(raw, key, str, Loc(key), issues)
    if not isinstance(value, str):
        return ""
    if not pattern.fullmatch(value):
        fixes = {
            "id": _("use lower-case letters a–z, digits and hyphens, starting with a letter, e.g. 'my-form'"),
            "version": _('use letters, digits, dots and hyphens, e.g. "2"'),
        }
        message = _("'{value}' is not a valid form {key}").format(value=value, key=key)
        issues.add("F109", Loc(key), message, fixes[key])
    return value


def _choice_lists(raw: Mapping[object, object], issues: Issues) -> dict[str, tuple[Choice, ...]]:
    """Every named choice list, with its valid choices."""
    value = get_typed(raw, "choice_lists", dict, Loc("choice_lists"), issues)
    if not isinstance(value, dict):
        return {}
    lists: dict[str, tuple[Choice, ...]] = {}
    for name, items in value.items():
        at = Loc(f"choice_lists.{name}")
        if not isinstance(name, str):
            wrong_type(issues, at, _("list name"), str, name)
            continue
        check_id(name, _("choice list name"), at, issues)
        lists[name] = _choices(items, at, issues)
    return lists


def _choices(items: object, at: Loc, issues: Issues) -> tuple[Choice, ...]:
    """The choices of one list; reports an empty list and repeated values (F111)."""
    if not isinstance(items, list) or not items:
        message = _("the choice list is empty") if not items else _("the choice list must be a list")
        fix = _("add choices, one per line, each with a value and a label in fi, sv and en")
        issues.add("F111", at, message, fix)
        return ()
    choices: list[Choice] = []
    for index, item in enumerate(items):
        choice = _choice(item, index, at, issues)
        if choice is None:
            continue
        if any(existing.value == choice.value for existing in choices):
            message = _("choice value '{value}' appears more than once").format(value=choice.value)
            issues.add("F111", at, message, _("give each choice its own value"))
        choices.append(choice)
    return tuple(choices)


def _choice(item: object, index: int, at: Loc, issues: Issues) -> Choice | None:
    """One choice of a list, or None when it is too broken to use."""
    if not isinstance(item, dict):
        wrong_type(issues, at, _("choice {number}").format(number=index + 1), dict, item)
        return None
    check_keys(item, CHOICE_KEYS, at, issues)
    value = get_typed(item, "value", str, at, issues)
    if isinstance(value, str):
        check_id(value, _("choice value"), at, issues)
        what = _("label of choice '{value}'").format(value=value)
    else:
        what = _("label of choice {number}").format(number=index + 1)
    label = get_text(item, "label", what, at, issues)
    if not isinstance(value, str) or label is None:
        return None
    return Choice(value, label)


def _sections(raw: Mapping[object, object], issues: Issues) -> list[SectionDraft]:
    """Every section of the form; reports a form without sections (F114)."""
    if raw.get("sections") == []:
        issues.add("F114", Loc("sections"), _("the form has no sections"), _("add at least one section"))
    items = get_mappings(raw, "sections", Loc("sections"), issues)
    return [_section(item, index, issues) for index, item in enumerate(items)]


def _section(raw: Mapping[object, object], index: int, issues: Issues) -> SectionDraft:
    """One section and its questions; reports a section without questions (F114)."""
    given = raw.get("id")
    at = Loc(given, "section") if isinstance(given, str) and given else Loc(f"sections[{index}]")
    check_keys(raw, SECTION_KEYS, at, issues)
    sid = get_id(raw, _("section id"), at, issues)
    title = get_text(raw, "title", "title", at, issues)
    if raw.get("questions") == []:
        issues.add("F114", at, _("the section has no questions"), _("add questions or remove the section"))
    prefix = sid or f"sections[{index}]"
    questions = [
        read_question(item, Loc(f"{prefix}.questions[{number}]"), issues)
        for number, item in enumerate(get_mappings(raw, "questions", at, issues))
    ]
    return SectionDraft(sid, text_or_empty(title), questions, at)
