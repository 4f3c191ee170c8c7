"""The integration plan editor (KotoL 681/2023 § 16): period, goals, measures, follow-up, and its lifecycle.

Every change is saved at once through ``koto_tui.planning.save``, which refuses what the law does not
allow (the reason is shown where the change was made, and nothing typed is lost). A locked version (signed
or approved) is shown read-only; F5 lists the lifecycle steps with the reason a step is not open now.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from koto_tui import clock, planning
from koto_tui.i18n import N_, _, format_short_date, language, translation
from koto_tui.plan_names import AREAS, MEASURE_STATUSES, TERMS
from koto_tui.plan_printing import measure_details
from koto_tui.plans import (
    Goal,
    GoalTerm,
    Measure,
    Plan,
    PlanContent,
    PlanVersion,
    with_goal,
    with_measure,
    without,
)
from koto_tui.printing.limits import TEXT_MAX
from koto_tui.rules.clients import parse_date
from koto_tui.rules.plan import MeasureStatus, PlanArea, PlanCheck
from koto_tui.rules.plan_lifecycle import STATUS_NAMES, Step, refusal, version_status
from koto_tui.saver import RETRY_SECONDS, SaveState
from koto_tui.screens.base import hand_over, koto
from koto_tui.screens.form_dialog import FieldSpec, FormDialog
from koto_tui.screens.unsaved import leave_when_saved, unsaved_text
from koto_tui.store.connection import DatabaseError
from koto_tui.store.errors import PlanRefused
from koto_tui.text import clean_text
from koto_tui.widgets.fields import Field
from koto_tui.widgets.fit import FitTable
from koto_tui.widgets.footer import KotoFooter
from koto_tui.widgets.header import KotoHeader
from koto_tui.widgets.limited import LimitedInput
from koto_tui.widgets.safe import cell, field_value, has_unsafe, notice, plain, terminal_clean


def day_text(day: date | None) -> str:
    """A date as counsellors type it (d.m.yyyy), "" for none."""
    return f"{day.day}.{day.month}.{day.year}" if day else ""


def _options(names: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((_(label), value) for value, label in names.items())


def goal_specs(goal: Goal | None) -> list[FieldSpec]:
    """The goal dialog's fields."""
    return [
        FieldSpec(
            "area",
            _("Area"),
            "select",
            _options(AREAS),
            required=True,
            default=goal.area.value if goal else None,
        ),
        FieldSpec(
            "term",
            _("Goal for"),
            "select",
            _options(TERMS),
            required=True,
            default=goal.term.value if goal else GoalTerm.PERIOD.value,
        ),
        FieldSpec("text", _("Goal"), required=True, default=goal.text if goal else None, max_length=TEXT_MAX),
    ]


def measure_specs(measure: Measure, content: PlanContent) -> list[FieldSpec]:
    """The measure dialog's fields, prefilled from *measure*."""
    goals = tuple((f"{_(AREAS[g.area])}: {g.text}", g.id) for g in content.goals)
    return [
        FieldSpec("name", _("Service or measure"), required=True, default=measure.name),
        FieldSpec("provider", _("Provider"), default=measure.provider),
        FieldSpec("responsible", _("Responsible party"), default=measure.responsible),
        FieldSpec("start", _("Starts"), "date", default=measure.start),
        FieldSpec("end", _("Ends"), "date", default=measure.end),
        FieldSpec("duration_months", _("Or lasts (months)"), "int", default=measure.duration_months),
        FieldSpec("hours", _("Hours"), "int", default=measure.hours),
        FieldSpec(
            "status",
            _("Status"),
            "select",
            _options(MEASURE_STATUSES),
            required=True,
            default=measure.status.value,
        ),
        FieldSpec("goal_id", _("The goal it serves"), "select", goals, default=measure.goal_id),
        FieldSpec("language", _("Language"), default=measure.language),
        FieldSpec("binding", _("Binds the client"), "check", default=measure.binding),
        FieldSpec(
            "jobseeking_obligation",
            _("Jobseeking obligation (registered jobseekers only)"),
            "check",
            default=measure.jobseeking_obligation,
        ),
        FieldSpec(
            "civic_orientation",
            _("Multilingual civic orientation (at least 70 hours)"),
            "check",
            default=measure.civic_orientation,
        ),
        FieldSpec(
            "self_motivated_study", _("Self-motivated study"), "check", default=measure.self_motivated_study
        ),
        FieldSpec(
            "basic_education",
            _("Basic education (self-motivated study up to 48 months)"),
            "check",
            default=measure.basic_education,
        ),
        FieldSpec("notes", _("Notes"), default=measure.notes, max_length=TEXT_MAX),
    ]


