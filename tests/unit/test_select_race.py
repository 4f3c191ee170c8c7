"""A select removed right after it was added (a question list rebuilt mid-answer) must not stop the app."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical

from koto_tui.widgets.questions import AnswerSelect


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Vertical(id="box")


async def test_select_removed_before_its_mount_is_handled() -> None:
    # Seen under load in the assessment flow: Textual's Select._on_mount queried its overlay after the
    # rebuild had already pruned it (NoMatches), and the app stopped.
    app = _Host()
    async with app.run_test() as pilot:
        box = app.query_one("#box")
        for i in range(30):
            box.mount(AnswerSelect([("a", 1), ("b", 2)], initial=1, id=f"s{i}"))
            if i % 3 == 0:
                await pilot.pause()
            box.remove_children()
        kept = AnswerSelect([("a", 1), ("b", 2)], initial=2, id="kept")
        await box.mount(kept)
        for _ in range(50):  # the stored answer is shown a refresh or two later
            if kept.value == 2:
                break
            await pilot.pause()
        assert kept.value == 2
    assert app._exception is None
