"""Before anything about clients is shown: the first-run set-up, or the passphrase."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from koto_tui.engine import Form
from koto_tui.i18n import _
from koto_tui.model import Profile
from koto_tui.municipality import MunicipalityFileError, load_municipality
from koto_tui.screens.base import koto
from koto_tui.store import MIN_PASSPHRASE, Store, WrongPassphrase
from koto_tui.widgets.fields import Field
from koto_tui.workflow import register_shipped_forms


def _open_forms(store: Store) -> dict[str, Form]:
    return register_shipped_forms(store)


class UnlockScreen(Screen[None]):
    """Asks for the passphrase; a wrong one says so and lets the user try again."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "unlock", _("Unlock"), id="unlock", show=True)]

    def compose(self) -> ComposeResult:
        """Title, passphrase, message."""
        from koto_tui.demo import DEMO_PASSPHRASE

        with Center(id="unlock-box"):
            yield Label(_("Open the database"), id="unlock-title")
            if koto(self).demo:
                yield Static(_("Demo database: the passphrase is \u201c{passphrase}\u201d.").format(
                    passphrase=DEMO_PASSPHRASE), id="demo-hint", markup=False)
            yield Field(_("Passphrase"), Input(password=True, id="passphrase"), name="passphrase")
            yield Static("", id="unlock-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Start at the passphrase."""
        self.query_one("#passphrase", Input).focus()

    @on(Input.Submitted, "#passphrase")
    def action_unlock(self) -> None:
        """Try the passphrase in a worker (the key derivation takes a moment)."""
        passphrase = self.query_one("#passphrase", Input).value
        if not passphrase:
            self.query_one(Field).show_error(_("Type the passphrase."))
            return
        self.query_one("#unlock-status", Static).update(_("Opening\u2026"))
        self._unlock(passphrase)

    @work(thread=True, exclusive=True)
    def _unlock(self, passphrase: str) -> None:
        from koto_tui.commands import store_error_message

        try:
            store = Store.unlock(koto(self).paths, passphrase)
            forms = _open_forms(store)
        except WrongPassphrase:
            self.app.call_from_thread(self._failed, _("Wrong passphrase. Try again."))
        except Exception as exc:
            self.app.call_from_thread(self._failed, store_error_message(exc, koto(self).paths))
        else:
            self.app.call_from_thread(koto(self).unlocked, store, forms)

    def _failed(self, message: str) -> None:
        box = self.query_one("#passphrase", Input)
        box.value = ""
        box.focus()
        self.query_one("#unlock-status", Static).update("")
        self.query_one(Field).show_error(message)


class FirstRunScreen(Screen[None]):
    """The first start: the counsellor's profile, the municipality and a new passphrase."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "create", _("Create"), id="create")]

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
            yield Field(_("Your name"), Input(id="name"), name="name")
            yield Field(_("Title"), Input(_("integration counsellor"), id="title"), name="title")
            yield Field(_("Municipality"), Input(town_name, id="municipality"), name="municipality")
            yield Field(_("Unit"), Input(unit, id="unit"), name="unit")
            yield Field(_("Place (printed by the signatures)"), Input(place, id="place"), name="place")
            yield Field(_("Passphrase (at least {n} characters)").format(n=MIN_PASSPHRASE),
                        Input(password=True, id="passphrase"), name="passphrase")
            yield Field(_("Passphrase again"), Input(password=True, id="passphrase2"), name="passphrase2")
            yield Button(_("Create the database"), id="create", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        """Start at the name."""
        self.query_one("#name", Input).focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def _errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        for name in ("name", "title", "municipality"):
            if not self._value(name):
                errors[name] = _("This is needed on printouts.")
        first = self.query_one("#passphrase", Input).value
        if len(first) < MIN_PASSPHRASE:
            errors["passphrase"] = _("The passphrase is too short: use at least {n} characters.").format(
                n=MIN_PASSPHRASE)
        elif first != self.query_one("#passphrase2", Input).value:
            errors["passphrase2"] = _("The passphrases differ: type the same passphrase twice.")
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
        self._create(profile, self.query_one("#passphrase", Input).value)

    @work(thread=True, exclusive=True)
    def _create(self, profile: Profile, passphrase: str) -> None:
        from koto_tui.commands import store_error_message

        try:
            store = Store.create(koto(self).paths, profile, passphrase)
            forms = _open_forms(store)
        except Exception as exc:
            message = store_error_message(exc, koto(self).paths)
            self.app.call_from_thread(self._failed, message)
        else:
            self.app.call_from_thread(koto(self).unlocked, store, forms)

    def _failed(self, message: str) -> None:
        self.query_one("#create", Button).disabled = False
        self.notify(message, severity="error", timeout=10)
