"""Calculated questions: age, whole months since a date, and days until a date plus years."""

from __future__ import annotations

from datetime import date

import pytest

from koto_tui.engine import (
    AnswerContext,
    AnswerError,
    Calculation,
    Form,
    display_answer,
    load_form_text,
    parse_answer,
)
from koto_tui.engine.calculations import add_months, add_years, months_between, years_between

FORM = """
id: calculations
version: "1"
title: {fi: Laskenta, sv: Beräkning, en: Calculation}
sections:
  - id: main
    title: {fi: Pää, sv: Huvud, en: Main}
    questions:
      - {id: age, type: calculated, label: {fi: Ikä, sv: Ålder, en: Age},
         calculate: {years_since: client.birth_date}}
      - {id: first_permit_date, type: date, label: {fi: a, sv: b, en: First permit}}
      - {id: years_in_finland, type: calculated, label: {fi: a, sv: b, en: c},
         calculate: {years_since: first_permit_date}}
      - {id: months_in_finland, type: calculated, label: {fi: a, sv: b, en: c},
         calculate: {months_since: first_permit_date}}
      - {id: window_days_left, type: calculated, label: {fi: a, sv: b, en: c},
         calculate: {days_until: first_permit_date, plus_years: 3}}
      - id: children
        type: group
        label: {fi: Lapset, sv: Barn, en: Children}
        questions:
          - {id: child_born, type: date, label: {fi: a, sv: b, en: Born}}
          - {id: child_age, type: calculated, label: {fi: a, sv: b, en: Age},
             calculate: {years_since: child_born}}
"""


@pytest.fixture(scope="module")
def form() -> Form:
    """A form with each kind of calculation."""
    return load_form_text(FORM)


def age_on(form: Form, born: date, today: date) -> object:
    """The calculated age of a client born on *born*, on *today*."""
    return form.calculated("age", {}, AnswerContext(today, born))


def test_calculated_questions_load(form: Form) -> None:
    age = form.question("age")
    assert (
        age.is_calculated
        and not age.answerable
        and age.calculate == Calculation("years_since", "client.birth_date")
    )
    assert form.question("window_days_left").calculate == Calculation("days_until", "first_permit_date", 3)


def test_age_on_the_birthday_eve_and_the_birthday(form: Form) -> None:
    assert age_on(form, date(1990, 6, 15), date(2026, 6, 14)) == 35
    assert age_on(form, date(1990, 6, 15), date(2026, 6, 15)) == 36
    assert age_on(form, date(1990, 6, 15), date(2026, 12, 31)) == 36
    assert form.calculated("age", {}, AnswerContext(date(2026, 6, 15))) is None  # no birth date


def test_age_of_someone_born_on_29_february(form: Form) -> None:
    born = date(2004, 2, 29)
    assert age_on(form, born, date(2026, 2, 27)) == 21
    assert age_on(form, born, date(2026, 2, 28)) == 22  # common year: the birthday counts as 28 February
    assert age_on(form, born, date(2028, 2, 28)) == 23  # leap year: not until the 29th
    assert age_on(form, born, date(2028, 2, 29)) == 24


def test_years_and_months_since_a_date_question(form: Form) -> None:
    answers = {"first_permit_date": "2024-01-31"}
    context = AnswerContext(date(2026, 1, 30))
    assert form.calculated("years_in_finland", answers, context) == 1
    assert form.calculated("months_in_finland", answers, context) == 23
    assert form.calculated("months_in_finland", answers, AnswerContext(date(2026, 1, 31))) == 24
    # 31 January + 1 month is the last day of February
    assert form.calculated("months_in_finland", answers, AnswerContext(date(2024, 2, 29))) == 1
    assert form.calculated("months_in_finland", answers, AnswerContext(date(2024, 2, 28))) == 0
    assert form.calculated("months_in_finland", {}, context) is None


def test_days_until_plus_years_across_a_leap_day(form: Form) -> None:
    answers = {"first_permit_date": "2025-02-01"}
    assert form.calculated("window_days_left", answers, AnswerContext(date(2028, 1, 1))) == 31
    assert form.calculated("window_days_left", answers, AnswerContext(date(2028, 2, 1))) == 0
    assert form.calculated("window_days_left", answers, AnswerContext(date(2028, 2, 2))) == -1
    # 2027-03-01 → 2028-03-01 passes 29 February 2028: 366 days
    assert (
        form.calculated(
            "window_days_left", {"first_permit_date": "2025-03-01"}, AnswerContext(date(2027, 3, 1))
        )
        == 366
    )
    # 29 February + 3 years is 28 February
    leap = {"first_permit_date": "2024-02-29"}
    assert form.calculated("window_days_left", leap, AnswerContext(date(2027, 2, 27))) == 1


def test_calculation_inside_a_group_entry(form: Form) -> None:
    context = AnswerContext(date(2026, 5, 4))
    assert form.calculated("child_age", {}, context, {"child_born": "2020-05-05"}) == 5
    assert form.calculated("child_age", {}, context, {}) is None


def test_a_hidden_source_gives_no_value() -> None:
    text = FORM.replace(
        "      - {id: first_permit_date, type: date, label: {fi: a, sv: b, en: First permit}}",
        "      - {id: known, type: yes_no, label: {fi: a, sv: b, en: c}}\n"
        "      - {id: first_permit_date, type: date, label: {fi: a, sv: b, en: c},\n"
        "         show_if: {question: known, equals: true}}",
    )
    form = load_form_text(text)
    context = AnswerContext(date(2026, 5, 4))
    answers: dict[str, object] = {"first_permit_date": "2020-01-01", "known": True}
    assert form.calculated("years_in_finland", answers, context) == 6
    assert form.calculated("years_in_finland", answers | {"known": False}, context) is None
    assert form.dependents("known") == {
        "first_permit_date",
        "years_in_finland",
        "months_in_finland",
        "window_days_left",
    }


def test_calculated_values_are_shown_but_not_typed(form: Form) -> None:
    assert display_answer(form.question("age"), 34, "fi") == "34"
    assert display_answer(form.question("age"), None, "fi") == ""
    with pytest.raises(AnswerError, match="calculated"):
        parse_answer(form.question("age"), "34")


def test_date_arithmetic_helpers() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert years_between(date(2030, 1, 1), date(2026, 1, 1)) == -4
    assert months_between(date(2026, 3, 1), date(2026, 1, 15)) == -2
