"""show_if and required_if: each operator, combinations, group references, live changes, hidden answers."""

from __future__ import annotations

from datetime import date

import pytest

from koto_tui.engine import AnswerContext, Form, load_form_text

FORM = """
id: conditions
version: "1"
title: {fi: Ehdot, sv: Villkor, en: Conditions}
choice_lists:
  bases:
    - {value: work, label: {fi: Työ, sv: Arbete, en: Work}}
    - {value: family, label: {fi: Perhe, sv: Familj, en: Family}}
    - {value: study, label: {fi: Opiskelu, sv: Studier, en: Study}}
sections:
  - id: main
    title: {fi: Pää, sv: Huvud, en: Main}
    questions:
      - {id: has_children, type: yes_no, label: {fi: a, sv: b, en: Children}}
      - {id: basis, type: single_choice, choices: bases, label: {fi: a, sv: b, en: Basis}}
      - {id: goals, type: multiple_choice, choices: bases, label: {fi: a, sv: b, en: Goals}}
      - {id: size, type: integer, label: {fi: a, sv: b, en: Size}}
      - {id: if_children, type: short_text, label: {fi: a, sv: b, en: c},
         show_if: {question: has_children, equals: true}}
      - {id: if_not_work, type: short_text, label: {fi: a, sv: b, en: c},
         show_if: {question: basis, not_equals: work}}
      - {id: if_family_or_study, type: short_text, label: {fi: a, sv: b, en: c},
         show_if: {question: basis, in: [family, study]}}
      - {id: if_goal_study, type: short_text, label: {fi: a, sv: b, en: c},
         show_if: {question: goals, contains: study}}
      - {id: if_size_given, type: short_text, label: {fi: a, sv: b, en: c},
         show_if: {question: size, answered: true}}
      - {id: if_size_missing, type: short_text, label: {fi: a, sv: b, en: c},
         show_if: {question: size, answered: false}}
      - id: combined
        type: short_text
        label: {fi: a, sv: b, en: c}
        show_if:
          all:
            - {question: has_children, equals: true}
            - any:
                - {question: basis, equals: family}
                - not: {question: size, answered: true}
      - id: daycare
        type: long_text
        label: {fi: a, sv: b, en: Daycare}
        show_if: {question: if_children, answered: true}
        required_if: {question: size, equals: 3}
      - {id: adult, type: yes_no, label: {fi: a, sv: b, en: c}, show_if: {question: client.age, in: [18, 19]}}
      - id: jobs
        type: group
        label: {fi: Työt, sv: Jobb, en: Jobs}
        show_if: {question: basis, equals: work}
        questions:
          - {id: employer, type: short_text, label: {fi: a, sv: b, en: Employer}}
          - {id: full_time, type: yes_no, label: {fi: a, sv: b, en: Full time}}
          - {id: hours, type: integer, label: {fi: a, sv: b, en: Hours},
             show_if: {question: full_time, equals: false}, required_if: {question: full_time, equals: false}}
          - {id: child_care, type: yes_no, label: {fi: a, sv: b, en: c},
             show_if: {question: has_children, equals: true}}
      - {id: any_part_time, type: short_text, label: {fi: a, sv: b, en: c},
         show_if: {question: full_time, equals: false}}
"""
TODAY = date(2026, 5, 4)
CONTEXT = AnswerContext(TODAY)


@pytest.fixture(scope="module")
def form() -> Form:
    """A form with one condition of each kind."""
    return load_form_text(FORM)


def shown(form: Form, answers: dict[str, object], context: AnswerContext = CONTEXT) -> set[str]:
    """The ids of the shown questions that have a show_if."""
    return {q.id for q in form.visible_questions("main", answers, context) if q.show_if is not None}


def test_equals_and_not_equals(form: Form) -> None:
    assert form.is_visible("has_children", {}, CONTEXT)  # no show_if: always shown
    assert form.is_visible("if_children", {"has_children": True}, CONTEXT)
    assert not form.is_visible("if_children", {"has_children": False}, CONTEXT)
    assert not form.is_visible("if_children", {}, CONTEXT)
    assert form.is_visible("if_not_work", {"basis": "family"}, CONTEXT)
    assert form.is_visible("if_not_work", {}, CONTEXT)  # no answer is not equal to work
    assert not form.is_visible("if_not_work", {"basis": "work"}, CONTEXT)


def test_in_contains_and_answered(form: Form) -> None:
    assert form.is_visible("if_family_or_study", {"basis": "study"}, CONTEXT)
    assert not form.is_visible("if_family_or_study", {"basis": "work"}, CONTEXT)
    assert form.is_visible("if_goal_study", {"goals": ["work", "study"]}, CONTEXT)
    assert not form.is_visible("if_goal_study", {"goals": ["work"]}, CONTEXT)
    assert form.is_visible("if_size_given", {"size": 0}, CONTEXT)  # 0 is an answer
    assert not form.is_visible("if_size_missing", {"size": 0}, CONTEXT)
    assert form.is_visible("if_size_missing", {"size": None}, CONTEXT)


def test_true_is_not_one(form: Form) -> None:
    assert not form.is_visible("if_children", {"has_children": 1}, CONTEXT)


