"""The plan editor's dialogs: the catalogue, confirmations, the lifecycle steps and the versions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from koto_tui import clock, planning
from koto_tui.catalogue import Service
from koto_tui.i18n import N_, _, format_short_date
from koto_tui.plan_names import AREAS, MEASURE_STATUSES, TERMS
from koto_tui.plans import Change, Plan, PlanContent
from koto_tui.printing.limits import TEXT_MAX
from koto_tui.rules.plan import add_months
from koto_tui.rules.plan_lifecycle import STATUS_NAMES, Step, refusal, version_status
from koto_tui.screens.base import koto
from koto_tui.screens.form_dialog import FieldSpec, FormDialog
from koto_tui.store.errors import PlanRefused
from koto_tui.widgets.fit import FitTable
from koto_tui.widgets.footer import KotoFooter
from koto_tui.widgets.header import KotoHeader
from koto_tui.widgets.safe import cell, notice, plain, terminal_clean

_DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 100; max-width: 100%; height: auto; max-height: 90%; padding: 1 2;
                    border: round $primary; background: $surface; }}
{name} OptionList {{ height: auto; max-height: 50vh; }}
{name} .buttons {{ height: auto; margin-top: 1; }}
{name} .buttons Button {{ margin-right: 2; }}
{name} .note {{ color: $text-muted; }}
"""


