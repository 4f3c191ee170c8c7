"""A check box's state is drawn as a mark, not only as a colour (Textual draws ▐X▌ ticked or not)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Checkbox, SelectionList

from koto_tui.app import KotoApp
from koto_tui.widgets.checkbox import TICKED, KotoCheckbox, KotoSelectionList
from tests.functional.helpers import PASSPHRASE, open_settings, seeded, workers_settled


class _Boxes(App[None]):
    def compose(self) -> ComposeResult:
        yield KotoCheckbox("on", value=True, id="on")
        yield KotoCheckbox("off", value=False, id="off")
        yield KotoSelectionList[str](("chosen", "a", True), ("not chosen", "b", False), id="choices")


def _text(app: App[None], widget_id: str, line: int = 0) -> str:
    """The widget's rendered line as plain characters (every colour and style stripped)."""
    return app.query_one(f"#{widget_id}").render_line(line).text


async def test_a_ticked_and_an_unticked_box_differ_in_their_characters() -> None:
    app = _Boxes()
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        on, off = _text(app, "on"), _text(app, "off")
        assert on.replace("on", "") != off.replace("off", "")
        assert TICKED in on and TICKED not in off
        choices = app.query_one("#choices", SelectionList)
        first, second = _text(app, "choices", 0), _text(app, "choices", 1)
        assert TICKED in first and TICKED not in second
        choices.deselect("a")
        await pilot.pause()
        assert TICKED not in _text(app, "choices", 0)
        app.query_one("#off", Checkbox).value = True
        await pilot.pause()
        assert TICKED in _text(app, "off")


async def test_the_settings_boxes_show_their_state_in_characters(tmp_path: Path) -> None:
    # Both of the settings' boxes drew ▐X▌, the ticked one only a brighter X.
    paths, _ = seeded(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(pilot, PASSPHRASE)
        box = app.screen.query_one("#setting-sensitive", Checkbox)
        assert isinstance(box, KotoCheckbox)
        before = box.render_line(0).text
        box.value = not box.value
        await pilot.pause()
        assert box.render_line(0).text != before
        await workers_settled(pilot)
