"""Export toward KOTO-AJ: what leaves the laptop, what stays and why; writing; marking KOTO-AJ entries."""

from __future__ import annotations

import contextlib
import threading
import time
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, DataTable, Label, Static
from textual.worker import get_current_worker

from koto_tui.i18n import N_, _, format_number, ngettext
from koto_tui.memory import collection_paused
from koto_tui.screens.base import hand_over, koto
from koto_tui.text import sentence
from koto_tui.widgets.checkbox import KotoCheckbox
from koto_tui.widgets.footer import KotoFooter
from koto_tui.widgets.header import KotoHeader
from koto_tui.widgets.lines import show
from koto_tui.widgets.progress import LineProgress
from koto_tui.widgets.safe import cell, notice, plain
from koto_tui.widgets.table import SteadyTable

if TYPE_CHECKING:
    from koto_tui.exchange.export import Exported, ExportRequest, ExportResult
    from koto_tui.exchange.holdback import HeldBack

#: A preview sends its rows to the tables at most this often (seconds): each time, however few rows are
#: new, the tables are laid out and drawn again (15–35 ms of the UI thread at 10,000 clients here).
BATCH_S = 0.25
#: The most rows added to each table in one go on the UI thread (a row costs it about 0.25 ms).
ROWS_PER_CALL = 32
#: The longest the worker waits for the frame that shows the rows it handed over (seconds).
FRAME_WAIT_S = 1.0
#: The progress bar appears when a preview has run this long (seconds).
PROGRESS_AFTER_S = 1.0


def _where(system: str) -> str:
    return "KOTO-AJ" if system == "koto_aj" else _("employment services' systems")


def _collection_paused() -> contextlib.AbstractContextManager[None]:
    """Python's cyclic garbage collector off while a preview builds its rows: its full collections of the
    app's heap stopped the UI for 230–370 ms at a time at 10,000 clients (with it off: 50–60 ms). The
    preview makes no reference cycles to speak of. What it left alive is then frozen (``gc.freeze``) rather
    than collected: switched back on, the collector's first young collection walked every object the
    preview made (80,000 at 10,000 clients, 400–550 ms). Frozen garbage waits for the lock, which unfreezes
    and collects (see ``koto_tui.app.freeze_heap``)."""
    return collection_paused(freeze=True)


#: A row of one of the two tables, made ready to add (its cells through the display rule).
TableRow = tuple[object, object, object]


def _held_row(h: HeldBack) -> TableRow:
    """A row of the table of what stays: the record, whether all or part of it, and why."""
    what = _("part left out") if h.partial else _("held back")
    which = h.document_id or _("client {id}").format(id=h.client_id)
    return cell(which), what, cell(h.message)


def _record_row(r: Exported) -> TableRow:
    """A row of the table of what leaves: the record, where it belongs, its id."""
    return cell(r.document_id), _where(r.record_system), cell(r.uid)


