"""The worklist: what falls due, soonest first, grouped by when; Enter opens the client, interview or plan."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Select, Static

from koto_tui import clock
from koto_tui.i18n import N_, _, format_number, language, ngettext
from koto_tui.i18n.languages import language_name
from koto_tui.rules.due import Kind, Target, short_date
from koto_tui.rules.law import cite, cite_short
from koto_tui.screens.base import hand_over, koto
from koto_tui.widgets.fit import FitTable
from koto_tui.widgets.footer import KotoFooter
from koto_tui.widgets.header import KotoHeader
from koto_tui.widgets.safe import cell, plain
from koto_tui.worklist import GROUP_NAMES, KIND_NAMES, Filters, Group, Row, Worklist, gather

#: The symbol in front of an overdue date: colour is never the only sign.
OVERDUE_MARK = "⚠"
_EVERYONE = "everyone"
_MINE = "mine"
_GROUP_KEY = "group:"
#: At most this many rows of a group are put in the table (a city's whole list would stall the screen).
MAX_SHOWN = 300


def counts_text(worklist: Worklist) -> str:
    """The header line: how many items in each group, and in all."""
    parts = [f"{_(GROUP_NAMES[group])} {format_number(worklist.counts.get(group, 0))}" for group in Group]
    total = worklist.total
    items = ngettext("{n} item", "{n} items", total).format(n=format_number(total))
    return " · ".join(parts) + "  —  " + items


def when_text(row: Row) -> Text:
    """The due date; an overdue one with a mark in front (not only in colour)."""
    day = short_date(row.item.due)
    return Text(f"{OVERDUE_MARK} {day}", style="bold red") if row.group is Group.OVERDUE else Text(day)


def short_citation(row: Row) -> str:
    """The section's short citation (`KotoL 14 §`); the line under the list cites it in full."""
    return cite_short(row.item.section) if row.item.section else "–"


def late_text(row: Row) -> str:
    """How many days an overdue item is late, empty for the others."""
    late = (clock.today() - row.item.due).days
    return ngettext("{n} day late", "{n} days late", late).format(n=late) if late > 0 else ""


def _same(row: Row, other: Row) -> bool:
    """Whether two rows are the same item (across a reload)."""
    a, b = row.item, other.item
    return (a.kind, a.client_id, a.target, a.target_id) == (b.kind, b.client_id, b.target, b.target_id)


