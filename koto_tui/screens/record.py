"""Who interpreted and who took part in an interview, and what the client agreed to share."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Label, Static

from koto_tui import clock
from koto_tui.i18n import N_, _, format_short_date, language
from koto_tui.i18n.languages import language_choices, language_name
from koto_tui.model import Consent, InterpreterSession, Participant
from koto_tui.printing.limits import NAME_MAX
from koto_tui.record_names import HOW, MODES, ROLES
from koto_tui.rules.consent import PARTIES, fee_notice_applies
from koto_tui.rules.law import SECTION_32A, cite
from koto_tui.screens.base import hand_over, koto
from koto_tui.screens.form_dialog import FieldSpec, FormDialog, today_default
from koto_tui.widgets.fit import FitTable
from koto_tui.widgets.footer import KotoFooter
from koto_tui.widgets.header import KotoHeader
from koto_tui.widgets.safe import cell


def _options(names: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((_(label), value) for value, label in names.items())


def _time(text: str | None) -> str:
    return text.replace("T", " ") if text else "-"


class RecordScreen(Screen[None]):
    """Interpreter sessions, participants and consents (Ctrl+R in the interview)."""

    DEFAULT_CSS = """
    #record { padding: 0 2; }
    #record DataTable { height: auto; max-height: 8; margin-bottom: 1; }
    #record .buttons { height: auto; }
    #record .buttons Button { margin-right: 2; }
    #record .note { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", N_("Back"), id="close-record")]

    def __init__(self, interview_id: int, client_id: int, birth_date: date | None) -> None:
        super().__init__()
        self.interview_id = interview_id
        self.client_id = client_id
        self.birth_date = birth_date
        self.consents: list[Consent] = []

    def compose(self) -> ComposeResult:
        """Three tables, each with its buttons."""
        yield KotoHeader()
        with VerticalScroll(id="record"):
            yield Label(_("Interpreting"), classes="form-title")
            yield FitTable(id="sessions", cursor_type="row")
            with Horizontal(classes="buttons"):
                yield Button(_("Add interpreting"), id="add-session")
            yield Label(_("Participants"), classes="form-title")
            yield FitTable(id="participants", cursor_type="row")
            with Horizontal(classes="buttons"):
                yield Button(_("Add participant"), id="add-participant")
            yield Label(_("Consents to sharing"), classes="form-title")
            yield Static(_("The assessment, the plan and their recording are statutory duties and need no "
                           "consent. Sharing with the parties below needs the client's consent (KotoL "
                           "681/2023 § 9)."), classes="note", markup=False)
            yield FitTable(id="consents", cursor_type="row")
            with Horizontal(classes="buttons"):
                yield Button(_("Record a consent or refusal"), id="add-consent")
                yield Button(_("Withdraw the selected consent"), id="withdraw-consent")
        yield KotoFooter()

    def on_mount(self) -> None:
        """Columns, then the data."""
        self.query_one("#sessions", DataTable).add_columns(
            _("Mode"), _("Language"), _("Interpreter"), _("Agency"), _("Start"), _("End"), _("Fee told"))
        self.query_one("#participants", DataTable).add_columns(_("Role"), _("Name"), _("Organisation"))
        self.query_one("#consents", DataTable).add_columns(
            _("Party"), _("Decision"), _("Date"), _("How"), _("Scope"), _("Withdrawn"))
        self.query_one("#add-session", Button).focus()
        self._load()

    @work(thread=True, exclusive=True, group="record-load")
    def _load(self) -> None:
        record = koto(self).require_store().record
        data = (record.sessions(self.interview_id), record.participants(self.interview_id),
                record.consents(self.client_id))
        hand_over(self, self._show, *data)

    def _show(self, sessions: list[InterpreterSession], participants: list[Participant],
              consents: list[Consent]) -> None:
        ui, yes, no = language(), _("yes"), _("no")
        table = self.query_one("#sessions", DataTable)
        table.clear()
        for s in sessions:
            lang = language_name(s.language, ui) + (f" ({s.variant})" if s.variant else "")
            fee = "-" if s.fee_informed is None else (yes if s.fee_informed else no)
            table.add_row(cell(_(MODES.get(s.mode, s.mode))), cell(lang), cell(s.interpreter),
                          cell(s.agency), _time(s.started_at), _time(s.ended_at), fee)
        table = self.query_one("#participants", DataTable)
        table.clear()
        for p in participants:
            table.add_row(cell(_(ROLES.get(p.role, p.role))), cell(p.name), cell(p.organisation))
        self.consents = consents
        table = self.query_one("#consents", DataTable)
        table.clear()
        for c in consents:
            table.add_row(cell(_(PARTIES.get(c.party, c.party))), _("given") if c.given else _("refused"),
                          format_short_date(c.decided_on), cell(_(HOW.get(c.how, c.how))), cell(c.scope),
                          format_short_date(c.withdrawn_on) if c.withdrawn_on else "-", key=str(c.id))

    def _ask(self, title: str, specs: list[FieldSpec], save: Any) -> None:
        def done(values: dict[str, Any] | None) -> None:
            if values is not None:
                self._save(save, values)
        self.app.push_screen(FormDialog(title, specs), done)

    @work(thread=True, group="record-save")
    def _save(self, save: Any, values: dict[str, Any]) -> None:
        save(koto(self).require_store().record, values)
        hand_over(self, self._load)

    @on(Button.Pressed, "#add-session")
    def _add_session(self) -> None:
        fee_needed = fee_notice_applies(self.birth_date, clock.today())
        specs = [FieldSpec("mode", _("Mode"), "select", _options(MODES), True),
                 FieldSpec("language", _("Language"), "select", tuple(language_choices(language())), True),
                 FieldSpec("variant", _("Variant (e.g. Dari or Farsi, Sorani or Kurmanji)")),
                 FieldSpec("interpreter", _("Interpreter's name or ID number"), required=True,
                           max_length=NAME_MAX),
                 FieldSpec("agency", _("Agency"), max_length=NAME_MAX),
                 FieldSpec("started_at", _("Start"), "time"), FieldSpec("ended_at", _("End"), "time")]
        if fee_needed:
            specs.append(FieldSpec("fee_informed", _("The client was told about the fee for a missed "
                                                     "interpreted appointment ({section})").format(
                section=cite(SECTION_32A)), "check"))

        def save(record: Any, v: dict[str, Any]) -> None:
            record.add_session(InterpreterSession(
                0, self.interview_id, v["mode"], v["language"], v["variant"] or "", v["interpreter"],
                v["agency"] or "", v["started_at"], v["ended_at"],
                bool(v.get("fee_informed")) if fee_needed else None))
        self._ask(_("Interpreting"), specs, save)

    @on(Button.Pressed, "#add-participant")
    def _add_participant(self) -> None:
        specs = [FieldSpec("role", _("Role"), "select", _options(ROLES), True),
                 FieldSpec("name", _("Name"), required=True, max_length=NAME_MAX),
                 FieldSpec("organisation", _("Organisation"), max_length=NAME_MAX)]

        def save(record: Any, v: dict[str, Any]) -> None:
            record.add_participant(Participant(0, self.interview_id, v["role"], v["name"],
                                               v["organisation"] or ""))
        self._ask(_("Participant"), specs, save)

    @on(Button.Pressed, "#add-consent")
    def _add_consent(self) -> None:
        specs = [FieldSpec("party", _("Party"), "select", _options(PARTIES), True),
                 FieldSpec("given", _("Decision"), "select",
                           ((_("given"), True), (_("refused"), False)), True),
                 FieldSpec("decided_on", _("Date"), "date", required=True, default=today_default()),
                 FieldSpec("how", _("How"), "select", _options(HOW), True),
                 FieldSpec("scope", _("Scope (what may be shared)"))]

        def save(record: Any, v: dict[str, Any]) -> None:
            record.add_consent(Consent(0, self.client_id, v["party"], v["given"], v["decided_on"], v["how"],
                                       v["scope"] or "", None))
        self._ask(_("Consent"), specs, save)

    @on(Button.Pressed, "#withdraw-consent")
    def _withdraw(self) -> None:
        table = self.query_one("#consents", DataTable)
        if not table.row_count:
            self.notify(_("No consent to withdraw."), severity="warning")
            return
        consent = self.consents[table.cursor_row]
        specs = [FieldSpec("withdrawn_on", _("Withdrawn on"), "date", required=True, default=today_default())]

        def save(record: Any, v: dict[str, Any]) -> None:
            record.withdraw_consent(consent.id, v["withdrawn_on"])
        self._ask(_("Withdraw the consent"), specs, save)

    def action_back(self) -> None:
        """Back to the interview (which shows the newest interpreter)."""
        self.dismiss(None)
