"""Evaluating a form against one set of answers: visibility, requirement, calculated values, references.

A hidden question's stored answer is kept but counts as no answer for the conditions and calculations
that refer to it. A bare reference inside a group entry names a sibling in the same entry first, then a
top-level question; a nested question read from outside its group gives one value per entry (a condition
then holds when any entry matches).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from koto_tui.engine.calculations import compute, years_between
from koto_tui.engine.conditions import Condition, holds
from koto_tui.engine.values import AnswerContext, as_date, is_answered

if TYPE_CHECKING:
    from koto_tui.engine.models import Form, Question

#: One entry of a repeat group: nested question id → stored value.
Entry = Mapping[str, object]
_NO_ENTRY: Entry = {}


class Scope:
    """One set of answers and its context, with the visibility of top-level questions remembered."""

    def __init__(self, form: Form, answers: Mapping[str, object], context: AnswerContext | None) -> None:
        self.form = form
        self.answers = answers
        self.context = context if context is not None else AnswerContext.now()
        self._visible: dict[str, bool] = {}

    def visible(self, qid: str, entry: Entry | None = None) -> bool:
        """Whether *qid* is shown (inside *entry* for a nested question)."""
        question, group = self.form.question(qid), self.form.group_of(qid)
        if group is not None:
            return self.visible(group.id) and self._holds(question.show_if, group, entry, default=True)
        if qid not in self._visible:
            self._visible[qid] = self._holds(question.show_if, None, None, default=True)
        return self._visible[qid]

    def required(self, qid: str, entry: Entry | None = None) -> bool:
        """Whether *qid* must be answered now: shown, and required, min_entries > 0 or required_if holding."""
        question, group = self.form.question(qid), self.form.group_of(qid)
        if not question.answerable or not self.visible(qid, entry):
            return False
        if question.required or (question.is_group and question.min_entries > 0):
            return True
        return self._holds(question.required_if, group, entry, default=False)

    def calculated(self, qid: str, entry: Entry | None = None) -> int | None:
        """The value of calculated question *qid*, or None when its date is missing (or not calculated)."""
        question, group = self.form.question(qid), self.form.group_of(qid)
        if question.calculate is None:
            return None
        values = self._lookup(question.calculate.source, group, entry)
        source = as_date(values[0]) if len(values) == 1 else None
        return compute(question.calculate, source, self.context.today)

    def value(self, qid: str, entry: Entry | None = None) -> object:
        """The answer to *qid* as conditions see it: computed when calculated, None when hidden."""
        if not self.visible(qid, entry):
            return None
        if self.form.question(qid).is_calculated:
            return self.calculated(qid, entry)
        source = self.answers if self.form.group_of(qid) is None else (entry or _NO_ENTRY)
        return source.get(qid)

    def entries(self, group_id: str) -> list[Entry]:
        """The stored entries of a repeat group (anything that is not an entry is skipped)."""
        stored = self.answers.get(group_id)
        if not isinstance(stored, list | tuple):
            return []
        return [entry for entry in stored if isinstance(entry, Mapping)]

    def printable(self, qid: str, include_sensitive: bool, entry: Entry | None = None) -> bool:
        """Whether *qid* is answered, shown, and not sensitive (or sensitive data is included)."""
        question, group = self.form.question(qid), self.form.group_of(qid)
        sensitive = question.sensitive or (group is not None and group.sensitive)
        if sensitive and not include_sensitive:
            return False
        return is_answered(self.value(qid, entry))

    def _holds(
        self, condition: Condition | None, group: Question | None, entry: Entry | None, default: bool
    ) -> bool:
        """Whether *condition* holds for a question in *group* (None: top level); *default* when absent."""
        if condition is None:
            return default
        return holds(condition, lambda ref: self._lookup(ref, group, entry))

    def _lookup(self, ref: str, group: Question | None, entry: Entry | None) -> list[object]:
        """The current values of *ref* seen from a question in *group*: one, or one per entry."""
        if ref.startswith("client."):
            return [self._client(ref)]
        if group is not None and any(nested.id == ref for nested in group.questions):
            return [self.value(ref, entry or _NO_ENTRY)]
        owner = self.form.group_of(ref)
        if owner is None:
            return [self.value(ref)]
        return [self.value(ref, each) for each in self.entries(owner.id)] if self.visible(owner.id) else []

    def _client(self, ref: str) -> object:
        """A client detail: ``client.birth_date`` (ISO text) or ``client.age`` (whole years)."""
        born = self.context.client_birth_date
        if born is None:
            return None
        return years_between(born, self.context.today) if ref == "client.age" else born.isoformat()
