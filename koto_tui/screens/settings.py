"""The counsellor's profile and the municipality printed on every document."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Static

from koto_tui.i18n import _
from koto_tui.model import Profile
from koto_tui.screens.base import koto
from koto_tui.widgets.fields import Field

_FIELDS = ("name", "title", "municipality", "unit", "place")


class SettingsScreen(Screen[None]):
    """Edit the profile; saved with Ctrl+S."""

    DEFAULT_CSS = """
    #settings { padding: 1 2; }
    #settings Input { width: 60; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", _("Save"), id="save-settings"),
        Binding("escape", "close", _("Back"), id="close-settings"),
    ]

    def compose(self) -> ComposeResult:
        """One field per profile item, and where the data lives."""
        labels = {"name": _("Your name"), "title": _("Title"), "municipality": _("Municipality"),
                  "unit": _("Unit"), "place": _("Place (printed by the signatures)")}
        yield Header()
        with VerticalScroll(id="settings"):
            yield Label(_("Settings"), classes="form-title")
            for name in _FIELDS:
                yield Field(labels[name], Input(id=f"setting-{name}"), name=name)
            yield Static(_("Data directory: {path}").format(path=koto(self).paths.root), markup=False)
            yield Button(_("Save"), id="save-settings", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        """Show the stored profile (read in a worker)."""
        self._load()

    @work(thread=True, exclusive=True, group="settings-load")
    def _load(self) -> None:
        profile = koto(self).require_store().profile()
        self.app.call_from_thread(self._show, profile)

    def _show(self, profile: Profile) -> None:
        for name in _FIELDS:
            self.query_one(f"#setting-{name}", Input).value = getattr(profile, name)

    @on(Button.Pressed, "#save-settings")
    def action_save(self) -> None:
        """Check and store the profile."""
        values = {n: self.query_one(f"#setting-{n}", Input).value.strip() for n in _FIELDS}
        missing = {n for n in ("name", "title", "municipality") if not values[n]}
        for field in self.query(Field):
            field.show_error(_("This is needed on printouts.") if field.field_name in missing else None)
        if not missing:
            self._save(Profile(**values))

    @work(thread=True, exclusive=True)
    def _save(self, profile: Profile) -> None:
        koto(self).require_store().save_profile(profile)
        self.app.call_from_thread(self.notify, _("Settings saved."))
        self.app.call_from_thread(self.dismiss)

    def action_close(self) -> None:
        """Back without saving."""
        self.dismiss()
