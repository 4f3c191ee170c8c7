"""Ctrl+L locks from every screen and dialog of koto, and locking leaves nothing of a client behind."""

from __future__ import annotations

import gc
import importlib
import inspect
import pkgutil
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import Input

import koto_tui.screens
from koto_tui.app import KotoApp
from koto_tui.demo import DEMO_COORDINATOR_PASSPHRASE, DEMO_PASSPHRASE, demo_paths
from koto_tui.i18n import _
from koto_tui.screens.unlock import UnlockScreen
from koto_tui.store import DataPaths, Store
from tests.functional.helpers import PASSPHRASE, seeded, started_interview, until, workers_settled


def screen_classes() -> dict[str, type[Screen[Any]]]:
    """Every concrete Screen and ModalScreen defined in koto_tui.screens (a base of another is left out)."""
    found: dict[str, type[Screen[Any]]] = {}
    for info in pkgutil.iter_modules(koto_tui.screens.__path__, "koto_tui.screens."):
        module = importlib.import_module(info.name)
        for name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, Screen) and value.__module__ == module.__name__:
                found[name] = value
    bases = {base for cls in found.values() for base in cls.__mro__[1:]}
    return {name: cls for name, cls in found.items() if cls not in bases}


Make = Callable[[KotoApp, Store], Screen[Any]]


def _plan_id(store: Store) -> int:
    return store.plans.all()[0].id


def _interview(store: Store) -> tuple[int, int]:
    for client in store.clients.search():
        interviews = store.interviews.for_client(client.id)
        if interviews:
            return interviews[0].id, client.id
    raise AssertionError("the demo has no interview")


def _preview(_app: KotoApp, _store: Store) -> Screen[Any]:
    from koto_tui.printing.preview import Preview
    from koto_tui.screens.print_preview import PreviewScreen

    return PreviewScreen(Preview(1, [["Коваленко Олена"]], []), Path("out.pdf"), "")


def _cases() -> dict[str, Make]:
    """How to open each screen on the demo database once it is unlocked."""
    from koto_tui.saver import SaveState
    from koto_tui.screens import (
        access,
        amend,
        audit,
        backup,
        client,
        client_form,
        clients,
        export,
        form_dialog,
        help,
        import_conflicts,
        interview,
        opening,
        plan,
        plan_dialogs,
        print_dialog,
        record,
        report,
        review,
        rights,
        settings,
        unsaved,
        users,
        worklist,
    )

    return {
        "ClientsScreen": lambda app, store: clients.ClientsScreen(),
        "ClientScreen": lambda app, store: client.ClientScreen(_interview(store)[1]),
        "ClientFormScreen": lambda app, store: client_form.ClientFormScreen(_interview(store)[1]),
        "ExportScreen": lambda app, store: export.ExportScreen(),
        "InterviewScreen": lambda app, store: interview.InterviewScreen(_interview(store)[0]),
        "RecordScreen": lambda app, store: record.RecordScreen(*_interview(store), None),
        "PlanScreen": lambda app, store: plan.PlanScreen(_plan_id(store)),
        "VersionsScreen": lambda app, store: plan_dialogs.VersionsScreen(store.plans.get(_plan_id(store))),
        "StepsDialog": lambda app, store: plan_dialogs.StepsDialog(store.plans.get(_plan_id(store)),
                                                                   "counsellor"),
        "CatalogueDialog": lambda app, store: plan_dialogs.CatalogueDialog([]),
        "ConfirmDialog": lambda app, store: plan_dialogs.ConfirmDialog("Poistetaanko Коваленко Олена?"),
        "ReportScreen": lambda app, store: report.ReportScreen(),
        "SettingsScreen": lambda app, store: settings.SettingsScreen(),
        "UsersScreen": lambda app, store: users.UsersScreen(),
        "WorklistScreen": lambda app, store: worklist.WorklistScreen(),
        "FormDialog": lambda app, store: form_dialog.FormDialog(
            "Uusi käyttäjä", [form_dialog.FieldSpec("secret", "Tunnuslause", "password")]),
        "ReviewScreen": lambda app, store: review.ReviewScreen(next(iter(app.forms.values())), [], [], False),
        "OpeningScreen": lambda app, store: opening.OpeningScreen("uk"),
        "PreviewScreen": _preview,
        "PrintDialog": lambda app, store: print_dialog.PrintDialog("Tulosta", Path("out.pdf")),
        "AmendDialog": lambda app, store: amend.AmendDialog(),
        "AccessDialog": lambda app, store: access.AccessDialog(_interview(store)[1]),
        "ImportConflictsScreen": lambda app, store: import_conflicts.ImportConflictsScreen(
            1, "Tuonti 27.11.2026: 2 ristiriitaa vertailtava ja korjattava käsin"),
        "UnsavedDialog": lambda app, store: unsaved.UnsavedDialog(SaveState(1, 0, None), "Lukitse silti"),
        "HelpScreen": lambda app, store: help.HelpScreen(app.screen),
        "AuditScreen": lambda app, store: audit.AuditScreen(),
        "BackupDialog": lambda app, store: backup.BackupDialog(),
        "ReasonDialog": lambda app, store: rights.ReasonDialog("Poista asiakas", "Kaikki poistetaan.",
                                                                "Poista"),
    }


