"""The client's rights in the app (GDPR art. 17–18) and retention: a coordinator's palette commands.

Restrict or lift (a reason each time), erase (a reason; refused with the rule while a retention duty
applies), show the restricted clients in the register, open a restricted client (a reason, logged), and
purge what the retention periods say may go (listed at unlock; purged after a confirmation, or by itself
when the municipality's file says so).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, Static

from koto_tui.i18n import N_, _, format_number, ngettext
from koto_tui.screens.base import koto
from koto_tui.widgets.fields import Field
from koto_tui.widgets.limited import LimitedInput
from koto_tui.widgets.safe import notice

if TYPE_CHECKING:
    from textual.app import App

    from koto_tui.app import KotoApp
    from koto_tui.screens.client import ClientScreen
    from koto_tui.screens.clients import ClientsScreen
    from koto_tui.store import Store


class ReasonDialog(ModalScreen[str | None]):
    """Asks why (restrict, lift, erase, open a restricted client); returns the reason, or None."""

    DEFAULT_CSS = """
    ReasonDialog { align: center middle; }
    #reason-box { width: 90; max-width: 100%;
                  height: auto; padding: 1 2; border: round $warning; background: $surface; }
    #reason-box Input { width: 1fr; }
    #reason-box .buttons { height: auto; margin-top: 1; }
    #reason-box .buttons Button { margin-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"), id="cancel-reason")]
    AUTO_FOCUS = "#reason-text, #reason-ok"
    """Start at the reason (or at the button, when none is asked)."""

    def __init__(self, title: str, explanation: str, action: str, *, needs_reason: bool = True) -> None:
        super().__init__()
        self._title, self._explanation, self._action = title, explanation, action
        self._needs_reason = needs_reason

    def compose(self) -> ComposeResult:
        """The explanation, the reason, buttons."""
        with Vertical(id="reason-box"):
            yield Label(self._title, classes="form-title", markup=False)
            yield Static(self._explanation, markup=False)
            if self._needs_reason:
                yield Field(_("Reason"), LimitedInput(id="reason-text"), name="reason")
            with Horizontal(classes="buttons"):
                yield Button(self._action, id="reason-ok", variant="warning")
                yield Button(_("Cancel"), id="cancel")


    @on(Button.Pressed, "#reason-ok")
    @on(Input.Submitted, "#reason-text")
    def _done(self) -> None:
        if not self._needs_reason:
            self.dismiss("confirmed")
            return
        reason = self.query_one("#reason-text", Input).value.strip()
        if not reason:
            self.query_one(Field).show_error(_("Write the reason: it is kept in the audit trail."))
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Nothing is done."""
        self.dismiss(None)


def open_client(screen: Screen[Any], client_id: int) -> None:
    """Open a client's page; a restricted client's only after a reason, which is logged (art. 18)."""
    from koto_tui.screens.client import ClientScreen
    from koto_tui.store.restriction import Restrictions

    store = koto(screen).require_store()
    if not store.clients.is_restricted(client_id):
        screen.app.push_screen(ClientScreen(client_id))
        return

    def given(reason: str | None) -> None:
        if reason:
            Restrictions(store.session).opened(client_id, reason)
            screen.app.push_screen(ClientScreen(client_id))

    screen.app.push_screen(ReasonDialog(_("A restricted client"), _(
        "The processing of this client's data is restricted (GDPR art. 18). Say why you open the record: "
        "the reason is kept in the audit trail."), _("Open")), given)


def rights_commands(app: KotoApp, screen: Screen[Any]) -> Iterable[SystemCommand]:
    """The coordinator's palette commands for this screen."""
    from koto_tui.screens.client import ClientScreen
    from koto_tui.screens.clients import ClientsScreen

    store = app.store
    if store is None or not store.users.may_manage():
        return
    if isinstance(screen, ClientScreen):
        yield SystemCommand(_("Restrict the client, or lift it"), _("GDPR art. 18: hidden, not exported, "
                                                                    "each opening logged with a reason"),
                            partial(_toggle_restriction, screen))
        yield SystemCommand(_("Erase the client"), _("GDPR art. 17: everything about the client, for good"),
                            partial(_erase, screen))
    if isinstance(screen, ClientsScreen):
        yield SystemCommand(_("Show or hide restricted clients"), _("Restricted clients are hidden from the "
                                                                    "register unless shown"),
                            partial(_toggle_shown, screen))
    yield SystemCommand(_("Purge what retention allows"), _("The municipality's retention periods"),
                        partial(confirm_purge, app))


def _toggle_shown(screen: ClientsScreen) -> None:
    shown = screen.show_restricted = not screen.show_restricted
    screen.refresh_list()
    screen.notify(_("Restricted clients are shown.") if shown else _("Restricted clients are hidden."))


def _toggle_restriction(screen: ClientScreen) -> None:
    from koto_tui.store.restriction import Restrictions

    store = koto(screen).require_store()
    client_id = screen.client_id
    restrictions = Restrictions(store.session)
    lifting = restrictions.current(client_id) is not None

    def given(reason: str | None) -> None:
        if reason:
            change = restrictions.lift if lifting else restrictions.restrict
            _refusable(screen, partial(change, client_id, reason),
                       _("The restriction was lifted.") if lifting else _("The client is restricted."),
                       after=screen.on_screen_resume)

    title = _("Lift the restriction") if lifting else _("Restrict the client's processing")
    screen.app.push_screen(ReasonDialog(title, _(
        "A restricted client is hidden from the register and search unless shown, is not exported, is "
        "printed only as the access report, and each opening of the record asks for a reason."),
        _("Lift") if lifting else _("Restrict")), given)


