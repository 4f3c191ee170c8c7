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
from textual.timer import Timer
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from koto_tui import clock
from koto_tui.assessment import eligibility_of, has_rules, summary_rows
from koto_tui.engine import (
    AnswerContext,
    AnswerError,
    Form,
    FormTranslation,
    Question,
    is_answered,
    parse_answer,
    translation_for,
)
from koto_tui.i18n import N_, _, format_clock, format_short_date, language, ngettext
from koto_tui.i18n.languages import language_name
from koto_tui.messages import describe_error
from koto_tui.model import Amendment, Client, InterpreterSession, Interview, InterviewStatus
from koto_tui.record_names import MODES
from koto_tui.resources import forms_dir
from koto_tui.saver import RETRY_SECONDS, SaveState, Writer
from koto_tui.screens.base import hand_over, koto
from koto_tui.screens.interview_actions import InterviewActions
from koto_tui.widgets.footer import KotoFooter
from koto_tui.widgets.group import GroupField
from koto_tui.widgets.header import KotoHeader
from koto_tui.widgets.questions import QuestionField, SecondLanguage
from koto_tui.widgets.safe import has_unsafe, plain, terminal_clean
from koto_tui.widgets.swap import replace_children
from koto_tui.workflow import form_of

WAIT_SECONDS = 10.0  # the longest closing waits for the disk
SAVE_DELAY = 0.4  # seconds of quiet typing before an answer is written (leaving the field writes at once)