#: The lock screens themselves: Ctrl+L there does nothing and leaves them as they are.
BEFORE_UNLOCK = {"UnlockScreen", "FirstRunScreen"}


@pytest.fixture
def paths(seeded_demo: Path, tmp_path: Path) -> DataPaths:
    shutil.copytree(seeded_demo, tmp_path / "data")
    return demo_paths(DataPaths(tmp_path / "data"))


#: Screens only a coordinator sees (for anyone else they close themselves at once): the demo coordinator.
COORDINATOR_SCREENS = {"AuditScreen"}


async def _unlock(app: KotoApp, pilot: Any, passphrase: str = DEMO_PASSPHRASE) -> None:
    from koto_tui.screens.clients import ClientsScreen

    await until(pilot, lambda: app.screen.query_one("#passphrase", Input) is not None, "unlock")
    app.screen.query_one("#passphrase", Input).value = passphrase
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "the client register")
    await workers_settled(pilot)


def _locked(app: KotoApp) -> bool:
    return app.store is None and isinstance(app.screen, UnlockScreen)


def _assert_nothing_of_a_client(app: KotoApp) -> None:
    assert [type(s).__name__ for s in app.screen_stack] == ["UnlockScreen"]
    assert not app._notifications
    assert app.sub_title == (_("demo database") if app.demo else "")  # the user's name went with the lock
    assert app.screen.query_one("#passphrase", Input).value == ""


def test_every_screen_has_a_case() -> None:
    """A new screen without a case here fails: Ctrl+L must be tried on it."""
    assert set(screen_classes()) == set(_cases()) | BEFORE_UNLOCK


@pytest.mark.parametrize("name", [*sorted(set(screen_classes()) - BEFORE_UNLOCK), "CommandPalette"])
async def test_ctrl_l_locks_from_every_screen(name: str, paths: DataPaths) -> None:
    """Once the screen has loaded; then, unlocked again, at once (its workers still reading the store)."""
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        coordinator = name in COORDINATOR_SCREENS
        for at_once in (False, True):  # one app for both: the second round also unlocks after a lock
            await _unlock(app, pilot, DEMO_COORDINATOR_PASSPHRASE if coordinator else DEMO_PASSPHRASE)
            app.notify("Коваленко Олена: tallennettu")
            if name == "CommandPalette":
                await pilot.press("ctrl+p")
            else:
                make = _cases()[name]
                await app.push_screen(make(app, app.require_store()))
            # koto's palette subclasses Textual's CommandPalette: the class or a base named *name*.
            await until(pilot, lambda: name in {c.__name__ for c in type(app.screen).__mro__}, name)
            if not at_once:
                await workers_settled(pilot)
            await pilot.press("ctrl+l")
            await until(pilot, lambda: _locked(app), "locked" + (" at once" if at_once else ""))
            await workers_settled(pilot)
            _assert_nothing_of_a_client(app)
            assert app.return_code is None


