"""Typed, frozen models of a loaded interview form, and the Form's questions about a set of answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from koto_tui.engine import graph
from koto_tui.engine.calculations import Calculation
from koto_tui.engine.conditions import Condition
from koto_tui.engine.constraints import Constraint
from koto_tui.engine.review import AnswerProblem, counts_for_progress, is_missing, problems
from koto_tui.engine.scope import Entry, Scope
from koto_tui.engine.texts import LANGUAGES, LocalText
from koto_tui.engine.types import QUESTION_TYPES
from koto_tui.engine.values import AnswerContext, is_answered

__all__ = ["LANGUAGES", "AnswerProblem", "Choice", "Form", "LocalText", "Question", "Section", "is_answered"]

#: How many entries a repeat group takes when the form does not say (``max_entries``).
DEFAULT_MAX_ENTRIES = 20


@dataclass(frozen=True)
class Choice:
    """One option of a choice question: the stored value and its label."""

    value: str
    label: LocalText


@dataclass(frozen=True)
class Question:
    """One question (or note, calculated value or repeat group) of a form."""

    id: str
    type: str
    label: LocalText
    hint: LocalText | None
    required: bool
    choices: tuple[Choice, ...]
    choice_list: str | None
    min: int | None
    max: int | None
    #: Shown only when this holds (None: always shown).
    show_if: Condition | None = None
    #: Required only when this holds (and the question is shown).
    required_if: Condition | None = None
    #: Rules the answer must meet, each with its message.
    constraints: tuple[Constraint, ...] = ()
    #: Special-category data (e.g. health): shown masked and printed only when chosen.
    sensitive: bool = False
    #: How a calculated question's value is computed.
    calculate: Calculation | None = None
    #: The nested questions of a repeat group, answered once per entry.
    questions: tuple[Question, ...] = ()
    #: The fewest and most entries a repeat group takes.
    min_entries: int = 0
    max_entries: int = DEFAULT_MAX_ENTRIES

    @property
    def answerable(self) -> bool:
        """Whether the question takes an answer (a note and a calculated value do not)."""
        return QUESTION_TYPES[self.type].answerable

    @property
    def is_group(self) -> bool:
        """Whether this is a repeat group, answered with a list of entries."""
        return self.type == "group"

    @property
    def is_calculated(self) -> bool:
        """Whether the value is computed rather than typed in."""
        return self.type == "calculated"

    def choice(self, value: str) -> Choice | None:
        """The choice with *value*, or None when the question has no such choice."""
        try:
            return self._choices_by_value.get(value)
        except TypeError:  # a value that cannot be a choice's (a list from a file, say)
            return None

    @cached_property
    def _choices_by_value(self) -> dict[str, Choice]:
        """The choices by value (the first of any repeated value, as a search in order finds it)."""
        found: dict[str, Choice] = {}
        for choice in self.choices:
            found.setdefault(choice.value, choice)
        return found


@dataclass(frozen=True)
class Section:
    """A titled group of questions, shown as one page of the interview."""

    id: str
    title: LocalText
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Form:
    """An interview form: id and version, title, and sections of questions."""

    id: str
    version: str
    title: LocalText
    sections: tuple[Section, ...]
    source: str

    @cached_property
    def _by_id(self) -> dict[str, tuple[Section, Question]]:
        """Index of every question id (nested ones included) to its section and question."""
        index = {q.id: (s, q) for s in self.sections for q in s.questions}
        nested = {n.id: (s, n) for s, q in index.values() for n in q.questions}
        return index | nested

    @cached_property
    def _groups(self) -> dict[str, Question]:
        """Index of every nested question id to its repeat group."""
        return {nested.id: group for group in self.questions() for nested in group.questions}

    @cached_property
    def _dependents(self) -> dict[str, set[str]]:
        """Each reference → the questions that depend on it, directly or through others."""
        links = {q.id: graph.links(q, self.group_of(q.id), requirement=True) for q, _g in self._all()}
        return graph.reverse_closure(links)

    def _all(self) -> list[tuple[Question, Question | None]]:
        """Every question with its group (None at the top level), in form order."""
        return [(q, None) for q in self.questions()] + [
            (nested, group) for group in self.questions() for nested in group.questions
        ]

    def question(self, qid: str) -> Question:
        """The question with id *qid* (top level or nested in a group); KeyError when there is none."""
        return self._by_id[qid][1]

    def questions(self) -> list[Question]:
        """All top-level questions in form order (a group's nested ones are in its ``questions``)."""
        return [question for section in self.sections for question in section.questions]

    def group_of(self, qid: str) -> Question | None:
        """The repeat group holding question *qid*, or None for a top-level question."""
        return self._groups.get(qid)

    def section_of(self, qid: str) -> Section:
        """The section holding question *qid*; KeyError when there is none."""
        return self._by_id[qid][0]

    def section(self, sid: str) -> Section:
        """The section with id *sid*; KeyError when there is none."""
        for section in self.sections:
            if section.id == sid:
                return section
        raise KeyError(sid)

    def scope(self, answers: Mapping[str, object], context: AnswerContext | None) -> Scope:
        """One evaluation of the form against *answers*: the visibility of each top-level question is worked
        out once and remembered, so a walk over every question (an export, a printout) does not evaluate
        the same conditions again for each question that depends on them. Answers must not change
        meanwhile."""
        return Scope(self, answers, context)

    def is_visible(
        self,
        qid: str,
        answers: Mapping[str, object],
        context: AnswerContext | None,
        entry: Entry | None = None,
    ) -> bool:
        """Whether *qid* is shown (its show_if and its group's hold); *entry* is the current group entry."""
        return Scope(self, answers, context).visible(qid, entry)

    def is_required(
        self,
        qid: str,
        answers: Mapping[str, object],
        context: AnswerContext | None,
        entry: Entry | None = None,
    ) -> bool:
        """Whether *qid* must be answered now: shown, and required, required_if holding or min_entries > 0."""
        return Scope(self, answers, context).required(qid, entry)

    def visible_questions(
        self, section: Section | str, answers: Mapping[str, object], context: AnswerContext | None
    ) -> list[Question]:
        """The top-level questions of *section* that are shown now."""
        scope = Scope(self, answers, context)
        return [q for q in self._section(section).questions if scope.visible(q.id)]

    def calculated(
        self,
        qid: str,
        answers: Mapping[str, object],
        context: AnswerContext | None,
        entry: Entry | None = None,
    ) -> int | None:
        """The value of calculated question *qid* (years, months or days); None when its date is missing."""
        return Scope(self, answers, context).calculated(qid, entry)

    def problems(self, answers: Mapping[str, object], context: AnswerContext | None) -> list[AnswerProblem]:
        """Every missing required answer and every answer breaking a rule now, in form order (for review)."""
        return problems(Scope(self, answers, context), self.questions())

    def dependents(self, qid: str) -> set[str]:
        """The questions whose visibility, requirement or calculation depends on *qid*, transitively."""
        return set(self._dependents.get(qid, set()))

    def printable(
        self,
        qid: str,
        answers: Mapping[str, object],
        context: AnswerContext | None,
        include_sensitive: bool,
        entry: Entry | None = None,
    ) -> bool:
        """Whether *qid* belongs on a printout or export: answered, shown, and not sensitive unless chosen."""
        return Scope(self, answers, context).printable(qid, include_sensitive, entry)

    def progress(
        self, section: Section | str, answers: Mapping[str, object], context: AnswerContext | None = None
    ) -> tuple[int, int]:
        """(answered required questions, required questions) in *section*, counting only shown ones."""
        scope = Scope(self, answers, context)
        counted = [q for q in self._section(section).questions if counts_for_progress(scope, q)]
        return sum(not is_missing(scope, q) for q in counted), len(counted)

    def first_unanswered_required(
        self, answers: Mapping[str, object], after: str | None = None, context: AnswerContext | None = None
    ) -> str | None:
        """The next required question without an answer, after *after* and wrapping around; None if done."""
        ordered = self.questions()
        if after is not None:
            start = ordered.index(self.group_of(after) or self.question(after)) + 1
            ordered = ordered[start:] + ordered[:start]
        scope = Scope(self, answers, context)
        return next((q.id for q in ordered if counts_for_progress(scope, q) and is_missing(scope, q)), None)

    def _section(self, section: Section | str) -> Section:
        """*section*, looked up when given by id."""
        return self.section(section) if isinstance(section, str) else section
