"""A plan from an assessment in the real app: suggestions and catalogue measures, the 12-month refusal,
submit, approval by the coordinator with their own passphrase, the signature, version 2, compare, print."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Input, OptionList, Select, Static

from koto_tui.app import KotoApp
from koto_tui.model import ClientData
from koto_tui.plans import PlanContent
from koto_tui.rules.plan_lifecycle import PlanStatus, status
from koto_tui.screens.client import ClientScreen
from koto_tui.screens.clients import ClientsScreen
from koto_tui.screens.form_dialog import FormDialog
from koto_tui.screens.plan import PlanScreen
from koto_tui.screens.plan_dialogs import CatalogueDialog, StepsDialog, VersionsScreen
from koto_tui.screens.print_preview import PreviewScreen
from koto_tui.screens.unlock import UnlockScreen
from koto_tui.store import DataPaths, Store
from tests.functional.helpers import PASSPHRASE, pdf_text, seeded, until
from tests.roles import add_coordinator

COORDINATOR = "kaisan pitkä tunnuslause"


def _prepare(root: Path) -> tuple[DataPaths, int]:
    paths, (cid,) = seeded(
        root,
        ClientData(
            "احمدی",
            "زهرا",
            date(1994, 2, 11),
            native_language="prs",
            interpreter_needed=True,
            interpreter_language="prs",
        ),
        role="coordinator",
    )
    store = Store.unlock(paths, PASSPHRASE)
    interview = store.interviews.start(cid, "assessment", "1", store.profile())
    for key, value in {
        "registered_jobseeker": False,
        "literacy": "semi_literate",
        "civic_orientation_status": "not_started",
    }.items():
        store.interviews.save_answer(interview.id, key, value)
    store.interviews.lifecycle.finalise(interview.id, {})
    add_coordinator(store, "Kaisa Koordinaattori", "kotoutumiskoordinaattori", COORDINATOR, PASSPHRASE)
    store.close()
    return paths, cid


def _store(app: KotoApp) -> Store:
    return app.require_store()


def _content(app: KotoApp) -> PlanContent:
    screen = app.screen
    assert isinstance(screen, PlanScreen)
    return _store(app).plans.get(screen.plan_id).current.content


async def _unlock(app: KotoApp, pilot: object, passphrase: str) -> None:
    await until(pilot, lambda: isinstance(app.screen, UnlockScreen), "unlock screen")  # type: ignore[arg-type]
    app.screen.query_one("#passphrase", Input).value = passphrase
    await pilot.press("enter")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "clients")  # type: ignore[arg-type]


async def _step(app: KotoApp, pilot: object, step: str) -> None:
    await pilot.press("f5")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, StepsDialog), "steps")  # type: ignore[arg-type]
    options = app.screen.query_one("#steps-list", OptionList)
    index = next(i for i in range(options.option_count) if options.get_option_at_index(i).id == step)
    assert not options.get_option_at_index(index).disabled, step
    options.highlighted = index
    await pilot.press("enter")  # type: ignore[attr-defined]


async def test_plan_from_assessment_to_version_two(tmp_path: Path) -> None:
    paths, cid = _prepare(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(150, 50)) as pilot:
        await _unlock(app, pilot, PASSPHRASE)
        app.push_screen(ClientScreen(cid))
        await until(
            pilot, lambda: isinstance(app.screen, ClientScreen) and app.screen.client is not None, "client"
        )
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, PlanScreen) and app.screen.plan is not None, "plan")
        plan_id = app.screen.plan_id
        # The period is filled in, the focused start date too: twelve months from today.
        await until(pilot, lambda: app.screen.query_one("#plan-start", Input).value == "27.11.2026", "start")
        assert app.screen.query_one("#plan-end", Input).value == "26.11.2027"
        # The assessment's suggestions are offered, none is added by itself.
        suggestions = app.screen.query_one("#suggestion-table", DataTable)
        await until(pilot, lambda: suggestions.row_count == 2, "two suggestions")
        assert _content(app).measures == ()
        suggestions.focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "measure dialog")
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: isinstance(app.screen, PlanScreen) and len(_content(app).measures) == 1,
            "the suggested measure added",
        )
        assert _content(app).measures[0].service_id == "literacy_training"
        # A service from the catalogue, found by typing.
        await pilot.press("f3")
        await until(pilot, lambda: isinstance(app.screen, CatalogueDialog), "catalogue")
        await pilot.press(*"yhteiskuntaorientaatio")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "measure from the catalogue")
        app.screen.query_one("#dlg-hours", Input).value = "60"
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: isinstance(app.screen, PlanScreen) and len(_content(app).measures) == 2,
            "the catalogue measure added",
        )
        await until(
            pilot,
            lambda: "70" in str(app.screen.query_one("#plan-checks", Static).render()),
            "the civic orientation warning",
        )
        # A goal.
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "goal dialog")
        app.screen.query_one("#dlg-area", Select).value = "language"
        app.screen.query_one("#dlg-text", Input).value = "Suomen kieli A2-tasolle"
        await pilot.press("ctrl+s")
        await until(
            pilot, lambda: isinstance(app.screen, PlanScreen) and len(_content(app).goals) == 1, "goal"
        )
        # A first plan of more than twelve months is refused at the field; nothing is saved.
        before = _content(app).end
        end = app.screen.query_one("#plan-end", Input)
        end.focus()
        end.value = "1.1.2028"
        await pilot.press("enter")
        await until(
            pilot,
            lambda: "12" in str(app.screen.query_one("#field-plan-end .field-error", Static).render()),
            "the refusal",
        )
        assert _content(app).end == before
        end.value = f"{before.day}.{before.month}.{before.year}"
        await pilot.press("enter")
        # Submit.
        await _step(app, pilot, "submit")
        await until(
            pilot, lambda: status(_store(app).plans.get(plan_id)) is PlanStatus.SUBMITTED, "submitted"
        )
        # The coordinator approves with their own passphrase.
        await pilot.press("ctrl+l")
        await _unlock(app, pilot, COORDINATOR)
        assert _store(app).user.role == "coordinator"
        app.push_screen(PlanScreen(plan_id))
        await until(pilot, lambda: isinstance(app.screen, PlanScreen) and app.screen.plan is not None, "plan")
        await _step(app, pilot, "approve")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "approval dialog")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: status(_store(app).plans.get(plan_id)) is PlanStatus.APPROVED, "approved")
        approval = _store(app).plans.get(plan_id).current.approval
        assert approval is not None and approval.user_name == "Kaisa Koordinaattori"
        # The counsellor records the client's signature: the plan is in force.
        await pilot.press("ctrl+l")
        await _unlock(app, pilot, PASSPHRASE)
        app.push_screen(PlanScreen(plan_id))
        await until(pilot, lambda: isinstance(app.screen, PlanScreen) and app.screen.plan is not None, "plan")
        assert app.screen.query_one("#plan-end", Input).disabled  # approved: locked
        await _step(app, pilot, "sign")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "signature dialog")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: status(_store(app).plans.get(plan_id)) is PlanStatus.IN_FORCE, "in force")
        # A change makes version 2, with the reason.
        await until(pilot, lambda: isinstance(app.screen, PlanScreen), "back at the plan")
        await _step(app, pilot, "new_version")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "reason dialog")
        app.screen.query_one("#dlg-reason", Input).value = "Orientaation tunnit tarkentuivat"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: _store(app).plans.get(plan_id).current.number == 2, "version 2")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, PlanScreen) and not app.screen.query_one("#plan-end", Input).disabled
            ),
            "version 2 editable",
        )
        measures = app.screen.query_one("#measure-table", DataTable)
        measures.focus()
        measures.move_cursor(row=1)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "measure dialog")
        app.screen.query_one("#dlg-hours", Input).value = "70"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: _content(app).measures[1].hours == 70, "hours changed")
        plan = _store(app).plans.get(plan_id)
        assert plan.version(1).content.measures[1].hours == 60  # version 1 stays as it was
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, VersionsScreen), "versions")
        diff = str(app.screen.query_one("#version-diff", Static).render())
        assert "60 → 70" in diff
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, PlanScreen), "plan again")
        await pilot.press("f9")
        await until(pilot, lambda: app.screen.query("#print-path"), "print dialog")
        out = tmp_path / "suunnitelma.pdf"
        app.screen.query_one("#print-path", Input).value = str(out)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PreviewScreen), "the preview")
        pages = str(app.screen.query_one("#preview-text", Static).render())
        assert "Orientaation tunnit tarkentuivat" in pages and "Sivu 1/" in pages
        assert not out.exists()  # nothing is written before the counsellor says so
        await pilot.press("enter")  # the print button has the focus
        await until(pilot, lambda: out.exists(), "the PDF")
        await pilot.pause(0.1)
    text = pdf_text(out)
    assert "Kotoutumissuunnitelma" in text and "versio 2" in text
    assert "Orientaation tunnit tarkentuivat" in text
    assert out.stat().st_mode & 0o777 == 0o600