@pytest.mark.parametrize("name", sorted(BEFORE_UNLOCK))
async def test_ctrl_l_on_the_lock_screens_does_nothing(name: str, paths: DataPaths, tmp_path: Path) -> None:
    app = KotoApp(paths if name == "UnlockScreen" else DataPaths(tmp_path / "new"))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == name, name)
        await pilot.press("ctrl+l")
        await pilot.pause(0.1)
        assert [type(s).__name__ for s in app.screen_stack] == [name] and app.store is None


def _copies(*secrets: str | bytes) -> list[str]:
    """The containers the garbage collector tracks that refer to a copy of one of *secrets* (the test's
    own objects and the constants of test modules are not copies)."""
    originals = {id(s) for s in secrets}
    tests = {id(vars(m)) for name, m in list(sys.modules.items()) if name.startswith("tests.")}
    found = []
    for holder in gc.get_objects():
        if id(holder) in tests:
            continue
        for ref in gc.get_referents(holder):
            if isinstance(ref, str | bytes) and id(ref) not in originals and ref in secrets:
                found.append(f"{type(holder).__name__}: {str(holder)[:80]}")
    return found


async def test_after_the_lock_no_object_holds_the_key_or_the_passphrase(tmp_path: Path) -> None:
    """The test holds the key, its hex and the passphrase; the app got its own copy of the passphrase (no
    collection is forced here: the lock does what it must itself)."""
    from koto_tui.screens.interview import InterviewScreen
    from koto_tui.store import keys

    paths, interview_id = started_interview(tmp_path / "data")
    key = keys.unlock(paths.keyfile, PASSPHRASE).key
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query_one("#passphrase", Input) is not None, "unlock")
        app.screen.query_one("#passphrase", Input).value = "".join(list(PASSPHRASE))  # a copy of its own
        await pilot.press("enter")
        await until(pilot, lambda: app.store is not None, "unlocked")
        interview = InterviewScreen(interview_id)
        await app.push_screen(interview)
        await until(pilot, lambda: interview.query("#q-arrival_date"), "the interview")
        await workers_settled(pilot)
        gc.unfreeze()  # frozen objects (koto_tui.app.freeze_heap) are not in gc.get_objects()
        assert _copies(key) != []  # the scan sees the key while the database is open
        await pilot.press("ctrl+l")
        await until(pilot, lambda: _locked(app), "locked")
        await workers_settled(pilot)
        assert _copies(key, key.hex(), PASSPHRASE) == []


