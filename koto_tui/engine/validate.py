"""Stage 3 of loading: cross-checks that need the whole form (duplicates, references, type rules)."""

from __future__ import annotations

from koto_tui.engine.drafts import QuestionDraft
from koto_tui.engine.errors import suggestion_fix
from koto_tui.engine.groups import check_group
from koto_tui.engine.normalise import FormDraft
from koto_tui.engine.references import all_questions, check_references
from koto_tui.engine.shape import Issues
from koto_tui.engine.types import QUESTION_TYPES, QuestionType
from koto_tui.i18n import _

#: How each constraint kind is written, for messages.
_RULE_NAMES = {
    "not_future": "not_future",
    "date_range": "min_date/max_date",
    "range": "min/max",
    "pattern": "pattern",
}


def validate(draft: FormDraft, issues: Issues) -> None:
    """Record every cross-check issue of *draft*."""
    _check_section_ids(draft, issues)
    _check_question_ids(draft, issues)
    for question, parent in all_questions(draft):
        qtype = QUESTION_TYPES.get(question.type)
        if qtype is not None:
            _check_choices(question, qtype, sorted(draft.choice_lists), issues)
            _check_range(question, qtype, issues)
            _check_required(question, qtype, issues)
            _check_rules(question, qtype, issues)
            check_group(question, parent, issues)
    check_references(draft, issues)


def _check_section_ids(draft: FormDraft, issues: Issues) -> None:
    """Report section ids used more than once (F104)."""
    seen: set[str] = set()
    for section in draft.sections:
        if section.id in seen:
            message = _("section id '{id}' is used more than once").format(id=section.id)
            issues.add("F104", section.at, message, _("give each section its own id"))
        if section.id:
            seen.add(section.id)


def _check_question_ids(draft: FormDraft, issues: Issues) -> None:
    """Report question ids used more than once anywhere in the form, nested ones included (F104)."""
    first_section: dict[str, str] = {}
    for section in draft.sections:
        for question in section.questions:
            for each in (question, *question.questions):
                if each.id in first_section:
                    message = _("question id '{id}' is used more than once (first in section '{section}')")
                    message = message.format(id=each.id, section=first_section[each.id])
                    fix = _("give each question its own id: answers are stored by question id")
                    issues.add("F104", each.at, message, fix)
                elif each.id:
                    first_section[each.id] = section.id


def _check_choices(question: QuestionDraft, qtype: QuestionType, known: list[str], issues: Issues) -> None:
    """Report choices where none belong, missing choices (F107) and unknown list names (F106)."""
    if not qtype.uses_choices and "choices" in question.keys:
        if qtype.name != "group":  # a group's choices are reported with its other problems (F125)
            message = _("a {type} question takes no choices").format(type=qtype.name)
            fix = _("remove 'choices', or use single_choice or multiple_choice")
            issues.add("F107", question.at, message, fix)
    elif qtype.uses_choices and "choices" not in question.keys:
        message = _("a {type} question needs choices").format(type=qtype.name)
        fix = _("add 'choices:' with the name of a list under choice_lists ({names})")
        issues.add("F107", question.at, message, fix.format(names=", ".join(known) or "—"))
    elif question.choice_list is not None and question.choice_list not in known:
        message = _("unknown choice list '{name}'").format(name=question.choice_list)
        fix = suggestion_fix(question.choice_list, known) if known else _("define it under choice_lists")
        issues.add("F106", question.at, message, fix)


def _check_range(question: QuestionDraft, qtype: QuestionType, issues: Issues) -> None:
    """Report min/max on a non-integer question (F113) and reversed bounds (F112)."""
    for key in ("min", "max"):
        if key in question.keys and not qtype.uses_range:
            message = _("'{key}' applies only to integer questions").format(key=key)
            issues.add("F113", question.at, message, _("remove '{key}'").format(key=key))
    if question.min is not None and question.max is not None and question.min > question.max:
        message = _("min ({min}) is greater than max ({max})").format(min=question.min, max=question.max)
        issues.add("F112", question.at, message, _("swap the two values or correct one of them"))


def _check_required(question: QuestionDraft, qtype: QuestionType, issues: Issues) -> None:
    """Report ``required: true`` on a type that takes no answer (F113), or with required_if (F122)."""
    if question.required and not qtype.answerable:
        message = _("a {type} takes no answer, so it cannot be required").format(type=qtype.name)
        issues.add("F113", question.at, message, _("remove 'required'"))
    elif question.required and "required_if" in question.keys:
        message = _("'required: true' and 'required_if' contradict each other")
        fix = _("remove 'required: true' to make the question required only when required_if holds")
        issues.add("F122", question.at, message, fix)


def _check_rules(question: QuestionDraft, qtype: QuestionType, issues: Issues) -> None:
    """Report constraints (F124), required_if (F127) and calculate (F126) where they do not apply."""
    for rule in question.constraints:
        if rule.kind not in qtype.constraint_kinds:
            types = [name for name, each in QUESTION_TYPES.items() if rule.kind in each.constraint_kinds]
            message = _("a {rule} constraint does not apply to a {type} question")
            fix = _("use it only on {types} questions, or remove it").format(types=" / ".join(types))
            issues.add("F124", question.at, message.format(rule=_RULE_NAMES[rule.kind], type=qtype.name), fix)
    if "required_if" in question.keys and not qtype.answerable:
        message = _("'required_if' does not apply to a {type}: it takes no answer").format(type=qtype.name)
        issues.add("F127", question.at, message, _("remove 'required_if'"))
    _check_calculate(question, qtype, issues)


def _check_calculate(question: QuestionDraft, qtype: QuestionType, issues: Issues) -> None:
    """Report ``calculate`` on a question that is not calculated, and a calculated one without it (F126)."""
    calculated = qtype.name == "calculated"
    if "calculate" in question.keys and not calculated:
        message = _("'calculate' applies only to calculated questions")
        issues.add("F126", question.at, message, _("set type: calculated, or remove 'calculate'"))
    elif calculated and "calculate" not in question.keys:
        message = _("a calculated question needs 'calculate'")
        issues.add("F126", question.at, message, _("add e.g. calculate: {{years_since: client.birth_date}}"))
