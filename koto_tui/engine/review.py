"""What still needs attention in a set of answers: missing required answers and broken rules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from koto_tui.engine.constraints import answer_error
from koto_tui.engine.scope import Entry, Scope
from koto_tui.engine.values import is_answered
from koto_tui.i18n import _, ngettext

if TYPE_CHECKING:
    from koto_tui.engine.models import Question


@dataclass(frozen=True)
class AnswerProblem:
    """One problem for the review screen: where it is (question, 0-based entry, nested question) and why."""

    question_id: str
    entry: int | None
    nested_id: str | None
    message: str
    kind: Literal["missing", "invalid"]


def problems(scope: Scope, questions: Iterable[Question]) -> list[AnswerProblem]:
    """Every problem of the shown *questions* (top level), in order, nested ones entry by entry."""
    return [problem for question in questions for problem in question_problems(scope, question)]


def question_problems(scope: Scope, question: Question) -> list[AnswerProblem]:
    """The problems of one top-level question (none when it is hidden or takes no answer)."""
    if not question.answerable or not scope.visible(question.id):
        return []
    if question.is_group:
        return _group_problems(scope, question)
    return _answer_problems(scope, question, scope.answers.get(question.id), None, None)


def is_missing(scope: Scope, question: Question) -> bool:
    """Whether a top-level question (or any entry of a group) still lacks a required answer."""
    return any(problem.kind == "missing" for problem in question_problems(scope, question))


def counts_for_progress(scope: Scope, question: Question) -> bool:
    """Whether a top-level question counts in progress: required now, or a shown group with entries."""
    if scope.required(question.id):
        return True
    return question.is_group and scope.visible(question.id) and bool(scope.entries(question.id))


def _answer_problems(
    scope: Scope, question: Question, value: object, index: int | None, entry: Entry | None
) -> list[AnswerProblem]:
    """A missing required answer or a broken rule of one (possibly nested) question."""
    top, nested = (question.id, None) if entry is None else (_group_id(scope, question), question.id)
    if not is_answered(value):
        if not scope.required(question.id, entry):
            return []
        return [AnswerProblem(top, index, nested, _("This question must be answered."), "missing")]
    message = answer_error(question, value, scope.context.today)
    return [] if message is None else [AnswerProblem(top, index, nested, message, "invalid")]


def _group_id(scope: Scope, question: Question) -> str:
    """The id of the group holding the nested *question*."""
    group = scope.form.group_of(question.id)
    return question.id if group is None else group.id


def _group_problems(scope: Scope, group: Question) -> list[AnswerProblem]:
    """Too few or too many entries, then each entry's problems in order."""
    entries = scope.entries(group.id)
    counted = _count_problems(scope, group, entries)
    found = [AnswerProblem(group.id, None, None, text, kind) for kind, text in counted]
    for index, entry in enumerate(entries):
        for nested in group.questions:
            if nested.answerable and scope.visible(nested.id, entry):
                found.extend(_answer_problems(scope, nested, entry.get(nested.id), index, entry))
    return found


def _count_problems(
    scope: Scope, group: Question, entries: list[Entry]
) -> list[tuple[Literal["missing", "invalid"], str]]:
    """A group with fewer entries than required, or more than allowed."""
    fewest = max(group.min_entries, 1) if scope.required(group.id) else 0
    if len(entries) < fewest:
        text = ngettext("Add at least {count} entry.", "Add at least {count} entries.", fewest)
        return [("missing", text.format(count=fewest))]
    if len(entries) > group.max_entries:
        return [("invalid", too_many_entries(group.max_entries))]
    return []


def too_many_entries(limit: int) -> str:
    """The message for a group with more than *limit* entries."""
    text = ngettext("At most {count} entry is allowed.", "At most {count} entries are allowed.", limit)
    return text.format(count=limit)
