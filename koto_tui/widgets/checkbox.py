"""Check boxes whose state is a mark, not a colour: ✓ when ticked, blank when not.

Textual's Checkbox and SelectionList draw ``▐X▌`` in both states and change only its colour, which a
colour-blind user, a high-contrast theme or a monochrome terminal cannot tell apart (WCAG 1.4.1).
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.widgets import Checkbox, SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

#: The mark inside a ticked box and inside an unticked one.
TICKED = "✓"
UNTICKED = " "

SelectionType = TypeVar("SelectionType")


def mark(ticked: bool) -> str:
    """The glyph inside the box for the state *ticked*."""
    return TICKED if ticked else UNTICKED


class KotoCheckbox(Checkbox):
    """Textual's checkbox with ✓ inside when ticked and a blank when not."""

    @property
    def _button(self) -> Content:
        """As Textual's button (its colours and sides), with the state's own glyph inside."""
        button_style = self.get_visual_style("toggle--button")
        side_style = Style(foreground=button_style.background, background=self.background_colors[1])
        return Content.assemble((self.BUTTON_LEFT, side_style), (mark(self.value), button_style),
                                (self.BUTTON_RIGHT, side_style))


class KotoSelectionList(SelectionList[SelectionType]):
    """Textual's selection list with ✓ inside the box of each chosen option and a blank in the others."""

    def render_line(self, y: int) -> Strip:
        """Textual's line, its box's inner glyph replaced by the option's state."""
        line = super().render_line(y)
        segments = list(line)
        if len(segments) < 2 or (segments[0].text, segments[1].text) != (ToggleButton.BUTTON_LEFT,
                                                              ToggleButton.BUTTON_INNER):
            return line  # not an option's first line (no box drawn)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        segments[1] = Segment(mark(option.value in self.selected), segments[1].style)
        return Strip(segments, line.cell_length)
