"""Load-time checks of what conditions and calculations refer to: F120 unknown, F121 cycles, F123 values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from koto_tui.engine import graph
from koto_tui.engine.conditions import CLIENT_REFS, Compare, comparisons
from koto_tui.engine.drafts import QuestionDraft
from koto_tui.engine.errors import suggestion_fix
from koto_tui.engine.normalise import FormDraft
from koto_tui.engine.shape import Issues
from koto_tui.engine.values import as_date
from koto_tui.i18n import _

#: The type a client reference has, as a question type name (for checking condition values).
_CLIENT_TYPES = {"client.birth_date": "date", "client.age": "integer"}


@dataclass
class _Index:
    """Every question of a form draft by id, with its group, and the form's choice lists."""

    draft: FormDraft
    questions: dict[str, QuestionDraft]
    parents: dict[str, QuestionDraft]

    def known(self) -> list[str]:
        """Every name a reference may use."""
        return [*self.questions, *CLIENT_REFS]


def all_questions(draft: FormDraft) -> list[tuple[QuestionDraft, QuestionDraft | None]]:
    """Every question of *draft* with its group (None at the top level), nested ones after their group."""
    found: list[tuple[QuestionDraft, QuestionDraft | None]] = []
    for section in draft.sections:
        for question in section.questions:
            found.append((question, None))
            found.extend((nested, question) for nested in question.questions)
    return found


def check_references(draft: FormDraft, issues: Issues) -> None:
    """Report unknown references, bad condition values, bad calculation sources and cycles."""
    pairs = all_questions(draft)
    index = _Index(draft, {q.id: q for q, _p in pairs if q.id}, {q.id: p for q, p in pairs if p is not None})
    for question, parent in pairs:
        for key, condition in (("show_if", question.show_if), ("required_if", question.required_if)):
            for test in comparisons(condition) if condition is not None else []:
                _check_test(test, key, question, index, issues)
        _check_source(question, parent, index, issues)
    _check_cycles(pairs, issues)


def _check_test(test: Compare, key: str, question: QuestionDraft, index: _Index, issues: Issues) -> None:
    """One comparison: its reference exists and takes an answer, its operator and value fit the type."""
    if test.question in CLIENT_REFS:
        target_type, choices = _CLIENT_TYPES[test.question], None
    elif test.question not in index.questions:
        message = _("'{key}' refers to an unknown question '{ref}'").format(key=key, ref=test.question)
        issues.add("F120", question.at, message, suggestion_fix(test.question, index.known()))
        return
    else:
        target = index.questions[test.question]
        target_type, choices = target.type, _choice_values(target, index.draft)
    problem = _test_problem(test, target_type, choices)
    if problem is not None:
        code, text, fix = problem
        message = _("'{key}' on '{ref}': {problem}").format(key=key, ref=test.question, problem=text)
        issues.add(code, question.at, message, fix)


def _choice_values(target: QuestionDraft, draft: FormDraft) -> list[str] | None:
    """The choice values of a choice question, None for any other."""
    if target.choice_list is None:
        return None
    return [choice.value for choice in draft.choice_lists.get(target.choice_list, ())]


def _test_problem(test: Compare, target_type: str, choices: list[str] | None) -> tuple[str, str, str] | None:
    """(code, message, fix) when the operator or value does not fit a question of *target_type*."""
    if target_type == "note":
        return "F120", _("a note takes no answer"), _("refer to a question that takes an answer")
    if test.op == "answered":
        return None
    if target_type == "group":
        fix = _("write {{question: …, answered: true}}")
        return "F122", _("a group can only be tested with 'answered'"), fix
    if (test.op == "contains") != (target_type == "multiple_choice"):
        if test.op == "contains":
            fix = _("use 'equals' or 'in'")
            return "F122", _("'contains' applies only to multiple_choice questions"), fix
        return "F122", _("a multiple_choice answer is a list"), _("use 'contains' to test for one choice")
    operands = test.value if isinstance(test.value, tuple) else (test.value,)
    problems = (_value_problem(operand, target_type, choices) for operand in operands)
    return next((problem for problem in problems if problem is not None), None)


def _value_problem(value: object, target_type: str, choices: list[str] | None) -> tuple[str, str, str] | None:
    """(F123, message, fix) when *value* cannot be an answer of *target_type*."""
    if choices is not None:
        if isinstance(value, str) and value in choices:
            return None
        message = _("'{value}' is not one of the choice values").format(value=value)
        fix = suggestion_fix(str(value), choices) if choices else _("define the choice list")
        return "F123", message, fix
    accepts, expected = _EXPECTED.get(target_type, (lambda _v: True, lambda: ""))
    if accepts(value):
        return None
    message = _("the value {value} does not fit a {type} question")
    return "F123", message.format(value=repr(value), type=target_type), expected()


def _is_int(value: object) -> bool:
    """A whole number, not true/false."""
    return isinstance(value, int) and not isinstance(value, bool)


_EXPECTED: dict[str, tuple[Callable[[object], bool], Callable[[], str]]] = {
    "yes_no": (lambda v: isinstance(v, bool), lambda: _("write true or false, without quotes")),
    "integer": (_is_int, lambda: _("write a whole number without quotes")),
    "calculated": (_is_int, lambda: _("write a whole number without quotes")),
    "date": (lambda v: as_date(v) is not None, lambda: _('write an ISO date, e.g. "2024-01-31"')),
    "short_text": (lambda v: isinstance(v, str), lambda: _("put the value in quotes")),
    "long_text": (lambda v: isinstance(v, str), lambda: _("put the value in quotes")),
}


def _check_source(
    question: QuestionDraft, parent: QuestionDraft | None, index: _Index, issues: Issues
) -> None:
    """A calculation reads client.birth_date, a top-level date question, or a date in its own entry."""
    if question.calculate is None:
        return
    ref = question.calculate.source
    if ref not in index.questions and ref not in CLIENT_REFS:
        message = _("'calculate' refers to an unknown question '{ref}'").format(ref=ref)
        issues.add("F120", question.at, message, suggestion_fix(ref, index.known()))
        return
    target = index.questions.get(ref)
    owner = index.parents.get(ref)
    if ref == "client.age" or (target is not None and target.type != "date"):
        kind = "client.age" if target is None else target.type
        message = _("'calculate' needs a date, but '{ref}' is {kind}").format(ref=ref, kind=kind)
        fix = _("refer to a date question or to client.birth_date")
        issues.add("F126", question.at, message, fix)
    elif owner is not None and owner is not parent:
        message = _("'calculate' refers to '{ref}' inside group '{group}', which has one date per entry")
        fix = _("refer to a top-level date question, or put the calculated question in group '{group}'")
        issues.add("F126", question.at, message.format(ref=ref, group=owner.id), fix.format(group=owner.id))


def _check_cycles(pairs: list[tuple[QuestionDraft, QuestionDraft | None]], issues: Issues) -> None:
    """Report each cycle of conditions and calculations once, at its first question in form order."""
    edges = {q.id: graph.links(q, p, requirement=False) for q, p in pairs if q.id}
    order = [q.id for q, _p in pairs]
    located = {q.id: q.at for q, _p in pairs}
    for cycle in graph.cycles(edges):
        start = min(cycle[:-1], key=order.index)
        at = cycle.index(start)
        path = [*cycle[at:-1], *cycle[:at], start]
        message = _("questions depend on each other in a cycle: {path}").format(path=" → ".join(path))
        fix = _("remove one of the show_if conditions or calculations in the cycle")
        issues.add("F121", located[start], message, fix)