def _erase(screen: ClientScreen) -> None:
    """Ask for the reason, saying what the erasure does not reach (read in a worker first); then erase."""
    from koto_tui import clock
    from koto_tui.retention import erase_client, unreached_text
    from koto_tui.rules.retention import shipped_rules

    store = koto(screen).require_store()
    client_id = screen.client_id

    def given(reason: str | None) -> None:
        if reason:
            erase = partial(erase_client, store, client_id, reason, shipped_rules(), clock.today())
            app = screen.app
            app.pop_screen()  # back to the register, which lists the clients again once it is done
            _refusable(screen, erase, lambda erased: " ".join(
                (_("The client was erased."), unreached_text(erased.unreached))).strip(),
                after=partial(_refresh_register, app))

    def ask(said: str) -> None:
        explanation = _(
            "Everything about the client is erased for good: details, assessments, plans, consents, "
            "printouts and export files that held them. The audit trail keeps that you erased a client, and "
            "why. It is refused while a retention rule still requires the record.")
        screen.app.push_screen(ReasonDialog(_("Erase the client"), f"{explanation}\n\n{said}".strip(),
                                            _("Erase")), given)

    screen.app.run_worker(partial(_preview_erasure, screen.app, store, client_id, ask), thread=True,
                          group="rights")


def _preview_erasure(app: App[Any], store: Store, client_id: int, ask: Callable[[str], object]) -> None:
    """In a worker: what an erasure of the client would not reach, then *ask* on the UI thread."""
    from koto_tui.retention import unreached, unreached_text
    from koto_tui.rules.retention import RetentionFileError, shipped_rules

    try:
        said = unreached_text(unreached(store, client_id, shipped_rules()))
    except (RetentionFileError, OSError, KeyError):
        said = ""  # the erasure itself then says what is wrong
    app.call_from_thread(ask, said)


def _refresh_register(app: App[Any]) -> None:
    from koto_tui.screens.clients import ClientsScreen

    if isinstance(app.screen, ClientsScreen):
        app.screen.refresh_list()


def _refusable(screen: Screen[Any], job: Callable[[], Any], done: str | Callable[[Any], str],
               after: Callable[[], object] | None = None) -> None:
    """Run *job* in a worker; a refusal (with its rule) or a failure is shown, never raised; then *after*."""
    screen.app.run_worker(partial(_run, screen.app, job, done, after), thread=True, group="rights")


def _run(app: App[Any], job: Callable[[], Any], done: str | Callable[[Any], str],
         after: Callable[[], object] | None) -> None:
    from koto_tui.messages import describe_error
    from koto_tui.rules.retention import RetentionFileError
    from koto_tui.store.errors import UserRefused

    tell = app.call_from_thread
    try:
        result = job()
    except (UserRefused, RetentionFileError) as refused:
        tell(app.notify, notice(refused), severity="error", markup=False, timeout=20)
        return
    except OSError as exc:
        tell(app.notify, notice(describe_error(exc)), severity="error", markup=False)
        return
    if callable(done):  # a longer text (what the erasure did not reach): time to read it
        tell(app.notify, notice(done(result)), markup=False, timeout=20)
    else:
        tell(app.notify, done)
    if after is not None:
        tell(after)


def retention_at_unlock(app: App[Any], store: Store) -> None:
    """In the unlock worker: what falls due is purged (automatic) or told to a coordinator."""
    from koto_tui import clock
    from koto_tui.retention import due, purge
    from koto_tui.rules.retention import RetentionFileError, shipped_rules

    try:
        rules = shipped_rules()
        items = due(store, rules, clock.now())
        if items and rules.automatic:
            purge(store, items)
            return
    except (RetentionFileError, OSError):
        return  # the file's problem is shown by `koto retention`; never in the way of the work
    if items and store.users.may_manage():
        text = ngettext("{n} item falls due under the retention periods: the palette's \"Purge what "
                        "retention allows\" lists and purges it.",
                        "{n} items fall due under the retention periods: the palette's \"Purge what "
                        "retention allows\" lists and purges them.", len(items)).format(
                            n=format_number(len(items)))
        app.call_from_thread(app.notify, text, timeout=15)


def confirm_purge(app: KotoApp) -> None:
    """List what falls due, by kind, and purge it once the coordinator confirms."""
    from koto_tui import clock
    from koto_tui.retention import due, purge
    from koto_tui.rules.retention import KIND_NAMES, shipped_rules

    store = app.require_store()
    items = due(store, shipped_rules(), clock.now())
    if not items:
        app.notify(_("Nothing falls due under the retention periods."))
        return
    kinds: dict[str, int] = {}
    for item in items:
        kinds[item.kind] = kinds.get(item.kind, 0) + 1
    listing = "\n".join(f"{_(KIND_NAMES.get(kind, kind))}: {count}" for kind, count in sorted(kinds.items()))

    def purged() -> None:
        counts = purge(store, items)
        text = ngettext("{n} item purged.", "{n} items purged.", sum(counts.values())).format(
            n=sum(counts.values()))
        app.call_from_thread(app.notify, text)

    def given(confirmed: str | None) -> None:
        if confirmed:
            app.run_worker(purged, thread=True, group="retention")

    app.push_screen(ReasonDialog(_("Purge what retention allows"), listing, _("Purge"), needs_reason=False),
                    given)
