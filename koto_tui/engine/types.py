"""The registry of question types and what each one allows in a form file."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class QuestionType:
    """The static traits of one question type, checked when a form is loaded."""

    name: str
    answerable: bool = True
    uses_choices: bool = False
    uses_range: bool = False


def _registry(*types: QuestionType) -> MappingProxyType[str, QuestionType]:
    """Index question types by name, read-only."""
    return MappingProxyType({qtype.name: qtype for qtype in types})


#: Type name → traits; the answer parsers in ``answers.py`` are keyed by the same names.
QUESTION_TYPES = _registry(
    QuestionType("short_text"),
    QuestionType("long_text"),
    QuestionType("integer", uses_range=True),
    QuestionType("date"),
    QuestionType("single_choice", uses_choices=True),
    QuestionType("multiple_choice", uses_choices=True),
    QuestionType("yes_no"),
    # A note shows text to the counsellor and takes no answer.
    QuestionType("note", answerable=False),
)
