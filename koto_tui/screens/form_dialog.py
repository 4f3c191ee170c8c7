"""A small data-entry dialog built from a list of fields; every problem is shown at its field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from koto_tui.i18n import N_, _
from koto_tui.printing.limits import LINE_MAX
from koto_tui.rules.clients import parse_date
from koto_tui.screens.base import hand_over
from koto_tui.text import clean_text
from koto_tui.widgets.checkbox import KotoCheckbox
from koto_tui.widgets.fields import Field
from koto_tui.widgets.limited import LimitedInput
from koto_tui.widgets.safe import field_value, has_unsafe, plain
from koto_tui.widgets.secret import SecretInput


@dataclass(frozen=True)
class FieldSpec:
    """One field: text, password, int (a whole number), date (d.m.yyyy), time, a choice, or a checkbox."""

    name: str
    label: str
    kind: str = "text"
    options: tuple[tuple[str, Any], ...] = field(default_factory=tuple)
    required: bool = False
    default: Any = None
    max_length: int = LINE_MAX
    """The most characters a text field takes (printing/limits.py: what the printouts are tested with)."""


def _parse_int(text: str) -> int:
    """A whole number of zero or more, as counsellors type it ("70", "1 200")."""
    digits = text.replace(" ", "").replace("\u00a0", "")
    if not digits.isdecimal():
        raise ValueError(_("Write a whole number, for example 70."))
    return int(digits)


def _parse_time(text: str) -> str:
    """'27.11.2026 10.30' (or 10:30) as ISO text."""
    day, _sep, clock_text = text.strip().partition(" ")
    when = parse_date(day)
    hours, _colon, minutes = clock_text.replace(":", ".").partition(".")
    try:
        return datetime(when.year, when.month, when.day, int(hours), int(minutes or 0)).isoformat(
            timespec="minutes")
    except ValueError as exc:
        raise ValueError(_("Write the time as d.m.yyyy hh.mm, for example 27.11.2026 10.30.")) from exc


class FormDialog(ModalScreen[dict[str, Any] | None]):
    """Returns the values by field name, or None when cancelled."""

    DEFAULT_CSS = """
    FormDialog { align: center middle; }
    #form-dialog { width: 100; max-width: 100%; height: auto; max-height: 90%; padding: 1 2;
                   border: round $primary; background: $surface; }
    #form-dialog Input, #form-dialog Select { width: 1fr; max-width: 56; }
    #form-dialog .buttons { height: auto; margin-top: 1; }
    #form-dialog .buttons Button { margin-right: 2; }
    #dlg-problem { color: $error; height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), id="save-dialog"),
        Binding("escape", "cancel", N_("Cancel"), id="cancel-dialog"),
    ]

    def __init__(self, title: str, specs: list[FieldSpec],
                 check: Callable[[dict[str, Any]], str | None] | None = None,
                 suggest: tuple[str, ...] = (), *, slow: bool = False) -> None:
        """*check* gets the values when every field is fine; a message it returns keeps the dialog open.

        A *slow* check (one that derives a key from a passphrase or re-encrypts the database) runs in a
        worker thread, so the screen keeps painting and Ctrl+L keeps working; the dialog says it is working.

        *suggest* names password fields that a "Suggest a passphrase" button fills with one random
        passphrase (shown once in the dialog, to be written down).
        """
        super().__init__()
        self.title_text = title
        self.specs = specs
        self.check = check
        self.suggest = suggest
        self.slow = slow
        self._checking = False

    def _control(self, spec: FieldSpec) -> Widget:
        dom = f"dlg-{spec.name}"
        if spec.kind == "select":
            options = [(plain(label), value) for label, value in spec.options]
            return Select(options, id=dom, prompt=_("Choose"),
                          value=spec.default if spec.default is not None else Select.NULL)
        if spec.kind == "check":
            return KotoCheckbox(_("yes"), id=dom, value=bool(spec.default))
        placeholder = {"date": _("d.m.yyyy"), "time": _("d.m.yyyy hh.mm")}.get(spec.kind, "")
        default = spec.default
        if isinstance(default, date):
            default = f"{default.day}.{default.month}.{default.year}"
        if spec.kind == "password":
            return SecretInput(id=dom)
        return LimitedInput("" if default is None else field_value(default), placeholder=placeholder, id=dom,
                            max_length=spec.max_length)

    def compose(self) -> ComposeResult:
        """The fields and the buttons."""
        with VerticalScroll(id="form-dialog"):
            yield Label(plain(self.title_text), classes="form-title")
            yield Static("", id="dlg-problem", markup=False)
            for spec in self.specs:
                yield Field(spec.label + (" *" if spec.required else ""), self._control(spec), name=spec.name)
            if self.suggest:
                yield Static("", id="dlg-suggestion", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), id="dlg-save", variant="primary")
                yield Button(_("Cancel"), id="dlg-cancel")
                if self.suggest:
                    yield Button(_("Suggest a passphrase"), id="dlg-suggest")

    def on_mount(self) -> None:
        """Start at the first field."""
        self.query(Field).first().control.focus()

    def _value(self, spec: FieldSpec) -> Any:
        control = self.query_one(f"#dlg-{spec.name}")
        if isinstance(control, Select):
            return None if control.value is Select.NULL else control.value
        if isinstance(control, Checkbox):
            return control.value
        raw = self.query_one(f"#dlg-{spec.name}", Input).value
        text = clean_text(raw)
        if spec.kind != "password" and has_unsafe(raw):
            self.notify(_("Control or invisible characters were taken out of the text."), severity="warning")
        if not text:
            return None
        if spec.kind == "password":
            return self.query_one(f"#dlg-{spec.name}", Input).value or None
        parse = {"date": parse_date, "time": _parse_time, "int": _parse_int}.get(spec.kind)
        return parse(text) if parse else text

    @on(Button.Pressed, "#dlg-save")
    def action_save(self) -> None:
        """Check every field; return the values or show what to fix."""
        if self._checking:
            return
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for spec in self.specs:
            try:
                values[spec.name] = self._value(spec)
            except ValueError as exc:
                errors[spec.name] = str(exc)
                continue
            if spec.required and values[spec.name] in (None, ""):
                errors[spec.name] = _("This is needed.")
        for widget in self.query(Field):
            widget.show_error(errors.get(widget.field_name))
        if errors:
            return
        if self.slow and self.check is not None:
            self._checking = True
            self.query_one("#dlg-save", Button).disabled = True
            self.query_one("#dlg-problem", Static).update(_("Checking: this takes a moment…"))
            self._check_in_worker(values)
            return
        self._show_check(values, self._checked(values))

    @work(thread=True, exclusive=True, group="dialog-check")
    def _check_in_worker(self, values: dict[str, Any]) -> None:
        """Run a slow check off the UI thread, then show its outcome."""
        problem = self._checked(values)
        hand_over(self, self._show_check, values, problem)  # (dropped once a lock closed it)

    def _show_check(self, values: dict[str, Any], problem: str | None) -> None:
        """Close with the values, or keep the dialog open with the check's message."""
        self._checking = False
        self.query_one("#dlg-save", Button).disabled = False
        self.query_one("#dlg-problem", Static).update(plain(problem or ""))
        if problem is None:
            self.dismiss(values)

    def _checked(self, values: dict[str, Any]) -> str | None:
        """The check's refusal; a write that failed (full disk, unwritable database) is one too.

        The dialog stays open with everything typed, so the user can free space and save again.
        """
        if self.check is None:
            return None
        from koto_tui.messages import describe_error
        from koto_tui.store.connection import DatabaseError

        try:
            return self.check(values)
        except (OSError, DatabaseError) as failed:
            return _("Not saved: {reason} What you typed is still here: save again.").format(
                reason=describe_error(failed))

    @on(Button.Pressed, "#dlg-suggest")
    def _suggest(self) -> None:
        """Fill the passphrase fields with random words and show them once, to be written down."""
        from koto_tui.rules.passphrase import suggest_passphrase

        suggestion = suggest_passphrase()
        for name in self.suggest:
            self.query_one(f"#dlg-{name}", Input).value = suggestion
        self.query_one("#dlg-suggestion", Static).update(suggestion_note(suggestion))

    @on(Button.Pressed, "#dlg-cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


def today_default() -> str:
    """Today as the counsellor types dates."""
    from koto_tui import clock

    day: date = clock.today()
    return f"{day.day}.{day.month}.{day.year}"


def suggestion_note(suggestion: str) -> Text:
    """The suggested passphrase as the user reads it once: write it down; it is not shown again."""
    return Text(_("Suggested passphrase: {passphrase}\nWrite it down now and keep it safe: it is not shown "
                  "again once this closes. The fields hold it (masked).").format(passphrase=suggestion))