@pytest.mark.parametrize("disk_full", [False, True], ids=["written", "disk-full"])
async def test_the_idle_lock_writes_the_answer_being_typed_and_asks_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, disk_full: bool) -> None:
    """Pending answers are written first; one that cannot be written does not hold the lock up with a
    question nobody is there to answer (it is lost, as README says)."""
    from koto_tui.screens import interview as interview_module
    from koto_tui.screens.interview import InterviewScreen
    from tests.functional.test_unsaved import FullDisk

    # The answer stays pending until the lock (on a busy machine the 0.4 s pause in typing could pass
    # between two looks, and the answer was written the ordinary way before the test saw it pending).
    monkeypatch.setattr(interview_module, "SAVE_DELAY", 600.0)
    paths, interview_id = started_interview(tmp_path / "data")
    app = KotoApp(paths)
    monkeypatch.setattr(KotoApp, "IDLE_CHECK_SECONDS", 0.02)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query_one("#passphrase", Input) is not None, "unlock")
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await until(pilot, lambda: app.store is not None, "unlocked")
        interview = InterviewScreen(interview_id)
        await app.push_screen(interview)
        await until(pilot, lambda: interview.query("#q-household_size"), "the interview")
        await workers_settled(pilot)
        if disk_full:
            answers = app.require_store().interviews
            answers.save_answer = FullDisk(answers.save_answer, 10_000)  # type: ignore[method-assign]
        # The screen focuses its first question once loaded; focusing ours before that loses the key.
        await until(pilot, lambda: app.focused is not None and interview.cursor is not None
                    and app.focused.id == f"q-{interview.cursor}", "the first question focused")
        field = interview.query_one("#q-household_size", Input)
        field.focus()
        await until(pilot, lambda: field.has_focus, "the field focused")  # else the key can go elsewhere
        await pilot.press("4")  # the save waits for a pause in typing: longer than the idle time
        await until(pilot, lambda: "household_size" in interview.pending, "the answer pending")
        # The short idle time starts once the answer is pending (before it, a busy machine could lock first).
        monkeypatch.setattr(KotoApp, "SECONDS_PER_IDLE_MINUTE", 0.02)  # 5 "minutes" are 0.1 s
        app.set_idle_lock(5)
        await until(pilot, lambda: _locked(app), "locked by the idle time")
        _assert_nothing_of_a_client(app)
    store = Store.unlock(paths, PASSPHRASE)
    try:
        assert store.interviews.answers(interview_id).get("household_size") == (None if disk_full else 4)
    finally:
        store.close()


async def test_keys_and_mouse_moves_keep_koto_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from textual import events

    monkeypatch.setattr(KotoApp, "IDLE_CHECK_SECONDS", 0.02)
    paths, _interview_id = started_interview(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query_one("#passphrase", Input) is not None, "unlock")
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await until(pilot, lambda: app.store is not None, "unlocked")
        await workers_settled(pilot)
        # The clock starts now (unlocking and its workers may have taken longer than the limit on a busy
        # machine); 3 s of someone at the keyboard and the mouse outlast the 1.5 s limit twice over.
        app.idle.limit_seconds = 1.5
        app.idle.touch()
        for step in range(30):
            if step % 2:
                await pilot.press("down")
            else:
                app.post_message(events.MouseMove(None, step, 5, 1, 0, 0, False, False, False))
            await pilot.pause(0.1)
            assert app.store is not None, f"locked at step {step} although someone was there"
        await until(pilot, lambda: _locked(app), "locked once nobody touches anything")


async def test_the_idle_time_is_a_setting(paths: DataPaths) -> None:
    from koto_tui.idle import IDLE_LOCK_SETTING
    from koto_tui.screens.settings import SettingsScreen

    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await _unlock(app, pilot)
        assert app.idle.limit_seconds == 5 * 60  # the default, in the demo too
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen)
                    and app.screen.query_one("#setting-idle-lock", Input).value == "5", "the settings")
        box = app.screen.query_one("#setting-idle-lock", Input)
        box.value = "0"  # a lock that can be turned off would be left off
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen.query_one("#field-idle-lock").has_class("-invalid"), "refused")
        box.value = "2"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, SettingsScreen), "saved")
        assert app.idle.limit_seconds == 2 * 60
        assert app.require_store().setting(IDLE_LOCK_SETTING) == 2