def measure_of(values: dict[str, Any], base: Measure) -> Measure:
    """The measure the dialog's values describe (the id and catalogue link stay those of *base*)."""
    return replace(
        base,
        name=values["name"],
        provider=values["provider"] or "",
        responsible=values["responsible"] or "",
        start=values["start"],
        end=values["end"],
        duration_months=values["duration_months"],
        hours=values["hours"],
        status=MeasureStatus(values["status"]),
        goal_id=values["goal_id"],
        language=values["language"] or "",
        binding=bool(values["binding"]),
        jobseeking_obligation=bool(values["jobseeking_obligation"]),
        civic_orientation=bool(values["civic_orientation"]),
        self_motivated_study=bool(values["self_motivated_study"]),
        basic_education=bool(values["basic_education"]),
        notes=values["notes"] or "",
    )


def _kept(typed: str, stored: str) -> str:
    """*stored* when *typed* is only its cleaned form (shown without unsafe characters), else *typed*."""
    return stored if typed == clean_text(stored) else typed


class PlanScreen(Screen[None]):
    """One plan version: editable while it is a draft, read-only once locked or superseded."""

    DEFAULT_CSS = """
    #plan-head { padding: 0 2; height: auto; }
    #plan-checks { padding: 0 2; height: auto; }
    #plan-save-state { padding: 0 2; height: auto; color: $error; text-style: bold; display: none; }
    #plan-save-state.-unsaved { display: block; }
    #plan-body { padding: 0 2; }
    #plan-body .period { height: auto; }
    #plan-body .period Field { width: 1fr; }
    #plan-body .period Field > .field-row { layout: vertical; }
    #plan-body .period Field .field-label { width: 1fr; padding: 0 1 0 0; }
    #plan-body .period Field > .field-error, #plan-body .period Field > .field-hint { margin-left: 0; }
    #plan-body .period Input { width: 1fr; }
    #plan-body DataTable { height: auto; max-height: 12; margin-bottom: 1; }
    PlanScreen .section-title { text-style: bold; margin-top: 1; }
    PlanScreen .note { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "add_goal", N_("Add a goal"), id="plan-add-goal"),
        Binding("f3", "add_service", N_("Add a service"), id="plan-add-service"),
        Binding("f4", "add_own", N_("Add an own measure"), id="plan-add-own"),
        Binding("f5", "steps", N_("Approval and signature"), id="plan-steps"),
        Binding("f6", "versions", N_("Versions"), id="plan-versions"),
        Binding("f9", "print", N_("Print"), id="plan-print"),
        Binding("delete", "remove", N_("Remove"), id="plan-remove"),
        Binding("escape", "back", N_("Back"), id="plan-back"),
    ]

    def __init__(self, plan_id: int, version: int | None = None) -> None:
        super().__init__()
        self.plan_id = plan_id
        self.version_number = version
        self.plan: Plan | None = None
        self.context: planning.PlanContext | None = None
        self.suggested: list[planning.Suggestion] = []
        self._filled = False  # the inputs get their values on the first load, later only when not typed in
        self.role = ""
        self.editable = False
        self._unsaved: PlanContent | None = None  # the content whose save failed: shown, and retried
        self._save_error: BaseException | None = None

    # --- layout and loading ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Head and checks above, the editable body below."""
        yield KotoHeader()
        yield Static(id="plan-head")
        yield Static(id="plan-checks")
        yield Static(id="plan-save-state", markup=False)
        with VerticalScroll(id="plan-body"):
            with Horizontal(classes="period"):
                yield Field(_("Starts"), Input(id="plan-start", placeholder=_("d.m.yyyy")), name="plan_start")
                yield Field(_("Ends"), Input(id="plan-end", placeholder=_("d.m.yyyy")), name="plan_end")
                yield Field(
                    _("Review"), Input(id="plan-review", placeholder=_("d.m.yyyy")), name="plan_review"
                )
            yield Field(_("How follow-up is agreed"), LimitedInput(id="plan-follow-up", max_length=TEXT_MAX),
                        name="plan_follow_up")
            yield Field(_("Other content"), LimitedInput(id="plan-other", max_length=TEXT_MAX),
                        name="plan_other")
            yield Static(_("Goals (F2 adds, Enter changes, Delete removes)"), classes="section-title")
            yield FitTable(id="goal-table", cursor_type="row")
            yield Static(
                _("Measures and services (F3 from the catalogue, F4 own, Enter changes)"),
                classes="section-title",
            )
            yield FitTable(id="measure-table", cursor_type="row")
            yield Static(
                _("Suggested by the assessment (Enter to look and add; nothing is added by itself)"),
                classes="section-title",
            )
            yield FitTable(id="suggestion-table", cursor_type="row")
        yield KotoFooter()

    def on_mount(self) -> None:
        """Columns, then the plan."""
        self.query_one("#goal-table", DataTable).add_columns(_("Area"), _("Goal for"), _("Goal"))
        self.query_one("#measure-table", DataTable).add_columns(
            _("Service or measure"),
            _("Provider"),
            _("Responsible party"),
            _("Dates"),
            _("Hours"),
            _("Details"),
        )
        self.query_one("#suggestion-table", DataTable).add_columns(_("Suggestion"), _("Why"))
        self.query_one("#plan-start", Input).focus()
        self._load()
        self.set_interval(RETRY_SECONDS, self.retry_saves)

    def on_screen_resume(self) -> None:
        """Reload after a dialog or another screen."""
        self._load()

    @work(thread=True, exclusive=True, group="plan-load")
    def _load(self) -> None:
        store = koto(self).require_store()
        plan = store.plans.get(self.plan_id)
        context = planning.context_for(store, plan.client_id, plan.interview_id)
        version = plan.version(self.version_number) if self.version_number else plan.current
        checked = planning.check(store, plan, version.content, context)
        role = store.user.role
        suggested = (
            planning.suggestions(context, version.content, clock.today())
            if self._editable(plan, version, role)
            else []
        )
        hand_over(self, self._show, plan, version, context, checked, suggested, role)

    def _editable(self, plan: Plan, version: PlanVersion, role: str) -> bool:
        return version.number == plan.current.number and refusal(plan, Step.EDIT, role) is None

    @property
    def version(self) -> PlanVersion:
        """The version on screen."""
        assert self.plan is not None
        return self.plan.version(self.version_number) if self.version_number else self.plan.current

    @property
    def content(self) -> PlanContent:
        """The content on screen (with the edits whose save failed and is being retried)."""
        if self._unsaved is not None and self.editable:
            return self._unsaved
        return self.version.content

    def _show(
        self,
        plan: Plan,
        version: PlanVersion,
        context: planning.PlanContext,
        checked: PlanCheck,
        suggested: list[planning.Suggestion],
        role: str,
    ) -> None:
        self.plan, self.context, self.suggested, self.role = plan, context, suggested, role
        self.editable = self._editable(plan, version, role)
        self.sub_title = _("Integration plan")
        self._show_head(plan, version, context)
        self._show_checks(checked)
        content = self.content if version.number == plan.current.number else version.content
        for dom, value in (
            ("#plan-start", day_text(content.start)),
            ("#plan-end", day_text(content.end)),
            ("#plan-review", day_text(content.review_date)),
            ("#plan-follow-up", content.follow_up),
            ("#plan-other", content.other_content),
        ):
            control = self.query_one(dom, Input)
            if not control.has_focus or not self.editable or not self._filled:
                control.value = field_value(value)
            control.disabled = not self.editable
        self._filled = True
        goals = self.query_one("#goal-table", DataTable)
        goals.clear()
        for g in content.goals:
            goals.add_row(_(AREAS[g.area]), _(TERMS[g.term]), cell(g.text), key=g.id)
        measures = self.query_one("#measure-table", DataTable)
        measures.clear()
        for m in content.measures:
            dates = " – ".join(format_short_date(d) for d in (m.start, m.end) if d) or "–"
            measures.add_row(
                cell(m.name),
                cell(m.provider or "–"),
                cell(m.responsible or "–"),
                dates,
                str(m.hours or "–"),
                cell(measure_details(m, content, translation(language()))),
                key=m.id,
            )
        suggestions = self.query_one("#suggestion-table", DataTable)
        suggestions.clear()
        for index, s in enumerate(suggested):
            suggestions.add_row(cell(s.measure.name), cell(s.reason), key=str(index))

    def _show_head(self, plan: Plan, version: PlanVersion, context: planning.PlanContext) -> None:
        head = Text()
        head.append(_("Integration plan") + " · ", style="bold")
        head.append(terminal_clean(context.client.data.full_name), style="bold")
        head.append(" · " + _("version {number}").format(number=version.number))
        head.append(" · " + _(STATUS_NAMES[version_status(plan, version)]), style="reverse")
        if version.reason:
            head.append("\n" + _("Why this version: {reason}").format(reason=terminal_clean(version.reason)))
        for line, style in _event_lines(version):
            head.append("\n" + line, style=style)
        if not self.editable:
            reason = (
                refusal(plan, Step.EDIT, self.role)
                if version.number == plan.current.number
                else _("This is an earlier version; it is read-only.")
            )
            if reason:
                head.append("\n" + reason, style="italic")
        self.query_one("#plan-head", Static).update(head)

    def _show_checks(self, checked: PlanCheck) -> None:
        text = Text()
        for finding in checked.refusals:
            text.append("✖ " + finding.message + "\n", style="bold red")
        for finding in checked.warnings:
            text.append("! " + finding.message + "\n", style="yellow")
        text.append(
            _("Enrol in the agreed services by {date} (six months from the plan).").format(
                date=format_short_date(checked.enrolment_target)
            ),
            style="dim",
        )
        self.query_one("#plan-checks", Static).update(text)

    # --- saving ----------------------------------------------------------------------------------

    def _save(self, content: PlanContent) -> str | None:
        """Save the content now; the reason it was refused or not saved, or None when it was saved.

        A write that fails (full disk, unwritable database) keeps the content on screen as unsaved;
        it is written again every few seconds, on the next edit and before leaving.
        """
        assert self.plan is not None and self.context is not None
        try:
            planning.save(koto(self).require_store(), self.plan, content, self.context)
        except PlanRefused as refused:
            return str(refused)
        except (OSError, DatabaseError) as failed:
            self._unsaved, self._save_error = content, failed
            self._show_save_state()
            return unsaved_text(self.save_state())
        self._unsaved = self._save_error = None
        self._show_save_state()
        self._load()
        return None

    def _show_save_state(self) -> None:
        state = self.query_one("#plan-save-state", Static)
        state.set_class(self._unsaved is not None, "-unsaved")
        state.update(plain(unsaved_text(self.save_state()) + " " + _("It is saved again every few seconds.")
                           if self._unsaved is not None else ""))

    def save_state(self) -> SaveState:
        """The plan's content not on disk (one edit at most: the newest content replaces older ones)."""
        return SaveState(0, int(self._unsaved is not None), self._save_error)

    def retry_saves(self) -> None:
        """Write the unsaved content again."""
        if self._unsaved is not None and self.plan is not None and self.context is not None:
            self._save(self._unsaved)

    def flush_and_wait(self) -> None:
        """The plan is written as each field is left: nothing waits except a failed save."""
        self.retry_saves()

    @on(Input.Submitted)
    @on(Input.Blurred)
    def _field_done(self, event: Input.Submitted | Input.Blurred) -> None:
        if self.plan is None or not self.editable or event.input.id is None:
            return
        name = event.input.id.removeprefix("plan-").replace("-", "_")
        field = self.query_one(f"#field-plan-{name.replace('_', '-')}", Field)
        text = clean_text(event.input.value)
        if has_unsafe(event.input.value):
            self.notify(_("Control or invisible characters were taken out of the text."), severity="warning")
        content = self.content
        try:
            day = parse_date(text) if text and name in ("start", "end", "review") else None
            if name in ("start", "end") and day is None:
                raise ValueError(_("This is needed."))
            changed = {
                "start": lambda: replace(content, start=day or content.start),
                "end": lambda: replace(content, end=day or content.end),
                "review": lambda: replace(content, review_date=day),
                "follow_up": lambda: replace(content, follow_up=_kept(text, content.follow_up)),
                "other": lambda: replace(content, other_content=_kept(text, content.other_content)),
            }[name]()
        except ValueError as exc:
            field.show_error(str(exc))
            return
        if changed == content:
            field.show_error(None)
            return
        field.show_error(self._save(changed))

    # --- goals and measures ------------------------------------------------------------------------

    def _refuse_edit(self) -> bool:
        """Tell why the version cannot change; True when it cannot."""
        if self.plan is None:
            return True
        if not self.editable:
            reason = refusal(self.plan, Step.EDIT, self.role) or _(
                "This is an earlier version; it is read-only."
            )
            self.notify(notice(reason), severity="warning", timeout=10, markup=False)
            return True
        return False

    def action_add_goal(self) -> None:
        """A new goal for the plan."""
        if not self._refuse_edit():
            self._goal_dialog(None)

    def _goal_dialog(self, goal: Goal | None) -> None:
        ident = goal.id if goal else self.content.next_id("g")

        def check(values: dict[str, Any]) -> str | None:
            return self._save(
                with_goal(
                    self.content,
                    Goal(ident, PlanArea(values["area"]), GoalTerm(values["term"]), values["text"]),
                )
            )

        title = _("Change the goal") if goal else _("A new goal")
        self.app.push_screen(FormDialog(title, goal_specs(goal), check=check))

    def _measure_dialog(self, measure: Measure, title: str) -> None:
        def check(values: dict[str, Any]) -> str | None:
            return self._save(with_measure(self.content, measure_of(values, measure)))

        self.app.push_screen(FormDialog(title, measure_specs(measure, self.content), check=check))

    def action_add_own(self) -> None:
        """A measure written freely (not in the catalogue)."""
        if not self._refuse_edit():
            self._measure_dialog(
                Measure(self.content.next_id("m"), "", start=self.content.start), _("An own measure")
            )

    def action_add_service(self) -> None:
        """Pick a service from the municipality's catalogue; its details are filled in."""
        from koto_tui.screens.plan_dialogs import CatalogueDialog

        if self._refuse_edit() or self.context is None:
            return
        context, content = self.context, self.content

        def picked(service_id: str | None) -> None:
            if service_id is not None:
                service = planning.catalogue().service(service_id)
                self._measure_dialog(
                    planning.measure_from(service, content.next_id("m"), context, content.start),
                    _("A service from the catalogue"),
                )

        self.app.push_screen(CatalogueDialog(planning.available(context, clock.today())), picked)

    def _selected(self, table_id: str) -> str | None:
        table = self.query_one(table_id, DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value)

    @on(DataTable.RowSelected, "#goal-table")
    def _change_goal(self, event: DataTable.RowSelected) -> None:
        goal = self.content.goal(str(event.row_key.value))
        if goal is not None and not self._refuse_edit():
            self._goal_dialog(goal)

    @on(DataTable.RowSelected, "#measure-table")
    def _change_measure(self, event: DataTable.RowSelected) -> None:
        measure = next((m for m in self.content.measures if m.id == event.row_key.value), None)
        if measure is not None and not self._refuse_edit():
            self._measure_dialog(measure, _("Change the measure"))

    @on(DataTable.RowSelected, "#suggestion-table")
    def _take_suggestion(self, event: DataTable.RowSelected) -> None:
        suggestion = self.suggested[int(str(event.row_key.value))]
        if not self._refuse_edit():
            self._measure_dialog(suggestion.measure, _("Suggested: {why}").format(why=suggestion.reason))

    def action_remove(self) -> None:
        """Remove the selected goal or measure (after asking)."""
        from koto_tui.screens.plan_dialogs import ConfirmDialog

        focused = self.focused
        if not isinstance(focused, DataTable) or focused.id not in ("goal-table", "measure-table"):
            self.notify(_("Choose a goal or a measure in its table first."), severity="warning")
            return
        if self._refuse_edit():
            return
        item_id = self._selected(f"#{focused.id}")
        if item_id is None:
            return
        goal = self.content.goal(item_id)
        name = goal.text if goal else next(m.name for m in self.content.measures if m.id == item_id)

        def answered(yes: bool | None) -> None:
            if yes:
                problem = self._save(without(self.content, item_id))
                if problem:
                    self.notify(notice(problem), severity="error", timeout=10, markup=False)

        self.app.push_screen(ConfirmDialog(_("Remove “{name}” from the plan?").format(name=name)), answered)

    # --- lifecycle, versions, printing ---------------------------------------------------------------

    def action_steps(self) -> None:
        """Submit, approve or return, record the signature, new version, review, end."""
        from koto_tui.screens.plan_dialogs import run_step_menu

        if self.plan is not None and self.context is not None:
            run_step_menu(self, self.plan, self.context, self.role, self._load)

    def action_versions(self) -> None:
        """Every version of the plan, and what changed between two of them."""
        from koto_tui.screens.plan_dialogs import VersionsScreen

        if self.plan is not None:
            self.app.push_screen(VersionsScreen(self.plan))

    def action_print(self) -> None:
        """Print this version for the client's signature."""
        from koto_tui.screens.print_dialog import open_plan_print_dialog

        if self.plan is not None:
            open_plan_print_dialog(self, self.plan.id, self.version.number)

    def action_back(self) -> None:
        """Back to the client (asking first while an edit is not on disk)."""
        leave_when_saved(self.app, [self], _("Leave anyway"), self.app.pop_screen)


