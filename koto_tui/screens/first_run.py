"""The very first start: the counsellor's profile, the municipality and a new passphrase."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static

from koto_tui.i18n import N_, _
from koto_tui.memory import Handover
from koto_tui.model import Profile
from koto_tui.municipality import MunicipalityFileError, load_municipality
from koto_tui.plan_names import USER_ROLES
from koto_tui.printing.limits import PROFILE_MAX
from koto_tui.rules.passphrase import MIN_PASSPHRASE, passphrase_problem
from koto_tui.screens.base import koto
from koto_tui.screens.unlock import UnlockScreen, open_store_and_forms
from koto_tui.text import sentence
from koto_tui.widgets.fields import Field
from koto_tui.widgets.footer import KotoFooter
from koto_tui.widgets.limited import LimitedInput
from koto_tui.widgets.safe import notice
from koto_tui.widgets.secret import SecretInput


class FirstRunScreen(Screen[None]):
    """The first start: the counsellor's profile, the municipality and a new passphrase."""

    DEFAULT_CSS = """
    #first-run { padding: 1 2; }
    #first-run Input { max-width: 60; }
    #first-run-title { text-style: bold; margin: 0 0 1 0; }
    #first-run Select { max-width: 60; }
    #first-run-buttons { height: auto; }
    #first-run-buttons Button { margin-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "create", N_("Create"), id="create")]

    def compose(self) -> ComposeResult:
        """Profile fields, passphrase twice."""
        try:
            town = load_municipality()
            town_name, unit, place = town.name, town.unit, town.place
        except MunicipalityFileError:
            town_name = unit = place = ""
        with VerticalScroll(id="first-run"):
            yield Label(_("Welcome to koto"), id="first-run-title")
            yield Static(_("The database is encrypted with a passphrase. Nobody can open it without the "
                           "passphrase, and it cannot be recovered: keep it safe."), markup=False)
            longest = PROFILE_MAX
            yield Field(_("Your name"), LimitedInput(id="name", max_length=longest["name"]), name="name")
            yield Field(_("Title"), LimitedInput(_("integration counsellor"), id="title",
                                                 max_length=longest["title"]), name="title")
            municipality = LimitedInput(town_name, id="municipality", max_length=longest["municipality"])
            yield Field(_("Municipality"), municipality, name="municipality")
            yield Field(_("Unit"), LimitedInput(unit, id="unit", max_length=longest["unit"]), name="unit")
            yield Field(_("Place (printed by the signatures)"),
                        LimitedInput(place, id="place", max_length=longest["place"]), name="place")
            yield Field(_("Your role"), Select([(_(label), value) for value, label in USER_ROLES.items()],
                                               value="counsellor", allow_blank=False, id="role"), name="role",
                        hint=_("Only a coordinator adds other users. If you will add colleagues on this "
                               "laptop, or work alone, choose coordinator; a counsellor alone can never "
                               "add users."))
            yield Field(_("Passphrase (at least {n} characters)").format(n=MIN_PASSPHRASE),
                        SecretInput(id="passphrase"), name="passphrase")
            yield Field(_("Passphrase again"), SecretInput(id="passphrase2"), name="passphrase2")
            yield Static("", id="suggestion", markup=False)
            with Horizontal(id="first-run-buttons"):
                yield Button(_("Create the database"), id="create", variant="primary")
                yield Button(_("Suggest a passphrase"), id="suggest")
        yield KotoFooter()

    def on_mount(self) -> None:
        """Start at the name; never offer a new database where a database or a key file already is."""
        if koto(self).paths.initialised():
            self.app.switch_screen(UnlockScreen())
            return
        self.query_one("#name", Input).focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def _errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        for name in ("name", "title", "municipality"):
            if not self._value(name):
                errors[name] = _("This is needed on printouts.")
        known = (self._value("name"), self._value("municipality"), self._value("place"))
        problem = passphrase_problem(self.query_one("#passphrase", Input).value,
                                     self.query_one("#passphrase2", Input).value, known)
        if problem is not None:
            errors[problem[0]] = problem[1]
        return errors

    @on(Button.Pressed, "#create")
    @on(Input.Submitted)
    def action_create(self) -> None:
        """Check every field, then create the database in a worker."""
        errors = self._errors()
        for field in self.query(Field):
            field.show_error(errors.get(field.field_name))
        if errors:
            self.query_one(f"#{next(iter(errors))}", Input).focus()
            return
        profile = Profile(self._value("name"), self._value("title"), self._value("municipality"),
                          self._value("unit"), self._value("place"))
        self.query_one("#create", Button).disabled = True
        role = str(self.query_one("#role", Select).value)
        passphrase = self.query_one("#passphrase", SecretInput).value
        for box in self.query(SecretInput):  # handed on: none stays in a field (also when creating fails)
            box.forget()
        self._create(profile, Handover(passphrase), role)

    @on(Button.Pressed, "#suggest")
    def _suggest(self) -> None:
        """Fill both passphrase fields with random words and show them once, to be written down."""
        from koto_tui.rules.passphrase import suggest_passphrase
        from koto_tui.screens.form_dialog import suggestion_note

        suggestion = suggest_passphrase()
        for name in ("passphrase", "passphrase2"):
            self.query_one(f"#{name}", SecretInput).value = suggestion
        self.query_one("#suggestion", Static).update(suggestion_note(suggestion))

    @work(thread=True, exclusive=True)
    def _create(self, profile: Profile, handover: Handover, role: str) -> None:
        from koto_tui.messages import store_error_message
        from koto_tui.store import Store

        paths = koto(self).paths
        passphrase = handover.take()
        try:
            store, forms = open_store_and_forms(lambda: Store.create(paths, profile, passphrase, role))
        except Exception as exc:
            message = sentence(store_error_message(exc, koto(self).paths))
            self.app.call_from_thread(self._failed, message)
        else:
            self.app.call_from_thread(koto(self).unlocked, store, forms)

    def _failed(self, message: str) -> None:
        self.query_one("#create", Button).disabled = False
        self.notify(notice(message), severity="error", timeout=10, markup=False)
