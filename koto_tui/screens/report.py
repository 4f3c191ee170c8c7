"""The integration programme's follow-up report: tables, a chart per month, CSV and PDF files."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, Label, Static

from koto_tui import clock
from koto_tui.i18n import N_, _, format_short_date, language
from koto_tui.rules.clients import parse_date
from koto_tui.screens.base import hand_over, koto
from koto_tui.widgets.fit import FitTable
from koto_tui.widgets.footer import KotoFooter
from koto_tui.widgets.header import KotoHeader
from koto_tui.widgets.safe import cell, notice, plain

if TYPE_CHECKING:
    from koto_tui.report import FollowUpReport

BAR = "█"
BAR_WIDTH = 25


def _day(text: str) -> date | None:
    """The date in a period field, as the UI writes it (27.11.2026, or 2026-11-27 in English)."""
    try:
        return parse_date(text)
    except ValueError:
        return None


def chart(rows: tuple[tuple[object, ...], ...], legend: tuple[str, str]) -> Text:
    """Assessments and plans per month, one line per month with a bar for each (text, never markup)."""
    top = max([int(str(v)) for r in rows for v in r[1:3]] + [1])
    text = Text()
    text.append(f"{BAR} {legend[0]}  ", style="blue")
    text.append(f"{BAR} {legend[1]}\n", style="yellow")
    for month, assessments, plans in (r[:3] for r in rows):
        text.append(f"{month}  ")
        for count, style in ((assessments, "blue"), (plans, "yellow")):
            n = int(str(count))
            bar = BAR * round(n * BAR_WIDTH / top)
            text.append(bar.ljust(BAR_WIDTH), style=style)
            text.append(f" {n:>4}  ")
        text.append("\n")
    return text


def _cell(value: object) -> str | Text:
    from babel.numbers import format_decimal

    if isinstance(value, float):
        return str(format_decimal(value, "0.0", locale=language()))
    return "–" if value is None else cell(value)


class ReportScreen(Screen[None]):
    """Choose the period; the report's tables and chart; save as CSV or PDF."""

    DEFAULT_CSS = """
    #report { padding: 0 2; }
    ReportScreen.-narrow #report { padding: 0 1; }
    #report DataTable { height: auto; max-height: 16; margin-bottom: 1; }
    #report .buttons { height: auto; margin-bottom: 1; }
    #report .buttons Button, #report .buttons Input { margin-right: 1; }
    #report .buttons Button { min-width: 0; }
    #report .buttons Input { width: 14; }
    #report-chart { margin-bottom: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "csv", N_("Save CSV"), id="report-csv"),
        Binding("f6", "pdf", N_("Save PDF"), id="report-pdf"),
        Binding("escape", "back", N_("Back"), id="close-report"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.report: FollowUpReport | None = None

    def compose(self) -> ComposeResult:
        """The period, then the tables."""
        year = clock.today().year
        yield KotoHeader()
        with VerticalScroll(id="report"):
            yield Label(_("Follow-up report of the integration programme"), classes="form-title")
            with Horizontal(classes="buttons"):
                yield Input(format_short_date(date(year, 1, 1)), id="report-from")
                yield Input(format_short_date(date(year, 12, 31)), id="report-to")
                yield Button(_("Show"), id="report-show", variant="primary")
                yield Button(_("Save CSV"), id="report-save-csv")
                yield Button(_("Save PDF"), id="report-save-pdf")
            yield Static("", id="report-chart")
            yield VerticalScroll(id="report-tables")
        yield KotoFooter()

    def on_mount(self) -> None:
        """The report of this year."""
        self._show_report()

    @on(Button.Pressed, "#report-show")
    @on(Input.Submitted)
    def _show_report(self) -> None:
        start, end = (_day(self.query_one(f"#report-{w}", Input).value) for w in ("from", "to"))
        if start is None or end is None or end < start:
            self.notify(_("Write the period as two dates, e.g. 1.1.2026 and 31.12.2026."), severity="warning")
            return
        self._build(start, end)

    @work(thread=True, exclusive=True, group="report")
    def _build(self, start: date, end: date) -> None:
        from koto_tui.report import build_report

        made = build_report(koto(self).require_store(), start, end, clock.today(), language())
        hand_over(self, self._show, made)

    def _show(self, made: FollowUpReport) -> None:
        self.report = made
        self.query_one("#report-chart", Static).update(
            chart(made.table("months").rows, (_("Assessments"), _("Plans"))))
        box = self.query_one("#report-tables", VerticalScroll)
        box.remove_children()
        for table in made.tables:
            grid: DataTable[object] = FitTable(id=f"report-{table.id}", cursor_type="row")
            box.mount(Label(plain(table.title), classes="form-title"), grid)
            grid.add_columns(*(plain(h) for h in table.headers))
            for row in table.rows:
                grid.add_row(*(_cell(c) for c in row))

    @on(Button.Pressed, "#report-save-csv")
    def action_csv(self) -> None:
        """Save the tables as CSV for a spreadsheet (Finnish regional settings)."""
        self._save("csv")

    @on(Button.Pressed, "#report-save-pdf")
    def action_pdf(self) -> None:
        """Save the report as a PDF."""
        self._save("pdf")

    @work(thread=True, exclusive=True, group="report-save")
    def _save(self, kind: str) -> None:
        from koto_tui.files import write_private
        from koto_tui.messages import describe_error
        from koto_tui.report import to_csv, to_pdf

        if self.report is None:
            return
        store = koto(self).require_store()
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        path = Path(store.paths.root) / "reports" / f"seurantaraportti-{stamp}.{kind}"
        report = self._in_document_language(self.report)
        try:
            written = write_private((to_csv if kind == "csv" else to_pdf)(report), path)
        except OSError as exc:
            error = describe_error(exc)
            self.app.call_from_thread(lambda: self.notify(notice(error), severity="error", markup=False))
            return
        message = _("Saved to {path}").format(path=written)
        self.app.call_from_thread(lambda: self.notify(notice(message), markup=False))

    def _in_document_language(self, shown: FollowUpReport) -> FollowUpReport:
        """The report shown, built again in the municipality's document language when the UI speaks another:
        the files are the municipality's documents, as the assessment and the plan (worker thread)."""
        from koto_tui.municipality import document_language
        from koto_tui.report import build_report

        lang = document_language()
        if shown.lang == lang:
            return shown
        return build_report(koto(self).require_store(), shown.start, shown.end, shown.made_on, lang)

    def action_back(self) -> None:
        """Back to the client register."""
        self.dismiss(None)