async def test_after_the_lock_nothing_holds_a_client_name(tmp_path: Path) -> None:
    """Screens, workers left in pool threads and rich's and Textual's caches let go of what was drawn."""
    from koto_tui.model import ClientData
    from koto_tui.screens.client import ClientScreen

    name = "".join(["Qwerty", "uiopä"])  # a string only this test holds until the app reads it back
    paths, (client_id,) = seeded(tmp_path / "data", ClientData(name, "Aino", None))
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query_one("#passphrase", Input) is not None, "unlock")
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await until(pilot, lambda: app.store is not None, "unlocked")
        await app.push_screen(ClientScreen(client_id))
        await until(pilot, lambda: getattr(app.screen, "client", None) is not None, "the client's page")
        await workers_settled(pilot)
        await pilot.pause(0.2)  # drawn
        # A theme change is drawn from the app's own task, which then held the client list drawn behind this
        # page (Textual's visible_screen_stack) for as long as koto ran: under load the unlock's theme came
        # this late by itself.
        background = app.screen.styles.background
        app.theme = next(theme for theme in ("textual-light", "textual-dark") if theme != app.theme)
        await until(pilot, lambda: app.screen.styles.background != background, "the new theme drawn")
        app.notify(f"{name} Aino: tallennettu")
        gc.unfreeze()  # frozen objects (koto_tui.app.freeze_heap) are not in gc.get_objects()
        assert _holding(name) != []  # the scan finds the name while it is on screen
        await pilot.press("ctrl+l")
        await until(pilot, lambda: _locked(app), "locked")
        await workers_settled(pilot)
        _assert_nothing_of_a_client(app)  # no screen left under the unlock screen
        # Garbage is not holding (widgets removed after the lock's own collection are collected here), and
        # a frame still being drawn may hold the old screen for a moment: what must go is what stays.
        # Each look scans every object: on a busy machine one look can take seconds, so the full budget.
        try:
            await until(pilot, lambda: gc.collect() >= 0 and _holding(name) == [], "no client name held")
        except AssertionError:
            held = _holding(name)
            assert not held, (f"still held after the lock ({gc.get_freeze_count()} objects frozen):\n"
                              + "\n".join(held) + "\nheld through:\n" + "\n".join(_roots(name, depth=12))
                              + "\nclosed screens still alive:\n" + "\n".join(_closed_screens(app)))
            raise


def _roots(text: str, depth: int = 6) -> list[str]:
    """For the objects found holding *text*: the chain of objects referring to each, a few levels up."""
    import types

    def holds(holder: object) -> bool:
        return any(isinstance(r, str) and text in r and r is not text for r in gc.get_referents(holder))

    found = [holder for holder in gc.get_objects() if holds(holder)]
    ours = {id(found)}  # this function's own lists refer to what they list: never a root
    lines: list[str] = []
    for index in range(min(3, len(found))):
        current = found[index]
        lines.append(f"- {type(current).__name__}")
        for _level in range(depth):
            referrers = [r for r in gc.get_referrers(current)
                         if id(r) not in ours and not isinstance(r, types.FrameType)]
            ours.add(id(referrers))
            if not referrers:
                break
            current = referrers[0]
            more = f" (+{len(referrers) - 1} more)" if len(referrers) > 1 else ""
            lines.append(f"  <- {type(current).__name__}: {str(current)[:120]}{more}")
    return lines


def _closed_screens(app: KotoApp) -> list[str]:
    """Screens no longer on the stack that something still refers to, and what refers to each (by type)."""
    from textual.screen import Screen

    def named(referrer: object) -> str:
        qualname = getattr(referrer, "__qualname__", "") if callable(referrer) else ""
        return type(referrer).__name__ + (f"({qualname})" if qualname else "")

    alive = [o for o in gc.get_objects() if isinstance(o, Screen) and o not in app.screen_stack]
    return [f"{type(s).__name__} <- "
            + ", ".join(sorted({named(r) for r in gc.get_referrers(s) if r is not alive})) for s in alive]


def _holding(text: str) -> list[str]:
    """The containers the garbage collector tracks that refer to a string with *text* in it (not itself)."""
    tests = {id(vars(m)) for name, m in list(sys.modules.items()) if name.startswith("tests.")}
    return [f"{type(holder).__name__}: {str(holder)[:80]}"
            for holder in gc.get_objects() if id(holder) not in tests
            for ref in gc.get_referents(holder) if isinstance(ref, str) and ref is not text and text in ref]


