"""Free-text fields take at most what the printouts are tested with (printing/limits.py), and say so at the
field: typing stops at the limit, a paste is cut to fit, and a longer interview answer is refused with the
engine's message under its question (nothing stored, no traceback)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events
from textual.widgets import Input, Static, TextArea

from koto_tui.app import KotoApp
from koto_tui.printing.limits import NAME_MAX, TEXT_MAX
from koto_tui.screens.form_dialog import FormDialog
from koto_tui.screens.plan import goal_specs
from koto_tui.widgets.fields import Field
from tests.functional.helpers import seeded, started_interview, unlock, until, workers_settled


def error_text(field: Field) -> str:
    """The message under a form field."""
    return str(field.query_one(".field-error", Static).render())


async def test_typing_stops_at_the_name_limit_and_the_field_says_so(tmp_path: Path) -> None:
    from koto_tui.screens.client_form import ClientFormScreen

    paths, _ids = seeded(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        form = ClientFormScreen()
        await app.push_screen(form)
        await until(pilot, lambda: form.query("#family-name").first(Input) is not None, "the client form")
        name = form.query_one("#family-name", Input)
        name.value = "A" * (NAME_MAX - 1)
        name.focus()
        await pilot.press("end", "b", "c", "d")
        assert name.value == "A" * (NAME_MAX - 1) + "b"
        field = form.query_one("#field-family-name", Field)
        assert field.has_class("-invalid")
        assert f"enintään {NAME_MAX} merkkiä" in error_text(field)


async def test_a_goal_pasted_over_the_limit_is_cut_to_fit_and_saved_at_the_limit(tmp_path: Path) -> None:
    paths, _ids = seeded(tmp_path / "data")
    results: list[dict[str, Any] | None] = []
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        dialog = FormDialog("Tavoite", goal_specs(None))
        await app.push_screen(dialog, results.append)
        await until(pilot, lambda: dialog.query("#dlg-text").first(Input) is not None, "the goal dialog")
        goal = dialog.query_one("#dlg-text", Input)
        goal.focus()
        await pilot.press("end")  # as a terminal pastes: into the focused field
        app.post_message(events.Paste("Opiskelen suomea. " * 400))  # 7,200 characters
        await until(pilot, lambda: len(goal.value) == TEXT_MAX, "the paste, cut at the limit")
        assert goal.value.startswith("Opiskelen suomea. Opiskelen")
        assert f"enintään {TEXT_MAX} merkkiä" in error_text(dialog.query_one("#field-text", Field))
        await pilot.press("x")
        assert len(goal.value) == TEXT_MAX


async def test_an_interview_answer_over_the_limit_is_refused_at_its_question(tmp_path: Path) -> None:
    from koto_tui.screens.interview import InterviewScreen
    from koto_tui.widgets.questions import QuestionField

    paths, interview = started_interview(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        screen = InterviewScreen(interview)
        await app.push_screen(screen)
        await until(pilot, lambda: screen.form is not None, "the form")
        screen.show_section([s.id for s in screen.form.sections].index("goals"))  # type: ignore[union-attr]
        await workers_settled(pilot)

        def focused() -> bool:
            """Focus the own-words answer (looked up afresh: the section's fields may still be swapped in)."""
            area = screen.query_one("#q-own_words", TextArea)
            area.focus()
            return area.has_focus

        await until(pilot, focused, "the own-words answer focused")
        app.post_message(events.Paste("Haluan töihin. " * 400))  # 6,000 characters

        def field() -> QuestionField:
            return screen.query_one("#question-own_words", QuestionField)

        await until(pilot, lambda: field().has_class("-invalid"), "the message under the question")
        message = str(field().query_one(".question-error", Static).render())
        assert f"enintään {TEXT_MAX} merkkiä" in message and "5999 merkkiä" in message  # trailing space cut
        await workers_settled(pilot)
        assert "own_words" not in app.require_store().interviews.answers(interview)