class InterviewScreen(InterviewActions):
    """Walks through a form; answers are written durably as they are given."""

    DEFAULT_CSS = """
    #interview-header { padding: 0 1; background: $boost; height: auto; }
    #interview-rules { padding: 0 1; height: auto; color: $text-muted; }
    #interview-rules.-warning { color: $warning; }
    #interview-body { height: 1fr; }
    #sections { width: 36; height: 1fr; }
    #questions { height: 1fr; padding: 0 1; }
    #saved-indicator { padding: 0 1; color: $success; height: auto; max-height: 3; }
    #saved-indicator.-error { color: $error; text-style: bold; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the keys work inside every answer too (TextArea would take F6 and F7 for selecting).
        Binding("f2", "next_missing", N_("Next missing"), id="next-missing", priority=True),
        Binding("f3", "previous_section", N_("Previous section"), id="previous-section", priority=True),
        Binding("f4", "next_section", N_("Next section"), id="next-section", priority=True),
        Binding("f5", "review", N_("Review and finalise"), id="review", priority=True),
        Binding("f6", "amend", N_("Amend"), id="amend", priority=True),
        Binding("f7", "toggle_sensitive", N_("Show/hide sensitive"), id="toggle-sensitive", priority=True),
        Binding("ctrl+t", "toggle_language", N_("Client's language"), id="toggle-language", priority=True),
        Binding("ctrl+o", "opening_text", N_("Opening text"), id="opening-text", priority=True),
        Binding("ctrl+r", "record", N_("Interpreting and participants"), id="record", priority=True),
        Binding("f9", "print", N_("Print"), id="print", priority=True),
        Binding("escape", "back", N_("Back"), id="back-to-client"),
    ]

    class AnswerSaved(Message):
        """The writer thread finished writing an answer (or failed to)."""

        def __init__(self, question_id: str, value: object, stamp: str | None,
                     error: BaseException | None) -> None:
            super().__init__()
            self.question_id = question_id
            self.value = value
            self.stamp = stamp
            self.error = error

    def __init__(self, interview_id: int) -> None:
        super().__init__()
        self.interview_id = interview_id
        self.interview: Interview | None = None
        self.form: Form | None = None
        self.client: Client | None = None
        self.context = AnswerContext(today=clock.today())
        self.answers: dict[str, object] = {}   # as stored
        self.live: dict[str, object] = {}      # as on screen (valid answers), for conditions
        self.sent: dict[str, object] = {}
        self.pending: dict[str, object] = {}
        self.timers: dict[str, Timer] = {}
        self.amendments: list[Amendment] = []
        self.section_index = 0
        self.masked = True
        self.cursor: str | None = None  # the question last jumped to or focused
        self.translations: dict[str, FormTranslation] = {}
        self.show_second = False
        self.sessions: list[InterpreterSession] = []
        self.writer = Writer()
        self._swaps = 0  # the section swaps asked for: only the newest is done
        self._swapped = 0  # the last one done

    def compose(self) -> ComposeResult:
        """Header lines, sections on the left, questions on the right, save indicator."""
        yield KotoHeader()
        yield Static(id="interview-header")
        yield Static(id="interview-rules")
        with Horizontal(id="interview-body"):
            yield OptionList(id="sections")
            yield VerticalScroll(id="questions")
        yield Static(_("Opening\u2026"), id="saved-indicator", markup=False)
        yield KotoFooter()

    def on_mount(self) -> None:
        """Load the interview, its form version and answers in a worker; failed saves are retried."""
        self._load()
        self.set_interval(RETRY_SECONDS, self._retry_failed)

    def reload(self) -> None:
        """Read the interview again (its status changed)."""
        self._load()

    @work(thread=True, exclusive=True, group="interview-load")
    def _load(self) -> None:
        store = koto(self).require_store()
        interview = store.interviews.get(self.interview_id)
        form = form_of(store, interview)
        client = store.clients.get(interview.client_id)
        answers = store.interviews.answers(self.interview_id)
        amendments = store.interviews.lifecycle.amendments(self.interview_id)
        problems: list[str] = []
        code = client.data.communication_language or client.data.native_language
        found = translation_for(form, forms_dir() / "translations", code, problems)
        self.translations = {code: found} if found is not None else {}
        for problem in problems:
            self.app.call_from_thread(self.notify, _("A translation file was left out: {problem}").format(
                problem=problem), severity="warning", timeout=10)
        self.sessions = store.record.sessions(self.interview_id)
        hand_over(self, self._ready, interview, form, client, answers, amendments)

    def _ready(self, interview: Interview, form: Form, client: Client, answers: dict[str, object],
               amendments: list[Amendment]) -> None:
        self.interview, self.form, self.client, self.amendments = interview, form, client, amendments
        self.answers, self.live, self.sent = answers, dict(answers), dict(answers)
        self.context = AnswerContext(today=clock.today(), client_birth_date=client.data.birth_date)
        self._show_header()
        self._indicator(_("All answers are saved as you go."))
        current = interview.current_question
        top = form.group_of(current) if current and form.group_of(current) else None
        current = top.id if top else current
        if current and current in {q.id for q in form.questions()}:
            self.show_section(form.sections.index(form.section_of(current)), focus=current)
        else:
            self.show_section(0)

    def _show_header(self) -> None:
        assert self.interview is not None and self.form is not None and self.client is not None
        iv, form = self.interview, self.form
        header = Text()
        header.append(terminal_clean(self.client.data.full_name), style="bold")
        when = format_short_date(iv.interview_date)
        header.append(terminal_clean(f"  ·  {form.title.get(language())}  ·  {when}  ·  {iv.counsellor_name}"
                                     "  ·  " + _("version {number}").format(number=form.version)))
        if self.sessions:
            last = self.sessions[-1]
            header.append(terminal_clean("  ·  " + _("interpreter: {name} ({mode}, {language})").format(
                name=last.interpreter, mode=_(MODES.get(last.mode, last.mode)),
                language=language_name(last.language, language()))))
            if last.fee_informed is not None:
                header.append(" · " + (_("told about the fee (§ 32 a)") if last.fee_informed else
                                       _("NOT told about the fee (§ 32 a)")))
        if iv.status is InterviewStatus.COMPLETED:
            header.append("  ·  " + _("FINALISED: F6 starts an amendment"), style="bold yellow")
        elif iv.status is InterviewStatus.AMENDING and self.amendments:
            header.append("  ·  " + _("AMENDING: {reason}").format(
                reason=terminal_clean(self.amendments[-1].reason)), style="bold yellow")
        self.query_one("#interview-header", Static).update(header)

    def _show_rules(self) -> None:
        if not self.query("#interview-rules"):
            return
        rules = self.query_one("#interview-rules", Static)
        rules.display = self.form is not None and has_rules({q.id for q in self.form.questions()})
        if not rules.display:
            return
        result = eligibility_of(self.live, self.context.today)
        rows = summary_rows(result, _, language())
        text = Text(" · ".join(f"{label}: {value}" for label, value in rows[:3]))
        flagged = [f for f in result.findings if f.severity != "info"]
        if flagged:
            found = ngettext("{n} rule finding (F5)", "{n} rule findings (F5)", len(flagged))
            text.append("  ·  " + found.format(n=len(flagged)), style="bold")
        rules.update(text)
        rules.set_class(bool(flagged), "-warning")

    def _section_prompt(self, index: int) -> Text:
        assert self.form is not None
        section = self.form.sections[index]
        done, required = self.form.progress(section, self.live, self.context)
        mark = "✓ " if done == required else "  "
        text = Text(f"{mark}{section.title.get(language())}")
        text.append(f"  {done}/{required}", style="dim")
        return text

    def _refresh_sections(self) -> None:
        assert self.form is not None
        for sections in self.query("#sections").results(OptionList):  # none while the screen closes
            sections.clear_options()
            sections.add_options(
                Option(self._section_prompt(i), id=s.id) for i, s in enumerate(self.form.sections))
            sections.highlighted = self.section_index

    def _field(self, question_id: str) -> QuestionField | None:
        found = self.query(f"#question-{question_id}")
        return found.first(QuestionField) if found else None

    def show_section(self, index: int, focus: str | None = None, entry: int | None = None,
                     nested: str | None = None) -> None:
        """Show the questions of section *index*; focus *focus* (or an entry of a group) or the first."""
        assert self.form is not None and self.interview is not None
        self.flush()
        self.section_index = index % len(self.form.sections)
        section = self.form.sections[self.section_index]
        fields = [self._make_field(q) for q in section.questions]
        self._refresh_sections()  # the section list is drawn with the first frame of the questions
        target = focus or next((q.id for q in section.questions if q.answerable
                                and self.form.is_visible(q.id, self.live, self.context)), None)
        self._swaps += 1
        self.call_after_refresh(self._swap_fields, self._swaps, fields, target, entry, nested)

    @property
    def swapping(self) -> bool:
        """True until the questions of the section asked for last are on screen."""
        return self._swapped != self._swaps

    async def _swap_fields(self, swap: int, fields: list[QuestionField], target: str | None,
                           entry: int | None, nested: str | None) -> None:
        """Replace the section's questions after a refresh (see koto_tui.widgets.swap), unless a newer
        section was asked for meanwhile."""
        if swap != self._swaps or not self.query("#questions"):
            return
        box = self.query_one("#questions", VerticalScroll)
        if not await replace_children(box, fields) or not self.query("#sections"):  # closed meanwhile
            return
        self._swapped = swap
        self.refresh_logic()
        box.scroll_home(animate=False)
        if target:
            self.call_after_refresh(self._focus_question, target, entry, nested)

    def second_language(self) -> SecondLanguage | None:
        """The client's language beside the Finnish, when shown (Ctrl+T)."""
        if not self.show_second or self.client is None:
            return None
        code = self.client.data.communication_language or self.client.data.native_language
        return SecondLanguage(self.translations.get(code), code, language_name(code, language()))

    def _make_field(self, question: Question) -> QuestionField:
        value, second = self.live.get(question.id), self.second_language()
        if question.is_group:
            field: QuestionField = GroupField(question, language(), value, context=self.context,
                                              masked=self.masked, second=second)
        else:
            field = QuestionField(question, language(), value, masked=self.masked, second=second)
        field.set_answered(is_answered(value))
        assert self.form is not None
        # hidden by its condition from the first frame: never drawn for a moment before refresh_logic runs
        field.display = self.form.is_visible(question.id, self.live, self.context)
        return field

    def refresh_logic(self) -> None:
        """Re-evaluate conditions, requirement marks and calculations for what is on screen."""
        assert self.form is not None and self.interview is not None
        form, live, ctx = self.form, self.live, self.context
        for field in self.query_one("#questions", VerticalScroll).query_children(QuestionField):
            qid = field.question.id
            field.display = form.is_visible(qid, live, ctx)
            field.set_required(form.is_required(qid, live, ctx))
            if field.question.is_calculated:
                field.show_calculated(form.calculated(qid, live, ctx))
            if isinstance(field, GroupField):
                field.refresh_nested(form, live)
            field.set_locked(self.interview.locked)
        self._refresh_sections()
        self._show_rules()

    def _focus_question(self, question_id: str, entry: int | None = None, nested: str | None = None,
                        tries: int = 5) -> None:
        field = self._field(question_id)
        if field is None:
            return
        if not field.is_mounted or (field.control is None and not field.masked and tries > 0
                                    and field.question.type != "note"):
            # Just mounted: its control is composed on the next refresh.
            self.call_after_refresh(self._focus_question, question_id, entry, nested, tries - 1)
            return
        assert self.form is not None
        if not self.form.is_visible(question_id, self.live, self.context):
            following = self._next_visible(question_id)  # hidden by a condition now: the next one shown
            if following is not None:
                self._focus_question(following)
            return
        self.cursor = question_id
        if field.masked:
            self.notify(_("This answer is sensitive and hidden: F7 shows it."), severity="warning")
        if isinstance(field, GroupField) and entry is not None:
            field.focus_entry(entry, nested)
        elif field.control is not None and field.control.focusable:
            field.control.focus()
        elif isinstance(field, GroupField):
            field.query_one(".add-entry").focus()
        field.scroll_visible(top=True)

    def _next_visible(self, question_id: str) -> str | None:
        assert self.form is not None
        questions = self.form.section_of(question_id).questions
        start = next(i for i, q in enumerate(questions) if q.id == question_id) + 1
        return next((q.id for q in questions[start:] + questions[:start] if q.answerable
                     and self.form.is_visible(q.id, self.live, self.context)), None)

    @on(OptionList.OptionSelected, "#sections")
    def _section_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option_index != self.section_index:
            self.show_section(event.option_index)

    @on(QuestionField.Edited)
    def _edited(self, event: QuestionField.Edited) -> None:
        question = event.field.question
        try:
            value = parse_answer(question, event.raw, self.context)
        except AnswerError as exc:
            event.field.show_error(str(exc))
            self.pending.pop(question.id, None)
            return
        event.field.show_error(None)
        event.field.show_cleaned(isinstance(event.raw, str) and has_unsafe(event.raw))
        if value is None:
            self.live.pop(question.id, None)
        else:
            self.live[question.id] = value
        self.pending[question.id] = value
        if question.id in self.timers:
            self.timers[question.id].stop()
        self.timers[question.id] = self.set_timer(SAVE_DELAY, lambda: self._commit(question.id))
        if self.form is not None and self.form.dependents(question.id):
            self.refresh_logic()

    @on(QuestionField.Left)
    def _left(self, event: QuestionField.Left) -> None:
        self._commit(event.field.question.id)
        if self.writer.retry():  # leaving a field also tries the failed answers again
            self._show_save_state()

    def _commit(self, question_id: str) -> None:
        """Hand a pending answer to the writer thread (unless it is what was last written)."""
        timer = self.timers.pop(question_id, None)
        if timer is not None:
            timer.stop()
        if question_id not in self.pending:
            return
        value = self.pending.pop(question_id)
        if self.sent.get(question_id) == value and (value is not None or question_id not in self.sent):
            return
        if value is None:
            self.sent.pop(question_id, None)
        else:
            self.sent[question_id] = value
        store = koto(self).require_store()

        def job() -> str:
            return store.interviews.save_answer(self.interview_id, question_id, value)

        def done(stamp: str | None, error: BaseException | None) -> None:
            # post_message is thread-safe and never waits for the UI (which may be closing).
            self.post_message(self.AnswerSaved(question_id, value, stamp, error))

        self.writer.retry()  # an earlier failed answer is tried again with every new one
        self.writer.save(f"answer:{question_id}", job, done)
        self._show_save_state()

    def on_interview_screen_answer_saved(self, message: AnswerSaved) -> None:
        """Show that the answer is on disk, or that it is not."""
        if not self.is_mounted:
            return
        question_id, value, stamp, error = message.question_id, message.value, message.stamp, message.error
        if error is not None or stamp is None:
            self._show_save_state()
            return
        if value is None:
            self.answers.pop(question_id, None)
        else:
            self.answers[question_id] = value
        self._show_save_state(stamp)
        field = self._field(question_id)
        if field is not None:
            field.set_answered(is_answered(value))
        self._refresh_sections()
        self._show_rules()

    def _show_save_state(self, stamp: str | None = None) -> None:
        """'Saved 14.02' only when nothing is pending; otherwise how many answers are not on disk."""
        state = self.writer.state()
        if state.failed:
            self._indicator(ngettext(
                "NOT SAVED: {n} answer. {reason} It stays on screen and is saved again every few seconds.",
                "NOT SAVED: {n} answers. {reason} They stay on screen and are saved again every few "
                "seconds.", state.failed).format(n=state.failed, reason=describe_error(state.error)
                                                 if state.error else ""), error=True)
        elif state.writing or self.pending:
            self._indicator(_("Saving\u2026"))
        elif stamp is not None:
            self._indicator(_("Saved {time}").format(time=format_clock(datetime.fromisoformat(stamp))))

    def _retry_failed(self) -> None:
        """Every few seconds while an answer is not on disk: write it again."""
        if self.writer.retry():
            self._show_save_state()

    def save_state(self) -> SaveState:
        """Answers not on disk yet (typed but not handed over count as being written)."""
        state = self.writer.state()
        return SaveState(state.writing + len(self.pending), state.failed, state.error)

    def retry_saves(self) -> None:
        """Write the failed answers again."""
        self.writer.retry()

    def _indicator(self, message: str, error: bool = False) -> None:
        for indicator in self.query("#saved-indicator").results(Static):  # none once the screen closes
            indicator.update(plain(message))
            indicator.set_class(error, "-error")

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """Remember the question in focus, so that reopening resumes there."""
        fields = [n for n in event.widget.ancestors_with_self if isinstance(n, QuestionField)]
        if not fields or self.interview is None or self.interview.locked:
            return
        store, qid = koto(self).require_store(), fields[-1].question.id
        self.cursor = qid
        self.writer.submit(lambda: store.interviews.set_current(self.interview_id, qid), lambda r, e: None)

    def flush(self) -> None:
        """Write every pending answer now."""
        for question_id in list(self.pending):
            self._commit(question_id)

    def flush_and_wait(self) -> None:
        """Write every pending answer and wait until the writes are on disk (before closing)."""
        self.flush()
        self.writer.drain(timeout=WAIT_SECONDS)

    def on_unmount(self) -> None:
        """Closing the screen or the app writes what is pending first."""
        self.flush_and_wait()
