"""What building an export costs per record: each assessment's conditions evaluated once for the whole walk,
no table-existence queries per read, the catalogue of a yes/no answer not looked up on disk each time.

Found by profiling the export screen's preview of 10,000 clients (issue 16): a new Scope for every
question (its conditions evaluated again and again), two ``sqlite_master`` queries before every row read
through sqlite-utils, and gettext searching the locale directory for every yes/no answer.
"""

from __future__ import annotations

import gettext
from typing import Any

import pytest

from koto_tui import i18n
from koto_tui.engine import models
from koto_tui.exchange.export import ExportRequest, collect
from koto_tui.store import Store


def _assessments(store: Store) -> int:
    steps = collect(store, ExportRequest(dry_run=True, include_unchanged=True))
    return sum(r.entity == "assessment" for s in steps for r in s.records)


def _count_scopes(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every Scope the form makes from now on (one per evaluation of the form against its answers)."""
    made: list[object] = []

    class Counted(models.Scope):
        def __init__(self, *args: Any) -> None:
            made.append(self)
            super().__init__(*args)

    monkeypatch.setattr(models, "Scope", Counted)
    return made


def test_each_assessment_is_walked_through_one_evaluation_of_its_form(
        demo: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _count_scopes(monkeypatch)
    walked = _assessments(demo)
    assert walked >= 2  # the demo has finalised assessments to export
    assert len(made) <= 2 * walked  # the old walk made one per question: 150+ per assessment


def test_building_the_export_asks_nothing_of_sqlite_master(demo: Store) -> None:
    seen: list[str] = []
    demo.session.db.conn.set_trace_callback(seen.append)
    try:
        assert _assessments(demo) >= 2
    finally:
        demo.session.db.conn.set_trace_callback(None)
    assert seen  # the trace does see the reads
    assert [s for s in seen if "sqlite_master" in s] == []


def test_a_yes_no_answer_does_not_look_for_its_catalogue_on_disk(
        demo: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    looked: list[object] = []
    real = gettext.find

    def find(*args: Any, **kwargs: Any) -> Any:
        looked.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(gettext, "find", find)
    getattr(i18n.translation, "cache_clear", lambda: None)()  # a fresh start, as a new process has
    _assessments(demo)
    _assessments(demo)
    assert len(looked) <= 3  # once per language at most (fi, sv …), not once per answer


def test_a_printout_walks_its_assessment_through_one_evaluation_of_its_form(
        demo: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from koto_tui.engine import AnswerContext
    from koto_tui.workflow import _answer_sections, form_of

    interview = demo.interviews.get(1)  # one of the demo's finalised assessments
    form, answers = form_of(demo, interview), demo.interviews.answers(interview.id)
    made = _count_scopes(monkeypatch)
    sections = _answer_sections(form, answers, AnswerContext.now(), include_sensitive=False)
    assert sum(len(s.fields) for s in sections) >= 20
    assert len(made) == 1
