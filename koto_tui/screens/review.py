"""Before finalising: what is missing or invalid (each a jump to the question), and the history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from koto_tui.engine import AnswerProblem, Form
from koto_tui.i18n import N_, _, language, ngettext
from koto_tui.model import Amendment
from koto_tui.widgets.safe import plain, terminal_clean


@dataclass(frozen=True)
class ReviewChoice:
    """What the counsellor chose on the review screen: finalise, or go to a question."""

    finalise: bool = False
    question_id: str | None = None
    entry: int | None = None


def problem_text(form: Form, problem: AnswerProblem) -> Text:
    """'Section › Question (entry 2): message' as literal text."""
    lang = language()
    question = form.question(problem.question_id)
    where = f"{form.section_of(problem.question_id).title.get(lang)} › {question.label.get(lang)}"
    if problem.entry is not None:
        where += " " + _("(entry {n})").format(n=problem.entry + 1)
    text = Text(terminal_clean(where), style="bold")
    text.append(": " + terminal_clean(problem.message))
    return text


def history_text(amendments: list[Amendment]) -> Text:
    """The amendments: when, who, why, which answers changed."""
    text = Text()
    for a in amendments:
        text.append(f"{a.opened_at.replace('T', ' ')[:16]}  {terminal_clean(a.user_name)}: ", style="bold")
        text.append(terminal_clean(a.reason))
        if a.changed:
            text.append("  (" + _("changed: {ids}").format(ids=", ".join(a.changed)) + ")", style="dim")
        text.append("\n")
    return text


class ReviewScreen(ModalScreen[ReviewChoice | None]):
    """Lists problems; Enter on one jumps there; Finalise is possible when there are none."""

    DEFAULT_CSS = """
    ReviewScreen { align: center middle; }
    #review { width: 100; max-width: 100%;
              height: 90%; padding: 1 2; border: round $primary; background: $surface; }
    #review-problems { height: 1fr; }
    #review { height: auto; max-height: 90%; }
    #review-history { height: auto; max-height: 10; color: $text-muted; }
    #review .buttons { height: auto; margin-top: 1; }
    #review .buttons Button { margin-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", N_("Back"), id="close-review")]

    def __init__(self, form: Form, problems: list[AnswerProblem], amendments: list[Amendment],
                 locked: bool) -> None:
        super().__init__()
        self.form = form
        self.problems = problems
        self.amendments = amendments
        self.locked = locked

    def compose(self) -> ComposeResult:
        """Problems list, history, buttons."""
        with Vertical(id="review"):
            yield Label(_("Review before finalising"), classes="form-title")
            if self.problems:
                yield Static(plain(ngettext("{n} answer needs attention. Enter goes to the question.",
                                            "{n} answers need attention. Enter goes to the question.",
                                            len(self.problems)).format(n=len(self.problems))), markup=False)
            else:
                yield Static(_("Every required question has a valid answer."), markup=False)
            if self.problems:
                yield OptionList(*[Option(problem_text(self.form, p), id=str(i))
                                   for i, p in enumerate(self.problems)], id="review-problems")
            if self.amendments:
                yield Label(_("Amendments"), classes="form-title")
                yield Static(history_text(self.amendments), id="review-history")
            with Horizontal(classes="buttons"):
                yield Button(_("Finalise"), id="finalise", variant="primary",
                             disabled=bool(self.problems) or self.locked)
                yield Button(_("Back"), id="back")

    def on_mount(self) -> None:
        """Start on the first problem, or on Finalise when there is none."""
        if self.problems:
            self.query_one("#review-problems").focus()
        elif not self.locked:
            self.query_one("#finalise").focus()

    @on(OptionList.OptionSelected, "#review-problems")
    def _go(self, event: OptionList.OptionSelected) -> None:
        problem = self.problems[event.option_index]
        self.dismiss(ReviewChoice(question_id=problem.question_id, entry=problem.entry))

    @on(Button.Pressed, "#finalise")
    def _finalise(self) -> None:
        self.dismiss(ReviewChoice(finalise=True))

    @on(Button.Pressed, "#back")
    def action_close(self) -> None:
        """Back to the interview."""
        self.dismiss(None)
