"""The interview: sections with progress, the current section's questions, every answer saved at once."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.events import DescendantFocus
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from koto_tui.engine import AnswerError, Form, is_answered, parse_answer
from koto_tui.i18n import _, format_clock, format_short_date, language
from koto_tui.messages import describe_error
from koto_tui.model import Client, Interview, InterviewStatus
from koto_tui.saver import Writer
from koto_tui.screens.base import koto
from koto_tui.widgets.questions import QuestionField
from koto_tui.widgets.safe import terminal_clean
from koto_tui.workflow import form_of

SAVE_DELAY = 0.4  # seconds of quiet typing before an answer is written (leaving the field writes at once)


class InterviewScreen(Screen[None]):
    """Walks through a form; answers are written durably as they are given."""

    DEFAULT_CSS = """
    #interview-header { padding: 0 1; background: $boost; height: auto; }
    #interview-body { height: 1fr; }
    #sections { width: 36; height: 1fr; }
    #questions { height: 1fr; padding: 0 1; }
    #saved-indicator { padding: 0 1; color: $success; height: 1; }
    #saved-indicator.-error { color: $error; text-style: bold; }
    """

    class AnswerSaved(Message):
        """The writer thread finished writing an answer (or failed to)."""

        def __init__(self, question_id: str, value: object, stamp: str | None,
                     error: BaseException | None) -> None:
            super().__init__()
            self.question_id = question_id
            self.value = value
            self.stamp = stamp
            self.error = error

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "next_missing", _("Next missing"), id="next-missing"),
        Binding("f3", "previous_section", _("Previous section"), id="previous-section"),
        Binding("f4", "next_section", _("Next section"), id="next-section"),
        Binding("f5", "complete", _("Mark completed"), id="complete"),
        Binding("f9", "print", _("Print"), id="print"),
        Binding("escape", "back", _("Back"), id="back-to-client"),
    ]

    def __init__(self, interview_id: int) -> None:
        super().__init__()
        self.interview_id = interview_id
        self.interview: Interview | None = None
        self.form: Form | None = None
        self.answers: dict[str, object] = {}
        self.sent: dict[str, object] = {}
        self.pending: dict[str, object] = {}
        self.timers: dict[str, Timer] = {}
        self.section_index = 0
        self.writer = Writer()

    def compose(self) -> ComposeResult:
        """Header line, sections on the left, questions on the right, save indicator."""
        yield Header()
        yield Static(id="interview-header")
        with Horizontal(id="interview-body"):
            yield OptionList(id="sections")
            yield VerticalScroll(id="questions")
        yield Static(_("Opening\u2026"), id="saved-indicator", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Load the interview, its form version and answers in a worker."""
        self._load()

    @work(thread=True, exclusive=True, group="interview-load")
    def _load(self) -> None:
        store = koto(self).require_store()
        interview = store.interviews.get(self.interview_id)
        form = form_of(store, interview)
        client = store.clients.get(interview.client_id)
        answers = store.interviews.answers(self.interview_id)
        self.app.call_from_thread(self._ready, interview, form, client, answers)

    def _ready(self, interview: Interview, form: Form, client: Client, answers: dict[str, object]) -> None:
        self.interview, self.form, self.answers = interview, form, answers
        self.sent = dict(answers)
        header = Text()
        header.append(terminal_clean(client.data.full_name), style="bold")
        header.append(f"  ·  {form.title.get(language())}  ·  {format_short_date(interview.interview_date)}"
                      f"  ·  {terminal_clean(interview.counsellor_name)}  ·  {form.id} v{form.version}")
        self.query_one("#interview-header", Static).update(header)
        self._indicator(_("All answers are saved as you go."))
        current = interview.current_question
        if current and current in {q.id for q in form.questions()}:
            self.show_section(form.sections.index(form.section_of(current)), focus=current)
        else:
            self.show_section(0)

    def _section_prompt(self, index: int) -> Text:
        assert self.form is not None
        section = self.form.sections[index]
        done, required = self.form.progress(section, self.answers)
        mark = "✓ " if done == required else "  "
        text = Text(f"{mark}{section.title.get(language())}")
        text.append(f"  {done}/{required}", style="dim")
        return text

    def _refresh_sections(self) -> None:
        assert self.form is not None
        sections = self.query_one("#sections", OptionList)
        highlighted = self.section_index
        sections.clear_options()
        sections.add_options(
            Option(self._section_prompt(i), id=s.id) for i, s in enumerate(self.form.sections))
        sections.highlighted = highlighted

    def show_section(self, index: int, focus: str | None = None) -> None:
        """Show the questions of section *index*; focus *focus* or the first question."""
        assert self.form is not None
        self.flush()
        self.section_index = index % len(self.form.sections)
        section = self.form.sections[self.section_index]
        box = self.query_one("#questions", VerticalScroll)
        box.remove_children()
        fields = [QuestionField(q, language(), self.answers.get(q.id)) for q in section.questions]
        box.mount_all(fields)
        for field in fields:
            field.set_answered(is_answered(self.answers.get(field.question.id)))
        self._refresh_sections()
        target = focus or next((q.id for q in section.questions if q.answerable), None)
        if target:
            self.call_after_refresh(self._focus_question, target)

    def _focus_question(self, question_id: str) -> None:
        fields = self.query(f"#question-{question_id}")
        if fields:
            field = fields.first(QuestionField)
            if field.control is not None:
                field.control.focus()
            field.scroll_visible(top=True)

    @on(OptionList.OptionSelected, "#sections")
    def _section_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option_index != self.section_index:
            self.show_section(event.option_index)

    @on(QuestionField.Edited)
    def _edited(self, event: QuestionField.Edited) -> None:
        question = event.field.question
        try:
            value = parse_answer(question, event.raw)
        except AnswerError as exc:
            event.field.show_error(str(exc))
            self.pending.pop(question.id, None)
            return
        event.field.show_error(None)
        self.pending[question.id] = value
        if question.id in self.timers:
            self.timers[question.id].stop()
        self.timers[question.id] = self.set_timer(SAVE_DELAY, lambda: self._commit(question.id))

    @on(QuestionField.Left)
    def _left(self, event: QuestionField.Left) -> None:
        self._commit(event.field.question.id)

    def _commit(self, question_id: str) -> None:
        """Hand a pending answer to the writer thread (unless it is what was last written)."""
        timer = self.timers.pop(question_id, None)
        if timer is not None:
            timer.stop()
        if question_id not in self.pending:
            return
        value = self.pending.pop(question_id)
        if (question_id in self.sent and self.sent[question_id] == value) or (
                value is None and question_id not in self.sent):
            return
        if value is None:
            self.sent.pop(question_id, None)
        else:
            self.sent[question_id] = value
        self._indicator(_("Saving\u2026"))
        store = koto(self).require_store()

        def job() -> str:
            return store.interviews.save_answer(self.interview_id, question_id, value)

        def done(stamp: str | None, error: BaseException | None) -> None:
            # post_message is thread-safe and never waits for the UI (which may be closing).
            self.post_message(self.AnswerSaved(question_id, value, stamp, error))

        self.writer.submit(job, done)

    def on_interview_screen_answer_saved(self, message: AnswerSaved) -> None:
        """Show that the answer is on disk, or that it is not."""
        question_id, value, stamp, error = message.question_id, message.value, message.stamp, message.error
        if error is not None or stamp is None:
            self.sent.pop(question_id, None)
            self._indicator(_("NOT SAVED: {reason} The answer is still on screen.").format(
                reason=describe_error(error) if error else ""), error=True)
            return
        if value is None:
            self.answers.pop(question_id, None)
        else:
            self.answers[question_id] = value
        self._indicator(_("Saved {time}").format(time=format_clock(datetime.fromisoformat(stamp))))
        fields = self.query(f"#question-{question_id}")
        if fields:
            fields.first(QuestionField).set_answered(is_answered(value))
        self._refresh_sections()

    def _indicator(self, message: str, error: bool = False) -> None:
        indicator = self.query_one("#saved-indicator", Static)
        indicator.update(message)
        indicator.set_class(error, "-error")

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """Remember the question in focus, so that reopening resumes there."""
        field = next((n for n in event.widget.ancestors_with_self if isinstance(n, QuestionField)), None)
        if field is None or self.interview is None:
            return
        store, qid = koto(self).require_store(), field.question.id
        self.writer.submit(lambda: store.interviews.set_current(self.interview_id, qid), lambda r, e: None)

    def flush(self) -> None:
        """Write every pending answer now."""
        for question_id in list(self.pending):
            self._commit(question_id)

    def flush_and_wait(self) -> None:
        """Write every pending answer and wait until the writes are on disk (before closing)."""
        self.flush()
        self.writer.drain()

    def on_unmount(self) -> None:
        """Closing the screen or the app writes what is pending first."""
        self.flush_and_wait()

    def action_next_missing(self) -> None:
        """Jump to the next required question without an answer."""
        if self.form is None:
            return
        focused = self.app.focused
        field = next((n for n in focused.ancestors_with_self if isinstance(n, QuestionField)), None) \
            if focused else None
        target = self.form.first_unanswered_required(self.answers, field.question.id if field else None)
        if target is None:
            self.notify(_("Every required question has an answer."))
            return
        self._go_to(target)

    def _go_to(self, question_id: str) -> None:
        assert self.form is not None
        index = self.form.sections.index(self.form.section_of(question_id))
        if index == self.section_index:
            self._focus_question(question_id)
        else:
            self.show_section(index, focus=question_id)

    def action_previous_section(self) -> None:
        """Show the previous section."""
        if self.form is not None:
            self.show_section(self.section_index - 1)

    def action_next_section(self) -> None:
        """Show the next section."""
        if self.form is not None:
            self.show_section(self.section_index + 1)

    def action_complete(self) -> None:
        """Mark the interview completed once every required question has an answer."""
        if self.form is None:
            return
        self.flush()
        missing = self.form.first_unanswered_required(self.answers)
        if missing is not None:
            self.notify(_("Some required questions have no answer yet."), severity="warning")
            self._go_to(missing)
            return
        store = koto(self).require_store()
        self.writer.submit(lambda: store.interviews.set_status(self.interview_id, InterviewStatus.COMPLETED),
                           lambda r, e: None)
        self.notify(_("The interview is marked completed."))

    def action_print(self) -> None:
        """Print the interview (pending answers are written first)."""
        from koto_tui.screens.print_dialog import open_print_dialog

        self.flush_and_wait()
        open_print_dialog(self, self.interview_id)

    def action_back(self) -> None:
        """Back to the client."""
        self.app.pop_screen()
