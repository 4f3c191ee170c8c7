"""The client register: search as you type (name or identity code), open, or add a client."""

from __future__ import annotations

from datetime import date
from functools import lru_cache, partial
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import ColumnKey

from koto_tui.i18n import N_, _, format_number, format_short_date, language, ngettext
from koto_tui.model import ClientSummary
from koto_tui.screens.audit import tell_coordinator_of_break
from koto_tui.screens.base import hand_over, koto
from koto_tui.widgets.footer import KotoFooter
from koto_tui.widgets.header import KotoHeader
from koto_tui.widgets.safe import cell, plain
from koto_tui.widgets.table import SteadyTable

#: Rows added to the client table as soon as a result arrives (more than a screenful); the rest are added
#: once typing pauses: every row added makes the table draw all its visible cells again.
FILL_STEP = 50
#: Seconds without a newer search before the rest of a result is added.
REST_AFTER = 0.25


@lru_cache(maxsize=4096)
def _born(day: date, lang: str) -> str:
    """A date of birth as the list shows it, formatted once per day and language (babel is slow per row)."""
    return format_short_date(day, lang)


#: The columns of the register: the restriction mark's only while restricted clients are listed.
_MARK_COLUMN = ("mark", N_("Processing"))
_COLUMNS = (("name", N_("Name")), ("born", N_("Date of birth")), ("code", N_("Identity code")),
            ("interviews", N_("Interviews")))


def _cells(row: ClientSummary, restricted: bool | None = None) -> tuple[Text | str, ...]:
    """One client's cells: name, date of birth, identity code and interviews (open ones in brackets); first,
    while restricted clients are listed (*restricted* not None), the restriction mark in its own column."""
    born = _born(row.birth_date, language()) if row.birth_date else ""
    opened = f" ({row.open_interviews} " + _("open") + ")" if row.open_interviews else ""
    cells = (cell(row.full_name), born, cell(row.identity_code), f"{row.interviews}{opened}")
    if restricted is None:
        return cells
    # GDPR art. 18: said in words, not by weight alone, and in its own column: a name cannot forge it there.
    return (Text(_("restricted"), style="bold") if restricted else "", *cells)


