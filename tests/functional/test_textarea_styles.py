"""A long-text answer survives being drawn while its component styles are not resolved (textual 6528)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import TextArea

from koto_tui.widgets.questions import AnswerTextArea


class Holder(App[None]):
    """One stock TextArea and one answer TextArea."""

    def compose(self) -> ComposeResult:
        yield TextArea("stock", id="stock")
        yield AnswerTextArea("answer", id="answer")


async def test_drawing_before_styles_are_resolved_does_not_crash() -> None:
    app = Holder()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        stock, answer = app.query_one("#stock", TextArea), app.query_one("#answer", AnswerTextArea)
        # The state Textual leaves a TextArea in right after its removal, or before its first style pass.
        for area in (stock, answer):
            area._component_styles.clear()
            area._rich_style_cache.clear()
        with pytest.raises(KeyError, match="text-area--gutter"):
            stock.render_lines(Region(0, 0, 20, 2))  # what crashed koto while typing
        lines = answer.render_lines(Region(0, 0, 20, 2))
        assert len(lines) == 2 and all(line.cell_length == 20 for line in lines)
        app.stylesheet.update(answer)  # styles resolved again: the text is drawn
        drawn = "".join(line.text for line in answer.render_lines(Region(0, 0, 20, 3)))
        assert "answer" in drawn