class CatalogueDialog(ModalScreen[str | None]):
    """The catalogue's services that suit the client, by area; type to filter; returns a service id."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="CatalogueDialog")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"), id="cancel-catalogue")]

    def __init__(self, services: Sequence[Service]) -> None:
        super().__init__()
        self.services = list(services)

    def compose(self) -> ComposeResult:
        """A filter above the list of services."""
        with Vertical():
            yield Label(_("A service from the catalogue"), classes="form-title")
            yield Static(
                _("Only services that are offered now and suit this client are listed."),
                classes="note",
                markup=False,
            )
            yield Input(placeholder=_("Filter by name or provider"), id="catalogue-filter")
            yield OptionList(id="catalogue-list")

    def on_mount(self) -> None:
        """All services first."""
        self._fill("")
        self.query_one("#catalogue-filter", Input).focus()

    def _fill(self, text: str) -> None:
        needle = text.casefold().strip()
        options = self.query_one("#catalogue-list", OptionList)
        options.clear_options()
        for service in sorted(self.services, key=lambda s: (list(AREAS).index(s.area), s.names["fi"])):
            label = f"{service.names['fi']} — {service.provider.names['fi']}"
            if needle and needle not in label.casefold():
                continue
            prompt = Text(_(AREAS[service.area]) + ": ", style="dim")
            prompt.append(terminal_clean(label))
            options.add_option(Option(prompt, id=service.id))
        if options.option_count:
            options.highlighted = 0

    @on(Input.Changed, "#catalogue-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#catalogue-filter")
    def _first(self) -> None:
        options = self.query_one("#catalogue-list", OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#catalogue-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Add nothing."""
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; Escape means no."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="ConfirmDialog")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "no", N_("Cancel"), id="confirm-no")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical():
            yield Static(plain(self.question), markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Yes"), id="confirm-yes", variant="error")
                yield Button(_("No"), id="confirm-no-button")

    def on_mount(self) -> None:
        """No is the safe default."""
        self.query_one("#confirm-no-button", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no-button")
    def action_no(self) -> None:
        """Do nothing."""
        self.dismiss(False)


#: The lifecycle steps in the order they are offered, with their names.
STEP_NAMES = {
    Step.SUBMIT: N_("Submit for the coordinator's approval"),
    Step.WITHDRAW: N_("Withdraw the submission"),
    Step.APPROVE: N_("Approve the plan (coordinator)"),
    Step.RETURN: N_("Return with comments (coordinator)"),
    Step.SIGN: N_("Record the client's signature (the date on the signed paper)"),
    Step.NEW_VERSION: N_("Make a new version (with the reason)"),
    Step.REVIEW: N_("Record a review"),
    Step.END: N_("End the plan"),
}


class StepsDialog(ModalScreen[Step | None]):
    """The lifecycle steps; a step not open now is shown greyed with the reason."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="StepsDialog")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"), id="cancel-steps")]

    def __init__(self, plan: Plan, role: str) -> None:
        super().__init__()
        self.plan = plan
        self.role = role

    def compose(self) -> ComposeResult:
        """The status and the steps."""
        with Vertical():
            yield Label(_("Approval and signature"), classes="form-title")
            yield Static(
                plain(_("Now: {status}").format(
                    status=_(STATUS_NAMES[version_status(self.plan, self.plan.current)])
                )),
                markup=False,
            )
            options = []
            for step, name in STEP_NAMES.items():
                reason = refusal(self.plan, step, self.role)
                prompt = Text(_(name))
                if reason:
                    prompt.append("\n  " + reason, style="dim italic")
                options.append(Option(prompt, id=step.value, disabled=reason is not None))
            yield OptionList(*options, id="steps-list")

    def on_mount(self) -> None:
        """Focus the list at the first open step."""
        self.query_one("#steps-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#steps-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(Step(str(event.option.id)))

    def action_cancel(self) -> None:
        """Do nothing."""
        self.dismiss(None)


def run_step_menu(screen: Screen[None], plan: Plan, context: planning.PlanContext, role: str,
                  reload: Callable[[], object]) -> None:
    """Show the steps; ask what each step needs; take it; the screen reloads when the dialog closes."""
    store = koto(screen).require_store()
    today = clock.today()

    def attempt(action: Callable[[], object]) -> str | None:
        try:
            action()
        except PlanRefused as refused:
            return str(refused)
        return None

    def ask(title: str, specs: list[FieldSpec], take: Callable[[dict[str, Any]], object]) -> None:
        screen.app.push_screen(FormDialog(title, specs, check=lambda values: attempt(lambda: take(values))))

    def chosen(step: Step | None) -> None:
        if step is None:
            return
        if step is Step.SUBMIT:
            problem = attempt(lambda: planning.submit(store, plan, context))
            screen.notify(
                notice(problem or _("Submitted for approval.")),
                severity="error" if problem else "information",
                timeout=15 if problem else 5,
                markup=False,
            )
            reload()
        elif step is Step.WITHDRAW:
            store.plans.withdraw(plan.id)
            reload()
        elif step is Step.APPROVE:
            user = store.user
            ask(
                _("Approve the plan as {name}, {title}").format(name=user.name, title=user.title),
                [FieldSpec("on", _("Date of approval"), "date", required=True, default=today)],
                lambda v: store.plans.approve(plan.id, v["on"]),
            )
        elif step is Step.RETURN:
            ask(
                _("Return the plan with comments"),
                [FieldSpec("text", _("Comments"), required=True, max_length=TEXT_MAX)],
                lambda v: store.plans.return_for_changes(plan.id, v["text"]),
            )
        elif step is Step.SIGN:
            ask(
                _("The client's signature"),
                [
                    FieldSpec(
                        "on", _("The date written on the signed paper"), "date", required=True, default=today
                    )
                ],
                lambda v: store.plans.record_signature(plan.id, v["on"]),
            )
        elif step is Step.NEW_VERSION:
            ask(
                _("A new version of the plan"),
                [FieldSpec("reason", _("Why the plan changes"), required=True)],
                lambda v: store.plans.new_version(plan.id, v["reason"]),
            )
        elif step is Step.REVIEW:
            ask(
                _("A review of the plan"),
                [
                    FieldSpec("on", _("Date of the review"), "date", required=True, default=today),
                    FieldSpec("participants", _("Who took part"), required=True),
                    FieldSpec("changes", _("What changed"), max_length=TEXT_MAX),
                    FieldSpec(
                        "next",
                        _("Next review"),
                        "date",
                        default=add_months(today, planning.review_months(store)),
                    ),
                ],
                lambda v: store.plans.add_review(
                    plan.id, v["on"], v["participants"], v["changes"] or "", v["next"]
                ),
            )
        elif step is Step.END:
            ask(
                _("End the plan"),
                [
                    FieldSpec("on", _("Ends on"), "date", required=True, default=today),
                    FieldSpec("reason", _("Why the plan ends"), required=True),
                ],
                lambda v: store.plans.end(plan.id, v["on"], v["reason"]),
            )

    screen.app.push_screen(StepsDialog(plan, role), chosen)


# --- versions -----------------------------------------------------------------------------------------

_MEASURE_FIELDS = {
    "name": N_("name"),
    "service_id": N_("catalogue service"),
    "provider": N_("provider"),
    "responsible": N_("responsible party"),
    "start": N_("start"),
    "end": N_("end"),
    "duration_months": N_("duration (months)"),
    "hours": N_("hours"),
    "status": N_("status"),
    "goal_id": N_("goal"),
    "binding": N_("binds the client"),
    "jobseeking_obligation": N_("jobseeking obligation"),
    "civic_orientation": N_("civic orientation"),
    "self_motivated_study": N_("self-motivated study"),
    "basic_education": N_("basic education"),
    "language": N_("language"),
    "notes": N_("notes"),
}
_TOP_FIELDS = {
    "start": N_("Plan starts"),
    "end": N_("Plan ends"),
    "review_date": N_("Review date"),
    "follow_up": N_("How follow-up is agreed"),
    "other_content": N_("Other content"),
}


def _shown(value: object) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return format_short_date(value)
    if str(value) in MEASURE_STATUSES:
        return _(MEASURE_STATUSES[str(value)])
    return str(value)


def describe(change: Change, old: PlanContent, new: PlanContent) -> str:
    """One change between two versions as a line of text in the UI language."""
    kind, _sep, ident = change.what.partition(":")
    if kind == "goal":
        goal = new.goal(ident) or old.goal(ident)
        name = _("Goal “{text}”").format(text=goal.text if goal else ident)
        if not change.field:
            return (_("Added: {what}") if change.after is not None else _("Removed: {what}")).format(
                what=name
            )
        label = {"area": _("area"), "term": _("goal for"), "text": _("text")}.get(change.field, change.field)
        before, after = change.before, change.after
        if change.field == "area":
            before, after = _(AREAS[str(before)]), _(AREAS[str(after)])
        if change.field == "term":
            before, after = _(TERMS[str(before)]), _(TERMS[str(after)])
        return f"{name}, {label}: {_shown(before)} → {_shown(after)}"
    if kind == "measure":
        measure = next((m for m in (*new.measures, *old.measures) if m.id == ident), None)
        name = _("Measure “{name}”").format(name=measure.name if measure else ident)
        if not change.field:
            return (_("Added: {what}") if change.after is not None else _("Removed: {what}")).format(
                what=name
            )
        return (
            f"{name}, {_(_MEASURE_FIELDS.get(change.field, change.field))}: "
            f"{_shown(change.before)} → {_shown(change.after)}"
        )
    return f"{_(_TOP_FIELDS.get(change.what, change.what))}: {_shown(change.before)} → {_shown(change.after)}"


class VersionsScreen(Screen[None]):
    """The plan's versions (Enter opens one read-only) and the differences between any two."""

    DEFAULT_CSS = """
    #versions { padding: 0 2; }
    #versions DataTable { height: auto; max-height: 10; margin-bottom: 1; }
    #versions .pick { height: auto; }
    #versions Select { width: 30; margin-right: 2; }
    #version-diff { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", N_("Back"), id="versions-back")]

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan

    def compose(self) -> ComposeResult:
        """The list, two version choices and the differences."""
        yield KotoHeader()
        with VerticalScroll(id="versions"):
            yield Label(_("Versions of the plan"), classes="form-title")
            yield FitTable(id="version-table", cursor_type="row")
            yield Label(_("Compare two versions"), classes="form-title")
            numbers = [(_("version {number}").format(number=v.number), v.number) for v in self.plan.versions]
            current = self.plan.current.number
            with Horizontal(classes="pick"):
                yield Select(numbers, id="version-a", allow_blank=False, value=max(1, current - 1))
                yield Select(numbers, id="version-b", allow_blank=False, value=current)
            yield Static(id="version-diff")
        yield KotoFooter()

    def on_mount(self) -> None:
        """Fill the table and show the newest change."""
        table = self.query_one("#version-table", DataTable)
        table.add_columns(_("Version"), _("Made"), _("By"), _("Why"), _("Status"))
        for v in self.plan.versions:
            table.add_row(
                str(v.number),
                format_short_date(date.fromisoformat(v.created_at[:10])),
                cell(v.created_by_name),
                cell(v.reason or "–"),
                _(STATUS_NAMES[version_status(self.plan, v)]),
                key=str(v.number),
            )
        table.focus()
        self._compare()

    @on(Select.Changed)
    def _compare(self) -> None:
        a = self.query_one("#version-a", Select).value
        b = self.query_one("#version-b", Select).value
        if not isinstance(a, int) or not isinstance(b, int):
            return
        old, new = self.plan.version(a).content, self.plan.version(b).content
        from koto_tui.plans import compare

        changes = compare(old, new)
        text = Text()
        text.append(_("From version {a} to version {b}:").format(a=a, b=b) + "\n", style="bold")
        if not changes:
            text.append(_("No differences.") + "\n")
        for change in changes:
            text.append("• " + terminal_clean(describe(change, old, new)) + "\n")
        self.query_one("#version-diff", Static).update(text)

    @on(DataTable.RowSelected, "#version-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        from koto_tui.screens.plan import PlanScreen

        self.app.push_screen(PlanScreen(self.plan.id, int(str(event.row_key.value))))

    def action_back(self) -> None:
        """Back to the plan."""
        self.app.pop_screen()
