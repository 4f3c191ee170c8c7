"""One widget per question, chosen from a registry by question type (no if-chains)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Select, SelectionList, Static, TextArea

from koto_tui.engine import Choice, FormTranslation, Question
from koto_tui.engine.answers import SHORT_TEXT_MAX
from koto_tui.i18n import _, format_short_date
from koto_tui.widgets.checkbox import KotoSelectionList
from koto_tui.widgets.limited import LimitedInput
from koto_tui.widgets.safe import field_value, has_unsafe, plain, terminal_clean


@dataclass(frozen=True)
class SecondLanguage:
    """The client's language shown beside the Finnish (or Swedish) texts; gaps are marked, never blank."""

    translation: FormTranslation | None
    code: str
    name: str

    def _mark(self, text: str | None) -> Text:
        if text is None:
            return Text(_("[no {language} translation]").format(language=self.name), style="bold red")
        out = Text(terminal_clean(text), style="italic")
        if self.translation is not None and self.translation.review.draft:
            out.append(" " + _("[draft]"), style="dim")
        return out

    def label(self, q: Question) -> Text:
        """The label in the client's language."""
        return self._mark(self.translation.label(q) if self.translation else None)

    def hint(self, q: Question) -> Text | None:
        """The hint in the client's language (None when the form has no hint)."""
        if q.hint is None:
            return None
        return self._mark(self.translation.hint(q) if self.translation else None)

    def choice(self, q: Question, value: str) -> Text:
        """A choice label in the client's language."""
        return self._mark(self.translation.choice(q, value) if self.translation else None)


def choice_text(q: Question, c: Choice, lang: str, second: SecondLanguage | None) -> Text:
    """A choice's label, and beside it the client's language when shown."""
    text = plain(c.label.get(lang))
    if second is not None:
        text.append("  ·  ")
        text.append_text(second.choice(q, c.value))
    return text


# Each factory builds the control with the stored answer already in it (value None: unanswered).
def _input(q: Question, lang: str, dom: str, value: object) -> Widget:
    if q.type == "integer":
        return Input(_input_text(q, value), type="integer", id=dom, select_on_focus=False)
    placeholder = _("d.m.yyyy") if q.type == "date" else ""
    return LimitedInput(_input_text(q, value), placeholder=placeholder, id=dom, select_on_focus=False,
                        max_length=SHORT_TEXT_MAX)


