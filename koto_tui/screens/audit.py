"""The audit trail for a coordinator: filter by client, user, action and dates; is the chain intact; CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from koto_tui.audit import CsvRefused, break_text, default_path, export_csv, status_text
from koto_tui.audit.names import action_name, entity_name
from koto_tui.i18n import N_, _, format_number, ngettext
from koto_tui.messages import describe_error
from koto_tui.rules.clients import parse_date
from koto_tui.screens.base import hand_over, koto
from koto_tui.screens.form_dialog import FieldSpec, FormDialog
from koto_tui.store.audit import AuditFilter, AuditRefused, AuditRow
from koto_tui.store.audit_chain import ChainReport
from koto_tui.store.connection import DatabaseError
from koto_tui.widgets.fit import FitTable
from koto_tui.widgets.footer import KotoFooter
from koto_tui.widgets.header import KotoHeader
from koto_tui.widgets.safe import cell, notice, plain

#: At most this many rows are shown (the newest); the CSV holds every matching row.
SHOWN = 1000
#: The longest key text the export dialog takes (an age1… key is 62 characters; spaces may be pasted in).
MAX_KEY = 200


def refuse_unless_coordinator(node: Any) -> bool:
    """True when the signed-in user may see the audit trail; otherwise say why and return False."""
    store = koto(node).require_store()
    if store.audit.is_coordinator():
        return True
    node.notify(_("Only an integration coordinator can read the audit trail."), severity="error", timeout=8)
    return False


def show_audit(node: Any) -> None:
    """Open the audit screen (a coordinator only)."""
    if refuse_unless_coordinator(node):
        node.app.push_screen(AuditScreen())


def tell_coordinator_of_break(node: Any) -> None:
    """After unlock, for a coordinator: the whole chain is checked in a worker (about 1 s per 100,000 rows)
    and a break is told once, naming its first row (counsellors just work)."""
    store = koto(node).require_store()

    def check() -> None:
        try:
            if not store.audit.is_coordinator():
                return
            store.audit.full_check()
            breaks = store.audit.untold_breaks()
        except DatabaseError:
            return  # closed under the check (koto quit at once): checked again at the next unlock
        if breaks:
            text = " ".join(break_text(b) for b in breaks)
            node.app.call_from_thread(
                node.notify, text + " " + _("It was recorded in the audit trail (F12, Audit trail)."),
                title=_("Audit trail"), severity="error", timeout=60, markup=False)

    node.run_worker(check, thread=True, group="audit-check")


class AuditScreen(Screen[None]):
    """Newest rows first; the filters apply as they are changed."""

    DEFAULT_CSS = """
    #audit { padding: 0 1; }
    #audit-filters { layout: grid; grid-size: 3; grid-columns: 1fr 1fr 1fr; grid-rows: 3; height: 6; }
    #audit-filters Input, #audit-filters Select, #audit-filters Button { width: 100%; }
    #audit-chain { margin: 0 0 1 0; }
    #audit-chain.-broken { color: $error; text-style: bold; }
    #audit-table { height: 1fr; }
    #audit-count { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f6", "export", N_("Export as CSV"), id="audit-export"),
        Binding("escape", "back", N_("Back"), id="audit-back"),
    ]

    def compose(self) -> ComposeResult:
        """Filters, the chain's state, the rows."""
        yield KotoHeader()
        with Vertical(id="audit"):
            yield Label(_("Audit trail"), classes="form-title")
            with Horizontal(id="audit-filters"):
                yield Input(placeholder=_("Client id"), id="audit-client", type="integer")
                yield Select[str]([], prompt=_("Every user"), id="audit-user")
                yield Select[str]([], prompt=_("Every action"), id="audit-action")
                yield Input(placeholder=_("From d.m.yyyy"), id="audit-since")
                yield Input(placeholder=_("To d.m.yyyy"), id="audit-until")
                yield Button(_("Export as CSV"), id="audit-export-button")
            yield Static(_("Checking the chain…"), id="audit-chain", markup=False)
            yield FitTable(id="audit-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="audit-count", markup=False)
        yield KotoFooter()

    def on_mount(self) -> None:
        """Columns, the choices of the filters, then the rows and the full chain check (in workers)."""
        self.query_one("#audit-table", DataTable).add_columns(
            _("Row"), _("Time"), _("User"), _("Action"), _("Record type"), _("Record id"), _("Detail"))
        self.rows: list[AuditRow] = []
        self._choices()
        self._check_chain()
        self.reload()

    @work(thread=True, group="audit-choices")
    def _choices(self) -> None:
        store = koto(self).require_store()
        try:
            users, actions = store.audit.users(), store.audit.actions()
        except AuditRefused:
            return
        hand_over(self, self._set_choices, users, actions)

    def _set_choices(self, users: list[tuple[str, str]], actions: list[str]) -> None:
        self.query_one("#audit-user", Select).set_options([(plain(name or uid), uid) for uid, name in users])
        self.query_one("#audit-action", Select).set_options([(plain(action_name(a)), a) for a in actions])

    @work(thread=True, exclusive=True, group="audit-chain")
    def _check_chain(self) -> None:
        try:
            report = koto(self).require_store().audit.verify()
        except AuditRefused as refused:
            hand_over(self, self._refused, str(refused))
            return
        hand_over(self, self._show_chain, report)

    def _show_chain(self, report: ChainReport) -> None:
        label = self.query_one("#audit-chain", Static)
        label.update(plain(status_text(report)))
        label.set_class(not report.intact, "-broken")

    def _refused(self, message: str) -> None:
        self.notify(notice(message), severity="error", timeout=8, markup=False)
        self.app.pop_screen()

    def current_filter(self) -> AuditFilter | None:
        """The filter the fields describe, or None (with the problem shown) when a date is not a date."""
        value = self.query_one("#audit-client", Input).value.strip()
        user = self.query_one("#audit-user", Select).value
        action = self.query_one("#audit-action", Select).value
        try:
            since, until = (self._day(f"#audit-{name}") for name in ("since", "until"))
        except ValueError as exc:
            self.query_one("#audit-count", Static).update(plain(exc))
            return None
        return AuditFilter(client_id=int(value) if value.isdecimal() else None,
                           user_id=user if isinstance(user, str) else None,
                           action=action if isinstance(action, str) else None, since=since, until=until)

    def _day(self, selector: str) -> Any:
        text = self.query_one(selector, Input).value.strip()
        return parse_date(text) if text else None

    @on(Input.Changed)
    @on(Select.Changed)
    def reload(self) -> None:
        """Read the matching rows again."""
        where = self.current_filter()
        if where is not None:
            self._load(where)

    @work(thread=True, exclusive=True, group="audit-load")
    def _load(self, where: AuditFilter) -> None:
        try:
            rows = koto(self).require_store().audit.rows(where)
        except AuditRefused as refused:
            hand_over(self, self._refused, str(refused))
            return
        hand_over(self, self._show, where, rows)

    def _show(self, where: AuditFilter, rows: list[AuditRow]) -> None:
        if where != self.current_filter():
            return  # a later filter's rows are on their way
        self.rows = rows
        table = self.query_one("#audit-table", DataTable)
        table.clear()
        for r in rows[:SHOWN]:
            who = cell(r.user_name or r.user_id or "–")
            table.add_row(str(r.id), cell(r.at.replace("T", " ")), who, cell(action_name(r.action)),
                          cell(entity_name(r.entity)), cell(r.entity_id), cell(r.detail), key=str(r.id))
        count = ngettext("{n} row", "{n} rows", len(rows)).format(n=format_number(len(rows)))
        if len(rows) > SHOWN:
            count += " " + _("(the newest {shown} shown; the CSV has them all)").format(
                shown=format_number(SHOWN))
        self.query_one("#audit-count", Static).update(count)

    @on(Button.Pressed, "#audit-export-button")
    def action_export(self) -> None:
        """Ask where to write the CSV (default: exports/ in the data directory) and for whose key it is sealed
        (default: the receiving office's), then write it sealed."""
        store = koto(self).require_store()
        specs = [FieldSpec("path", _("File"), required=True, default=str(default_path(store))),
                 FieldSpec("recipient", _("Sealed for the key (age1…; empty: the receiving office's key)"),
                           max_length=MAX_KEY)]
        self.app.push_screen(FormDialog(_("Export the audit trail as a sealed CSV"), specs), self._export_to)

    def _export_to(self, values: dict[str, Any] | None) -> None:
        where = self.current_filter()
        if values and where is not None:
            recipient = str(values.get("recipient") or "").strip()
            self._write(where, Path(str(values["path"])).expanduser(), (recipient,) if recipient else ())

    @work(thread=True, group="audit-export")
    def _write(self, where: AuditFilter, path: Path, recipients: tuple[str, ...]) -> None:
        store = koto(self).require_store()
        try:
            written = export_csv(store, store.audit.rows(where), path, keys=recipients)
        except AuditRefused as refused:
            hand_over(self, self._refused, str(refused))
        except (CsvRefused, OSError) as exc:
            reason = describe_error(exc) if isinstance(exc, OSError) else str(exc)
            message = _("Could not write the CSV file: {reason}").format(reason=reason)
            self.app.call_from_thread(self.notify, notice(message), severity="error", timeout=15,
                                      markup=False)
        else:
            message = _("The audit trail was written to {path}, sealed with age.").format(path=written)
            self.app.call_from_thread(self.notify, notice(message), timeout=15, markup=False)
            hand_over(self, self.reload)  # the export itself is a new row

    def action_back(self) -> None:
        """Back."""
        self.app.pop_screen()
