"""The full assessment: a repeat group, a condition that shows and hides, finalising and amending."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Button, Input, Select

from koto_tui.app import KotoApp
from koto_tui.demo import complete_answers
from koto_tui.engine import AnswerContext
from koto_tui.model import ClientData, InterviewStatus
from koto_tui.screens.amend import AmendDialog
from koto_tui.screens.clients import ClientsScreen
from koto_tui.screens.interview import InterviewScreen
from koto_tui.screens.review import ReviewScreen
from koto_tui.store import Store
from koto_tui.workflow import PrintRequest, form_of, print_interview
from tests.functional.helpers import PASSPHRASE, pdf_text, seeded, until

TODAY = date(2026, 11, 27)


def _prefilled(root: Path) -> tuple[object, int]:
    paths, (client_id,) = seeded(root, ClientData("Коваленко", "Олена", date(1985, 3, 14)))
    store = Store.unlock(paths, PASSPHRASE)
    interview = store.interviews.start(client_id, "assessment", "1", store.profile())
    form = form_of(store, interview)
    answers = {"registered_jobseeker": False, "target_groups": ["international_protection"],
               "window_event": "first_residence_permit", "window_event_date": "2024-01-10"}
    for qid, value in complete_answers(form, answers, AnswerContext(TODAY, date(1985, 3, 14))).items():
        if qid != "family_abroad":
            store.interviews.save_answer(interview.id, qid, value)
    store.close()
    return paths, interview.id


async def _open(app: KotoApp, pilot, interview_id: int) -> InterviewScreen:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: app.screen.query_one("#passphrase", Input) is not None, "unlock")
    app.screen.query_one("#passphrase", Input).value = PASSPHRASE
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "client register")
    app.push_screen(InterviewScreen(interview_id))
    await until(pilot, lambda: isinstance(app.screen, InterviewScreen) and app.screen.form is not None,
                "interview")
    screen = app.screen
    assert isinstance(screen, InterviewScreen)
    return screen


async def test_group_condition_finalise_amend(tmp_path: Path) -> None:
    paths, interview_id = _prefilled(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(130, 50)) as pilot:
        screen = await _open(app, pilot, interview_id)
        assert screen.form is not None
        # A condition: the description of family abroad appears only when there is family abroad.
        screen.go_to("family_abroad")
        await until(pilot, lambda: screen.query("#q-family_abroad") and screen.query(
            "#q-family_abroad").first().has_focus, "life situation section")
        assert not screen.query_one("#question-family_abroad_description").display
        screen.query_one("#q-family_abroad", Select).value = True
        await until(pilot, lambda: screen.query_one("#question-family_abroad_description").display,
                    "the conditional question appears")
        screen.query_one("#q-family_abroad", Select).value = False
        await until(pilot, lambda: not screen.query_one("#question-family_abroad_description").display,
                    "and disappears again")

        # A repeat group: add a second household member and fill it in.
        screen.go_to("household_members")
        await until(pilot, lambda: screen.query("#add-household_members"), "household group")
        before = len(screen.live.get("household_members", []))  # type: ignore[arg-type]
        screen.query_one("#add-household_members", Button).press()
        await until(pilot, lambda: screen.query(f"#q-household_members-{before}-member_birth_year"),
                    "a new entry")
        screen.query_one(f"#q-household_members-{before}-member_birth_year", Input).value = "2019"
        await until(pilot, lambda: len(screen.answers.get("household_members", [])) == before + 1  # type: ignore[arg-type]
                    and screen.answers["household_members"][before].get("member_birth_year") == 2019,  # type: ignore[index]
                    "the entry saved")

        # The review lists the entry's missing relation; Enter jumps to it; then finalise.
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "review screen")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert [(p.question_id, p.entry, p.nested_id) for p in review.problems] == [
            ("household_members", before, "member_relation")]
        assert review.query_one("#finalise", Button).disabled
        review.query_one("#review-problems").focus()
        await pilot.press("enter")
        relation = f"q-household_members-{before}-member_relation"
        await until(pilot, lambda: app.focused is not None and app.focused.id == relation, "jumped there")
        select = screen.query_one(f"#{relation}", Select)
        select.value = select._options[1][1]
        await until(pilot, lambda: screen.answers["household_members"][before].get(  # type: ignore[index]
            "member_relation") is not None, "relation saved")
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "review screen again")
        assert not app.screen.query_one("#finalise", Button).disabled
        app.screen.query_one("#finalise", Button).press()
        await until(pilot, lambda: screen.interview is not None and screen.interview.locked, "finalised")
        await until(pilot, lambda: screen.query_one("#q-family_abroad", Select).disabled, "fields locked")

        # Amend with a reason, change an answer, finalise again.
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, AmendDialog), "amend dialog")
        app.screen.query_one("#amend-reason", Input).value = "Syntymävuosi korjattu"
        await pilot.press("enter")
        await until(pilot, lambda: screen.interview is not None
                    and screen.interview.status is InterviewStatus.AMENDING, "amending")
        await until(pilot, lambda: screen.query(f"#q-household_members-{before}-member_birth_year"), "entry")
        screen.query_one(f"#q-household_members-{before}-member_birth_year", Input).value = "2018"
        await until(pilot, lambda: screen.answers["household_members"][before].get(  # type: ignore[index]
            "member_birth_year") == 2018, "amended answer saved")
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "review again")
        app.screen.query_one("#finalise", Button).press()
        await until(pilot, lambda: screen.interview is not None and screen.interview.locked, "locked again")
        await pilot.pause(0.1)

    store = Store.unlock(paths, PASSPHRASE)
    try:
        (amendment,) = store.interviews.lifecycle.amendments(interview_id)
        assert amendment.reason == "Syntymävuosi korjattu" and amendment.changed == ("household_members",)
        assert store.interviews.lifecycle.result(interview_id)["responsible"] == "municipality"  # type: ignore[index]
        out = print_interview(store, PrintRequest(interview_id, tmp_path / "a.pdf"))
    finally:
        store.close()
    text = pdf_text(out)
    assert "Syntymävuosi korjattu" in text
    assert "KOTO-AJ" in text