class ClientsScreen(Screen[None]):
    """All clients, filtered by what is typed in the search box."""

    DEFAULT_CSS = """
    #client-search { margin: 0 1; }
    #client-table { height: 1fr; margin: 0 1; }
    #client-count { color: $text-muted; margin: 0 1; }
    """

    _filling = 0
    """Which result the table is being filled with: a newer one stops the steps of an older one."""
    _asked = 0
    """Which search was asked for last: the answer to an older one is dropped, not shown."""
    _rest: Timer | None = None
    """The pending addition of the rest of a result (stopped when another search is asked for)."""
    _columns: list[ColumnKey]
    _marking: bool | None = None
    """Whether the table has the restriction mark's column (None before its columns are made)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_client", N_("New client"), id="new-client"),
        Binding("ctrl+f", "search", N_("Search"), id="search"),
        Binding("f6", "export", N_("Export"), id="open-export"),
        Binding("f7", "report", N_("Follow-up report"), id="open-report"),
    ]

    def compose(self) -> ComposeResult:
        """Search box above the client table."""
        yield KotoHeader()
        yield Input(placeholder=_("Search by name or identity code"), id="client-search")
        yield SteadyTable(id="client-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="client-count", markup=False)
        yield KotoFooter()

    show_restricted = False
    """Whether restricted clients (GDPR art. 18) are listed too (a coordinator's palette command)."""

    def on_mount(self) -> None:
        """Columns, then the full list."""
        self._set_columns(self.query_one(DataTable), marking=False)
        self.query_one("#client-search", Input).focus()
        self.refresh_list()
        tell_coordinator_of_break(self)

    def _set_columns(self, table: DataTable[Any], *, marking: bool) -> None:
        """The table's columns, with the restriction mark's first when *marking* (the rows go with them)."""
        if marking == self._marking:
            return
        table.clear(columns=True)
        wanted = ((_MARK_COLUMN,) if marking else ()) + _COLUMNS
        self._columns = [table.add_column(_(label), key=key) for key, label in wanted]
        self._marking = marking

    def on_screen_resume(self) -> None:
        """Come back to a fresh list (a client may have been added or changed)."""
        self.refresh_list()

    def refresh_list(self) -> None:
        """Search again with what is in the box."""
        self._search(self.query_one("#client-search", Input).value)

    @on(Input.Changed, "#client-search")
    def _typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, text: str) -> None:
        """Ask for the clients *text* finds: only the answer to the newest question is shown."""
        self._asked += 1
        if self._rest is not None:
            self._rest.stop()  # typing goes on: the rest of the last result would only be drawn over
        self._find(text, self._asked)

    @work(thread=True, exclusive=True, group="client-search")
    def _find(self, text: str, asked: int) -> None:
        from koto_tui.store.restriction import Restrictions

        store = koto(self).require_store()
        rows = store.clients.search(text, include_restricted=self.show_restricted)
        marked = Restrictions(store.session).restricted_ids() if self.show_restricted else set()
        if asked == self._asked:  # a newer search was asked for meanwhile: this answer is stale
            hand_over(self, self._answered, rows, marked, asked)

    def _answered(self, rows: list[ClientSummary], marked: set[int], asked: int) -> None:
        if asked == self._asked:
            self._show(rows, marked)

    def _show(self, rows: list[ClientSummary], marked: set[int] | None = None) -> None:
        table = self.query_one(DataTable)
        self._filling += 1
        marked = marked or set()
        self._set_columns(table, marking=self.show_restricted)
        keys = [str(row.id) for row in rows]
        keep, first = None, len(rows)
        if keys == [row.key.value for row in table.ordered_rows]:
            self._update_cells(table, rows, marked)  # the same clients (a return to the list): what changed
        else:
            keep = self._cursor_key(table)
            table.clear()
            first = max(FILL_STEP, keys.index(keep) + 1 if keep in keys else 0)
            self._add(table, rows[:first], keep, marked)
        if first < len(rows):
            rest = partial(self._add_rest, table, rows[first:], self._filling, keep, marked)
            self._rest = self.set_timer(REST_AFTER, rest)
        found = ngettext("{n} client", "{n} clients", len(rows)).format(n=format_number(len(rows)))
        self._count(found if rows else _("No clients found. Ctrl+N adds one."))

    def _count(self, line: str) -> None:
        """Show how many clients were found; the screen is laid out again only when the line's length
        changes (a layout of the screen on every keystroke is time the next key waits for)."""
        count = self.query_one("#client-count", Static)
        shown = str(count.render())
        if line != shown:
            count.update(plain(line), layout=len(line) != len(shown))

    def _add_rest(self, table: DataTable[Any], rows: list[ClientSummary], filling: int,
                  keep: str | None, marked: set[int]) -> None:
        """The rest of a result, in one step once typing has paused (unless a newer result replaced it)."""
        if filling == self._filling:
            self._add(table, rows, keep, marked)

    def _add(self, table: DataTable[Any], rows: list[ClientSummary], keep: str | None,
             marked: set[int]) -> None:
        """Add *rows* at the end (the *marked* ones said to be restricted), the cursor on *keep*."""
        for row in rows:
            key = str(row.id)
            table.add_row(*_cells(row, row.id in marked if self._marking else None), key=key)
            if key == keep:
                table.move_cursor(row=table.row_count - 1, animate=False)

    def _update_cells(self, table: DataTable[Any], rows: list[ClientSummary], marked: set[int]) -> None:
        for row in rows:
            key, cells = str(row.id), _cells(row, row.id in marked if self._marking else None)
            for column, (old, new) in zip(self._columns, zip(table.get_row(key), cells, strict=True),
                                          strict=True):
                if old != new:
                    table.update_cell(key, column, new)

    @staticmethod
    def _cursor_key(table: DataTable[Any]) -> str | None:
        """The client under the cursor (None when the table is empty)."""
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value)

    @on(Input.Submitted, "#client-search")
    def _open_first(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            self._open(int(str(table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value)))

    @on(DataTable.RowSelected, "#client-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self._open(int(str(event.row_key.value)))

    def _open(self, client_id: int) -> None:
        from koto_tui.screens.rights import open_client

        open_client(self, client_id)  # a restricted client's record asks for a reason first

    def action_search(self) -> None:
        """Focus the search box."""
        self.query_one("#client-search", Input).focus()

    def action_new_client(self) -> None:
        """Open the new-client form; on save, open the new client."""
        from koto_tui.screens.client_form import ClientFormScreen

        def opened(client_id: int | None) -> None:
            if client_id is not None:
                self._open(client_id)

        self.app.push_screen(ClientFormScreen(), opened)

    def action_export(self) -> None:
        """Export toward KOTO-AJ: every client, or the highlighted one."""
        from koto_tui.screens.export import ExportScreen

        table = self.query_one(DataTable)
        if not table.row_count:
            self.app.push_screen(ExportScreen())
            return
        row_key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key
        name = str(table.get_cell(row_key, "name"))
        self.app.push_screen(ExportScreen(int(str(row_key.value)), name))

    def action_report(self) -> None:
        """The integration programme's follow-up report."""
        from koto_tui.screens.report import ReportScreen

        self.app.push_screen(ReportScreen())
