"""Lines of text (a count, a summary, a reason) that change while a screen works, without laying the screen
out again while they keep their height.

Textual's ``Static.update`` asks for a layout of the screen by default, and a layout reflows every widget
of the screen: on the export screen with its two tables filled, 10–30 ms of the UI thread's CPU, stretched
to 30–90 ms of wall-clock time on a loaded machine. A line whose text changes but which takes as many lines
as before changes no box, so it is only drawn again."""

from __future__ import annotations

from rich.text import Text
from textual.css.scalar import Unit
from textual.geometry import Size
from textual.widgets import Static


def show(line: Static, text: Text) -> None:
    """Show *text* in *line*: drawn again only when it changed, and the screen laid out again only when the
    line's height on screen changes (the lines the text wraps to at its width, within its CSS bounds)."""
    if isinstance(line.content, Text) and line.content == text:
        return
    before = line.size
    line.update(text, layout=False)
    if not before.width or height_of(line, before.width) != before.height:
        line.refresh(layout=True)


def height_of(line: Static, width: int) -> int | None:
    """The height *line* takes for its content at *width* columns: its gutter and its minimum and maximum
    height included (None when a bound is not in cells, such as a percentage: then it is laid out)."""
    styles = line.styles
    if styles.height is not None and not styles.height.is_auto:
        return line.size.height  # a height that its content does not change
    content_width = width - styles.gutter.width
    height = line.get_content_height(Size(width, 0), line.app.size, content_width) + styles.gutter.height
    for bound, pick in ((styles.min_height, max), (styles.max_height, min)):
        if bound is not None:
            if bound.unit is not Unit.CELLS:
                return None
            height = pick(height, int(bound.value))
    return height
