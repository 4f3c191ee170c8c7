"""The catalogue of form-file problems, the located issue that reports one, and the engine's exceptions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Literal

from koto_tui.i18n import _

#: Every code a form-file check can report, with a short description (for docs and the `check` command).
CODES: dict[str, str] = {
    "F100": "The form file cannot be read (missing, unreadable or not UTF-8).",
    "F101": "YAML syntax error.",
    "F102": "A required key is missing.",
    "F103": "Unknown key.",
    "F104": "Duplicate id (question, section or choice value in a form).",
    "F105": "Missing translation: each text needs fi, sv and en.",
    "F106": "A question names a choice list that does not exist.",
    "F107": "Choices on a question type that takes none, or a choice question without choices.",
    "F108": "Unknown question type.",
    "F109": "Badly formed id, choice value or version.",
    "F110": "A value has the wrong type (e.g. text where true/false is expected).",
    "F111": "A choice list is empty or repeats a value.",
    "F112": "Integer bounds are reversed (min greater than max).",
    "F113": "A key that does not apply to this question type (min/max, required on a note).",
    "F114": "A form without sections or a section without questions.",
    "F115": "Two form files share the same id and version.",
    "F116": "The file breaks a safety limit: too large, nested too deep, or anchors and aliases.",
    "F120": "A condition or calculation refers to a question that does not exist (or takes no answer).",
    "F121": "Questions depend on each other in a cycle (through show_if or calculate).",
    "F122": "A badly formed condition (e.g. two operators, an empty 'all', required with required_if).",
    "F123": "A condition value the referenced question cannot have (not a choice value, not true/false).",
    "F124": "An invalid constraint (bad pattern or date, or a rule the question type does not take).",
    "F125": "A repeat group problem (no questions, a group in a group, min_entries above max_entries).",
    "F126": "A bad 'calculate' (no kind, or a source that is not a date).",
    "F127": "'sensitive', 'show_if' or 'required_if' of the wrong type or on a question without an answer.",
}

#: What a location names: a question id, a section id, or a key path in the file.
IssueKind = Literal["question", "section", "path"]


@dataclass(frozen=True)
class FormIssue:
    """One problem in a form file, located and with a suggested fix."""

    code: str
    source: str
    location: str | None
    message: str
    fix: str
    kind: IssueKind = "path"

    def where(self) -> str | None:
        """The location as a reader sees it, e.g. "question 'lang'"."""
        if self.location is None:
            return None
        if self.kind == "question":
            return _("question '{id}'").format(id=self.location)
        if self.kind == "section":
            return _("section '{id}'").format(id=self.location)
        return self.location

    def __str__(self) -> str:
        """One line: file, location, code, message and fix."""
        where = self.where()
        head = self.source if where is None else f"{self.source}: {where}"
        return f"{head}: [{self.code}] {self.message} — {self.fix}"


class FormError(Exception):
    """A form file (or set of files) has problems; ``issues`` lists all of them."""

    def __init__(self, issues: Sequence[FormIssue]) -> None:
        self.issues: list[FormIssue] = list(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


class AnswerError(ValueError):
    """An answer typed in the interview cannot be accepted; the message says why, for the user."""


def did_you_mean(word: str, options: Sequence[str]) -> str | None:
    """Return the closest match to *word* among *options*, or None when nothing is close."""
    matches = get_close_matches(word, list(options), n=1, cutoff=0.6)
    return matches[0] if matches else None


def suggestion_fix(word: str, options: Sequence[str]) -> str:
    """A fix that suggests the closest option, or lists all options when none is close."""
    match = did_you_mean(word, options)
    if match is not None:
        return _("did you mean '{match}'?").format(match=match)
    return _("use one of: {options}").format(options=", ".join(sorted(options)))
