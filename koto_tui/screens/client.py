"""One client: details, their interviews, and starting, resuming or printing an assessment."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Static

from koto_tui import clock
from koto_tui.assessment import eligibility_of, responsibilities, responsibility_table, summary_rows
from koto_tui.i18n import N_, _, format_short_date, language
from koto_tui.i18n.languages import language_name
from koto_tui.model import Client, IdentityKind, Interview, InterviewStatus
from koto_tui.plans import Plan
from koto_tui.rules.plan_lifecycle import STATUS_NAMES, status
from koto_tui.screens.base import hand_over, koto
from koto_tui.screens.meeting import edit_meeting, meeting_text
from koto_tui.store.worklist import Meeting
from koto_tui.widgets.fit import FitTable
from koto_tui.widgets.footer import KotoFooter
from koto_tui.widgets.header import KotoHeader
from koto_tui.widgets.safe import cell, terminal_clean
from koto_tui.workflow import ASSESSMENT_FORM


def _id_text(client: Client) -> str:
    data = client.data
    if data.id_kind is IdentityKind.NONE:
        return _("no identity code yet")
    if data.id_kind is IdentityKind.FOREIGN:
        return _("{number} (foreign document, {country})").format(number=data.identity_code,
                                                                  country=data.id_country)
    suffix = " " + _("(temporary)") if data.id_kind is IdentityKind.TEMPORARY else ""
    return data.identity_code + suffix


def client_details(client: Client) -> Text:
    """The client's details as literal text (nothing in them is markup)."""
    d, ui = client.data, language()
    rows = [
        (_("Name"), d.full_name),
        (_("Date of birth"), format_short_date(d.birth_date) if d.birth_date else "-"),
        (_("Identification"), _id_text(client)),
        (_("Native language"), language_name(d.native_language, ui) or "-"),
        (_("Language of communication"), language_name(d.communication_language, ui) or "-"),
        (_("Interpreter"),
         language_name(d.interpreter_language, ui) if d.interpreter_needed else _("not needed")),
        (_("Phone"), d.phone or "-"),
        (_("Address"), _("non-disclosure (turvakielto)") if d.address_nondisclosure else
         ", ".join(p for p in (d.street_address, f"{d.postal_code} {d.post_office}".strip()) if p) or "-"),
    ]
    text = Text()
    for label, value in rows:
        text.append(f"{label}: ", style="bold")
        text.append(terminal_clean(value) + "\n")
    return text


#: What a restricted client's page does not do (GDPR art. 18: stored, not otherwise processed).
_PROCESSING = frozenset({"new_assessment", "plan", "edit", "print", "meeting"})


def status_text(interview: Interview) -> str:
    """In progress or completed, in the UI language."""
    return _("completed") if interview.status is InterviewStatus.COMPLETED else _("in progress")


