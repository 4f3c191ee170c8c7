"""Conditions (``show_if``, ``required_if``): data read from the form file and a small evaluator.

A condition never runs code: it is a tree of comparisons (``{question: ref, equals: value}``) combined
with ``all``, ``any`` and ``not``, interpreted by :func:`holds`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from koto_tui.engine.errors import suggestion_fix
from koto_tui.engine.shape import Issues, Loc, describe
from koto_tui.engine.values import is_answered
from koto_tui.i18n import _

Op = Literal["equals", "not_equals", "in", "contains", "answered"]
LEAF_OPS: tuple[Op, ...] = ("equals", "not_equals", "in", "contains", "answered")
COMBINERS = ("all", "any", "not")
CONDITION_KEYS = ("question", *LEAF_OPS, *COMBINERS)
#: The references that name the client rather than a question.
CLIENT_REFS = ("client.birth_date", "client.age")
_SCALARS = (str, int, bool)


@dataclass(frozen=True)
class Compare:
    """A test of one referenced value, e.g. ``{question: has_children, equals: true}``."""

    question: str
    op: Op
    value: object


@dataclass(frozen=True)
class AllOf:
    """Holds when every condition holds."""

    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    """Holds when at least one condition holds."""

    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    """Holds when the condition does not."""

    condition: Condition


Condition = Compare | AllOf | AnyOf | Not
#: A reference → the values it currently has (one per group entry when it is a nested question).
Lookup = Callable[[str], Sequence[object]]


def holds(condition: Condition, lookup: Lookup) -> bool:
    """Whether *condition* holds for the values that *lookup* gives."""
    if isinstance(condition, AllOf):
        return all(holds(part, lookup) for part in condition.conditions)
    if isinstance(condition, AnyOf):
        return any(holds(part, lookup) for part in condition.conditions)
    if isinstance(condition, Not):
        return not holds(condition.condition, lookup)
    return _compare(condition, lookup(condition.question))


def _compare(test: Compare, values: Sequence[object]) -> bool:
    """One comparison; with several values (group entries) it holds when any entry matches."""
    if test.op == "answered":
        return any(is_answered(value) for value in values) is test.value
    if test.op == "not_equals":
        return not any(_same(value, test.value) for value in values)
    return any(_MATCHES[test.op](value, test.value) for value in values)


def _same(value: object, expected: object) -> bool:
    """Equality that keeps true/false apart from 1/0."""
    if isinstance(value, bool) or isinstance(expected, bool):
        return isinstance(value, bool) and isinstance(expected, bool) and value is expected
    return value == expected


def _is_in(value: object, options: object) -> bool:
    """Whether *value* is one of *options*."""
    return isinstance(options, tuple) and any(_same(value, option) for option in options)


def _contains(value: object, item: object) -> bool:
    """Whether a multiple-choice answer includes *item*."""
    return isinstance(value, list | tuple) and any(_same(chosen, item) for chosen in value)


_MATCHES: dict[str, Callable[[object, object], bool]] = {
    "equals": _same,
    "in": _is_in,
    "contains": _contains,
}


def refs(condition: Condition) -> set[str]:
    """Every reference that *condition* reads."""
    if isinstance(condition, AllOf | AnyOf):
        return set().union(*(refs(part) for part in condition.conditions))
    if isinstance(condition, Not):
        return refs(condition.condition)
    return {condition.question}


def comparisons(condition: Condition) -> list[Compare]:
    """Every comparison in *condition*, in the order written."""
    if isinstance(condition, AllOf | AnyOf):
        return [test for part in condition.conditions for test in comparisons(part)]
    if isinstance(condition, Not):
        return comparisons(condition.condition)
    return [condition]


def read_condition(raw: Mapping[object, object], key: str, at: Loc, issues: Issues) -> Condition | None:
    """The condition under *key* (show_if, required_if), or None when absent or broken (F127, F122)."""
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        message = _("'{key}' must be a condition such as {{question: …, equals: …}}, not {actual}")
        fix = _("write it as a mapping, e.g. {key}: {{question: has_children, equals: true}}")
        issues.add("F127", at, message.format(key=key, actual=describe(value)), fix.format(key=key))
        return None
    return _condition(value, key, at, issues)


def _condition(raw: object, key: str, at: Loc, issues: Issues) -> Condition | None:
    """One condition mapping, leaf or combination; None when it is broken."""
    if not isinstance(raw, dict):
        _bad(issues, at, key, _("a condition must be a mapping, not {actual}").format(actual=describe(raw)))
        return None
    known = _known_keys(raw, at, issues)
    combiners = [name for name in COMBINERS if name in known]
    if not combiners:
        return _leaf(raw, known, key, at, issues) if len(known) == len(raw) or _has_op(known) else None
    if len(known) > 1:
        message = _("'{op}' must stand alone in its condition, not with {others}")
        others = ", ".join(sorted(name for name in known if name != combiners[0]))
        _bad(issues, at, key, message.format(op=combiners[0], others=others))
        return None
    return _combination(combiners[0], raw[combiners[0]], key, at, issues)


def _known_keys(raw: Mapping[object, object], at: Loc, issues: Issues) -> list[str]:
    """The condition keys of *raw*, reporting the unknown ones (F103)."""
    known: list[str] = []
    for name in raw:
        if name in CONDITION_KEYS:
            known.append(str(name))
        else:
            message = _("unknown key '{key}' in a condition").format(key=name)
            issues.add("F103", at, message, suggestion_fix(str(name), list(CONDITION_KEYS)))
    return known


def _has_op(known: list[str]) -> bool:
    """Whether *known* names an operator (without one, an unknown key already explains the problem)."""
    return any(name in LEAF_OPS for name in known)


def _combination(op: str, value: object, key: str, at: Loc, issues: Issues) -> Condition | None:
    """``all``/``any`` of a non-empty list of conditions, or ``not`` of one condition."""
    if op == "not":
        inner = _condition(value, key, at, issues)
        return None if inner is None else Not(inner)
    if not isinstance(value, list) or not value:
        _bad(issues, at, key, _("'{op}' needs a non-empty list of conditions").format(op=op))
        return None
    parts = [_condition(item, key, at, issues) for item in value]
    kept = tuple(part for part in parts if part is not None)
    if len(kept) < len(parts):
        return None
    return AllOf(kept) if op == "all" else AnyOf(kept)


def _leaf(
    raw: Mapping[object, object], known: list[str], key: str, at: Loc, issues: Issues
) -> Compare | None:
    """``{question: ref, <op>: value}`` with exactly one operator."""
    ref = raw.get("question")
    ops = [op for op in LEAF_OPS if op in known]
    if not isinstance(ref, str) or not ref.strip():
        _bad(issues, at, key, _("a condition needs 'question:' naming the question it tests"))
        return None
    if len(ops) != 1:
        message = _("a condition on '{ref}' needs exactly one of {ops}")
        _bad(issues, at, key, message.format(ref=ref, ops=", ".join(LEAF_OPS)))
        return None
    value = _leaf_value(ops[0], raw[ops[0]], ref, key, at, issues)
    return None if value is None else Compare(ref.strip(), ops[0], value)


def _leaf_value(op: Op, value: object, ref: str, key: str, at: Loc, issues: Issues) -> object:
    """The operand of *op*, normalised (dates → ISO text, lists → tuples); None when it is unusable."""
    if op == "answered":
        operand: object = value if isinstance(value, bool) else None
        problem = _("'answered' must be true or false (condition on '{ref}')")
    elif op == "in":
        items = [_scalar(item) for item in value] if isinstance(value, list) and value else [None]
        operand = None if None in items else tuple(items)
        problem = _("'in' needs a non-empty list of values (condition on '{ref}')")
    else:
        operand = _scalar(value)
        problem = _("'{op}' needs one value (text, number, true or false), not {actual} (on '{ref}')")
    if operand is None:
        _bad(issues, at, key, problem.format(ref=ref, op=op, actual=describe(value)))
    return operand


def _scalar(value: object) -> object:
    """A comparable value: text, a number, true/false, or a date as ISO text; None for anything else."""
    if isinstance(value, date):
        return value.isoformat()
    return value if isinstance(value, _SCALARS) else None


def _bad(issues: Issues, at: Loc, key: str, problem: str) -> None:
    """Record an F122 for a badly shaped condition under *key*."""
    message = _("bad condition in '{key}': {problem}").format(key=key, problem=problem)
    fix = _("write e.g. {{question: has_children, equals: true}}, or combine with all, any or not")
    issues.add("F122", at, message, fix)
