"""The koto application: wiring of screens, global keys and the unlocked store."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import gc
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual._context import visible_screen_stack
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from koto_tui.i18n import N_, _
from koto_tui.idle import IdleClock
from koto_tui.memory import ForgetfulExecutor
from koto_tui.text import printable
from koto_tui.widgets.safe import notice

if TYPE_CHECKING:  # the store and the engine load after the lock screen is painted
    from koto_tui.engine import Form
    from koto_tui.screens.unsaved import Autosaving
    from koto_tui.store import DataPaths, Store


class KotoApp(App[None]):
    """Unlock (or first run), then the client register, clients and their interviews."""

    CSS_PATH = "app.tcss"
    TITLE = "koto"
    ENABLE_COMMAND_PALETTE = True
    #: Below 100 columns the screens get the class -narrow: field labels take less room (app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (Textual declares it an instance variable)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", N_("Help"), id="help"),
        # Not in the footer (the screen's own keys need its 80 columns): F1 and the palette list them.
        Binding("f8", "settings", N_("Settings"), id="settings", show=False),
        Binding("f10", "worklist", N_("Worklist"), id="worklist", show=False),
        Binding("f12", "users", N_("Users"), id="users", show=False),
        Binding("ctrl+l", "lock", N_("Lock (change user)"), id="lock", priority=True),
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", priority=True, show=False),
        # Textual's own palette key, with its footer text in the UI language (Textual's says "palette").
        Binding("ctrl+p", "command_palette", N_("Actions"), id="command-palette", priority=True, show=False),
    ]

    #: The worklist is the first screen after unlock (functional tests of other screens turn it off).
    START_WITH_WORKLIST: ClassVar[bool] = True
    #: The idle lock's minute and how often it is checked (tests make both short).
    SECONDS_PER_IDLE_MINUTE: ClassVar[float] = 60.0
    IDLE_CHECK_SECONDS: ClassVar[float] = 5.0
    #: How often the WAL is folded into the database while unlocked (in a worker, never on a save).
    CHECKPOINT_SECONDS: ClassVar[float] = 5.0

    def __init__(self, paths: DataPaths, *, demo: bool = False) -> None:
        from koto_tui.widgets.textual_texts import translate_textual_bindings

        super().__init__()
        translate_textual_bindings()
        self.paths = paths
        self.demo = demo
        self.store: Store | None = None
        self.forms: dict[str, Form] = {}
        self._crashed = False
        self._replaced_handlers: dict[int, object] = {}  # signal handlers before koto's, put back at the end
        self.idle = IdleClock()
        self._locking = False

    def on_mount(self) -> None:
        """SIGTERM (a shutdown, `kill`) ends koto as leaving does; SIGHUP (the terminal window closed, an SSH
        connection dropped) writes what is pending and ends the process. Python's default for both ended
        koto at once, losing the answer still waiting for its pause in typing (POSIX only)."""
        import signal
        import threading

        from koto_tui import crash

        self.set_interval(self.IDLE_CHECK_SECONDS, self._check_idle)
        self.set_interval(self.CHECKPOINT_SECONDS, self._start_checkpoint)
        self.call_after_refresh(freeze_heap)  # Textual's objects, the screen and the catalogues: long-lived
        asyncio.get_running_loop().set_default_executor(ForgetfulExecutor())  # see koto_tui.memory
        crash.on_terminal_gone(partial(self.terminal_gone, 128 + int(getattr(signal, "SIGHUP", 1))))
        if threading.current_thread() is not threading.main_thread():
            return
        loop = asyncio.get_running_loop()

        def handler(signum: int, _frame: object) -> None:
            if signum == getattr(signal, "SIGHUP", None):
                self.terminal_gone(128 + signum)
            else:
                loop.call_soon_threadsafe(self._terminated, signum)

        for name in ("SIGTERM", "SIGHUP"):
            signum = getattr(signal, name, None)
            if signum is not None:
                with contextlib.suppress(ValueError, OSError):
                    self._replaced_handlers[signum] = signal.signal(signum, handler)

    def _terminated(self, signum: int) -> None:
        """Write what is pending, then exit with the shell's status for the signal (128 + its number)."""
        self._write_pending()
        self.exit(return_code=128 + signum)

    def terminal_gone(self, status: int) -> None:
        """The terminal is gone: nothing can be shown or asked any more, and Textual's threads that read and
        write it cannot stop cleanly (left alone, koto kept the data directory locked and spun on the
        closed terminal). Write what is pending, close the database and end the process."""
        import os

        self._write_pending()
        store, self.store = self.store, None
        if store is not None:
            with contextlib.suppress(Exception):
                store.close()
        os._exit(status)

    def get_default_screen(self) -> Screen[None]:
        """The first screen painted: the passphrase, or the set-up on the very first start."""
        self.sub_title = _("demo database") if self.demo else ""
        if self.paths.initialised():  # the first-run screen (and PyYAML with it) only when it is shown
            from koto_tui.screens.unlock import UnlockScreen

            return self._sized(UnlockScreen())
        from koto_tui.screens.first_run import FirstRunScreen

        return self._sized(FirstRunScreen())

    def _sized(self, screen: Screen[None]) -> Screen[None]:
        """*screen* with the breakpoint class (``-narrow`` / ``-wide``) of the terminal's present width
        already set. Textual sets it on the screen's first Resize, after the screen's widgets have been
        styled: the class's change then styled every widget again and laid the screen out once more before
        the first frame (7-15 ms of a start-up of 270 ms at load 1.5, bench/README.md). Set beforehand, that
        Resize changes no class; a later resize still moves it, as Textual does."""
        breakpoints = self.HORIZONTAL_BREAKPOINTS if screen.HORIZONTAL_BREAKPOINTS is None else \
            screen.HORIZONTAL_BREAKPOINTS
        screen.add_class(*screen._get_breakpoint_classes(self.size.width, breakpoints or []), update=False)
        return screen

    def unlocked(self, store: Store, forms: dict[str, Form]) -> None:
        """The store is open: show the client register instead of the lock screen."""
        from koto_tui.i18n import language_pinned
        from koto_tui.idle import idle_lock_minutes
        from koto_tui.preferences import LANGUAGE, THEME, problems, read_all
        from koto_tui.screens.clients import ClientsScreen
        from koto_tui.widgets.themes import DEFAULT_THEME, apply_theme

        self.store = store
        self.forms = forms
        readings = read_all(store)
        chosen = readings[LANGUAGE].value
        if chosen is not None and not language_pinned():  # `--lang` wins for the run it was given in
            self.use_language(chosen)
        self._show_user()
        self.refresh_bindings()
        apply_theme(self, readings[THEME].value or DEFAULT_THEME)
        for problem in problems(readings):  # a saved value that could not be read: the default, and why
            self.notify(notice(problem), severity="warning", timeout=20, markup=False)
        self.set_idle_lock(idle_lock_minutes(store))
        store.checkpoint_in_background()  # saves never wait for the WAL to be folded in: a worker does it
        self.run_worker(self._verify, thread=True, group="integrity")
        self.run_worker(self._purge_printouts, thread=True, group="retention")
        # The lock screen stays at the bottom of the stack (nothing pops back to it); the client
        # register goes on top.
        self.push_screen(ClientsScreen())
        self.call_after_refresh(freeze_heap)  # the store, the forms and the register: kept until the lock
        if self.START_WITH_WORKLIST:
            self.action_worklist()

    def _show_user(self) -> None:
        """The header's subtitle: who is signed in, their role, and whether this is the demo."""
        demo = _("demo database") if self.demo else ""
        user = self.store.user if self.store is not None else None
        if user is None:
            self.sub_title = demo
            return
        role = _("integration coordinator") if user.role == "coordinator" else _("integration counsellor")
        self.sub_title = f"{printable(user.name)} · {role}" + (" · " + demo if demo else "")

    def use_language(self, lang: str) -> None:
        """Speak *lang* from now on: later texts, the header, and every footer (drawn again) and the palette,
        whose key descriptions are msgids translated as they are shown."""
        from koto_tui.i18n import set_language
        from koto_tui.i18n.remembered import remember_language

        set_language(lang)
        self.run_worker(partial(remember_language, self.paths.ui_language, lang), thread=True,
                        group="remember-language")  # for the lock screen after the next start
        self._show_user()
        for screen in self.screen_stack:
            screen.refresh_bindings()

    async def rebuild_screens(self) -> bool:
        """After a change of language: the register and the worklist are built again in the new language
        (they hold nothing unsaved). False, changing nothing, when another screen is open (an interview, a
        plan): that one keeps its texts until it is opened again."""
        from koto_tui.screens.clients import ClientsScreen
        from koto_tui.screens.worklist import WorklistScreen

        above = self.screen_stack[1:]
        if self.store is None or not all(isinstance(s, ClientsScreen | WorklistScreen) for s in above):
            return False
        while len(self.screen_stack) > 1:
            with self.prevent(events.ScreenResume):  # closed to be built again: no loading its data
                await self.pop_screen()
        for kind in [type(s) for s in above]:
            await self.push_screen(kind())
        return True

    def _start_checkpoint(self) -> None:
        """Every few seconds while unlocked: the WAL is folded into the database in a worker."""
        if self.store is not None and not self._locking:
            self.run_worker(self._checkpoint, thread=True, group="checkpoint", exclusive=True)

    def _checkpoint(self) -> None:
        from koto_tui.store.connection import DatabaseError

        store = self.store
        if store is None:
            return
        with contextlib.suppress(DatabaseError, OSError):  # a full disk, a rekey meanwhile: next time
            store.checkpoint()

    def _verify(self) -> None:
        """Check every page of the database in the background after the unlock; damage locks koto and the
        unlock screen says what happened and what to do (no more work goes into a damaged file)."""
        from koto_tui.store import UnreadableDatabase
        from koto_tui.store.connection import DatabaseError

        store = self.store
        if store is None:
            return
        try:
            store.verify()
        except UnreadableDatabase as exc:
            # Scheduled, not awaited here: locking waits for the workers, this one among them.
            self.call_from_thread(self.call_later, self._damaged, exc)
        except (DatabaseError, OSError):
            return  # locked meanwhile (the store closed under the check), or the disk failed: next unlock

    async def _damaged(self, exc: Exception) -> None:
        """Lock, then show the damage on the unlock screen (the only way on is to quit, with its status)."""
        from koto_tui.screens.unlock import UnlockScreen

        await self._lock_now()
        if isinstance(self.screen, UnlockScreen):
            self.screen.diagnose(exc)

    def _purge_printouts(self) -> None:
        """Delete koto's own printout PDFs older than the retention setting (F8), with an audit entry."""
        from koto_tui import clock
        from koto_tui.exchange.settings import print_retention_days
        from koto_tui.retention import purge_printouts

        store = self.store
        if store is None:
            return
        try:
            removed = purge_printouts(store.paths.prints, print_retention_days(store), clock.now())
        except OSError:
            return  # tried again at the next start; never in the way of the work
        if removed:
            with store.session.transaction():
                store.session.audit("purge", "printouts", len(removed))
        self._purge_exports(store)
        from koto_tui.screens.rights import retention_at_unlock

        retention_at_unlock(self, store)  # the municipality's retention periods (issue 17)

    @staticmethod
    def _purge_exports(store: Store) -> None:
        """Delete koto's own export files in exports/ older than their retention setting (F8), audited."""
        from koto_tui import clock
        from koto_tui.exchange.settings import export_retention_days
        from koto_tui.retention import purge_exports
        from koto_tui.store.exchange import Exchange

        try:
            removed = purge_exports(store.paths.root / "exports", export_retention_days(store), clock.now(),
                                    Exchange(store.session).export_file_names())
        except OSError:
            return
        if removed:
            with store.session.transaction():
                store.session.audit("purge", "export", len(removed), "retention")

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette lists what the keys of this screen do, in the UI language."""
        from koto_tui.screens.help import key_text, user_bindings

        listed = []
        for binding, owner in user_bindings(screen, self):
            listed.append(binding.action)
            # The help line says the key (the description again would show every command twice).
            yield SystemCommand(binding.description, binding.tooltip or key_text(binding),
                                partial(self.run_action, binding.action, owner))
        if self.store is not None:
            yield SystemCommand(_("Back up the database"),
                                _("A verified, still encrypted copy of the database and its key file"),
                                self.action_backup)
        from koto_tui.screens.rights import rights_commands

        yield from rights_commands(self, screen)
        if self.store is not None and "audit" not in listed and self.store.audit.is_coordinator():
            from koto_tui.screens.audit import AuditScreen, show_audit

            if not isinstance(screen, AuditScreen):
                yield SystemCommand(_("Audit trail"), _("Who did what and when (coordinators only)"),
                                    partial(show_audit, screen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Settings, users and lock are there only once the database is open (hidden before)."""
        if action in ("settings", "users", "lock", "worklist"):
            return self.store is not None
        return True

    def require_store(self) -> Store:
        """The unlocked store (screens after unlock only)."""
        if self.store is None:
            raise RuntimeError("the store is locked")
        return self.store

    def action_command_palette(self) -> None:
        """Textual's command palette, with its texts in the UI language."""
        from textual.command import CommandPalette

        from koto_tui.widgets.palette import KotoCommandPalette

        if self.use_command_palette and not any(isinstance(s, CommandPalette) for s in self.screen_stack):
            self.push_screen(KotoCommandPalette())

    def action_help(self) -> None:
        """Show the keys of the current screen."""
        from koto_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_settings(self) -> None:
        """The counsellor's profile and municipality (after unlock)."""
        from koto_tui.screens.settings import SettingsScreen

        if self.store is not None and not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen(), self._settings_closed)

    async def _settings_closed(self, language_changed: bool | None) -> None:
        """The screens left open were drawn in the old language: build them again in the new one."""
        if language_changed:
            await self.rebuild_screens()

    def action_backup(self) -> None:
        """Write a backup from inside the app (any signed-in user; recorded in the audit trail)."""
        from koto_tui.screens.backup import BackupDialog

        if self.store is not None and not isinstance(self.screen, BackupDialog):
            self.push_screen(BackupDialog())

    def action_worklist(self) -> None:
        """What falls due, soonest first (after unlock; F10 from anywhere)."""
        from koto_tui.screens.worklist import WorklistScreen

        if self.store is not None and not isinstance(self.screen, WorklistScreen):
            self.push_screen(WorklistScreen())

    def action_users(self) -> None:
        """The users of this laptop and their roles (after unlock)."""
        from koto_tui.screens.users import UsersScreen

        if self.store is not None and not isinstance(self.screen, UsersScreen):
            self.push_screen(UsersScreen())

    def action_lock(self) -> None:
        """Close the database and ask for a passphrase again (first asking about unsaved answers; Ctrl+L
        again on that question locks anyway)."""
        from koto_tui.screens.unsaved import UnsavedDialog, leave_when_saved

        if self.store is None:
            return
        if isinstance(self.screen, UnsavedDialog):
            self.call_later(self._lock_now)
            return
        leave_when_saved(self, self.autosaving_screens(), _("Lock anyway"),
                         lambda: self.call_later(self._lock_now))

    async def _lock_now(self) -> None:
        """The one place that locks: pending answers are written (nothing is asked: a lock that waits for
        a click is no lock), workers finish, every screen and dialog closes, the database closes and
        forgets its key (``Store.close``), notifications go; then the passphrase is asked for."""
        from koto_tui.screens.unlock import UnlockScreen

        if self.store is None or self._locking:
            return
        self._locking = True
        try:
            self._write_pending()
            await self._close_screens()
            visible_screen_stack.set([])  # what the lock composes next must not copy the closed screens
            store, self.store = self.store, None
            store.audit.locked()
            store.close()
            self.clear_notifications()  # toasts may name a client
            # A closed screen's worker may have posted one that is still queued: clear again after it.
            self.call_later(self.clear_notifications)
            self._show_user()
            self.refresh_bindings()
        finally:
            self._locking = False
        if isinstance(self.screen, UnlockScreen):
            await self.screen.recompose()  # in the language of the user who locked (composed in another)
            self.screen.query_one("#passphrase").focus()
        else:  # the first-run screen is at the bottom of the stack after the very first start
            await self.push_screen(UnlockScreen())
        gc.unfreeze()  # what the unlock froze (the closed store, its screens) is the collector's again
        _forget_closed_screens(self.screen_stack)
        _drop_render_caches()
        gc.collect()  # the closed screens' widgets and the closed store go now, not at a later collection

    async def _close_screens(self, rounds: int = 5) -> None:
        """Pop every screen above the bottom one once no worker runs (a print preview being rendered still
        reads the store and then opens its screen; a screen shown again on the way down loads its data)."""
        for _round in range(rounds):
            await self._settle_workers()
            if len(self.screen_stack) <= 1:
                return
            while len(self.screen_stack) > 2:
                with self.prevent(events.ScreenResume):  # about to close: no loading its data again
                    await self.pop_screen()
            await self.pop_screen()
        await self._settle_workers()

    # --- the idle lock --------------------------------------------------------------------------------

    def set_idle_lock(self, minutes: int) -> None:
        """Lock after *minutes* without a key press, click or mouse move (F8)."""
        self.idle.limit_seconds = minutes * self.SECONDS_PER_IDLE_MINUTE
        self.idle.touch()

    async def on_event(self, event: events.Event) -> None:
        """Every key press, click and mouse move counts as someone at the keyboard."""
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self.idle.touch()
        await super().on_event(event)

    def _check_idle(self) -> None:
        """Lock once the idle time has passed (pending answers are written first, nothing is asked)."""
        if self.store is not None and not self._locking and self.idle.due():
            self.call_later(self._lock_now)

    async def _settle_workers(self, rounds: int = 5, budget: float = 30.0) -> None:
        """Wait until no worker runs (one may start another), so none uses the store after it is closed.

        Thread workers cannot be interrupted: cancelling one only stops waiting for it, so they are
        let finish. Their own errors are reported as usual.
        """
        for _round in range(rounds):
            running = [w for w in self.workers if w.is_running]
            if not running:
                return
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.workers.wait_for_complete(running), timeout=budget)

    # --- unsaved work and crashes ---------------------------------------------------------------------

    def autosaving_screens(self) -> list[Autosaving]:
        """Every open screen that saves as the user types (their unsaved work must not be lost)."""
        from koto_tui.screens.unsaved import Autosaving

        return [s for s in self.screen_stack if isinstance(s, Autosaving)]

    async def action_quit(self) -> None:
        """Quit, but ask first while any answer is not on disk (and offer to save it again)."""
        from koto_tui.screens.unsaved import leave_when_saved

        # The unlock screen that found a damaged file gives quitting that case's exit status.
        status = getattr(self.screen, "exit_status", None) or 0
        leave_when_saved(self, self.autosaving_screens(), _("Quit anyway"),
                         lambda: self.exit(return_code=status))

    def _handle_exception(self, error: Exception) -> None:
        """Replace Textual's crash screen, which prints local variables: one line, a details file."""
        from koto_tui import crash
        from koto_tui.messages import describe_error

        if self.store is not None and not self._crashed and crash.damaged_database(error):
            # A damaged page read by a screen's worker before the background check reached it: the same
            # as the check finding it (lock, and the unlock screen says what happened), not a crash.
            from koto_tui.store import UnreadableDatabase

            self.call_later(self._damaged, UnreadableDatabase(str(self.store.paths.database)))
            return
        failed = crash.storage_failure(error)
        if failed is not None and not self._crashed:  # the machine's fault: say so and go on working
            reason = describe_error(failed)
            self.notify(notice(_("Not saved: {reason}").format(reason=reason)), severity="error", timeout=15,
                        markup=False)
            return
        self._return_code = crash.EXIT_CRASH
        if self._exception is None:  # Pilot re-raises it in tests
            self._exception = error
            self._exception_event.set()
        if self._crashed:
            return
        self._crashed = True
        self._write_pending()
        self._exit_renderables.append(Text(crash.report(self.paths.root, error)))
        self._close_messages_no_wait()

    def _write_pending(self) -> None:
        """Before stopping on an internal error, write what is pending if the database still works."""
        for screen in self.autosaving_screens():
            try:
                screen.flush_and_wait()
            except Exception:  # noqa: S112 - the database may be what failed; the next screen may still save
                continue

    def on_unmount(self) -> None:
        """Close the database cleanly (the WAL checkpointed into the file); put the signal handlers back."""
        import signal

        for signum, previous in self._replaced_handlers.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(signum, previous)  # type: ignore[arg-type]
        self._replaced_handlers.clear()
        gc.unfreeze()  # the app's objects are the collector's again once it ends (tests start many apps)
        if self.store is not None:
            self.store.close()
            self.store = None


