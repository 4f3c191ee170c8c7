"""The registry of question types and what each one allows in a form file."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

_TEXT_RULES = frozenset({"pattern"})
_DATE_RULES = frozenset({"not_future", "date_range"})
_NUMBER_RULES = frozenset({"range"})


@dataclass(frozen=True)
class QuestionType:
    """The static traits of one question type, checked when a form is loaded."""

    name: str
    answerable: bool = True
    uses_choices: bool = False
    uses_range: bool = False
    #: The constraint kinds (see ``constraints.py``) that apply to answers of this type.
    constraint_kinds: frozenset[str] = frozenset()
    #: Whether the type may stand inside a repeat group.
    nestable: bool = True


def _registry(*types: QuestionType) -> MappingProxyType[str, QuestionType]:
    """Index question types by name, read-only."""
    return MappingProxyType({qtype.name: qtype for qtype in types})


#: Type name → traits; the answer parsers in ``answers.py`` are keyed by the same names.
QUESTION_TYPES = _registry(
    QuestionType("short_text", constraint_kinds=_TEXT_RULES),
    QuestionType("long_text", constraint_kinds=_TEXT_RULES),
    QuestionType("integer", uses_range=True, constraint_kinds=_NUMBER_RULES),
    QuestionType("date", constraint_kinds=_DATE_RULES),
    QuestionType("single_choice", uses_choices=True),
    QuestionType("multiple_choice", uses_choices=True),
    QuestionType("yes_no"),
    # A note shows text to the counsellor and takes no answer.
    QuestionType("note", answerable=False),
    # A calculated value is computed from a date and today and shown read-only, never typed in.
    QuestionType("calculated", answerable=False),
    # A repeat group: its answer is a list of entries, each answering the group's nested questions.
    QuestionType("group", nestable=False),
)