class AnswerTextArea(TextArea):
    """A TextArea that draws blank lines while its component styles are not resolved.

    Textual 8.2.8 can render a TextArea before its component classes are resolved or after its removal
    cleared them (the compositor renders a line to find the style under the mouse); the TextArea theme
    then raised ``KeyError: "No 'text-area--gutter' key in COMPONENT_CLASSES"`` and stopped the app
    (textual issues 6208, 6528). Once the styles are resolved Textual refreshes the widget.
    """

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines, or blank ones when the theme could not look up its styles yet."""
        if not self._component_styles.keys() >= self._get_component_classes():
            return [Strip.blank(crop.width) for _ in range(crop.height)]
        return super().render_lines(crop)


def _textarea(q: Question, lang: str, dom: str, value: object) -> Widget:
    text = field_value(value or "", lines=True)
    return AnswerTextArea(text, id=dom, soft_wrap=True, show_line_numbers=False)


class AnswerSelect(Select[Any]):
    """A Select that shows its stored answer once it is fully built, without reporting an edit."""

    def __init__(self, options: list[tuple[Any, Any]], *, initial: object, id: str) -> None:
        super().__init__(options, id=id, prompt=_("Choose"))
        self._initial = initial

    def _on_mount(self, event: events.Mount) -> None:
        """Textual's Select fails if given a value before its label exists: set it a moment later.

        A select removed right after it was added (the question list rebuilt while answering) gets its Mount
        after its children are gone, and Textual's own handler then fails on the missing overlay.
        """
        if not self.query("SelectOverlay"):
            event.prevent_default()  # nothing to set up: skip Select._on_mount
            return
        if self._initial is not None:
            self.call_after_refresh(self._show_initial)

    def _show_initial(self) -> None:
        if not self.is_attached:
            return  # removed (the question list was rebuilt) before it was shown
        if not self.query("SelectCurrent #label") or not self.query("SelectOverlay"):
            self.call_after_refresh(self._show_initial)
            return
        with self.prevent(Select.Changed):
            self.value = self._initial


def _select(q: Question, lang: str, dom: str, value: object,
            second: SecondLanguage | None = None) -> Widget:
    known = {c.value for c in q.choices}
    return AnswerSelect([(choice_text(q, c, lang, second), c.value) for c in q.choices], id=dom,
                        initial=value if value in known else None)


def _yes_no(q: Question, lang: str, dom: str, value: object) -> Widget:
    return AnswerSelect([(_("Yes"), True), (_("No"), False)], id=dom,
                        initial=value if isinstance(value, bool) else None)


def _selection(q: Question, lang: str, dom: str, value: object,
               second: SecondLanguage | None = None) -> Widget:
    chosen = set(value) if isinstance(value, list) else set()
    return KotoSelectionList[str](*[(choice_text(q, c, lang, second), c.value, c.value in chosen)
                                for c in q.choices], id=dom)


def _calculated(q: Question, lang: str, dom: str, value: object) -> Widget:
    return Static("", id=dom, classes="calculated", markup=False)


# Question type -> the widget that takes (or shows) its answer. A note has none; a group is a GroupField.
CONTROLS: dict[str, Callable[..., Widget]] = {
    "short_text": _input, "integer": _input, "date": _input, "long_text": _textarea,
    "single_choice": _select, "yes_no": _yes_no, "multiple_choice": _selection,
    "calculated": _calculated,
}


def raw_of(control: Widget) -> object:
    """What the control holds, as typed (the engine turns it into an answer)."""
    if isinstance(control, Input):
        return control.value
    if isinstance(control, TextArea):
        return control.text
    if isinstance(control, Select):
        return None if control.value is Select.NULL else control.value
    if isinstance(control, SelectionList):
        return list(control.selected)
    return None


def _input_text(q: Question, value: object) -> str:
    if value is None:
        return ""
    if q.type == "date" and isinstance(value, str):
        return format_short_date(date.fromisoformat(value), "fi")
    return field_value(value)


class QuestionField(Vertical):
    """A question: label, hint, the control (or a mask), and a line for a message about the answer."""

    DEFAULT_CSS = """
    QuestionField { height: auto; margin: 0 0 1 0; padding: 0 1; border-left: tall $panel; }
    QuestionField.-answered { border-left: tall $success; }
    QuestionField.-invalid { border-left: tall $error; }
    QuestionField.-sensitive { border-left: tall $warning; }
    QuestionField > .question-hint { color: $text-muted; }
    QuestionField > .question-second { color: $accent; }
    QuestionField > .question-error { color: $error; display: none; }
    QuestionField > .question-note { color: $warning; display: none; }
    QuestionField.-cleaned > .question-note { display: block; }
    QuestionField.-invalid > .question-error { display: block; }
    QuestionField > .calculated { color: $accent; text-style: bold; }
    QuestionField > .masked { color: $warning; }
    QuestionField TextArea { height: 6; }
    QuestionField SelectionList { height: auto; max-height: 12; }
    """

    class Edited(Message):
        """The counsellor changed the answer (sent as they type; saving is debounced)."""

        def __init__(self, field: QuestionField, raw: object) -> None:
            super().__init__()
            self.field = field
            self.raw = raw

    class Left(Message):
        """Focus left the question: save now what is pending."""

        def __init__(self, field: QuestionField) -> None:
            super().__init__()
            self.field = field

    def __init__(self, question: Question, lang: str, value: object, *, dom_key: str | None = None,
                 masked: bool = False, second: SecondLanguage | None = None) -> None:
        self.dom_key = dom_key or question.id
        super().__init__(id=f"question-{self.dom_key}")
        self.question = question
        self.lang = lang
        self.initial = value
        self.masked = masked and question.sensitive
        self.second = second
        # State set before the widget is composed is applied when it mounts.
        self._required = question.required
        self._calculated: int | None = None
        self._locked = False
        self._shown: object = None  # a stored answer shown cleaned, until it is edited

    def compose(self) -> ComposeResult:
        """Label (with a mark when required), hint, control or mask, message."""
        q = self.question
        yield Static(plain(q.label.get(self.lang)), classes="question-label")
        if self.second is not None:
            yield Static(self.second.label(q), classes="question-second")
        if q.hint:
            yield Static(plain(q.hint.get(self.lang)), classes="question-hint")
            second_hint = self.second.hint(q) if self.second is not None else None
            if second_hint is not None:
                yield Static(second_hint, classes="question-second question-hint")
        if self.masked:
            yield Static(_("Sensitive answer hidden: F7 shows it."), classes="masked", markup=False)
        else:
            yield from self.compose_control()
        yield Static("", classes="question-error", markup=False)
        yield Static("", classes="question-note", markup=False)

    def compose_control(self) -> ComposeResult:
        """The control from the registry (groups override this)."""
        factory = CONTROLS.get(self.question.type)
        if factory is not None and self.question.choices and self.second is not None:
            yield factory(self.question, self.lang, f"q-{self.dom_key}", self.initial, self.second)
        elif factory is not None:
            yield factory(self.question, self.lang, f"q-{self.dom_key}", self.initial)

    def on_mount(self) -> None:
        """Show the stored answer without treating it as an edit, and the state set so far."""
        self.set_class(self.question.sensitive, "-sensitive")
        self.set_required(self._required)
        self.show_calculated(self._calculated)
        self.set_locked(self._locked)
        self.show_cleaned(not self.masked and isinstance(self.initial, str) and has_unsafe(self.initial))
        self._shown = self.raw() if self.has_class("-cleaned") else None

    @property
    def control(self) -> Widget | None:
        """The widget that takes the answer (None for a note or a masked answer)."""
        found = self.query(f"#q-{self.dom_key}")
        return found.first() if found else None

    def raw(self) -> object:
        """The answer as typed."""
        control = self.control
        return None if control is None else raw_of(control)

    def show_error(self, message: str | None) -> None:
        """A message about the answer under the control; what was typed stays."""
        self.set_class(bool(message), "-invalid")
        for widget in self.query(".question-error").results(Static):  # none once the field is removed
            widget.update(plain(message or ""))

    def show_cleaned(self, cleaned: bool) -> None:
        """Say under the control that control or invisible characters were taken out of the answer."""
        self.set_class(cleaned, "-cleaned")
        note = _("Control or invisible characters were taken out of this answer.") if cleaned else ""
        for widget in self.query(".question-note").results(Static):  # none once the field is removed
            widget.update(note)

    def set_answered(self, answered: bool) -> None:
        """Mark the question answered (for styling)."""
        self.set_class(answered, "-answered")

    def set_required(self, required: bool) -> None:
        """Show the required mark when the question is (now) required."""
        self._required = required
        label = plain(self.question.label.get(self.lang))
        if required:
            label.append(" *", style="bold red")
        for widget in self.query(".question-label").results(Static):
            widget.update(label)

    def show_calculated(self, value: int | None) -> None:
        """A calculated value, recomputed from other answers."""
        self._calculated = value
        control = self.control
        if isinstance(control, Static):
            control.update(Text("—" if value is None else str(value)))

    def set_locked(self, locked: bool) -> None:
        """A finalised assessment cannot be edited (until an amendment is started)."""
        self._locked = locked
        control = self.control
        if control is not None and not isinstance(control, Static):
            control.disabled = locked

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    def _changed(self, event: Any) -> None:
        event.stop()
        raw = self.raw()
        if self._shown is not None and raw == self._shown:
            return  # the cleaned stored answer being shown is not an edit: it is not saved back silently
        self._shown = None
        self.post_message(self.Edited(self, raw))

    def on_descendant_blur(self) -> None:
        """Leaving the question saves what is pending."""
        self.post_message(self.Left(self))