class WorklistScreen(Screen[None]):
    """Everything that falls due, for the user or for everyone, with filters and counts."""

    DEFAULT_CSS = """
    #worklist-counts { padding: 0 1; text-style: bold; }
    #worklist-filters { height: auto; padding: 0 1; }
    #worklist-filters Select { width: 1fr; }
    #worklist-table { height: 1fr; margin: 0 1; }
    #worklist-detail { height: auto; min-height: 2; padding: 0 1; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "reload", N_("Refresh"), id="worklist-reload"),
        Binding("escape", "back", N_("Client register"), id="worklist-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filters = Filters()
        self.worklist: Worklist | None = None
        self._languages: tuple[str, ...] = ()
        self._shown: dict[str, Row] = {}
        """The rows on screen by their table key (group titles have none)."""
        self._reading = False
        """A read of the list is running (``_load``)."""
        self._stale = False
        """The list was asked for again while it was being read: it is read once more when that is done."""

    def compose(self) -> ComposeResult:
        """Counts, filters, the list and the selected row's rule in full."""
        yield KotoHeader()
        yield Static(_("Reading the worklist…"), id="worklist-counts", markup=False)
        with Horizontal(id="worklist-filters"):
            yield Select([(_("My items"), _MINE), (_("Everyone's items"), _EVERYONE)], value=_MINE,
                         allow_blank=False, id="worklist-whose")
            yield Select([(_(name), str(kind)) for kind, name in KIND_NAMES.items()],
                         prompt=_("All kinds"), id="worklist-kind")
            yield Select([], prompt=_("All languages"), id="worklist-language")
        yield FitTable(id="worklist-table", cursor_type="row")
        yield Static("", id="worklist-detail")
        yield KotoFooter()

    def on_mount(self) -> None:
        """Columns (sharing the screen's width: the line under the list says a row in full); the list is
        read (in a worker) when the screen is shown (``on_screen_resume``: also its first time)."""
        table = self.query_one(DataTable)
        table.add_column(_("Due"), key="due")
        table.add_column(_("Client"), key="client")
        table.add_column(_("What is due"), key="what")
        table.add_column(_("Rule"), key="rule")
        table.focus()

    def on_screen_resume(self) -> None:
        """Shown, or back from the client, interview or plan: a done item leaves the list."""
        self.action_reload()

    def action_reload(self) -> None:
        """Read the list again with the current filters: now when no read is running, else once more when
        the running one is done. One read at a time: at a city's 100,000 clients each takes 2 s of the
        interpreter, and the three that the first seconds after the unlock started (mount, first showing,
        back from F6) took 9 s each side by side, the collector paused all along."""
        if self._reading:
            self._stale = True
            return
        self._reading, self._stale = True, False
        self._load(self.filters)

    @work(thread=True, group="worklist-load")
    def _load(self, filters: Filters) -> None:
        worklist = None
        try:
            worklist = gather(koto(self).require_store(), clock.today(), filters, shown=MAX_SHOWN)
        finally:
            hand_over(self, self._loaded, worklist)

    def _loaded(self, worklist: Worklist | None) -> None:
        self._reading = False
        if worklist is not None:
            self._show(worklist)
        if self._stale:
            self.action_reload()

    def _show(self, worklist: Worklist) -> None:
        before = self.selected_row()
        self.worklist = worklist
        self.query_one("#worklist-counts", Static).update(counts_text(worklist))
        self._language_choices(worklist.languages)
        table = self.query_one(DataTable)
        table.clear()
        self._fill(table, worklist)
        if not worklist.rows:
            table.add_row("", "", Text(_("Nothing falls due.")), "", key=_GROUP_KEY + "none")
        else:
            table.move_cursor(row=self._row_index(table, before))
        self._show_detail()

    def _row_index(self, table: DataTable[object], before: Row | None) -> int:
        """Where the cursor goes after a reload: the same item when it is still there, else the first."""
        if before is not None:
            for key, row in self._shown.items():
                if _same(row, before):
                    return table.get_row_index(key)
        return 1

    def _fill(self, table: DataTable[object], worklist: Worklist) -> None:
        """A title per group, then its rows (at most ``MAX_SHOWN`` each: the filters narrow a long list)."""
        self._shown = {}
        for group in Group:
            rows = worklist.in_group(group)
            if rows:
                title = f"{_(GROUP_NAMES[group])} ({format_number(worklist.counts[group])})"
                table.add_row(Text("─" * 10, style="bold"), Text(title, style="bold"), "", "",
                              key=_GROUP_KEY + group)
            for index, row in enumerate(rows):
                key = f"{group}:{index}"
                self._shown[key] = row
                table.add_row(when_text(row), cell(row.client.name or "–"), cell(row.item.what),
                              Text(short_citation(row)), key=key)
            if worklist.counts[group] > len(rows):
                more = worklist.counts[group] - len(rows)
                note = ngettext("… and {n} more: narrow the list with the filters",
                                "… and {n} more: narrow the list with the filters", more).format(
                                    n=format_number(more))
                table.add_row("", "", Text(note), "", key=f"{_GROUP_KEY}{group}-more")

    def _language_choices(self, languages: tuple[str, ...]) -> None:
        if languages == self._languages:
            return
        self._languages = languages
        select: Select[str] = self.query_one("#worklist-language", Select)
        with self.prevent(Select.Changed):
            select.set_options([(plain(language_name(code, language()) or code), code) for code in languages])
            if self.filters.language in languages:
                select.value = self.filters.language

    def selected_row(self) -> Row | None:
        """The worklist row under the cursor (None on a group's title)."""
        table = self.query_one(DataTable)
        if self.worklist is None or not table.row_count:
            return None
        key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        return self._shown.get(key)

    @on(DataTable.RowHighlighted, "#worklist-table")
    def _show_detail(self) -> None:
        row = self.selected_row()
        text = Text()
        if row is not None:
            if row.client.name:
                text.append_text(plain(row.client.name + ": ", style="bold"))
            text.append_text(plain(row.item.what))
            if late := late_text(row):
                text.append(f" ({OVERDUE_MARK} {late})", style="bold")
            text.append("\n")
            rule = row.item.rule + (f" ({cite(row.item.section)})" if row.item.section else "")
            text.append(_("Rule: {rule}").format(rule=rule))
        self.query_one("#worklist-detail", Static).update(text)

    @on(DataTable.RowSelected, "#worklist-table")
    def _open(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.app.push_screen(self._place(row))

    def _place(self, row: Row) -> Screen[None]:
        """The screen Enter goes to: an import's list of conflicts; the export of the client's records when
        one waits to be exported (the finalised interview cannot export), else the interview, the plan, or
        the client page."""
        from koto_tui.screens.client import ClientScreen
        from koto_tui.screens.export import ExportScreen
        from koto_tui.screens.import_conflicts import ImportConflictsScreen
        from koto_tui.screens.interview import InterviewScreen
        from koto_tui.screens.plan import PlanScreen

        if row.item.target is Target.IMPORT:
            return ImportConflictsScreen(row.item.target_id, row.item.what)
        if row.item.kind is Kind.NOT_EXPORTED:
            return ExportScreen(row.item.client_id, row.client.name)
        if row.item.target is Target.INTERVIEW:
            return InterviewScreen(row.item.target_id)
        if row.item.target is Target.PLAN:
            return PlanScreen(row.item.target_id)
        return ClientScreen(row.item.client_id)

    @on(Select.Changed)
    def _filter(self, event: Select.Changed) -> None:
        value = event.value if isinstance(event.value, str) else None
        wanted = self.filters
        if event.select.id == "worklist-whose":
            wanted = replace(wanted, mine=value != _EVERYONE)
        elif event.select.id == "worklist-kind":
            wanted = replace(wanted, kind=Kind(value) if value else None)
        elif event.select.id == "worklist-language":
            wanted = replace(wanted, language=value)
        if wanted != self.filters:  # a Select also reports its first value when it is mounted
            self.filters = wanted
            self.action_reload()

    def action_back(self) -> None:
        """To the client register (the screen under the worklist)."""
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
