"""A DataTable that lays the screen out again only when its own box changes, not for every row added."""

from __future__ import annotations

from typing import Any

from textual.cache import LRUCache
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import DataTable

#: DataTable's LRU caches (emptied whenever the table is cleared or its columns change) and the sizes
#: kept here: its cell cache holds 10,000 cells, and every cell drawn anew (after each change, as the update
#: count is in the key) stayed in it, tens of thousands of objects each full collection walked.
_CACHES = {"_row_render_cache": 1000, "_cell_render_cache": 1000, "_row_renderable_cache": 1000,
           "_line_cache": 1000, "_offset_cache": 1, "_ordered_row_cache": 1}


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


class SteadyTable(DataTable[Any]):
    """DataTable whose growing content does not relayout the screen while its box stays as it is.

    Textual's DataTable sets its ``virtual_size`` after rows are added, and that reactive asks for a layout
    of the whole screen (20–30 ms at 10,000 rows in the export preview, on every batch). When the table
    already scrolls (its content is taller than its box before and after) and its width does not follow its
    content's, its box cannot change: the scrollbars are updated and the table is drawn again instead."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, size in _CACHES.items():
            setattr(self, name, _AcyclicCache(size))

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        """Ask for a layout only when the box may change; else update the scrollbars and repaint."""
        if self._box_may_change(old, new):
            self.refresh(layout=True)
            return
        self._scroll_update(new)
        self.refresh()

    def _box_may_change(self, old: Size, new: Size) -> bool:
        """Whether the table's own size on screen may follow from this change of its content's size."""
        box, width = self.size, self.styles.width
        if not box or (old.width != new.width and width is not None and (width.is_auto or width.is_fraction)):
            return True  # a table as wide as its content (no width set fills its container)
        return not (old.height > box.height and new.height > box.height)
