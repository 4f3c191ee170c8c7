"""Form.problems() for the review screen (order, entry indices, kinds) and Form.printable()."""

from __future__ import annotations

from datetime import date

import pytest

from koto_tui.engine import AnswerContext, AnswerProblem, Form, load_form_text

FORM = """
id: review
version: "1"
title: {fi: Tarkistus, sv: Granskning, en: Review}
sections:
  - id: first
    title: {fi: Eka, sv: Första, en: First}
    questions:
      - {id: name, type: short_text, required: true, label: {fi: Nimi, sv: Namn, en: Name}}
      - {id: has_children, type: yes_no, label: {fi: a, sv: b, en: Children}}
      - {id: children_daycare, type: long_text, label: {fi: a, sv: b, en: Daycare},
         show_if: {question: has_children, equals: true}, required: true}
      - {id: arrival, type: date, label: {fi: a, sv: b, en: Arrival}, constraints: [{not_future: true}]}
      - {id: info, type: note, label: {fi: a, sv: b, en: c}}
  - id: second
    title: {fi: Toka, sv: Andra, en: Second}
    questions:
      - id: jobs
        type: group
        label: {fi: Työt, sv: Jobb, en: Jobs}
        min_entries: 1
        max_entries: 2
        questions:
          - {id: employer, type: short_text, required: true, label: {fi: a, sv: b, en: Employer}}
          - {id: hours, type: integer, required: true, label: {fi: a, sv: b, en: Hours},
             constraints: [{max: 60}]}
          - {id: job_health, type: long_text, sensitive: true, label: {fi: a, sv: b, en: c}}
      - {id: health_notes, type: long_text, sensitive: true, label: {fi: a, sv: b, en: Health}}
      - {id: age, type: calculated, label: {fi: a, sv: b, en: Age},
         calculate: {years_since: client.birth_date}}
"""
CONTEXT = AnswerContext(date(2026, 5, 4), date(1990, 1, 1))


@pytest.fixture(scope="module")
def form() -> Form:
    """A form with required, conditional, constrained, grouped and sensitive questions."""
    return load_form_text(FORM)


def test_nothing_answered(form: Form) -> None:
    assert form.problems({}, CONTEXT) == [
        AnswerProblem("name", None, None, "This question must be answered.", "missing"),
        AnswerProblem("jobs", None, None, "Add at least 1 entry.", "missing"),
    ]


def test_problems_in_form_order_with_entry_indices(form: Form) -> None:
    answers: dict[str, object] = {
        "has_children": True,
        "arrival": "2026-06-01",
        "jobs": [{"employer": "A", "hours": 37}, {"hours": 70}, {"employer": "C", "hours": 1}],
    }
    found = [(p.question_id, p.entry, p.nested_id, p.kind) for p in form.problems(answers, CONTEXT)]
    assert found == [
        ("name", None, None, "missing"),
        ("children_daycare", None, None, "missing"),
        ("arrival", None, None, "invalid"),
        ("jobs", None, None, "invalid"),  # three entries, at most two
        ("jobs", 1, "employer", "missing"),  # entry 2 (index 1)
        ("jobs", 1, "hours", "invalid"),
    ]
    assert form.problems(answers, CONTEXT)[3].message == "At most 2 entries are allowed."
    assert form.problems(answers, CONTEXT)[5].message == "The number must be at most 60."


def test_hidden_questions_have_no_problems(form: Form) -> None:
    answers: dict[str, object] = {"name": "A", "has_children": False, "jobs": [{"employer": "A", "hours": 1}]}
    assert form.problems(answers, CONTEXT) == []
    assert form.progress("first", answers, CONTEXT) == (1, 1)


def test_printable_needs_an_answer_visibility_and_consent_for_sensitive(form: Form) -> None:
    answers: dict[str, object] = {
        "name": "A",
        "has_children": False,
        "children_daycare": "kept while hidden",
        "health_notes": "asthma",
    }
    assert form.printable("name", answers, CONTEXT, include_sensitive=False)
    assert not form.printable("arrival", answers, CONTEXT, include_sensitive=True)  # not answered
    assert not form.printable("children_daycare", answers, CONTEXT, include_sensitive=True)  # hidden
    assert answers["children_daycare"] == "kept while hidden"
    assert not form.printable("health_notes", answers, CONTEXT, include_sensitive=False)
    assert form.printable("health_notes", answers, CONTEXT, include_sensitive=True)
    assert form.question("health_notes").sensitive and not form.question("name").sensitive


def test_printable_inside_an_entry_and_for_calculated_values(form: Form) -> None:
    entry = {"employer": "A", "job_health": "back pain"}
    answers: dict[str, object] = {"jobs": [entry]}
    assert form.printable("employer", answers, CONTEXT, False, entry)
    assert not form.printable("job_health", answers, CONTEXT, False, entry)
    assert form.printable("job_health", answers, CONTEXT, True, entry)
    assert form.printable("age", {}, CONTEXT, include_sensitive=False)
    assert not form.printable("age", {}, AnswerContext(date(2026, 5, 4)), include_sensitive=False)


def test_visible_questions(form: Form) -> None:
    ids = [q.id for q in form.visible_questions("first", {"has_children": False}, CONTEXT)]
    assert ids == ["name", "has_children", "arrival", "info"]
    section = form.section("first")
    assert "children_daycare" in [
        q.id for q in form.visible_questions(section, {"has_children": True}, CONTEXT)
    ]
