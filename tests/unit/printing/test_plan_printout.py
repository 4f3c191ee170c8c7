"""The plan printout: what it says for whom, the approval block, versions and copies, nothing personal in
the metadata, markup printed literally."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from koto_tui import clock
from koto_tui.model import ClientData, Profile
from koto_tui.plan_printing import print_plan
from koto_tui.plans import Goal, GoalTerm, Measure, PlanContent
from koto_tui.rules.plan import PlanArea
from koto_tui.store import DataPaths, Store
from tests.roles import add_coordinator

PROFILE = Profile(
    "Maija Meikäläinen", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli"
)
CONTENT = PlanContent(
    start=date(2026, 12, 1),
    end=date(2027, 11, 30),
    goals=(
        Goal("g1", PlanArea.LANGUAGE, GoalTerm.LONG_TERM, "Suomen kieli B1 <b>&amp;</b> <img src='x.png'/>"),
    ),
    measures=(
        Measure(
            "m1",
            "Kotoutumiskoulutus",
            provider="Otavia",
            responsible="Mikkelin kaupunki",
            start=date(2027, 1, 10),
            end=date(2027, 6, 30),
            hours=400,
            goal_id="g1",
        ),
    ),
    review_date=date(2027, 6, 1),
    follow_up="Puhelimitse kolmen kuukauden välein",
)


def _text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.create(DataPaths(tmp_path / "data"), PROFILE, "maijan-salasana", role="coordinator")
    opened.interviews.register_form("t", "1", "id: t")
    return opened


def _plan(store: Store, jobseeker: bool, interpreter: bool = True, birth: date = date(1990, 5, 1)) -> int:
    cid = store.clients.add(
        ClientData(
            "Virtanen",
            "Aino",
            birth,
            interpreter_needed=interpreter,
            interpreter_language="ru" if interpreter else "",
        )
    )
    interview = store.interviews.start(cid, "t", "1", PROFILE)
    store.interviews.save_answer(interview.id, "registered_jobseeker", jobseeker)
    return store.plans.create(cid, interview.id, CONTENT)


def test_the_printout_says_what_was_agreed_and_what_is_not_yet_approved(store: Store, tmp_path: Path) -> None:
    out = print_plan(store, _plan(store, jobseeker=False), out=tmp_path / "p.pdf")
    text = _text(out)
    for expected in (
        "Kotoutumissuunnitelma",
        "Virtanen Aino",
        "1.12.2026 – 30.11.2027",
        "Kotoutumiskoulutus",
        "Otavia",
        "400",
        "10.1.2027 – 30.6.2027",
        "Suomen kieli B1 <b>&amp;</b> <img src='x.png'/>",
        "1.6.2027",
        "Puhelimitse",
        "subjektiivista oikeutta",
        "32 a §",
        "ei ole vielä hyväksynyt",
        "Tulkki",
        "versio 1",
    ):
        assert expected in text.replace("\n", " "), expected
    assert "työttömyysetuuteesi" not in text  # not a jobseeker: no jobseeking obligation
    reader = PdfReader(str(out))
    assert not any("/XObject" in (page.get("/Resources") or {}) for page in reader.pages)
    metadata = reader.metadata or {}
    assert "Virtanen" not in " ".join(str(v) for v in metadata.values())
    assert metadata.get("/Title") == "Kotoutumissuunnitelma"
    assert out.stat().st_mode & 0o777 == 0o600


def test_a_jobseekers_plan_states_the_obligation_and_a_minor_gets_no_fee_notice(
    store: Store, tmp_path: Path
) -> None:
    text = _text(
        print_plan(store, _plan(store, jobseeker=True, birth=date(2010, 1, 1)), out=tmp_path / "j.pdf")
    )
    assert "työttömyysetuuteesi" in text.replace("\n", " ")
    assert "32 a §" not in text


def test_the_approval_block_names_the_coordinator_and_reprints_are_copies(
    store: Store, tmp_path: Path
) -> None:
    plan_id = _plan(store, jobseeker=False)
    add_coordinator(store, "Kaisa Koordinaattori", "kotoutumiskoordinaattori", "kaisan-salasana",
                    "maijan-salasana")
    store.plans.submit(plan_id)
    paths = store.paths
    store.close()
    coordinator = Store.unlock(paths, "kaisan-salasana")
    coordinator.plans.approve(plan_id, date(2026, 11, 27))
    first = _text(print_plan(coordinator, plan_id, out=tmp_path / "1.pdf")).replace("\n", " ")
    assert "Kaisa Koordinaattori, kotoutumiskoordinaattori" in first and "27.11.2026" in first
    assert "KOPIO" not in first
    clock.fix(clock.now().replace(day=28))
    second = _text(print_plan(coordinator, plan_id, out=tmp_path / "2.pdf"))
    assert "KOPIO / tulostettu 28.11.2026" in second
    assert coordinator.plans.print_count(plan_id, 1) == 2
    assert [e["action"] for e in coordinator.audit_entries() if e["action"] == "print"] == ["print", "print"]


def test_an_earlier_version_prints_as_it_was(store: Store, tmp_path: Path) -> None:
    plan_id = _plan(store, jobseeker=False)
    store.plans.record_signature(plan_id, date(2026, 11, 27))
    store.plans.new_version(plan_id, "Tunnit muuttuivat")
    store.plans.save_content(plan_id, replace(CONTENT, measures=(replace(CONTENT.measures[0], hours=300),)))
    old = _text(print_plan(store, plan_id, 1, out=tmp_path / "v1.pdf"))
    new = _text(print_plan(store, plan_id, 2, out=tmp_path / "v2.pdf")).replace("\n", " ")
    assert "400" in old and "versio 1" in old
    assert "300" in new and "versio 2" in new and "Tunnit muuttuivat" in new


def test_an_approval_by_the_drafter_says_so_on_paper(store: Store, tmp_path: Path) -> None:
    plan_id = _plan(store, jobseeker=False)  # drafted by Maija, the coordinator of a one-person office
    store.plans.submit(plan_id)
    store.set_setting("allow_self_approval", True)
    store.plans.approve(plan_id, date(2026, 11, 27))
    text = " ".join(_text(print_plan(store, plan_id, out=tmp_path / "self.pdf")).split())
    assert "Suunnitelman hyväksyi sen laatija (kunta sallii yhden henkilön hyväksynnän)." in text
    assert "Утверждено составителем плана" in text  # the client's language (Russian) under it


def test_an_approval_by_someone_else_says_nothing_of_the_kind(store: Store, tmp_path: Path) -> None:
    plan_id = _plan(store, jobseeker=False)
    add_coordinator(store, "Kaisa Koordinaattori", "kotoutumiskoordinaattori", "kaisan-salasana",
                    "maijan-salasana")
    store.plans.submit(plan_id)
    paths = store.paths
    store.close()
    coordinator = Store.unlock(paths, "kaisan-salasana")
    coordinator.plans.approve(plan_id, date(2026, 11, 27))
    text = " ".join(_text(print_plan(coordinator, plan_id, out=tmp_path / "other.pdf")).split())
    assert "Kaisa Koordinaattori" in text and "laatija" not in text
    coordinator.close()
