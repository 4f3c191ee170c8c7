"""What the counsellor does on the interview screen besides answering: move, review, finalise, amend."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.message import Message
from textual.screen import Screen

from koto_tui.assessment import eligibility_of, result_record
from koto_tui.engine import AnswerContext, Form
from koto_tui.i18n import _, language
from koto_tui.i18n.languages import language_name
from koto_tui.model import Amendment, Interview, InterviewStatus
from koto_tui.saver import Writer
from koto_tui.screens.base import koto
from koto_tui.widgets.questions import QuestionField, SecondLanguage
from koto_tui.widgets.safe import notice

#: The languages the forms themselves carry (Finland's two national languages): nothing to show beside them.
NATIONAL_LANGUAGES = frozenset({"fi", "sv"})

if TYPE_CHECKING:
    from koto_tui.screens.review import ReviewChoice


class InterviewActions(Screen[None]):
    """Key actions of the interview screen; InterviewScreen provides the state and the methods below."""

    class LifecycleChanged(Message):
        """The writer thread finalised or amended the interview (or failed to)."""

        def __init__(self, error: BaseException | None, note: str) -> None:
            super().__init__()
            self.error = error
            self.note = note

    interview_id: int
    interview: Interview | None
    form: Form | None
    context: AnswerContext
    live: dict[str, object]
    amendments: list[Amendment]
    section_index: int
    masked: bool
    show_second: bool
    cursor: str | None
    writer: Writer

    def show_section(self, index: int, focus: str | None = None, entry: int | None = None,
                     nested: str | None = None) -> None:
        """Provided by InterviewScreen."""
        raise NotImplementedError

    def _focus_question(self, question_id: str, entry: int | None = None, nested: str | None = None) -> None:
        raise NotImplementedError

    def second_language(self) -> SecondLanguage | None:
        """Provided by InterviewScreen."""
        raise NotImplementedError

    def flush(self) -> None:
        """Provided by InterviewScreen."""
        raise NotImplementedError

    def flush_and_wait(self) -> None:
        """Provided by InterviewScreen."""
        raise NotImplementedError

    def reload(self) -> None:
        """Provided by InterviewScreen: read the interview again (after finalising or amending)."""
        raise NotImplementedError

    def action_next_missing(self) -> None:
        """Jump to the next required question without an answer."""
        if self.form is None:
            return
        focused = self.app.focused
        fields = [n for n in focused.ancestors_with_self if isinstance(n, QuestionField)] if focused else []
        after = fields[-1].question.id if fields else None
        target = self.form.first_unanswered_required(self.live, after, self.context)
        if target is None:
            self.notify(_("Every required question has an answer."))
            return
        self.go_to(target)

    def go_to(self, question_id: str, entry: int | None = None, nested: str | None = None) -> None:
        """Show and focus a question (or a nested question of a group entry)."""
        assert self.form is not None
        index = self.form.sections.index(self.form.section_of(question_id))
        if index == self.section_index:
            self._focus_question(question_id, entry, nested)
        else:
            self.show_section(index, focus=question_id, entry=entry, nested=nested)

    def action_previous_section(self) -> None:
        """Show the previous section."""
        if self.form is not None:
            self.show_section(self.section_index - 1)

    def action_next_section(self) -> None:
        """Show the next section."""
        if self.form is not None:
            self.show_section(self.section_index + 1)

    def action_toggle_sensitive(self) -> None:
        """Show or hide answers marked sensitive (health and ability to function)."""
        if self.form is not None:
            self.masked = not self.masked
            self.show_section(self.section_index, focus=self.cursor if self.cursor in {
                q.id for q in self.form.sections[self.section_index].questions} else None)
            self.notify(_("Sensitive answers are hidden.") if self.masked else
                        _("Sensitive answers are shown. F7 hides them again."))

    def action_toggle_language(self) -> None:
        """Show or hide the client's language beside the Finnish texts."""
        if self.form is None:
            return
        if not self.show_second and (reason := self._nothing_beside()) is not None:
            self.notify(notice(reason), timeout=8, markup=False)
            return
        self.show_second = not self.show_second
        second = self.second_language()
        self.show_section(self.section_index, focus=self.cursor if self.cursor in {
            q.id for q in self.form.sections[self.section_index].questions} else None)
        if second is not None and second.translation is None:
            self.notify(notice(_("There is no {language} translation of this form: the texts are marked "
                                 "missing.").format(language=second.name)), severity="warning", timeout=8,
                        markup=False)

    def _nothing_beside(self) -> str | None:
        """Why there is nothing to show beside the form's texts, or None when there is."""
        client = getattr(self, "client", None)
        code = client.data.communication_language or client.data.native_language if client else ""
        if not code:
            return _("The client's language is not recorded: there is nothing to show side by side.")
        if code in NATIONAL_LANGUAGES:
            return _("The client's language is {language}, a language of the form itself: there is nothing "
                     "to show side by side.").format(language=language_name(code, language()) or code)
        return None

    def action_opening_text(self) -> None:
        """The opening text, in Finnish and the client's language, to read aloud or print."""
        from koto_tui.screens.opening import OpeningScreen

        code = ""
        client = getattr(self, "client", None)
        if client is not None:
            code = client.data.communication_language or client.data.native_language
        self.app.push_screen(OpeningScreen(code))

    def action_record(self) -> None:
        """Interpreter sessions, participants and the client's consents."""
        from koto_tui.screens.record import RecordScreen

        client = getattr(self, "client", None)
        if self.interview is not None and client is not None:
            self.app.push_screen(RecordScreen(self.interview_id, client.id, client.data.birth_date),
                                 lambda _result: self.reload())

    def action_review(self) -> None:
        """The review screen: missing and invalid answers, amendments, and finalising."""
        from koto_tui.screens.review import ReviewScreen

        if self.form is None or self.interview is None:
            return
        self.flush()
        problems = self.form.problems(self.live, self.context)
        self.app.push_screen(ReviewScreen(self.form, problems, self.amendments, self.interview.locked),
                             self._reviewed)

    def _reviewed(self, choice: ReviewChoice | None) -> None:
        if choice is None:
            return
        if choice.finalise:
            self._finalise()
        elif choice.question_id is not None:
            nested = None
            if choice.entry is not None and self.form is not None:
                group = self.form.group_of(choice.question_id)
                nested, choice_id = (choice.question_id, group.id) if group else (None, choice.question_id)
                self.go_to(choice_id, choice.entry, nested)
                return
            self.go_to(choice.question_id)

    def _finalise(self) -> None:
        store = koto(self).require_store()
        record = result_record(eligibility_of(self.live, self.context.today))
        self.flush()
        self.writer.submit(lambda: store.interviews.lifecycle.finalise(self.interview_id, record),
                           self._report(_("The assessment is finalised.")))

    def _report(self, note: str) -> Callable[[object, BaseException | None], None]:
        """A writer callback that reports back through a (thread-safe) message, never waiting for the UI."""
        def done(_result: object, error: BaseException | None) -> None:
            self.post_message(self.LifecycleChanged(error, note))
        return done

    def on_interview_actions_lifecycle_changed(self, message: LifecycleChanged) -> None:
        """Finalising or amending was written (or failed): say so and read the interview again."""
        from koto_tui.messages import describe_error

        if message.error is not None:
            self.notify(notice(describe_error(message.error)), severity="error", timeout=10, markup=False)
            return
        self.notify(notice(message.note), markup=False)
        self.reload()

    def action_amend(self) -> None:
        """Change a finalised assessment: ask for the reason, then unlock it as an amendment."""
        from koto_tui.screens.amend import AmendDialog

        if self.interview is None or self.interview.status is not InterviewStatus.COMPLETED:
            self.notify(_("Only a finalised assessment is amended; this one can be changed directly."))
            return
        store = koto(self).require_store()

        def amend(reason: str) -> None:
            store.interviews.lifecycle.amend(self.interview_id, reason, store.profile().name)

        def chosen(reason: str | None) -> None:
            if reason:
                self.writer.submit(lambda: amend(reason), self._report(
                    _("Amending: the changes are recorded with the reason.")))

        self.app.push_screen(AmendDialog(), chosen)

    def action_print(self) -> None:
        """Print the interview (pending answers are written first)."""
        from koto_tui.screens.print_dialog import open_print_dialog

        self.flush_and_wait()
        open_print_dialog(self, self.interview_id)

    def action_back(self) -> None:
        """Back to the client (asking first while an answer is not on disk)."""
        from koto_tui.screens.unsaved import Autosaving, leave_when_saved

        if isinstance(self, Autosaving):
            leave_when_saved(self.app, [self], _("Leave anyway"), self.app.pop_screen)
        else:
            self.app.pop_screen()
