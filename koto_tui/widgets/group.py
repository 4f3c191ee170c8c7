"""A repeat group: entries of nested questions that can be added, removed and reordered."""

from __future__ import annotations

from collections.abc import Mapping

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from koto_tui.engine import AnswerContext, AnswerError, Form, Question, is_answered, parse_answer
from koto_tui.i18n import _, ngettext
from koto_tui.widgets.questions import QuestionField, SecondLanguage
from koto_tui.widgets.safe import has_unsafe, plain
from koto_tui.widgets.swap import replace_children


class NestedField(QuestionField):
    """A question inside one entry of a group."""

    def __init__(self, question: Question, lang: str, value: object, *, dom_key: str, entry: int,
                 masked: bool, second: SecondLanguage | None) -> None:
        super().__init__(question, lang, value, dom_key=dom_key, masked=masked, second=second)
        self.entry = entry


class GroupField(QuestionField):
    """Its answer is a list of entries (question id -> value); every change is saved as it is given."""

    DEFAULT_CSS = """
    GroupField .group-entry { height: auto; border: round $panel; padding: 0 1; margin: 0 0 1 0; }
    GroupField .entry-header { height: auto; }
    GroupField .entry-header Static { width: auto; padding: 1 1 0 0; text-style: bold; }
    GroupField .entry-header Button { min-width: 6; margin-right: 1; }
    GroupField .group-entries { height: auto; }
    """

    def __init__(self, question: Question, lang: str, value: object, *, context: AnswerContext,
                 masked: bool = False, second: SecondLanguage | None = None) -> None:
        super().__init__(question, lang, value, masked=False, second=second)
        self.context = context
        self.mask_nested = masked
        self.entries: list[dict[str, object]] = [dict(e) for e in value] if isinstance(value, list) else []
        self.locked = False
        self._logic: tuple[Form, Mapping[str, object]] | None = None
        self._swaps = 0  # the entry rebuilds asked for: only the newest is done

    def compose_control(self) -> ComposeResult:
        """The entries and the add button."""
        yield Vertical(id=f"entries-{self.dom_key}", classes="group-entries")
        yield Button(_("+ Add entry"), id=f"add-{self.dom_key}", classes="add-entry")

    def on_mount(self) -> None:
        """Show the stored entries."""
        super().on_mount()
        self.render_entries()

    def render_entries(self, focus: tuple[int, str] | None = None) -> None:
        """Rebuild the entry boxes from the entries (after add, remove or move)."""
        boxes = [self._entry_box(i) for i in range(len(self.entries))]
        self._swaps += 1
        self.call_after_refresh(self._swap_entries, self._swaps, boxes, focus)

    async def _swap_entries(self, swap: int, boxes: list[Vertical], focus: tuple[int, str] | None) -> None:
        """Replace the entry boxes after a refresh (see koto_tui.widgets.swap), unless newer ones came."""
        found = self.query(f"#entries-{self.dom_key}")
        if swap != self._swaps or not found:
            return
        if not await replace_children(found.first(Vertical), boxes):
            return
        self.set_locked(self.locked)
        if self._logic is not None:
            self.refresh_nested(*self._logic)
        if focus is not None:
            self.call_after_refresh(self.focus_entry, *focus)

    def _entry_box(self, index: int) -> Vertical:
        key = f"{self.dom_key}-{index}"
        header = Horizontal(
            Static(plain(_("Entry {n}").format(n=index + 1))),
            Button("↑", id=f"up-{key}", classes="entry-up", disabled=index == 0),
            Button("↓", id=f"down-{key}", classes="entry-down", disabled=index == len(self.entries) - 1),
            Button(_("Remove"), id=f"remove-{key}", classes="entry-remove", variant="error"),
            classes="entry-header")
        fields = [NestedField(q, self.lang, self.entries[index].get(q.id), dom_key=f"{key}-{q.id}",
                              entry=index, masked=self.mask_nested, second=self.second)
                  for q in self.question.questions]
        return Vertical(header, *fields, classes="group-entry", id=f"entry-{key}")

    def focus_entry(self, index: int, question_id: str | None = None) -> None:
        """Focus a nested question of an entry (the first one by default)."""
        qid = question_id or self.question.questions[0].id
        found = self.query(f"#q-{self.dom_key}-{index}-{qid}")
        if found:
            found.first().focus()
            found.first().scroll_visible()

    def raw(self) -> object:
        """The entries as they stand."""
        return [dict(entry) for entry in self.entries]

    def _changed_entries(self, focus: tuple[int, str] | None = None) -> None:
        self.render_entries(focus)
        self.post_message(self.Edited(self, self.raw()))

    @on(Button.Pressed, ".add-entry")
    def _add(self, event: Button.Pressed) -> None:
        event.stop()
        if len(self.entries) >= self.question.max_entries:
            most = self.question.max_entries
            self.show_error(ngettext("At most {n} entry.", "At most {n} entries.", most).format(n=most))
            return
        self.entries.append({})
        self._changed_entries((len(self.entries) - 1, self.question.questions[0].id))

    @on(Button.Pressed, ".entry-remove, .entry-up, .entry-down")
    def _entry_button(self, event: Button.Pressed) -> None:
        event.stop()
        index = int(str(event.button.id).rsplit("-", 1)[1])
        if event.button.has_class("entry-remove"):
            self.entries.pop(index)
            self._changed_entries()
            return
        other = index - 1 if event.button.has_class("entry-up") else index + 1
        self.entries[index], self.entries[other] = self.entries[other], self.entries[index]
        self._changed_entries((other, self.question.questions[0].id))

    def on_question_field_edited(self, event: QuestionField.Edited) -> None:
        """A nested answer changed: check it, keep it in its entry, and report the whole group."""
        field = event.field
        if field is self or not isinstance(field, NestedField):
            return
        event.stop()
        try:
            value = parse_answer(field.question, event.raw, self.context)
        except AnswerError as exc:
            field.show_error(str(exc))
            return
        field.show_error(None)
        field.show_cleaned(isinstance(event.raw, str) and has_unsafe(event.raw))
        entry = self.entries[field.entry]
        if value is None:
            entry.pop(field.question.id, None)
        else:
            entry[field.question.id] = value
        field.set_answered(is_answered(value))
        self.post_message(self.Edited(self, self.raw()))

    def on_question_field_left(self, event: QuestionField.Left) -> None:
        """Leaving a nested question saves the group now."""
        if event.field is not self:
            event.stop()
            self.post_message(self.Left(self))

    def refresh_nested(self, form: Form, answers: Mapping[str, object]) -> None:
        """Show only the nested questions whose conditions hold in their own entry."""
        self._logic = (form, answers)
        for field in self.query(NestedField):
            if field.entry < len(self.entries):
                entry = self.entries[field.entry]
                field.display = form.is_visible(field.question.id, answers, self.context, entry=entry)
                field.set_required(form.is_required(field.question.id, answers, self.context, entry=entry))

    def set_locked(self, locked: bool) -> None:
        """No adding, removing, moving or typing in a finalised assessment."""
        self.locked = locked
        last = len(self.entries) - 1
        for button in self.query(Button):
            index = int(str(button.id).rsplit("-", 1)[1]) if not button.has_class("add-entry") else -1
            edge = (button.has_class("entry-up") and index == 0) or (
                button.has_class("entry-down") and index == last)
            button.disabled = locked or edge
        for field in self.query(NestedField):
            field.set_locked(locked)
