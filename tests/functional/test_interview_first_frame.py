"""The interview's first frame: what a condition hides is never drawn, and the section list is there."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import OptionList

from koto_tui.app import KotoApp
from koto_tui.model import ClientData
from koto_tui.screens.interview import InterviewScreen
from koto_tui.store import Store
from koto_tui.widgets.questions import QuestionField
from tests.functional.helpers import PASSPHRASE, open_interview, seeded, until


async def test_questions_are_mounted_hidden_or_shown_as_their_conditions_say(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Seen in tmux on a loaded laptop: the jobseeker note and an empty section list for seconds."""
    mounted: list[tuple[dict[str, bool], int]] = []
    original = InterviewScreen.refresh_logic

    def spy(screen: InterviewScreen) -> None:
        """What the questions and the section list were when mounted, before the conditions are applied."""
        box = screen.query_one("#questions", VerticalScroll)
        shown = {f.question.id: bool(f.display) for f in box.query_children(QuestionField)}
        mounted.append((shown, screen.query_one("#sections", OptionList).option_count))
        original(screen)

    monkeypatch.setattr(InterviewScreen, "refresh_logic", spy)
    paths, (client_id,) = seeded(tmp_path / "data", ClientData("Virtanen", "Aino", None))
    store = Store.unlock(paths, PASSPHRASE)
    interview_id = store.interviews.start(client_id, "assessment", "1", store.profile()).id
    store.close()
    app = KotoApp(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_interview(pilot, interview_id)
        await until(pilot, lambda: bool(mounted), "the first section mounted")
        shown, sections = mounted[0]
        assert shown["jobseeker_note"] is False  # shown only when registered_jobseeker is true
        assert shown["arrival_date"] is True
        assert sections > 1
