"""The client's language beside the Finnish, and the record of who interpreted and what was agreed."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest
import yaml
from textual.widgets import Input, Static

from koto_tui.app import KotoApp
from koto_tui.model import ClientData, Consent, InterpreterSession, Participant
from koto_tui.resources import forms_dir
from koto_tui.rules.consent import sharing_refusal
from koto_tui.screens.clients import ClientsScreen
from koto_tui.screens.interview import InterviewScreen
from koto_tui.store import Store
from koto_tui.widgets.questions import QuestionField
from koto_tui.workflow import PrintRequest, print_interview
from tests.functional.helpers import BUDGET, PASSPHRASE, pdf_text, seeded, until


def _label(language: str, question: str) -> str:
    path = forms_dir() / "translations" / f"assessment-1.{language}.yaml"
    return str(yaml.safe_load(path.read_text(encoding="utf-8"))["questions"][question]["label"])


async def _second_labels(paths: object, interview_id: int) -> list[str]:
    app = KotoApp(paths)  # type: ignore[arg-type]
    async with app.run_test(size=(130, 50)) as pilot:
        await until(pilot, lambda: app.screen.query_one("#passphrase", Input) is not None, "unlock")
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "clients")
        app.push_screen(InterviewScreen(interview_id))
        await until(pilot, lambda: isinstance(app.screen, InterviewScreen) and app.screen.form is not None
                    and app.screen.query("#question-registered_jobseeker"), "interview")
        assert not app.screen.query(".question-second")
        await pilot.press("ctrl+t")
        await until(pilot, lambda: app.screen.query(".question-second"), "the client's language shown")
        texts = [str(s.render()) for s in app.screen.query(".question-second").results(Static)]
        await pilot.pause(0.1)
    return texts


def _start(root: Path, *clients: ClientData) -> tuple[object, list[int]]:
    paths, ids = seeded(root, *clients)
    store = Store.unlock(paths, PASSPHRASE)
    interviews = [store.interviews.start(cid, "assessment", "1", store.profile()).id for cid in ids]
    store.close()
    return paths, interviews


async def test_ukrainian_and_dari_beside_finnish_and_a_gap_marked(tmp_path: Path) -> None:
    paths, (uk, prs, am) = _start(
        tmp_path / "data",
        ClientData("Коваленко", "Олена", date(1985, 3, 14), communication_language="uk"),
        ClientData("احمدی", "زهرا", date(1994, 2, 11), communication_language="prs"),
        ClientData("ከበደ", "አበበ", date(2001, 6, 30), communication_language="am"))
    texts = await _second_labels(paths, uk)
    assert any(_label("uk", "registered_jobseeker") in t and "[luonnos]" in t for t in texts)
    texts = await _second_labels(paths, prs)
    assert any(_label("prs", "registered_jobseeker") in t for t in texts)
    texts = await _second_labels(paths, am)
    assert texts and all("[ei käännöstä: amhara]" in t for t in texts)


def test_record_is_printed_and_consent_governs_sharing(tmp_path: Path) -> None:
    paths, (interview_id,) = _start(tmp_path / "data", ClientData("Ahmadi", "Zahra", date(1994, 2, 11)))
    store = Store.unlock(paths, PASSPHRASE)
    try:
        client_id = store.interviews.get(interview_id).client_id
        store.record.add_session(InterpreterSession(0, interview_id, "phone", "prs", "Dari", "Tulkki 4711",
                                                    "Semantix", "2026-11-27T10:00", "2026-11-27T11:30", True))
        store.record.add_participant(Participant(0, interview_id, "wellbeing_nurse", "Sanna Hoitaja",
                                                 "Etelä-Savon hyvinvointialue"))
        store.record.add_consent(Consent(0, client_id, "wellbeing_county", True, date(2026, 11, 27),
                                         "oral_via_interpreter", "terveystiedot", None))
        consents = store.record.consents(client_id)
        assert sharing_refusal(consents, "wellbeing_county", date(2026, 11, 27)) is None
        refusal = sharing_refusal(consents, "education_providers", date(2026, 11, 27))
        assert refusal is not None and "oppilaitokset" in refusal and "9 §" in refusal
        text = pdf_text(print_interview(store, PrintRequest(interview_id, tmp_path / "p.pdf")))
    finally:
        store.close()
    assert "Tulkki 4711" in text and "Semantix" in text and "maksusta" in text
    assert "Sanna Hoitaja" in text and "hyvinvointialueen hoitaja" in text
    assert "terveystiedot" in text and "annettu" in text



async def _beside_note(paths: object, interview_id: int) -> tuple[str, bool]:
    """What Ctrl+T says on the interview, and whether any text was put beside the form's."""
    app = KotoApp(paths)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.screen.query("#passphrase").first(Input) is not None, "unlock")
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "clients")
        app.push_screen(InterviewScreen(interview_id))
        await until(pilot, lambda: isinstance(app.screen, InterviewScreen) and app.screen.form is not None
                    and app.screen.query("#question-registered_jobseeker"), "interview")
        await pilot.press("ctrl+t")
        await until(pilot, lambda: any("rinnakkain" in n.message for n in app._notifications),
                    "the note that there is nothing to show")
        [note] = [n.message for n in app._notifications if "rinnakkain" in n.message]
        beside = bool(app.screen.query(".question-second"))
        await pilot.pause(0.1)
    return note, beside


