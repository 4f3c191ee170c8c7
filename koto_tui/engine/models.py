"""Typed, frozen models of a loaded interview form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from koto_tui.engine.types import QUESTION_TYPES

#: The languages every form text must be given in.
LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class LocalText:
    """A text in Finnish, Swedish and English."""

    fi: str
    sv: str
    en: str

    def get(self, lang: str) -> str:
        """The text in *lang*, or the Finnish text for any other language."""
        if lang == "sv":
            return self.sv
        if lang == "en":
            return self.en
        return self.fi


@dataclass(frozen=True)
class Choice:
    """One option of a choice question: the stored value and its label."""

    value: str
    label: LocalText


@dataclass(frozen=True)
class Question:
    """One question (or note) of a form."""

    id: str
    type: str
    label: LocalText
    hint: LocalText | None
    required: bool
    choices: tuple[Choice, ...]
    choice_list: str | None
    min: int | None
    max: int | None

    @property
    def answerable(self) -> bool:
        """Whether the question takes an answer (a note does not)."""
        return QUESTION_TYPES[self.type].answerable

    def choice(self, value: str) -> Choice | None:
        """The choice with *value*, or None when the question has no such choice."""
        return next((choice for choice in self.choices if choice.value == value), None)


@dataclass(frozen=True)
class Section:
    """A titled group of questions, shown as one page of the interview."""

    id: str
    title: LocalText
    questions: tuple[Question, ...]


def is_answered(value: object) -> bool:
    """Whether a stored answer counts as given (None, blank text and empty lists do not)."""
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, list | tuple | set | frozenset):
        return len(value) > 0
    return True


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
        """Index of every question id to its section and question."""
        return {q.id: (s, q) for s in self.sections for q in s.questions}

    def question(self, qid: str) -> Question:
        """The question with id *qid*; KeyError when there is none."""
        return self._by_id[qid][1]

    def questions(self) -> list[Question]:
        """All questions in form order."""
        return [question for section in self.sections for question in section.questions]

    def section_of(self, qid: str) -> Section:
        """The section holding question *qid*; KeyError when there is none."""
        return self._by_id[qid][0]

    def section(self, sid: str) -> Section:
        """The section with id *sid*; KeyError when there is none."""
        for section in self.sections:
            if section.id == sid:
                return section
        raise KeyError(sid)

    def progress(self, section: Section | str, answers: Mapping[str, object]) -> tuple[int, int]:
        """(answered required questions, required questions) in *section* (a Section or its id)."""
        if isinstance(section, str):
            section = self.section(section)
        required = [q for q in section.questions if _is_required(q)]
        answered = [q for q in required if is_answered(answers.get(q.id))]
        return len(answered), len(required)

    def first_unanswered_required(
        self, answers: Mapping[str, object], after: str | None = None
    ) -> str | None:
        """The next required question without an answer, after *after* and wrapping around; None if done."""
        ordered = self.questions()
        if after is not None:
            start = ordered.index(self.question(after)) + 1
            ordered = ordered[start:] + ordered[:start]
        for question in ordered:
            if _is_required(question) and not is_answered(answers.get(question.id)):
                return question.id
        return None


def _is_required(question: Question) -> bool:
    """Whether *question* must be answered before the interview is complete."""
    return question.required and question.answerable