def test_nested_all_any_not(form: Form) -> None:
    assert form.is_visible("combined", {"has_children": True, "basis": "family", "size": 2}, CONTEXT)
    assert form.is_visible("combined", {"has_children": True, "basis": "work"}, CONTEXT)  # not answered
    assert not form.is_visible("combined", {"has_children": True, "basis": "work", "size": 2}, CONTEXT)
    assert not form.is_visible("combined", {"has_children": False, "basis": "family"}, CONTEXT)


def test_client_age_from_the_context(form: Form) -> None:
    assert form.is_visible("adult", {}, AnswerContext(TODAY, date(2008, 5, 4)))  # 18 today
    assert not form.is_visible("adult", {}, AnswerContext(TODAY, date(2008, 5, 5)))  # 17 until tomorrow
    assert not form.is_visible("adult", {}, CONTEXT)  # no birth date known


def test_visibility_changes_live_with_the_answers(form: Form) -> None:
    answers: dict[str, object] = {"has_children": True}
    assert shown(form, answers) >= {"if_children", "combined", "if_not_work", "if_size_missing"}
    answers["has_children"] = False
    assert "if_children" not in shown(form, answers) and "combined" not in shown(form, answers)
    answers["size"] = 4
    assert "if_size_given" in shown(form, answers) and "if_size_missing" not in shown(form, answers)


def test_dependents_are_transitive(form: Form) -> None:
    assert form.dependents("has_children") == {"if_children", "combined", "daycare", "child_care"}
    assert form.dependents("size") == {"if_size_given", "if_size_missing", "combined", "daycare"}
    assert form.dependents("basis") >= {"jobs", "employer", "hours", "child_care", "any_part_time"}
    assert form.dependents("full_time") == {"hours", "any_part_time"}
    assert form.dependents("client.birth_date") == set()
    assert form.dependents("client.age") == {"adult"}
    assert form.dependents("daycare") == set()


def test_hidden_answers_are_kept_and_count_as_unanswered(form: Form) -> None:
    answers: dict[str, object] = {"has_children": False, "if_children": "kept", "size": 3}
    assert answers["if_children"] == "kept"  # the engine never deletes
    assert not form.is_visible("if_children", answers, CONTEXT)
    # daycare reads if_children, which is hidden: its answer does not count
    assert not form.is_visible("daycare", answers, CONTEXT)
    assert not form.printable("if_children", answers, CONTEXT, include_sensitive=True)
    answers["has_children"] = True
    assert form.is_visible("daycare", answers, CONTEXT)


def test_required_if(form: Form) -> None:
    answers: dict[str, object] = {"has_children": True, "if_children": "yes", "size": 3}
    assert form.is_required("daycare", answers, CONTEXT)
    assert form.progress("main", answers, CONTEXT) == (0, 1)
    assert form.first_unanswered_required(answers, context=CONTEXT) == "daycare"
    assert not form.is_required("daycare", answers | {"size": 2}, CONTEXT)
    assert form.progress("main", answers | {"size": 2}, CONTEXT) == (0, 0)
    # required_if holds but the question is hidden: not required
    assert not form.is_required("daycare", answers | {"if_children": ""}, CONTEXT)


def test_sibling_reference_inside_a_group_entry(form: Form) -> None:
    answers: dict[str, object] = {"basis": "work"}
    assert form.is_visible("hours", answers, CONTEXT, {"full_time": False})
    assert not form.is_visible("hours", answers, CONTEXT, {"full_time": True})
    assert not form.is_visible("hours", answers, CONTEXT)  # no entry: the sibling has no answer
    assert form.is_required("hours", answers, CONTEXT, {"full_time": False})
    # a bare id that is not a sibling resolves to the top level
    assert form.is_visible("child_care", answers | {"has_children": True}, CONTEXT, {})
    assert not form.is_visible("child_care", answers, CONTEXT, {})


def test_nested_questions_hide_with_their_group(form: Form) -> None:
    assert not form.is_visible("employer", {"basis": "family"}, CONTEXT, {})
    assert not form.is_visible("hours", {"basis": "family"}, CONTEXT, {"full_time": False})


def test_nested_question_read_from_outside_matches_any_entry(form: Form) -> None:
    jobs = [{"employer": "A", "full_time": True}, {"employer": "B", "full_time": False}]
    assert form.is_visible("any_part_time", {"basis": "work", "jobs": jobs}, CONTEXT)
    assert not form.is_visible("any_part_time", {"basis": "work", "jobs": jobs[:1]}, CONTEXT)
    assert not form.is_visible("any_part_time", {"basis": "family", "jobs": jobs}, CONTEXT)  # group hidden


def test_problems_inside_entries_follow_sibling_conditions(form: Form) -> None:
    jobs = [{"employer": "A", "full_time": True}, {"employer": "B", "full_time": False}]
    (problem,) = form.problems({"basis": "work", "jobs": jobs}, CONTEXT)
    assert (problem.question_id, problem.entry, problem.nested_id, problem.kind) == (
        "jobs",
        1,
        "hours",
        "missing",
    )
