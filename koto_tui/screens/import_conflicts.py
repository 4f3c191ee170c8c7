"""An import's conflicts, one a line: the client, the record and why it was left as it was; Enter opens the
client's page, where the copy here is compared and corrected by hand.

A screen over the worklist rather than a modal dialog: a modal hides the app's keys (the palette, and so the
footer's palette key every screen shows), and the list is read like the worklist under it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from koto_tui.exchange.conflicts import entity_text, reason_text
from koto_tui.i18n import N_, _, ngettext
from koto_tui.screens.base import hand_over, koto
from koto_tui.store.exchange import ConflictLine
from koto_tui.widgets.fit import FitTable
from koto_tui.widgets.footer import KotoFooter
from koto_tui.widgets.header import KotoHeader
from koto_tui.widgets.safe import cell, plain


def client_cell(line: ConflictLine) -> Text:
    """The client's name; a restricted one's (GDPR art. 18) is not shown: the mark column says why."""
    return cell("–" if line.restricted else line.name or "–")


def mark_cell(line: ConflictLine) -> Text:
    """The restriction mark, said in words in its own column (as in the client register): a name cannot
    forge it there."""
    return Text(_("restricted"), style="bold") if line.restricted else Text("")


def what_cell(line: ConflictLine) -> Text:
    """What the conflict is about: the client's details, or the record and its document id."""
    conflict = line.conflict
    if conflict.entity == "client":
        return cell(entity_text(conflict.entity))
    return cell(f"{entity_text(conflict.entity)} {conflict.document_id}")


def unlisted_text(count: int, listed: int) -> str:
    """A note when the import counted more conflicts than are listed (made before koto kept the list, or
    their clients have been erased since)."""
    more = count - listed
    if more <= 0:
        return ""
    return ngettext("{n} more conflict is not listed: the import was made before koto kept the list, or the "
                    "client has been erased since.",
                    "{n} more conflicts are not listed: the import was made before koto kept the list, or "
                    "their clients have been erased since.", more).format(n=more)


class ImportConflictsScreen(Screen[None]):
    """The records one import left as they were, with their clients; Enter goes to the client's page."""

    DEFAULT_CSS = """
    ImportConflictsScreen > Vertical { height: 1fr; padding: 0 1; }
    ImportConflictsScreen .title { text-style: bold; }
    ImportConflictsScreen #conflicts-detail { height: auto; min-height: 2; }
    ImportConflictsScreen #conflicts-note { color: $text-muted; height: auto; }
    ImportConflictsScreen #conflicts-table { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="conflicts-close"),
    ]

    def __init__(self, import_id: int, title: str) -> None:
        super().__init__()
        self.import_id = import_id
        self.title_text = title
        """The worklist's line of the import (its date and count)."""
        self.lines: list[ConflictLine] = []

    def compose(self) -> ComposeResult:
        """The import's line, the conflicts' table and a note on what to do."""
        yield KotoHeader()
        with Vertical():
            yield Label(plain(self.title_text), classes="title")
            yield FitTable(id="conflicts-table", cursor_type="row")
            yield Static("", id="conflicts-detail")
            yield Static(_("Enter opens the client's page: compare the record there with the file's and "
                           "correct it by hand."), id="conflicts-note", markup=False)
        yield KotoFooter()

    def on_mount(self) -> None:
        """The conflicts, read in a worker."""
        self.query_one(DataTable).focus()
        self._load()

    @work(thread=True, exclusive=True, group="import-conflicts")
    def _load(self) -> None:
        from koto_tui.store.exchange import Exchange

        exchange = Exchange(koto(self).require_store().session)
        lines = exchange.conflicts(self.import_id)
        hand_over(self, self._show, lines, exchange.conflicts_counted(self.import_id))

    def _show(self, lines: list[ConflictLine], counted: int) -> None:
        self.lines = lines
        table: DataTable[object] = self.query_one(DataTable)
        table.clear(columns=True)
        marking = any(line.restricted for line in lines)
        if marking:  # first, as in the client register
            table.add_column(_("Processing"), key="mark")
        table.add_column(_("Client"), key="client")
        table.add_column(_("What"), key="what")
        table.add_column(_("Why it was left as it was"), key="why")
        for index, line in enumerate(lines):
            cells = (client_cell(line), what_cell(line), cell(reason_text(line.conflict.reason)))
            table.add_row(*((mark_cell(line),) if marking else ()), *cells, key=str(index))
        note = unlisted_text(counted, len(lines))
        if note:
            self.query_one("#conflicts-note", Static).update(plain(note))
        self._show_detail()

    def _selected(self) -> ConflictLine | None:
        """The conflict under the cursor."""
        table: DataTable[object] = self.query_one(DataTable)
        row = table.cursor_row
        return self.lines[row] if table.row_count and 0 <= row < len(self.lines) else None

    @on(DataTable.RowHighlighted, "#conflicts-table")
    def _show_detail(self) -> None:
        """The highlighted conflict in full under the list (the table's columns cut it at 80 columns)."""
        line = self._selected()
        text = Text()
        if line is not None:
            if not line.restricted:  # a restricted client's name is not shown: the mark column says so
                text.append_text(client_cell(line))
                text.append(", ")
            text.append_text(what_cell(line))
            text.append(": ")
            text.append_text(plain(reason_text(line.conflict.reason)))
        self.query_one("#conflicts-detail", Static).update(text)

    @on(DataTable.RowSelected, "#conflicts-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        """The client's page (a restricted client's only after a reason, as everywhere)."""
        from koto_tui.screens.rights import open_client

        index = int(str(event.row_key.value))
        if 0 <= index < len(self.lines):
            open_client(self, self.lines[index].conflict.client_id)

    def action_close(self) -> None:
        """Back to the worklist."""
        self.app.pop_screen()