def freeze_heap() -> None:
    """Collect, then move every object left out of the collector's generations (``gc.freeze``).

    What exists after start-up and after the unlock (Textual's widgets and styles, the forms, the store)
    lives until the lock; each full collection walked all of it again and stopped the UI for 200–300 ms
    during a preview of 10,000 clients. The lock unfreezes before it collects, so nothing of a closed
    store stays out of the collector's reach (see koto_tui.memory)."""
    gc.collect()
    gc.freeze()


def _forget_closed_screens(open_screens: Iterable[Screen[object]]) -> None:
    """Empty the lists of screens drawn behind another that contexts still hold once those screens closed.

    Textual's compositor records them (``visible_screen_stack``) in the context of the task that draws,
    and every task started from that context copies it: a theme change drawn by the app's own task while
    the client page was open kept the client list (and every name in its table) alive after the lock, in
    the app's context and in each widget of the unlock screen composed from it.
    """
    open_ids = set(map(id, open_screens))
    for obj in gc.get_objects():
        if type(obj) is contextvars.Context:
            drawn = obj.get(visible_screen_stack)
            if drawn and any(id(screen) not in open_ids for screen in drawn):
                drawn.clear()  # Textual itself pops from this list as it draws: empty is a state it knows


def _drop_render_caches() -> None:
    """Empty rich's and Textual's module-level caches: they keep text drawn on closed screens (client names,
    as cell widths and as whole rendered lines) until newer text pushes it out."""
    from functools import _lru_cache_wrapper

    for obj in gc.get_objects():
        # The exact type only: looking into arbitrary objects could raise (a weak proxy to a dead object).
        if type(obj) is _lru_cache_wrapper and obj.__module__.split(".")[0] in ("rich", "textual"):
            obj.cache_clear()