async def test_a_finnish_or_swedish_client_has_nothing_beside_the_form(tmp_path: Path) -> None:
    # Ctrl+T marked every text "[ei käännöstä: suomi]" for a client whose language is the form's own.
    paths, (fi, sv) = _start(
        tmp_path / "data", ClientData("Virtanen", "Aino", date(1985, 3, 14), communication_language="fi"),
        ClientData("Sundqvist", "Stina", date(1990, 1, 2), native_language="sv"))
    for interview_id, name in ((fi, "suomi"), (sv, "ruotsi")):
        note, beside = await _beside_note(paths, interview_id)
        assert name in note and not beside




def _removal_under_way(fields: list[QuestionField]) -> bool:
    """One of *fields* has stopped taking messages and waits for its own children to go (still attached)."""
    return any(f._closed and f.is_attached for f in fields)


@pytest.mark.parametrize("how", ["pop", "quit"])
async def test_closing_in_the_middle_of_a_section_swap(tmp_path: Path, how: str) -> None:
    """Ctrl+T twice while the first rebuild of the questions is removing the old ones, then the interview
    is closed (or koto quits) at once. The rebuild ran in a worker that the second one cancelled, and that
    cancelled the removed questions' own tasks: they stayed half removed, and closing waited for them (CI
    under load hung 600 s in Textual's shutdown)."""
    paths, (uk,) = _start(tmp_path / "data",
                          ClientData("Коваленко", "Олена", date(1985, 3, 14), communication_language="uk"))
    app = KotoApp(paths)  # type: ignore[arg-type]

    async def run() -> None:
        async with app.run_test(size=(130, 50)) as pilot:
            await until(pilot, lambda: app.screen.query_one("#passphrase", Input) is not None, "unlock")
            app.screen.query_one("#passphrase", Input).value = PASSPHRASE
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "clients")
            screen = InterviewScreen(uk)
            app.push_screen(screen)
            await until(pilot, lambda: screen.form is not None and all(
                f.is_mounted for f in screen.query("#questions > QuestionField").results(QuestionField))
                and bool(screen.query("#question-registered_jobseeker")), "the first section")
            old = list(screen.query("#questions > QuestionField").results(QuestionField))
            screen.action_toggle_language()
            deadline = asyncio.get_running_loop().time() + BUDGET
            while not _removal_under_way(old):  # not pilot.pause: it would wait until the removal is done
                assert asyncio.get_running_loop().time() < deadline, "the old questions never went"
                await asyncio.sleep(0)
            screen.action_toggle_language()  # asked again while the first rebuild is under way
            if how == "pop":
                await app.pop_screen()
                await until(pilot, lambda: isinstance(app.screen, ClientsScreen), "the client list again")
                await until(pilot, lambda: not any(isinstance(w, QuestionField) for w in app._registry),
                            "no question of the closed interview left")
        # Leaving the block quits koto: Textual's shutdown closes every screen and widget.

    await asyncio.wait_for(run(), 2 * BUDGET)
