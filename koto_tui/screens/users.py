"""The people who use koto on this laptop: each with their own passphrase and role (F12)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Label, Static

from koto_tui.i18n import _
from koto_tui.model import User
from koto_tui.plan_names import USER_ROLES
from koto_tui.screens.base import koto
from koto_tui.screens.form_dialog import FieldSpec, FormDialog
from koto_tui.store.errors import UserRefused
from koto_tui.widgets.safe import plain


def _options() -> tuple[tuple[str, str], ...]:
    return tuple((_(label), value) for value, label in USER_ROLES.items())


class UsersScreen(Screen[None]):
    """Add a user (who types their own passphrase), remove one, or change one's own passphrase."""

    DEFAULT_CSS = """
    #users { padding: 0 2; }
    #users DataTable { height: auto; max-height: 14; margin-bottom: 1; }
    #users .note { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add", _("Add a user"), id="users-add"),
        Binding("delete", "remove", _("Remove the user"), id="users-remove"),
        Binding("c", "change_passphrase", _("Change my passphrase"), id="users-passphrase"),
        Binding("a", "audit", _("Audit trail"), id="users-audit"),
        Binding("escape", "back", _("Back"), id="users-back"),
    ]

    def compose(self) -> ComposeResult:
        """The list of users and what the roles mean."""
        yield Header()
        with VerticalScroll(id="users"):
            yield Label(_("Users of this laptop"), classes="form-title")
            yield Static(id="users-me", markup=False)
            yield DataTable(id="users-table", cursor_type="row")
            yield Static(_("Each user unlocks koto with their own passphrase; the new user types it "
                           "themselves. An integration coordinator approves plans as an official. A removed "
                           "user can no longer unlock this database; their name stays on what they did."),
                         classes="note", markup=False)
            yield Button(_("Audit trail"), id="users-audit-button")
        yield Footer()

    def on_mount(self) -> None:
        """Columns and rows."""
        self.query_one("#users-table", DataTable).add_columns(_("Name"), _("Title"), _("Role"), _("Status"))
        self._show()

    def _show(self) -> None:
        store = koto(self).require_store()
        me = store.user
        self.query_one("#users-me", Static).update(
            _("Signed in: {name} ({role})").format(name=me.name, role=_(USER_ROLES.get(me.role, me.role))))
        table = self.query_one("#users-table", DataTable)
        table.clear()
        self.users: list[User] = store.users.all(include_removed=True)
        for user in self.users:
            table.add_row(plain(user.name), plain(user.title or "–"), _(USER_ROLES.get(user.role, user.role)),
                          _("removed") if user.removed_at else _("active"), key=user.id)
        table.focus()

    def action_add(self) -> None:
        """A new user: name, title, role, and the passphrase they type twice."""
        store = koto(self).require_store()

        def check(values: dict[str, Any]) -> str | None:
            if values["passphrase"] != values["again"]:
                return _("The passphrases differ: type the same passphrase twice.")
            try:
                store.users.add(values["name"], values["title"] or "", values["role"], values["passphrase"])
            except UserRefused as refused:
                return str(refused)
            return None

        specs = [FieldSpec("name", _("Name"), required=True), FieldSpec("title", _("Title")),
                 FieldSpec("role", _("Role"), "select", _options(), required=True, default="counsellor"),
                 FieldSpec("passphrase", _("Passphrase (the new user types it)"), "password", required=True),
                 FieldSpec("again", _("The passphrase again"), "password", required=True)]
        self.app.push_screen(FormDialog(_("A new user"), specs, check=check), lambda _values: self._show())

    def _selected(self) -> User | None:
        table = self.query_one("#users-table", DataTable)
        if not table.row_count:
            return None
        key = str(table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value)
        return next((u for u in self.users if u.id == key), None)

    def action_remove(self) -> None:
        """Remove the selected user's passphrase (after asking)."""
        from koto_tui.screens.plan_dialogs import ConfirmDialog

        user = self._selected()
        if user is None or user.removed_at:
            return
        store = koto(self).require_store()

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                store.users.remove(user.id)
            except UserRefused as refused:
                self.notify(str(refused), severity="error", timeout=10)
            self._show()

        self.app.push_screen(ConfirmDialog(_("Remove {name}? They can no longer unlock koto on this "
                                             "laptop.").format(name=user.name)), answered)

    def action_change_passphrase(self) -> None:
        """Change the signed-in user's passphrase."""
        store = koto(self).require_store()

        def check(values: dict[str, Any]) -> str | None:
            if values["new"] != values["again"]:
                return _("The passphrases differ: type the same passphrase twice.")
            try:
                store.users.change_passphrase(values["current"], values["new"])
            except UserRefused as refused:
                return str(refused)
            return None

        specs = [FieldSpec("current", _("Current passphrase"), "password", required=True),
                 FieldSpec("new", _("New passphrase"), "password", required=True),
                 FieldSpec("again", _("The new passphrase again"), "password", required=True)]
        self.app.push_screen(FormDialog(_("Change my passphrase"), specs, check=check))

    @on(Button.Pressed, "#users-audit-button")
    def action_audit(self) -> None:
        """The audit trail (a coordinator only; anyone else is told so)."""
        from koto_tui.screens.audit import show_audit

        show_audit(self)

    def action_back(self) -> None:
        """Back."""
        self.app.pop_screen()
