"""A DataTable that lays the screen out again only when its own box changes, and draws nothing again when rows
are added below the ones on screen."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.cache import LRUCache
from textual.geometry import Size
from textual.reactive import Reactive
from textual.render import measure
from textual.screen import Screen
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.widget import Widget
from textual.widgets._data_table import Row, RowKey, default_cell_formatter

from koto_tui.widgets.fit import FitTable

#: DataTable's LRU caches (emptied whenever the table is cleared or its columns change) and the sizes
#: kept here: its cell cache holds 10,000 cells, and every cell drawn anew (after each change, as the update
#: count is in the key) stayed in it, tens of thousands of objects each full collection walked.
_CACHES = {"_row_render_cache": 1000, "_cell_render_cache": 1000, "_row_renderable_cache": 1000,
           "_line_cache": 1000, "_offset_cache": 1, "_ordered_row_cache": 1}


#: The steps of a vertical scroll bar's thumb within one cell (ScrollBarRender.VERTICAL_BARS).
_EIGHTHS = len(ScrollBarRender.VERTICAL_BARS)


class _AcyclicCache(LRUCache[Any, Any]):
    """Textual's LRU cache, whose ``clear`` also unlinks its ring of entries: else each cleared cache was a
    reference cycle holding every row, text and drawn line it had cached (3,000 objects per keystroke in
    the client list), which only a full garbage collection could free."""

    __slots__ = ()

    def clear(self) -> None:
        """Unlink every entry, then empty the cache."""
        for entry in self._cache.values():
            entry.clear()
        self._head.clear()
        super().clear()


class SteadyTable(FitTable):
    """DataTable whose growing content neither relayouts the screen while its box stays as it is, nor draws
    again what it has drawn.

    Textual's DataTable sets its ``virtual_size`` after rows are added, and that reactive asks for a layout
    of the whole screen (20–30 ms at 10,000 rows in the export preview, on every batch). When the table
    already scrolls (its content is taller than its box before and after) and its width does not follow its
    content's, its box cannot change: the scrollbars are updated instead, and the table is drawn again only
    if the new rows reach into its window.

    Every added row also bumps DataTable's update count, which is in the key of each of its render caches:
    after any row was added every visible cell was drawn again, and its list of rows and of their lines was
    built again from all rows (at 18,000 rows, for each batch). A row appended with a fixed height changes
    no line drawn before it, so here it leaves the count as it was, and the two lists are extended with the
    new rows; anything else (a sort, a removed row, a changed cell, a column that got wider, a clear) still
    starts them anew.

    A table whose height is set in the CSS (not ``auto``) keeps its box whatever rows come, so it asks for
    no layout at all (with ``overflow: scroll`` its scroll bars do not come and go either); new rows of a
    fixed height are measured from their texts, not through renderables made for each."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._rows_in_order: list[Row] = []
        self._lines: list[tuple[RowKey, int]] = []
        self._lines_rows = 0
        """How many of ``_rows_in_order`` ``_lines`` covers."""
        self._lists_of = -1
        """The update count the two lists above hold for (-1: none)."""
        self._only_fixed_heights = True
        """False once a row of automatic height was added: then the lists are DataTable's own."""
        self._widths_of_strings: dict[tuple[str, int], int] = {}
        """The measured width of plain-string cells (markup parsed), by string and row height."""
        super().__init__(*args, **kwargs)
        for name, size in _CACHES.items():
            setattr(self, name, _AcyclicCache(size))

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None,
                label: Any = None) -> RowKey:
        """Add a row at the bottom; with a fixed height, the update count stays (nothing drawn changes)."""
        count = self._update_count
        row_key = super().add_row(*cells, height=height, key=key, label=label)
        if height is None:
            self._only_fixed_heights = False
        elif self._only_fixed_heights:
            self._update_count = count
        return row_key

    @property
    def ordered_rows(self) -> list[Row]:
        """The rows as shown; extended with the rows appended since, else built again."""
        if not self._only_fixed_heights:
            return super().ordered_rows
        if self._lists_of != self._update_count or len(self._rows_in_order) > self.row_count:
            self._rows_in_order, self._lines, self._lines_rows = [], [], 0
            self._lists_of = self._update_count
        ordered, rows, locations = self._rows_in_order, self.rows, self._row_locations
        keys = (locations.get_key(index) for index in range(len(ordered), len(rows)))
        ordered.extend(rows[key] for key in keys if key is not None)
        return ordered

    @property
    def _y_offsets(self) -> list[tuple[RowKey, int]]:
        """Each line of the rows: its row's key and the line within the row (DataTable's own, extended)."""
        if not self._only_fixed_heights:
            return super()._y_offsets
        ordered = self.ordered_rows
        lines = self._lines
        for row in ordered[self._lines_rows:]:
            lines.extend((row.key, y) for y in range(row.height))
        self._lines_rows = len(ordered)
        return lines

    def _clear_caches(self) -> None:
        super()._clear_caches()
        self._lists_of = -1

    def clear(self, columns: bool = False) -> SteadyTable:
        """Empty the table (and the lists of its rows and lines)."""
        super().clear(columns)
        self._lists_of = -1
        self._only_fixed_heights = True
        return self

    def _update_dimensions(self, new_rows: Any) -> None:
        """Measure the new rows, then share the width again (FitTable); a column they made wider is drawn
        again from the top."""
        with self._drawn_again_if_wider():
            if self._measure_texts(new_rows):
                self._fit_columns()
            else:
                super()._update_dimensions(new_rows)  # FitTable's: DataTable measures, the width is shared

    def _measure_texts(self, new_rows: Any) -> bool:
        """DataTable's measuring of new rows, for rows of a fixed height without a label: each cell's width
        read from its text (DataTable made every cell's renderable and measured it through Rich, a third
        of the UI thread's time at each handover of the export preview, and filled its renderable cache
        with rows never drawn). False, with nothing done, for rows this does not cover."""
        rows = [self.rows[key] for key in new_rows if key in self._row_locations and key in self.rows]
        if not self._only_fixed_heights or any(row.label is not None or row.auto_height for row in rows):
            return False
        columns, data = self.ordered_columns, self._data
        for row in rows:
            values = data[row.key]
            for column in columns:
                width = self._text_width(values.get(column.key), row.height)
                if width > column.content_width:
                    column.content_width = width
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(
            sum(column.get_render_width(self) for column in self.columns.values())
            + self._row_label_column_width, self._total_row_height + header)
        return True

    def _text_width(self, value: object, height: int) -> int:
        """The width DataTable measures for a cell holding *value* in a row *height* lines tall."""
        if isinstance(value, Text):
            text = value.plain
            return value.cell_len if "\n" not in text else max((cell_len(line) for line in text.splitlines()),
                                                                 default=0)
        if value is None:
            return 0
        key = (value, height) if isinstance(value, str) else None
        if key is not None and key in self._widths_of_strings:
            return self._widths_of_strings[key]
        width = measure(self.app.console, default_cell_formatter(value, wrap=height != 1, height=height), 1)
        if key is not None:
            if len(self._widths_of_strings) > 256:
                self._widths_of_strings.clear()
            self._widths_of_strings[key] = width
        return width

    def _update_column_widths(self, updated_cells: Any) -> None:
        """Measure changed cells; a column that got wider or narrower is drawn again from the top."""
        with self._drawn_again_if_wider():
            super()._update_column_widths(updated_cells)

    @contextlib.contextmanager
    def _drawn_again_if_wider(self) -> Iterator[None]:
        """Bump the update count when the columns' widths change inside: DataTable's cell caches are not
        keyed by width, so a cell drawn before its column was measured again kept its old width on screen
        (even in Textual's own table, when a frame came between a change and the measuring)."""
        widths = [column.content_width for column in self.columns.values()]
        label_width = self._label_column.content_width
        yield
        if (widths != [column.content_width for column in self.columns.values()]
                or label_width != self._label_column.content_width):
            self._update_count += 1
            self.refresh()

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        """Ask for a layout only when the box may change; else update the scrollbars, and repaint only when
        the new content reaches into the window."""
        if self._box_may_change(old, new):
            self.refresh(layout=True)
            return
        window_reached = old.height < self.scroll_offset.y + self.size.height
        if (old.width == new.width and new.height >= old.height and not window_reached
                and self._same_thumb(old.height, new.height)):
            # The scroll bar would be drawn as it is (its thumb is at its least size once the rows are
            # ten times the window): it learns the new height without being drawn again. (Content that
            # got shorter goes the whole way: the scroll offset may have to come back within it.)
            self.vertical_scrollbar.set_reactive(ScrollBar.window_virtual_size, new.height)
            return
        self._scroll_update(new)
        if window_reached or old.width != new.width:
            self.refresh()

    def _same_thumb(self, old: int, new: int) -> bool:
        """Whether the vertical scroll bar's thumb covers the same eighths of a cell for a content *old*
        and *new* lines tall (ScrollBarRender's arithmetic)."""
        bar = self.vertical_scrollbar
        if not self.show_vertical_scrollbar or bar.renderer is not ScrollBarRender:
            return False
        size, window, position = bar.size.height, bar.window_size, bar.position
        if not (size and window) or min(old, new) <= max(window, size):
            return False

        def thumb(virtual: int) -> tuple[int, int]:
            length = max(1, window / (virtual / size))
            start = int((size - length) * (position / (virtual - window)) * _EIGHTHS)
            return start, start + math.ceil(length * _EIGHTHS)

        return thumb(old) == thumb(new)

    def _box_may_change(self, old: Size, new: Size) -> bool:
        """Whether the table's own size on screen may follow from this change of its content's size."""
        box, height = self.size, self.styles.height
        if not box or (old.width != new.width and self._width_follows_content()):
            return True
        if height is not None and not height.is_auto:
            return False  # a height set in the CSS: the rows scroll within it
        return not (old.height > box.height and new.height > box.height)

    def _width_follows_content(self) -> bool:
        """Whether the table is as wide as its content: its width is ``auto``, or a fraction within a
        container as wide as its content (which measures a fraction as ``auto``). No width set, or a
        fraction within a container of a set width, fills that container."""
        width = self.styles.width
        if width is None or not (width.is_auto or width.is_fraction):
            return False
        if width.is_auto:
            return True
        for ancestor in self.ancestors:
            if not isinstance(ancestor, Widget) or isinstance(ancestor, Screen):
                return False
            outer = ancestor.styles.width
            if outer is not None and not outer.is_fraction:
                return outer.is_auto  # a set width ends the question; a fraction or none asks its container
        return False
