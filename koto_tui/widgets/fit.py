"""A DataTable whose columns share its width, so that every column's header is on screen at 80 columns."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual import events
from textual.geometry import Size
from textual.widgets import DataTable


def shared_widths(wants: list[int], floors: list[int], room: int) -> list[int]:
    """Column widths within *room* cells: what each column *wants* when all fit; else each gets its floor
    (its header) and the cells left over go first to the columns that want least beyond it, the rest shared
    evenly by the others (a date stays whole, long texts are cut alike)."""
    if sum(wants) <= room:
        return list(wants)
    widths = [min(floor, want) for floor, want in zip(floors, wants, strict=True)]
    spare = room - sum(widths)
    order = sorted(range(len(wants)), key=lambda index: wants[index] - widths[index])
    for done, index in enumerate(order):
        extra = max(0, min(wants[index] - widths[index], spare // (len(order) - done)))
        widths[index] += extra
        spare -= extra
    return widths


class FitTable(DataTable[Any]):
    """DataTable whose columns are as wide as their content while the table is wide enough, else share its
    width: no column narrower than its header, the longest cut (the row's details say it in full). When even
    the headers do not fit with the padding on both sides of each column, a column keeps one blank cell on
    its right only (the seven headers of the report's services side by side at 80 columns)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._padding = self.cell_padding
        """The padding asked for, given up only while the headers would not fit with it."""

    def _on_resize(self, _event: events.Resize) -> None:
        self._fit_columns()

    def watch_show_vertical_scrollbar(self) -> None:
        """A scroll bar that came or went changed the room the columns have."""
        self.call_after_refresh(self._fit_columns)

    def _update_dimensions(self, new_rows: Any) -> None:
        """Measure the new rows (DataTable), then share the width again."""
        super()._update_dimensions(new_rows)
        self._fit_columns()

    def _room(self) -> int:
        """The cells the columns may take with their padding: the table's width less its vertical scroll bar
        and the row labels."""
        return self.scrollable_content_region.width - self._row_label_column_width

    def _fit_columns(self) -> None:
        """Set each column's width (and the padding) from its content and header within the table's room."""
        columns = list(self.ordered_columns)
        if not columns or not self.size.width:
            return
        room, padding = self._room(), self._padding
        wants = [column.content_width for column in columns]
        floors = [cell_len(column.label.plain) for column in columns]
        if padding and sum(floors) + 2 * padding * len(columns) > room:
            gaps = [1] * (len(columns) - 1) + [0]  # a blank cell between columns, none after the last
            padding = 0
            wants = [want + gap for want, gap in zip(wants, gaps, strict=True)]
            floors = [floor + gap for floor, gap in zip(floors, gaps, strict=True)]
        widths = shared_widths(wants, floors, room - 2 * padding * len(columns))
        if padding == self.cell_padding and [(c.auto_width, c.width) for c in columns] == [
                (False, width) for width in widths]:
            return
        self.cell_padding = padding
        for column, width in zip(columns, widths, strict=True):
            column.auto_width, column.width = False, width
        self._update_count += 1  # the drawn cells are cached without their width
        data_width = sum(column.get_render_width(self) for column in columns)
        self.virtual_size = Size(data_width + self._row_label_column_width, self.virtual_size.height)
        self.refresh()