def _event_lines(version: PlanVersion) -> list[tuple[str, str]]:
    """The version's return, approval and signature; one that arrived by import names the sender's laptop."""
    lines: list[tuple[str, str]] = []
    returned, approval, signature = version.returned, version.approval, version.signature
    if returned is not None:
        name, comments = terminal_clean(returned.user_name), terminal_clean(returned.text)
        lines.append((_("Returned at {sender}'s laptop by {name}: {comments}").format(
            sender=terminal_clean(returned.via), name=name, comments=comments) if returned.via else _(
            "Returned by {name}: {comments}").format(name=name, comments=comments), "bold"))
    if approval is not None:
        day, name = format_short_date(approval.on or clock.today()), terminal_clean(approval.user_name)
        lines.append((_("Approved {date} at {sender}'s laptop by {name}").format(
            date=day, sender=terminal_clean(approval.via), name=name) if approval.via else _(
            "Approved {date} by {name}").format(date=day, name=name), ""))
    if signature is not None:
        day, name = format_short_date(signature.on or clock.today()), terminal_clean(signature.user_name)
        lines.append((_("Signed by the client {date} (recorded at {sender}'s laptop by {name})").format(
            date=day, sender=terminal_clean(signature.via), name=name) if signature.via else _(
            "Signed by the client {date} (recorded by {name})").format(date=day, name=name), ""))
    return lines
