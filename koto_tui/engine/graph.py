"""The dependency graph of a form: which questions read which (for cycles at load and live updates)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from koto_tui.engine.calculations import Calculation
from koto_tui.engine.conditions import Condition, refs


class Linked(Protocol):
    """What the graph reads of a question (a loaded one or a draft)."""

    @property
    def show_if(self) -> Condition | None:
        """The visibility condition."""

    @property
    def required_if(self) -> Condition | None:
        """The requirement condition."""

    @property
    def calculate(self) -> Calculation | None:
        """The calculation."""


def links(question: Linked, group: object | None, *, requirement: bool) -> set[str]:
    """The references that decide *question*'s visibility or value (and requirement when asked)."""
    found: set[str] = set()
    if question.show_if is not None:
        found |= refs(question.show_if)
    if question.calculate is not None:
        found.add(question.calculate.source)
    if requirement and question.required_if is not None:
        found |= refs(question.required_if)
    group_id = getattr(group, "id", None)
    if isinstance(group_id, str):
        found.add(group_id)
    return found


def reverse_closure(edges: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """Each node → every node that reaches it through *edges* (its dependents, transitively)."""
    direct: dict[str, set[str]] = {}
    for node, targets in edges.items():
        for target in targets:
            direct.setdefault(target, set()).add(node)
    return {node: _reach(node, direct) for node in direct}


def _reach(start: str, edges: Mapping[str, set[str]]) -> set[str]:
    """Every node reachable from *start* (without *start* itself unless on a cycle)."""
    seen: set[str] = set()
    todo = list(edges.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(edges.get(node, ()))
    return seen


def cycles(edges: Mapping[str, set[str]]) -> list[list[str]]:
    """Each distinct cycle in *edges* as a path that ends where it starts, e.g. [a, b, a]."""
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()
    done: set[str] = set()
    for start in edges:
        for cycle in _cycles_from(start, edges, done):
            if frozenset(cycle) not in seen:
                seen.add(frozenset(cycle))
                found.append(cycle)
    return found


def _cycles_from(start: str, edges: Mapping[str, set[str]], done: set[str]) -> list[list[str]]:
    """The cycles met by a depth-first walk from *start*, skipping nodes already finished."""
    found: list[list[str]] = []
    path: list[str] = []

    def walk(node: str) -> None:
        """Visit *node*, recording a cycle when it is already on the path."""
        if node in path:
            found.append([*path[path.index(node) :], node])
            return
        if node in done:
            return
        path.append(node)
        for target in sorted(edges.get(node, ())):
            walk(target)
        path.pop()
        done.add(node)

    walk(start)
    return found