class ExportScreen(Screen[None]):
    """Preview (what would leave and what stays), export, and mark exported records as entered."""

    #: Every box whose size could follow the preview is fixed up front: a layout of the screen reflows
    #: every widget (10–30 ms of the UI thread with the tables filled, 30–90 ms on a loaded machine), and a
    #: preview used to cause several (the tables growing to their height and showing scroll bars, the
    #: progress bar appearing, the count and the first reason taking their lines). So the tables have a
    #: height and both scroll bars from the start, the progress bar keeps its line and is only drawn there,
    #: and the lines of text are laid out again only when their height changes (``widgets.lines.show``).
    #: The progress and its count (then the summary) stand below the scrolled part, above the footer: Textual
    #: draws again every widget whose container overlaps a change, and inside the scrolled part that was
    #: every widget of the screen (the tables, their scroll bars, ...) for each step of the count.
    DEFAULT_CSS = """
    #export { padding: 0 2; }
    #export DataTable { height: 12; overflow: scroll scroll; margin-bottom: 1; }
    #export .buttons { height: auto; margin-bottom: 1; }
    #export .buttons Button { margin-right: 2; }
    #export .note { color: $text-muted; }
    #export-sealing { min-height: 1; }
    #export-status { height: auto; padding: 0 2; }
    #export-result { min-height: 1; }
    #export-why { min-height: 3; margin-bottom: 1; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+e", "export", N_("Export"), id="run-export"),
        Binding("ctrl+d", "preview", N_("Preview"), id="preview-export"),
        Binding("ctrl+k", "mark_entered", N_("Mark entered into KOTO-AJ"), id="mark-entered"),
        Binding("escape", "back", N_("Back"), id="close-export"),
    ]

    def __init__(self, client_id: int | None = None, client_name: str = "") -> None:
        super().__init__()
        self.client_id = client_id
        self.client_name = client_name
        self.held: list[HeldBack] = []
        self._generation = 0
        """Counts previews and exports: rows of an earlier (cancelled) preview are never shown."""

    def compose(self) -> ComposeResult:
        """Options, the records that would leave, the records that stay, and the buttons."""
        yield KotoHeader()
        with VerticalScroll(id="export"):
            yield Label(_("Export toward KOTO-AJ"), classes="form-title")
            yield Static(_("Only finalised assessments and approved or signed plans leave the laptop; every "
                           "record that stays is listed with the reason. Records of registered jobseekers "
                           "belong in the employment services' systems (KotoL 681/2023 § 14)."),
                         classes="note", markup=False)
            if self.client_id is not None:
                yield KotoCheckbox(plain(_("Only {name}").format(name=self.client_name)), value=True,
                                   id="only-client")
            yield KotoCheckbox(_("Export unchanged records again"), id="include-unchanged")
            yield Static("", id="export-sealing", classes="note", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Preview"), id="preview")
                yield Button(_("Export"), id="run", variant="primary")
            yield Label(_("Leaves the laptop"), classes="form-title")
            yield SteadyTable(id="export-records", cursor_type="row")
            yield Label(_("Stays on the laptop, or partly"), classes="form-title")
            yield SteadyTable(id="export-held", cursor_type="row")
            yield Static("", id="export-why", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Mark the selected record entered into KOTO-AJ"), id="mark")
        with Vertical(id="export-status"):
            yield LineProgress(id="export-progress")
            yield Static("", id="export-result", markup=False)
        yield KotoFooter()

    def on_mount(self) -> None:
        """Columns, then a preview."""
        self.query_one("#export-records", DataTable).add_columns(_("Record"), _("Belongs in"), _("Id"))
        self.query_one("#export-held", DataTable).add_columns(_("Record"), _("What"), _("Why"))
        self.action_preview()

    def _request(self, dry_run: bool) -> object:
        from koto_tui.exchange.export import ExportRequest

        only = self.client_id is not None and self.query_one("#only-client", Checkbox).value
        return ExportRequest(client_id=self.client_id if only else None,
                             include_unchanged=self.query_one("#include-unchanged", Checkbox).value,
                             dry_run=dry_run)

    @on(Button.Pressed, "#preview")
    def action_preview(self) -> None:
        """Show what an export would hold and what stays (writes nothing), the rows as they come."""
        self._clear()
        self._generation += 1
        self._preview(self._request(True), self._generation)

    @on(Button.Pressed, "#run")
    def action_export(self) -> None:
        """Write the export file, signed and sealed for the receiving office."""
        self._generation += 1
        self._run(self._request(False), self._generation)

    def _sealing(self) -> str:
        """The line that says whom the export is sealed for (or that it cannot be)."""
        from koto_tui.exchange.seal import fingerprint
        from koto_tui.exchange.settings import receiver_key
        from koto_tui.exchange.trust import signing_key_problem

        store = koto(self).require_store()
        key = receiver_key(store)
        line = _("Sealed for the receiving office (key {fp}).").format(fp=fingerprint(key)) if key else _(
            "No receiving office's key is set: nothing is exported until a coordinator sets it in the "
            "settings (F8).")
        problem = signing_key_problem(store)  # the export would be refused: said before it is tried
        return line if problem is None else line + " " + sentence(problem)

    def _failed(self, exc: Exception) -> None:
        """Say why the export or preview could not be made (never with client data)."""
        from koto_tui.messages import describe_error

        message = describe_error(exc) if isinstance(exc, OSError) else str(exc)
        self.app.call_from_thread(lambda: self.notify(notice(message), severity="error", markup=False))

    @work(thread=True, exclusive=True, group="export")
    def _preview(self, request: ExportRequest, generation: int) -> None:
        """The preview, off the UI thread and with the garbage collector paused."""
        with _collection_paused():
            self._go_through(request, generation)

    def _go_through(self, request: ExportRequest, generation: int) -> None:
        """Go through the clients one at a time; send the rows in batches, with a progress count."""
        from koto_tui.exchange.export import ExportRefused, ExportResult, steps
        from koto_tui.store.exchange import Exchange, UidBook

        worker, store = get_current_worker(), koto(self).require_store()
        sealing = self._sealing()
        try:
            candidates = list(Exchange(store.session).export_candidates(request.client_id))
            records: list[Exported] = []
            held: list[HeldBack] = []
            started = sent = time.monotonic()
            documents, shown = 0, (0, 0)
            for done, step in enumerate(steps(store, request, UidBook(Exchange(store.session))), 1):
                if worker.is_cancelled:
                    return
                documents += step.document is not None
                records += step.records
                held += step.held_back
                if time.monotonic() - sent >= BATCH_S:
                    self._send(generation, records, held, shown, (done, len(candidates)),
                               time.monotonic() - started)
                    shown, sent = (len(records), len(held)), time.monotonic()
        except (ExportRefused, OSError) as exc:
            self._failed(exc)
            return
        if worker.is_cancelled:
            return
        self._send(generation, records, held, shown, (len(candidates), len(candidates)), 0.0)
        result = ExportResult(None, False, documents, tuple(records), tuple(held))
        hand_over(self, self._finish, generation, result, sealing)

    def _send(self, generation: int, records: list[Exported], held: list[HeldBack], shown: tuple[int, int],
              progress: tuple[int, int], elapsed: float) -> None:
        """Hand the rows not shown yet to the UI thread, a few at a time, with the count so far; after each
        handover the worker waits for the frame that shows them, so that it does not take the interpreter
        (the GIL, in 5 ms turns) from the UI thread while the tables are laid out and drawn. The rows' cells
        are made here (the display rule on every value: a third of the UI thread's time in a preview when
        it was made there)."""
        new_records, new_held = records[shown[0]:], held[shown[1]:]
        for start in range(0, max(len(new_records), len(new_held), 1), ROWS_PER_CALL):
            end = start + ROWS_PER_CALL
            held_now = new_held[start:end]
            rows = ([_record_row(r) for r in new_records[start:end]], [_held_row(h) for h in held_now])
            drawn = threading.Event()
            hand_over(self, self._hand_over, drawn, generation, rows, held_now, progress,
                      elapsed >= PROGRESS_AFTER_S)
            drawn.wait(FRAME_WAIT_S)

    def _hand_over(self, drawn: threading.Event, generation: int, rows: tuple[list[TableRow], list[TableRow]],
                   held: list[HeldBack], progress: tuple[int, int], show_progress: bool) -> None:
        """Add the rows, then tell the worker once the frame that shows them is drawn."""
        self._add_rows(generation, rows, held, progress, show_progress)
        self.app.call_after_refresh(drawn.set)

    def _add_rows(self, generation: int, rows: tuple[list[TableRow], list[TableRow]], held: list[HeldBack],
                  progress: tuple[int, int], show_progress: bool) -> None:
        """Append rows (the records that leave, the records that stay, and what stays behind the latter) to
        the two tables and move the progress bar (unless a newer preview has begun)."""
        if generation != self._generation:  # a newer preview (a closed screen is handed nothing)
            return
        self.query_one("#export-records", DataTable).add_rows(rows[0])
        self.held += held
        self.query_one("#export-held", DataTable).add_rows(rows[1])
        bar = self.query_one("#export-progress", LineProgress)
        bar.update(total=progress[1], progress=progress[0])
        bar.show(show_progress and progress[0] < progress[1])
        if show_progress:
            self._count(ngettext("{done} of {n} client gone through (Esc cancels)",
                                 "{done} of {n} clients gone through (Esc cancels)",
                                 progress[1]).format(done=format_number(progress[0]),
                                                     n=format_number(progress[1])))

    def _count(self, line: str) -> None:
        """Show the progress count (drawn again only when it changed: the rows of one batch come in several
        handovers with the same count)."""
        show(self.query_one("#export-result", Static), plain(line))

    def _finish(self, generation: int, result: ExportResult, sealing: str) -> None:
        """The preview is through: hide the progress, say what would be exported."""
        if generation != self._generation:  # a newer preview (a closed screen is handed nothing)
            return
        from koto_tui.exchange.export import summary

        self.query_one("#export-progress", LineProgress).show(False)
        show(self.query_one("#export-sealing", Static), plain(sealing))
        show(self.query_one("#export-result", Static), plain(summary(result, True)))

    def _clear(self) -> None:
        """Empty both tables before new rows come."""
        self.query_one("#export-records", DataTable).clear()
        self.query_one("#export-held", DataTable).clear()
        self.held = []

    @work(thread=True, exclusive=True, group="export")
    def _run(self, request: ExportRequest, generation: int) -> None:
        """Write the export, then show what it held and what stayed, the rows a few at a time."""
        from koto_tui.exchange.export import ExportRefused, run_export

        store = koto(self).require_store()
        sealing = self._sealing()
        try:
            result = run_export(store, request)
        except (ExportRefused, OSError) as exc:
            self._failed(exc)
            return
        hand_over(self, self._show, result, sealing, request.dry_run)
        self._send(generation, list(result.records), list(result.held_back), (0, 0), (1, 1), 0.0)

    def _show(self, result: ExportResult, sealing: str, dry_run: bool) -> None:
        from koto_tui.exchange.export import summary

        show(self.query_one("#export-sealing", Static), plain(sealing))
        line = summary(result, dry_run)
        if result.path is not None:
            self.notify(notice(line), markup=False)
        show(self.query_one("#export-result", Static), plain(line))
        self._clear()

    @on(DataTable.RowHighlighted, "#export-held")
    def _why(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self.held):
            show(self.query_one("#export-why", Static), plain(self.held[event.cursor_row].message))

    @on(Button.Pressed, "#mark")
    def action_mark_entered(self) -> None:
        """Mark the selected unchanged, exported record as entered into KOTO-AJ."""
        from koto_tui.exchange.holdback import Reason

        table = self.query_one("#export-held", DataTable)
        chosen = self.held[table.cursor_row] if self.held and table.row_count else None
        if chosen is None or chosen.reason is not Reason.UNCHANGED:
            self.notify(_("Choose an exported, unchanged record in the list of records that stay."),
                        severity="warning")
            return
        self._mark(chosen)

    @work(thread=True, exclusive=True, group="export")
    def _mark(self, held: HeldBack) -> None:
        from koto_tui.exchange.export import ExportRefused, mark_entered
        from koto_tui.store.exchange import Exchange

        store = koto(self).require_store()
        entity = "interview" if held.entity == "assessment" else "plan"
        uid = Exchange(store.session).uid(entity, held.local_id)
        try:
            done = mark_entered(store, uid)
        except ExportRefused as exc:
            error = str(exc)
            self.app.call_from_thread(lambda: self.notify(notice(error), severity="error", markup=False))
            return
        kept = _("The laptop copy was purged.") if done.purged else _("The laptop copy is kept.")
        message = f"{held.document_id}: " + _("marked as entered into KOTO-AJ.") + " " + kept
        self.app.call_from_thread(lambda: self.notify(notice(message), markup=False))
        hand_over(self, self.action_preview)

    def action_back(self) -> None:
        """Cancel a preview that is going through the clients; else back to the client register."""
        running = [w for w in self.workers if w.node is self and w.group == "export" and w.is_running]
        if running and self.query_one("#export-progress", LineProgress).shown:
            for worker in running:
                worker.cancel()
            self._generation += 1  # rows already handed over to the UI thread are dropped, not shown
            self.query_one("#export-progress", LineProgress).show(False)
            show(self.query_one("#export-result", Static), plain(_("Preview cancelled.")))
            return
        self.dismiss(None)
