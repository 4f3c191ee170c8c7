"""The set-based follow-up report equals the report as it was gathered before (client by client, every plan
scanned for every client), on the demo and on a generated register, and it reads no client one by one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from koto_tui import clock, report
from koto_tui.model import Interview, InterviewStatus
from koto_tui.plans import Plan
from koto_tui.report import (
    FollowUpReport,
    _Counted,
    _groups,
    _jobseeker,
    _window_date,
    build_report,
    plan_date,
)
from koto_tui.store import DataPaths, Store

TODAY = date(2026, 11, 27)
PERIODS = ((date(2026, 1, 1), date(2026, 12, 31)), (date(2026, 3, 1), date(2026, 6, 30)),
           (date(2025, 1, 1), date(2025, 12, 31)))


class _OldGathered(report._Gathered):
    """The gathering before: every client read by id, every plan scanned for every client (a copy)."""

    def _read(self, rows: object, start: date, end: date) -> None:
        store = self.store
        for summary in store.clients.search("", limit=1_000_000):
            language = store.clients.get(summary.id).data.native_language
            finalised = [i for i in store.interviews.for_client(summary.id)
                         if i.status in (InterviewStatus.COMPLETED, InterviewStatus.AMENDING)]
            answers = {i.id: store.interviews.answers(i.id) for i in finalised}
            for i in finalised:
                if start <= i.interview_date <= end:
                    a = answers[i.id]
                    self.assessments.append(_Counted(i.interview_date, _groups(a), language, _jobseeker(a)))
                    permit = _window_date(a)
                    if permit is not None:
                        self.permit_days.append((i.interview_date - permit).days)
            for plan in (p for p in self.all_plans if p.client_id == summary.id):
                self._old_plan(plan, finalised, answers, language, start, end)

    def _old_plan(self, plan: Plan, finalised: list[Interview], answers: dict[int, dict[str, object]],
                  language: str, start: date, end: date) -> None:
        from collections import Counter

        from koto_tui.exchange.document import jobseeker_of

        day = plan_date(plan)
        if day is None or not start <= day <= end:
            return
        basis = [i for i in finalised if i.id == plan.interview_id] or sorted(
            (i for i in finalised if i.interview_date <= day), key=lambda i: (i.interview_date, i.id))[-1:]
        a = answers[basis[0].id] if basis else {}
        jobseeker = jobseeker_of(self.store, plan)[0]
        self.plans.append(_Counted(day, _groups(a) if basis else ("",), language,
                                   jobseeker if isinstance(jobseeker, bool) else None))
        if basis:
            self.plan_days.append((day - basis[0].interview_date).days)
        last = [v for v in plan.versions if v.locked][-1]
        for m in last.content.measures:
            self.services.setdefault(m.service_id or m.name, Counter())[str(m.status)] += 1


def _both(store: Store, monkeypatch: pytest.MonkeyPatch, start: date,
          end: date) -> tuple[FollowUpReport, ...]:
    new = build_report(store, start, end, TODAY)
    with monkeypatch.context() as patched:
        patched.setattr(report, "_Gathered", _OldGathered)
        old = build_report(store, start, end, TODAY)
    return new, old


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_the_demo_report_is_the_same(demo: Store, monkeypatch: pytest.MonkeyPatch, start: date,
                                     end: date) -> None:
    new, old = _both(demo, monkeypatch, start, end)
    assert new == old


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A register made by the benchmark's generator (scripts, the real form, approved plans), plus plans made
    without an assessment named, which count the newest assessment before them, and two plans that arrived
    with their routing (an import)."""
    from bench import corpus
    from koto_tui.rules.plan import MeasureStatus
    from koto_tui.store import kdf

    cache, fixed = tmp_path_factory.mktemp("bench"), kdf.fixed()
    saved = corpus.cache_dir
    corpus.cache_dir = lambda: cache  # type: ignore[assignment]
    try:
        root = corpus.database(600).root
    finally:
        corpus.cache_dir = saved  # type: ignore[assignment]
        kdf.fix(fixed)  # the generator puts back calibration when it is done
    store = Store.unlock(DataPaths(root), corpus.PASSPHRASE)
    clock.fix(datetime(2026, 11, 27, 10))
    with store.session.db.conn:  # a one-person office: the counsellor may approve their own plans
        store.session.db.execute("UPDATE users SET role = 'coordinator'")
        store.session.db.table("settings").upsert({"key": "setting:allow_self_approval", "value": "true"},
                                                  pk="key")
    from koto_tui.demo_plans import _LANGUAGE_GOAL, _content, _measure

    everyone = store.clients.search("", limit=1000)
    with_assessment = [c for c in everyone if c.interviews and not store.plans.for_client(c.id)][:12]
    for client in with_assessment + [c for c in everyone if not c.interviews][:4]:
        content = _content(TODAY, date(2027, 6, 1), date(2026, 12, 10), (_LANGUAGE_GOAL,),
                           (_measure("m1", "library", MeasureStatus.ONGOING, "g1"),))
        plan_id = store.plans.create(client.id, None, content)
        store.plans.submit(plan_id)
        store.plans.approve(plan_id, on=TODAY)
    from koto_tui.store.exchange import Exchange

    for plan, system in zip(store.plans.all()[:2], ("employment_services", "koto_aj"), strict=True):
        Exchange(store.session).remember("plan", plan.id, f"uid-{plan.id}", None,
                                         routing={"responsible": "x", "record_system": system})
    yield store
    store.close()
    clock.fix(None)


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_a_generated_report_is_the_same(generated: Store, monkeypatch: pytest.MonkeyPatch, start: date,
                                        end: date) -> None:
    clock.fix(datetime(2026, 11, 27, 10))
    new, old = _both(generated, monkeypatch, start, end)
    assert new == old
    if start.year == 2026 and end.month == 12:
        assert sum(row[1] for row in new.table("months").rows) > 20  # type: ignore[misc]
        assert sum(row[2] for row in new.table("months").rows) > 10  # type: ignore[misc]


