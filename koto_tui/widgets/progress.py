"""A progress bar on a line of its own that is blank while out of sight.

Textual's ``ProgressBar`` hidden with ``opacity: 0`` is still drawn, its glyphs and "100%" in the
background's colour: a copy of the screen, a terminal's scrollback read as text or a screen reader met them
after every export preview. Hidden with ``display`` or ``visibility`` instead, it would lay the whole
screen out again each time it came and went (10–30 ms of the UI thread with the export screen's tables
filled). This bar keeps its line and draws spaces there until it is shown.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.widget import Widget

#: The glyphs of the bar: done, and still to go.
_DONE, _LEFT = "━", "─"


class LineProgress(Widget):
    """How far a long job has got (a bar and a percentage), shown with ``show(True)``; blank otherwise."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"line-progress--done", "line-progress--left"}
    DEFAULT_CSS = """
    LineProgress { height: 1; width: 1fr; }
    LineProgress > .line-progress--done { color: $accent; }
    LineProgress > .line-progress--left { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.total = 0
        self.progress = 0

    @property
    def shown(self) -> bool:
        """Whether the bar is in sight (its line is blank otherwise)."""
        return self.has_class("-shown")

    def show(self, shown: bool) -> None:
        """Bring the bar into sight, or leave its line blank."""
        if shown != self.shown:
            self.set_class(shown, "-shown")
            self.refresh()

    def update(self, *, total: int, progress: int) -> None:
        """Set how much there is and how much is done (drawn again only when in sight and changed)."""
        if (total, progress) != (self.total, self.progress):
            self.total, self.progress = total, progress
            if self.shown:
                self.refresh()

    def render(self) -> Text:
        """Spaces when out of sight; else the bar and the share done, in whole per cent."""
        if not self.shown or self.total <= 0:
            return Text("")
        share = min(max(self.progress / self.total, 0.0), 1.0)
        percent = f" {int(share * 100):>3d}%"
        width = max(self.size.width - len(percent), 1)
        done = round(width * share)
        bar = Text.assemble((_DONE * done, self.get_component_rich_style("line-progress--done")),
                            (_LEFT * (width - done), self.get_component_rich_style("line-progress--left")))
        return Text.assemble(bar, percent)