class ClientScreen(Screen[None]):
    """A client's details and interviews."""

    DEFAULT_CSS = """
    #client-top { height: auto; }
    #client-details { padding: 1 2; height: auto; width: 1fr; }
    #client-rules { padding: 1 2; height: auto; width: 1fr; }
    #client-meeting { padding: 0 2; height: auto; }
    #responsibility-table { height: auto; max-height: 9; margin: 0 2; }
    ClientScreen .section-title { text-style: bold; padding: 0 2; }
    #interview-table { height: auto; max-height: 10; margin: 0 2; }
    #plan-table { height: 1fr; min-height: 4; margin: 0 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "new_assessment", N_("New assessment"), id="new-assessment"),
        Binding("s", "plan", N_("Integration plan"), id="open-plan"),
        Binding("e", "edit", N_("Edit details"), id="edit-client"),
        Binding("p", "print", N_("Print"), id="print-interview"),
        Binding("m", "meeting", N_("Next meeting"), id="client-meeting"),
        Binding("r", "access", N_("Corrections and access report"), id="client-access"),
        Binding("escape", "back", N_("Back"), id="back"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.client: Client | None = None
        self.plans: list[Plan] = []
        self.meeting: Meeting | None = None
        self.restricted = False
        """Restricted processing (GDPR art. 18): the record is shown, nothing is done with it."""

    def compose(self) -> ComposeResult:
        """Details above, interviews below."""
        yield KotoHeader()
        with Horizontal(id="client-top"):
            yield Static(id="client-details")
            yield Static(id="client-rules")
        yield Static(id="client-meeting")
        yield Static(_("Who is responsible for each service (the municipality's table)"),
                     classes="section-title")
        yield FitTable(id="responsibility-table", cursor_type="none", show_cursor=False)
        yield Static(_("Interviews"), classes="section-title")
        yield FitTable(id="interview-table", cursor_type="row")
        yield Static(_("Integration plans (S opens the plan, or starts one from the assessment)"),
                     classes="section-title")
        yield FitTable(id="plan-table", cursor_type="row")
        yield KotoFooter()

    def on_mount(self) -> None:
        """Load in a worker."""
        self.query_one("#interview-table", DataTable).add_columns(
            _("Id"), _("Date"), _("Form"), _("Status"), _("Answers"))
        self.query_one("#responsibility-table", DataTable).add_columns(_("Service"), _("Responsible"))
        self.query_one("#plan-table", DataTable).add_columns(
            _("Id"), _("Period"), _("Version"), _("Status"), _("Next review"))
        self.query_one("#interview-table", DataTable).focus()
        self._load()
        self._log_opened()

    @work(thread=True, group="client-audit")
    def _log_opened(self) -> None:
        """The audit trail notes that this client's record was opened (once per visit, not per reload)."""
        koto(self).require_store().audit.client_opened(self.client_id)

    def on_screen_resume(self) -> None:
        """Reload after an interview or an edit."""
        self._load()

    @work(thread=True, exclusive=True, group="client-load")
    def _load(self) -> None:
        store = koto(self).require_store()
        try:
            client = store.clients.get(self.client_id)
        except KeyError:
            return  # erased meanwhile (GDPR art. 17): the page is being closed
        interviews = store.interviews.for_client(self.client_id)
        answers = store.interviews.answers(interviews[0].id) if interviews else {}
        plans = store.plans.for_client(self.client_id)
        self.meeting = store.worklist.meeting(self.client_id)
        self.restricted = store.clients.is_restricted(self.client_id)
        hand_over(self, self.refresh_bindings)
        hand_over(self, self._show_meeting, meeting_text(self.meeting))
        hand_over(self, self._show, client, interviews)
        hand_over(self, self._show_plans, plans)
        hand_over(self, self._show_rules, answers)

    def _show_rules(self, answers: dict[str, object]) -> None:
        """The rules' result from the newest interview, and the services' responsible parties."""
        result = eligibility_of(answers, clock.today())
        text = Text()
        for label, value in summary_rows(result, _, language()):
            text.append(f"{label}: ", style="bold")
            text.append(terminal_clean(value) + "\n")
        self.query_one("#client-rules", Static).update(text)
        jobseeker = answers.get("registered_jobseeker")
        table = self.query_one("#responsibility-table", DataTable)
        table.clear()
        for service, party in responsibilities(responsibility_table(), jobseeker if isinstance(
                jobseeker, bool) else None, language()):
            # KotoL 681/2023 § 14: who provides it follows from whether the client is a registered jobseeker
            table.add_row(cell(service), cell(party) if party else Text(_("depends on jobseeker status"),
                                                                          style="italic"))

    def _show(self, client: Client, interviews: list[Interview]) -> None:
        self.client = client
        self.query_one("#client-details", Static).update(client_details(client))
        table = self.query_one("#interview-table", DataTable)
        table.clear()
        for iv in interviews:
            table.add_row(str(iv.id), format_short_date(iv.interview_date),
                          cell(self._form_name(iv)), status_text(iv), str(iv.answered),
                          key=str(iv.id))

    def _form_name(self, iv: Interview) -> str:
        """The form's own title in the UI language and its version ("Arviointi, versio 1"), not its id."""
        form = koto(self).forms.get(iv.form_id)
        name = form.title.get(language()) if form is not None else iv.form_id
        return f"{name}, " + _("version {number}").format(number=iv.form_version)

    def _show_plans(self, plans: list[Plan]) -> None:
        self.plans = plans
        table = self.query_one("#plan-table", DataTable)
        table.clear()
        for plan in plans:
            content = plan.current.content
            period = f"{format_short_date(content.start)} – {format_short_date(content.end)}"
            table.add_row(str(plan.id), period,
                          str(plan.current.number), _(STATUS_NAMES[status(plan)]),
                          format_short_date(plan.next_review) if plan.next_review and plan.ended_on is None
                          else "–", key=str(plan.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A restricted client's record is only read: nothing is started, changed or printed from it."""
        return not (self.restricted and action in _PROCESSING)

    def _refused_if_restricted(self) -> bool:
        if self.restricted:
            self.notify(_("The processing of this client's data is restricted: the record can only be "
                          "read (and given as the access report)."), severity="warning")
        return self.restricted

    @on(DataTable.RowSelected, "#plan-table")
    def _open_plan_row(self, event: DataTable.RowSelected) -> None:
        from koto_tui.screens.plan import PlanScreen

        if self._refused_if_restricted():
            return
        self.app.push_screen(PlanScreen(int(str(event.row_key.value))))

    def action_plan(self) -> None:
        """Open the client's current plan, or start one from their assessment."""
        from koto_tui.screens.plan import PlanScreen

        current = next((p for p in reversed(self.plans) if p.ended_on is None), None)
        if current is not None:
            self.app.push_screen(PlanScreen(current.id))
            return
        self._start_plan()

    @work(thread=True, exclusive=True, group="client-plan")
    def _start_plan(self) -> None:
        from koto_tui import planning
        from koto_tui.screens.plan import PlanScreen
        from koto_tui.store.errors import PlanRefused

        store = koto(self).require_store()
        interview = planning.assessment_of(store, self.client_id)
        if interview is None:
            self.app.call_from_thread(self.notify, _(
                "The plan is drawn up from the assessment (KotoL 681/2023 § 16): press A to start one "
                "first."),
                severity="warning", timeout=10)
            return
        try:
            content = planning.new_content(store, clock.today())
            plan_id = store.plans.create(self.client_id, interview.id, content)
        except PlanRefused as refused:
            self.app.call_from_thread(self.notify, str(refused), severity="warning", timeout=10)
            return
        hand_over(self, self.app.push_screen, PlanScreen(plan_id))  # not over a lock screen

    def _selected_interview(self) -> int | None:
        table = self.query_one("#interview-table", DataTable)
        if not table.row_count:
            return None
        return int(str(table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value))

    @on(DataTable.RowSelected, "#interview-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        if self._refused_if_restricted():
            return
        self._open_interview(int(str(event.row_key.value)))

    def _open_interview(self, interview_id: int) -> None:
        from koto_tui.screens.interview import InterviewScreen

        self.app.push_screen(InterviewScreen(interview_id))

    def action_new_assessment(self) -> None:
        """Start an assessment with the newest version of the assessment form."""
        self._start()

    @work(thread=True, exclusive=True, group="client-start")
    def _start(self) -> None:
        app = koto(self)
        store = app.require_store()
        form = app.forms[ASSESSMENT_FORM]
        interview = store.interviews.start(self.client_id, form.id, form.version, store.profile())
        hand_over(self, self._open_interview, interview.id)  # not over a lock screen

    def action_edit(self) -> None:
        """Change the client's details."""
        from koto_tui.screens.client_form import ClientFormScreen

        if self.client is not None:
            self.app.push_screen(ClientFormScreen(self.client.id, self.client.data))

    def action_print(self) -> None:
        """Print the selected interview."""
        from koto_tui.screens.print_dialog import open_print_dialog

        interview_id = self._selected_interview()
        if interview_id is None:
            self.notify(_("No interview to print yet: press A to start one."), severity="warning")
            return
        open_print_dialog(self, interview_id)

    def _show_meeting(self, text: Text) -> None:
        self.query_one("#client-meeting", Static).update(text)

    def action_meeting(self) -> None:
        """Set the next meeting (date, time, place or phone, interpreter booked): it goes on the worklist."""
        edit_meeting(self, self.client_id, self.meeting, self._load)

    def action_access(self) -> None:
        """The client's versions and corrections, and their access report (GDPR art. 15)."""
        from koto_tui.screens.access import AccessDialog

        self.app.push_screen(AccessDialog(self.client_id))

    def action_back(self) -> None:
        """Back to the client register."""
        self.app.pop_screen()