def test_a_plan_counts_an_assessment_from_before_the_period(generated: Store,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Only what the period counts is read, and that includes the assessments its plans are based on."""
    from koto_tui.demo_plans import _LANGUAGE_GOAL, _content, _measure
    from koto_tui.model import ClientData, Profile
    from koto_tui.rules.eligibility import TargetGroup
    from koto_tui.rules.plan import MeasureStatus

    form_id, version = generated.session.db.execute("SELECT form_id, form_version FROM interviews").fetchone()
    clock.fix(datetime(2026, 2, 2, 10))
    client = generated.clients.add(ClientData("Aalto", "Aino", date(1990, 1, 1)))
    interview = generated.interviews.start(client, form_id, version, Profile("O", "t", "M", "U", "M"))
    generated.interviews.save_answer(interview.id, "target_groups", [str(TargetGroup.TRAFFICKING_VICTIM)])
    generated.interviews.set_status(interview.id, InterviewStatus.COMPLETED)
    clock.fix(datetime(2026, 11, 27, 10))
    plan_id = generated.plans.create(client, interview.id, _content(
        TODAY, date(2027, 6, 1), date(2026, 12, 10), (_LANGUAGE_GOAL,),
        (_measure("m1", "library", MeasureStatus.ONGOING, "g1"),)))
    generated.plans.submit(plan_id)
    generated.plans.approve(plan_id, on=TODAY)
    new, old = _both(generated, monkeypatch, date(2026, 11, 1), date(2026, 11, 30))
    assert new == old
    victims = {row[0]: row[1:] for row in new.table("groups").rows}[
        report.translation(new.lang).gettext(report.GROUP_NAMES[TargetGroup.TRAFFICKING_VICTIM])]
    assert victims[1] >= 1  # type: ignore[operator]
    assert (TODAY - date(2026, 2, 2)).days in [row[5] for row in new.table("days").rows]


def test_no_client_is_read_one_by_one(generated: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the report read a client one by one")

    for name in ("get", "search"):
        monkeypatch.setattr(generated.clients, name, refused)
    build_report(generated, *PERIODS[0], TODAY)

