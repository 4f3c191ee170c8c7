"""Constraints: not_future, date bounds, integer ranges and text patterns, with the form's own messages."""

from __future__ import annotations

from datetime import date

import pytest

from koto_tui.engine import AnswerContext, AnswerError, Constraint, Form, load_form_text, parse_answer
from koto_tui.i18n import set_language

FORM = """
id: constraints
version: "1"
title: {fi: Rajoitteet, sv: Begränsningar, en: Constraints}
sections:
  - id: main
    title: {fi: Pää, sv: Huvud, en: Main}
    questions:
      - id: arrival_date
        type: date
        label: {fi: Saapumispäivä, sv: Ankomstdatum, en: Arrival date}
        constraints:
          - {not_future: true, message: {fi: Ei tulevaisuudessa, sv: Inte i framtiden, en: Not in the future}}
          - {min_date: "1950-01-01", message: {fi: Liian aikaisin, sv: För tidigt, en: Too early}}
      - id: window
        type: date
        label: {fi: a, sv: b, en: c}
        constraints: [{min_date: 2020-01-01, max_date: "2030-12-31"}]
      - id: age
        type: integer
        min: 0
        label: {fi: Ikä, sv: Ålder, en: Age}
        constraints: [{min: 16, max: 120, message: {fi: 16–120, sv: 16–120, en: From 16 to 120}}]
      - {id: count, type: integer, label: {fi: a, sv: b, en: c}, constraints: [{max: 9}]}
      - id: postcode
        type: short_text
        label: {fi: Postinumero, sv: Postnummer, en: Postcode}
        constraints: [{pattern: "[0-9]{5}", message: {fi: Viisi numeroa, sv: Fem siffror, en: Five digits}}]
      - {id: notes, type: long_text, label: {fi: a, sv: b, en: c}, constraints: [{pattern: "[a-z\\\\s]*"}]}
"""
CONTEXT = AnswerContext(date(2026, 5, 4))


@pytest.fixture(scope="module")
def form() -> Form:
    """A form with each kind of constraint."""
    return load_form_text(FORM)


def error(form: Form, qid: str, raw: object, context: AnswerContext | None = CONTEXT) -> str:
    """The AnswerError message for *raw* on question *qid*."""
    with pytest.raises(AnswerError) as caught:
        parse_answer(form.question(qid), raw, context)
    return str(caught.value)


def test_constraints_load_as_typed_rules(form: Form) -> None:
    rules = form.question("arrival_date").constraints
    assert [rule.kind for rule in rules] == ["not_future", "date_range"]
    assert rules[1].min_date == date(1950, 1, 1) and rules[1].message is not None
    assert form.question("window").constraints == (
        Constraint("date_range", min_date=date(2020, 1, 1), max_date=date(2030, 12, 31)),
    )
    assert form.question("postcode").constraints[0].pattern == "[0-9]{5}"


def test_not_future_uses_the_context_today(form: Form) -> None:
    assert parse_answer(form.question("arrival_date"), "4.5.2026", CONTEXT) == "2026-05-04"
    assert error(form, "arrival_date", "5.5.2026") == "Not in the future"
    later = AnswerContext(date(2026, 5, 5))
    assert parse_answer(form.question("arrival_date"), "5.5.2026", later) == "2026-05-05"


def test_min_and_max_date(form: Form) -> None:
    assert error(form, "arrival_date", "31.12.1949") == "Too early"
    assert parse_answer(form.question("arrival_date"), "1.1.1950", CONTEXT) == "1950-01-01"
    assert error(form, "window", "31.12.2019") == "The date must be between 2020-01-01 and 2030-12-31."
    assert error(form, "window", "1.1.2031") == "The date must be between 2020-01-01 and 2030-12-31."


def test_integer_range_in_addition_to_min_and_max(form: Form) -> None:
    assert parse_answer(form.question("age"), "16", CONTEXT) == 16
    assert error(form, "age", "15") == "From 16 to 120"
    assert error(form, "age", "-1") == "The number must be at least 0."  # the question's own min first
    assert error(form, "age", "121") == "From 16 to 120"
    assert error(form, "count", "10") == "The number must be at most 9."


def test_pattern_must_match_the_whole_answer(form: Form) -> None:
    assert parse_answer(form.question("postcode"), " 00100 ", CONTEXT) == "00100"
    assert error(form, "postcode", "001000") == "Five digits"
    assert error(form, "postcode", "0010") == "Five digits"
    assert parse_answer(form.question("notes"), "two\nlines", CONTEXT) == "two\nlines"
    assert error(form, "notes", "Capital") == "The answer is not in the expected form."


def test_messages_follow_the_ui_language(form: Form) -> None:
    set_language("fi")
    assert error(form, "postcode", "x") == "Viisi numeroa"
    set_language("en")
    assert error(form, "postcode", "x") == "Five digits"


def test_without_a_context_today_comes_from_the_clock(form: Form) -> None:
    assert "future" in error(form, "arrival_date", "1.1.2099", None)


def test_stored_answers_that_break_a_rule_now_are_problems(form: Form) -> None:
    answers = {"arrival_date": "2026-05-05", "age": 15, "postcode": "123"}
    found = [(p.question_id, p.kind, p.message) for p in form.problems(answers, CONTEXT)]
    assert found == [
        ("arrival_date", "invalid", "Not in the future"),
        ("age", "invalid", "From 16 to 120"),
        ("postcode", "invalid", "Five digits"),
    ]
    assert [p.question_id for p in form.problems(answers, AnswerContext(date(2026, 5, 5)))] == [
        "age",
        "postcode",
    ]
