"""Stage 2 of loading: check the shape of the parsed YAML and turn it into drafts, collecting issues."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from koto_tui.engine.errors import suggestion_fix
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
from koto_tui.engine.types import QUESTION_TYPES
from koto_tui.i18n import _

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
QUESTION_KEYS: dict[str, str | None] = {
    "id": "id: arrival_date",
    "type": "type: short_text",
    "label": "label: {fi: …, sv: …, en: …}",
    "hint": None,
    "required": None,
    "choices": None,
    "min": None,
    "max": None,
}
CHOICE_KEYS: dict[str, str | None] = {"value": "value: other", "label": "label: {fi: …, sv: …, en: …}"}
_EMPTY_TEXT = LocalText("", "", "")


@dataclass
class QuestionDraft:
    """A question as written, before cross-checks; missing parts hold placeholders."""

    id: str
    type: str
    label: LocalText
    hint: LocalText | None
    required: bool
    choice_list: str | None
    min: int | None
    max: int | None
    keys: frozenset[str]
    at: Loc


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
        title=_text_or_empty(get_text(raw, "title", "title", Loc("title"), issues)),
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


def _text_or_empty(value: LocalText | None) -> LocalText:
    """*value*, or an empty placeholder when it is missing (its issue is already recorded)."""
    return value if value is not None else _EMPTY_TEXT


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
        _question(item, Loc(f"{prefix}.questions[{number}]"), issues)
        for number, item in enumerate(get_mappings(raw, "questions", at, issues))
    ]
    return SectionDraft(sid, _text_or_empty(title), questions, at)


def _question(raw: Mapping[object, object], fallback: Loc, issues: Issues) -> QuestionDraft:
    """One question as written, located by its id (or by position when it has none)."""
    given = raw.get("id")
    at = Loc(given, "question") if isinstance(given, str) and given else fallback
    check_keys(raw, QUESTION_KEYS, at, issues)
    choices_fix = _("name a list defined under choice_lists, e.g. choices: yes_no")
    choice_list = get_typed(raw, "choices", str, at, issues, fix=choices_fix)
    return QuestionDraft(
        id=get_id(raw, _("question id"), at, issues),
        type=_question_type(raw, at, issues),
        label=_text_or_empty(get_text(raw, "label", "label", at, issues)),
        hint=get_text(raw, "hint", "hint", at, issues),
        required=get_typed(raw, "required", bool, at, issues) is True,
        choice_list=choice_list if isinstance(choice_list, str) else None,
        min=_int_or_none(get_typed(raw, "min", int, at, issues)),
        max=_int_or_none(get_typed(raw, "max", int, at, issues)),
        keys=frozenset(str(key) for key in raw if raw[key] is not None),
        at=at,
    )


def _question_type(raw: Mapping[object, object], at: Loc, issues: Issues) -> str:
    """The question's type if it is registered; reports unknown types (F108)."""
    value = get_typed(raw, "type", str, at, issues)
    if not isinstance(value, str):
        return ""
    if value not in QUESTION_TYPES:
        message = _("unknown question type '{type}'").format(type=value)
        issues.add("F108", at, message, suggestion_fix(value, list(QUESTION_TYPES)))
        return ""
    return value


def _int_or_none(value: object) -> int | None:
    """*value* when it is an int (get_typed has checked it), else None."""
    return value if isinstance(value, int) else None