async def test_ctrl_l_on_the_unsaved_question_locks_anyway(tmp_path: Path) -> None:
    """Ctrl+L with an answer that cannot be written asks first; Ctrl+L again on the question locks."""
    from koto_tui.screens.unsaved import UnsavedDialog
    from tests.functional.helpers import open_interview
    from tests.functional.test_unsaved import FullDisk

    paths, interview_id = started_interview(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot, interview_id)
        answers = app.require_store().interviews
        answers.save_answer = FullDisk(answers.save_answer, 10_000)  # type: ignore[method-assign]
        screen.query_one("#q-household_size", Input).value = "3"
        await until(pilot, lambda: screen.save_state().failed == 1, "the answer not saved")
        await pilot.press("ctrl+l")
        await until(pilot, lambda: isinstance(app.screen, UnsavedDialog), "asked first")
        await pilot.press("ctrl+l")
        await until(pilot, lambda: _locked(app), "locked anyway")
        _assert_nothing_of_a_client(app)


async def test_screens_the_lock_closes_do_not_load_their_data_again(paths: DataPaths,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a dialog shows the screen under it again, which would load its data from the store that is
    about to close (a worker then crashed on the removed screen)."""
    from koto_tui.screens.client import ClientScreen
    from koto_tui.screens.help import HelpScreen

    resumed: list[object] = []
    monkeypatch.setattr(ClientScreen, "on_screen_resume", lambda self: resumed.append(self))
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await _unlock(app, pilot)
        await app.push_screen(ClientScreen(_interview(app.require_store())[1]))
        await app.push_screen(HelpScreen(app.screen))
        await until(pilot, lambda: isinstance(app.screen, HelpScreen) and len(resumed) == 1, "help")
        await pilot.press("ctrl+l")
        await until(pilot, lambda: _locked(app), "locked")
        assert len(resumed) == 1


#: The dialogs drawn as a box over the screen: at 80×24 the box must fit (several were 90–110 wide).
DIALOGS = ["AmendDialog", "CatalogueDialog", "ConfirmDialog", "FormDialog", "PreviewScreen", "PrintDialog",
           "ReviewScreen", "StepsDialog", "VersionsScreen"]


@pytest.mark.parametrize("name", DIALOGS)
async def test_every_dialog_fits_an_80_column_terminal(name: str, paths: DataPaths) -> None:
    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _unlock(app, pilot)
        await app.push_screen(_cases()[name](app, app.require_store()))
        await until(pilot, lambda: type(app.screen).__name__ == name, name)
        await workers_settled(pilot)
        box = app.screen.children[0]
        assert box.region.width > 0
        assert box.region.right <= 80, (type(box).__name__, box.region)


async def test_the_demo_unlock_screen_names_both_demo_passphrases(paths: DataPaths) -> None:
    """The demo's coordinator (who approves plans) could only be found in the code."""
    from textual.widgets import Static

    app = KotoApp(paths, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.query_one("#demo-hint", Static) is not None, "the hint")
        hint = str(app.screen.query_one("#demo-hint", Static).render())
        assert f"”{DEMO_PASSPHRASE}”" in hint and f"”{DEMO_COORDINATOR_PASSPHRASE}”" in hint


async def test_the_unlock_freezes_the_heap_and_the_lock_thaws_it(tmp_path: Path) -> None:
    """What exists after the unlock leaves the collector's generations (its full collections stalled the
    UI), and the lock gives it back before it collects, so that a closed store can go."""
    paths, _interview_id = started_interview(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query_one("#passphrase", Input) is not None, "unlock")
        gc.unfreeze()  # what the start-up froze: the unlock must freeze again on its own
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await until(pilot, lambda: app.store is not None and gc.get_freeze_count() > 0, "unlocked, frozen")
        store = app.store
        await pilot.press("ctrl+l")
        await until(pilot, lambda: _locked(app), "locked")
        await workers_settled(pilot)
        assert gc.get_freeze_count() == 0
        assert any(held is store for held in gc.get_objects())  # the test holds it: visible again
