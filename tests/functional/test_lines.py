"""Lines of text that change while a screen works: laid out again only when their height changes."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

from koto_tui.widgets.lines import show

from .helpers import LayoutCount, until


class _Lines(App[None]):
    CSS = "#plain { width: 20; } #tall { width: 20; min-height: 2; }"

    def compose(self) -> ComposeResult:
        yield Static("", id="plain")
        yield Static("", id="tall")
        yield Static("below", id="below")


async def test_a_line_is_laid_out_again_only_when_its_height_changes() -> None:
    app = _Lines()
    async with app.run_test(size=(40, 12)) as pilot:
        plain, tall = app.query_one("#plain", Static), app.query_one("#tall", Static)
        show(plain, Text("one"))
        await until(pilot, lambda: str(plain.render()) == "one", "one line")
        await pilot.pause()  # the start's layouts (the headless terminal's resizes) are through
        await pilot.pause()
        counted = LayoutCount(app.screen)
        for text in ("two", "a longer line", "one"):
            show(plain, Text(text))
            await until(pilot, lambda: str(plain.render()) == text, "the new text")  # noqa: B023
        show(tall, Text("within its two lines"))  # wraps to two: its minimum height
        await until(pilot, lambda: str(tall.render()).startswith("within"), "the wrapped text")
        await pilot.pause()
        assert counted.layouts == 0 and tall.size.height == 2
        show(plain, Text("a text that wraps to three lines"))
        await until(pilot, lambda: plain.size.height == 2, "the line taller")
        assert counted.layouts >= 1
        show(tall, Text("one that needs more than its two lines to be shown"))
        await until(pilot, lambda: tall.size.height == 3, "taller than its minimum, laid out")
        assert app.query_one("#below").region.y == 5
