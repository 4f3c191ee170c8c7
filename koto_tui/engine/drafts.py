"""Stage 2 of loading, for one question: its keys read into a draft (nested group questions included)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from koto_tui.engine.calculations import Calculation, read_calculation
from koto_tui.engine.conditions import Condition, read_condition
from koto_tui.engine.constraints import Constraint, read_constraints
from koto_tui.engine.errors import suggestion_fix
from koto_tui.engine.shape import Issues, Loc, check_keys, describe, get_id, get_mappings, get_text, get_typed
from koto_tui.engine.texts import LocalText
from koto_tui.engine.types import QUESTION_TYPES
from koto_tui.i18n import _

# Allowed keys of a question → an example line for the "add it" fix (None: the key is optional).
QUESTION_KEYS: dict[str, str | None] = {
    "id": "id: arrival_date",
    "type": "type: short_text",
    "label": "label: {fi: …, sv: …, en: …}",
    "hint": None,
    "required": None,
    "choices": None,
    "min": None,
    "max": None,
    "show_if": None,
    "required_if": None,
    "constraints": None,
    "sensitive": None,
    "calculate": None,
    "questions": None,
    "min_entries": None,
    "max_entries": None,
}
EMPTY_TEXT = LocalText("", "", "")


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
    show_if: Condition | None = None
    required_if: Condition | None = None
    constraints: tuple[Constraint, ...] = ()
    sensitive: bool = False
    calculate: Calculation | None = None
    questions: list[QuestionDraft] = field(default_factory=list)
    min_entries: int | None = None
    max_entries: int | None = None


def read_question(
    raw: Mapping[object, object], fallback: Loc, issues: Issues, nested: bool = False
) -> QuestionDraft:
    """One question as written, located by its id (or by position when it has none)."""
    given = raw.get("id")
    at = Loc(given, "question") if isinstance(given, str) and given else fallback
    check_keys(raw, QUESTION_KEYS, at, issues)
    choices_fix = _("name a list defined under choice_lists, e.g. choices: yes_no")
    choice_list = get_typed(raw, "choices", str, at, issues, fix=choices_fix)
    draft = QuestionDraft(
        id=get_id(raw, _("question id"), at, issues),
        type=_question_type(raw, at, issues),
        label=text_or_empty(get_text(raw, "label", "label", at, issues)),
        hint=get_text(raw, "hint", "hint", at, issues),
        required=get_typed(raw, "required", bool, at, issues) is True,
        choice_list=choice_list if isinstance(choice_list, str) else None,
        min=_int_or_none(get_typed(raw, "min", int, at, issues)),
        max=_int_or_none(get_typed(raw, "max", int, at, issues)),
        keys=frozenset(str(key) for key in raw if raw[key] is not None),
        at=at,
    )
    _read_rules(draft, raw, issues)
    _read_group(draft, raw, issues, nested)
    return draft


def _read_rules(draft: QuestionDraft, raw: Mapping[object, object], issues: Issues) -> None:
    """The conditions, constraints, sensitivity and calculation of *draft*."""
    draft.show_if = read_condition(raw, "show_if", draft.at, issues)
    draft.required_if = read_condition(raw, "required_if", draft.at, issues)
    draft.constraints = read_constraints(raw, draft.at, issues)
    draft.calculate = read_calculation(raw, draft.at, issues)
    sensitive = raw.get("sensitive")
    if sensitive is not None and not isinstance(sensitive, bool):
        message = _("'sensitive' must be true or false, not {actual}").format(actual=describe(sensitive))
        issues.add("F127", draft.at, message, _("write sensitive: true (or remove it), without quotes"))
    draft.sensitive = sensitive is True


def _read_group(draft: QuestionDraft, raw: Mapping[object, object], issues: Issues, nested: bool) -> None:
    """The entry bounds and nested questions of a top-level group (a group inside one is reported later)."""
    for key in ("min_entries", "max_entries"):
        value = raw.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            message = _("'{key}' must be a whole number of at least 0, not {actual}")
            fix = _("write e.g. {key}: 1").format(key=key)
            issues.add("F125", draft.at, message.format(key=key, actual=describe(value)), fix)
        elif value is not None:
            setattr(draft, key, value)
    if nested or "questions" not in draft.keys:
        return
    prefix = draft.id or "?"
    items = get_mappings(raw, "questions", draft.at, issues)
    draft.questions = [
        read_question(item, Loc(f"{prefix}.questions[{number}]"), issues, nested=True)
        for number, item in enumerate(items)
    ]


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


def text_or_empty(value: LocalText | None) -> LocalText:
    """*value*, or an empty placeholder when it is missing (its issue is already recorded)."""
    return value if value is not None else EMPTY_TEXT


def _int_or_none(value: object) -> int | None:
    """*value* when it is an int (get_typed has checked it), else None."""
    return value if isinstance(value, int) else None
