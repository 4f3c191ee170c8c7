"""The people who use koto on this laptop: each with their own passphrase and role (F12)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import Button, DataTable, Label, Static

from koto_tui.i18n import N_, _
from koto_tui.model import User
from koto_tui.plan_names import USER_ROLES
from koto_tui.printing.limits import NAME_MAX
from koto_tui.screens.base import koto
from koto_tui.screens.form_dialog import FieldSpec, FormDialog
from koto_tui.store.errors import UserRefused
from koto_tui.widgets.fit import FitTable
from koto_tui.widgets.footer import KotoFooter
from koto_tui.widgets.header import KotoHeader
from koto_tui.widgets.safe import cell, notice, plain


def _options() -> tuple[tuple[str, str], ...]:
    return tuple((_(label), value) for value, label in USER_ROLES.items())


def _confirm_spec() -> FieldSpec:
    """The signed-in coordinator's own passphrase, typed again to confirm a change of users or roles."""
    return FieldSpec("confirm", _("Your own passphrase (to confirm)"), "password", required=True)


class UsersScreen(Screen[None]):
    """Users and roles: a coordinator adds, removes and changes them; each user changes their passphrase."""

    DEFAULT_CSS = """
    #users { padding: 0 2; }
    #users DataTable { height: auto; max-height: 14; margin-bottom: 1; }
    #users .note { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add", N_("Add a user"), id="users-add"),
        Binding("delete", "remove", N_("Remove the user"), id="users-remove"),
        Binding("r", "change_role", N_("Change the role"), id="users-role"),
        Binding("c", "change_passphrase", N_("Change my passphrase"), id="users-passphrase"),
        Binding("k", "rotate_key", N_("Rotate the database key"), id="users-rotate-key"),
        Binding("a", "audit", N_("Audit trail"), id="users-audit"),
        Binding("escape", "back", N_("Back"), id="users-back"),
    ]

    #: What only a coordinator may do: hidden from the footer (and refused by the store) for others.
    COORDINATOR_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {"add", "remove", "change_role", "rotate_key", "audit"})

    may_manage = False

    def compose(self) -> ComposeResult:
        """The list of users and what the roles mean."""
        yield KotoHeader()
        with VerticalScroll(id="users"):
            yield Label(_("Users of this laptop"), classes="form-title")
            yield Static(id="users-me", markup=False)
            yield FitTable(id="users-table", cursor_type="row")
            yield Static(_("Each user unlocks koto with their own passphrase; the new user types it "
                           "themselves. An integration coordinator approves plans as an official. A removed "
                           "user can no longer unlock this database; their name stays on what they did."),
                         classes="note", markup=False)
            yield Static(_("Only an integration coordinator adds and removes users and changes roles, after "
                           "typing their own passphrase again. You can change your own passphrase (c)."),
                         id="users-counsellor-note", classes="note", markup=False)
            yield Button(_("Audit trail"), id="users-audit-button")
        yield KotoFooter()

    def on_mount(self) -> None:
        """Columns and rows."""
        self.query_one("#users-table", DataTable).add_columns(_("Name"), _("Title"), _("Role"), _("Status"))
        self._show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what only a coordinator may do from everyone else."""
        return self.may_manage or action not in self.COORDINATOR_ACTIONS

    def _show(self) -> None:
        store = koto(self).require_store()
        me = store.user
        self.may_manage = store.users.may_manage()
        self.query_one("#users-counsellor-note", Static).display = not self.may_manage
        self.query_one("#users-audit-button", Button).display = self.may_manage
        self.refresh_bindings()
        self.query_one("#users-me", Static).update(
            plain(_("Signed in: {name} ({role})").format(name=me.name,
                                                         role=_(USER_ROLES.get(me.role, me.role)))))
        table = self.query_one("#users-table", DataTable)
        table.clear()
        self.users: list[User] = store.users.all(include_removed=True)
        for user in self.users:
            role = cell(_(USER_ROLES.get(user.role, user.role)))
            table.add_row(cell(user.name), cell(user.title or "–"), role,
                          _("removed") if user.removed_at else _("active"), key=user.id)
        table.focus()

    def action_add(self) -> None:
        """A new user: name, title, role, the passphrase they type twice, and the coordinator's own."""
        store = koto(self).require_store()

        def check(values: dict[str, Any]) -> str | None:
            if values["passphrase"] != values["again"]:
                return _("The passphrases differ: type the same passphrase twice.")
            return refusal(lambda: store.users.add(
                values["name"], values["title"] or "", values["role"], values["passphrase"],
                confirm_passphrase=values["confirm"]))

        specs = [FieldSpec("name", _("Name"), required=True, max_length=NAME_MAX),
                 FieldSpec("title", _("Title")),
                 FieldSpec("role", _("Role"), "select", _options(), required=True, default="counsellor"),
                 FieldSpec("passphrase", _("Passphrase (the new user types it)"), "password", required=True),
                 FieldSpec("again", _("The passphrase again"), "password", required=True), _confirm_spec()]
        self.app.push_screen(FormDialog(_("A new user"), specs, check=check, suggest=("passphrase", "again"),
                                        slow=True),
                             lambda _values: self._show())

    def _selected(self) -> User | None:
        table = self.query_one("#users-table", DataTable)
        if not table.row_count:
            return None
        key = str(table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value)
        return next((u for u in self.users if u.id == key), None)

    def action_remove(self) -> None:
        """Remove the selected user's passphrase, once the coordinator has typed their own."""
        user = self._selected()
        if user is None or user.removed_at:
            return
        store = koto(self).require_store()

        def check(values: dict[str, Any]) -> str | None:
            return refusal(lambda: store.users.remove(user.id, confirm_passphrase=values["confirm"]))

        title = _("Remove {name}? They can no longer unlock koto on this laptop.").format(name=user.name)
        self.app.push_screen(FormDialog(title, [_confirm_spec()], check=check, slow=True),
                             lambda _values: self._show())

    def action_change_role(self) -> None:
        """Make the selected user a counsellor or a coordinator."""
        user = self._selected()
        if user is None or user.removed_at:
            return
        store = koto(self).require_store()

        def check(values: dict[str, Any]) -> str | None:
            return refusal(lambda: store.users.change_role(user.id, values["role"],
                                                           confirm_passphrase=values["confirm"]))

        specs = [FieldSpec("role", _("Role"), "select", _options(), required=True, default=user.role),
                 _confirm_spec()]
        title = _("The role of {name}").format(name=user.name)
        self.app.push_screen(FormDialog(title, specs, check=check, slow=True), lambda _values: self._show())

    def action_rotate_key(self) -> None:
        """Replace the database key (a coordinator's step; the store refuses anyone else)."""
        try:
            koto(self).require_store().users.rotate_key()
        except UserRefused as refused:
            self.notify(notice(refused), severity="error", timeout=10, markup=False)
            return
        except OSError as exc:  # e.g. a full disk before the rekey: the old key stays in use
            from koto_tui.messages import describe_error

            self.notify(notice(describe_error(exc)), severity="error", timeout=10, markup=False)
            return
        self.notify(_("The database key was replaced: old copies of the key file no longer open it."))

    def action_change_passphrase(self) -> None:
        """Change the signed-in user's passphrase."""
        store = koto(self).require_store()

        def check(values: dict[str, Any]) -> str | None:
            if values["new"] != values["again"]:
                return _("The passphrases differ: type the same passphrase twice.")
            return refusal(lambda: store.users.change_passphrase(values["current"], values["new"]))

        specs = [FieldSpec("current", _("Current passphrase"), "password", required=True),
                 FieldSpec("new", _("New passphrase"), "password", required=True),
                 FieldSpec("again", _("The new passphrase again"), "password", required=True)]
        self.app.push_screen(FormDialog(_("Change my passphrase"), specs, check=check,
                                        suggest=("new", "again"), slow=True))

    @on(Button.Pressed, "#users-audit-button")
    def action_audit(self) -> None:
        """The audit trail (a coordinator only; anyone else is told so)."""
        from koto_tui.screens.audit import show_audit

        show_audit(self)

    def action_back(self) -> None:
        """Back."""
        self.app.pop_screen()


def refusal(step: Callable[[], object]) -> str | None:
    """Take a user change; the store's refusal (not a coordinator, a wrong passphrase…) as the message."""
    try:
        step()
    except UserRefused as refused:
        return str(refused)
    return None
