"""Parsing, checking and showing answers for every question type."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from koto_tui.engine import (
    ANSWER_TYPES,
    QUESTION_TYPES,
    AnswerError,
    Form,
    display_answer,
    is_answered,
    load_form_text,
    parse_answer,
)

FORM = """
id: answers
version: "1"
title: {fi: Vastaukset, sv: Svar, en: Answers}
choice_lists:
  goals:
    - {value: work, label: {fi: Työ, sv: Arbete, en: Work}}
    - {value: education, label: {fi: Koulutus, sv: Utbildning, en: Education}}
    - {value: other, label: {fi: Muu, sv: Annat, en: Other}}
sections:
  - id: all
    title: {fi: Kaikki, sv: Alla, en: All}
    questions:
      - {id: name, type: short_text, label: {fi: a, sv: b, en: c}}
      - {id: story, type: long_text, label: {fi: a, sv: b, en: c}}
      - {id: size, type: integer, min: 1, max: 30, label: {fi: a, sv: b, en: c}}
      - {id: count, type: integer, label: {fi: a, sv: b, en: c}}
      - {id: arrival, type: date, label: {fi: a, sv: b, en: c}}
      - {id: goal, type: single_choice, choices: goals, label: {fi: a, sv: b, en: c}}
      - {id: goals, type: multiple_choice, choices: goals, label: {fi: a, sv: b, en: c}}
      - {id: works, type: yes_no, label: {fi: a, sv: b, en: c}}
      - {id: info, type: note, label: {fi: a, sv: b, en: c}}
"""




@pytest.fixture(scope="module")
def form() -> Form:
    """A form with one question of each type."""
    return load_form_text(FORM)


def parse(form: Form, qid: str, raw: object) -> object:
    """Parse *raw* for question *qid*."""
    return parse_answer(form.question(qid), raw)


def error(form: Form, qid: str, raw: object) -> str:
    """The AnswerError message for *raw* on question *qid*."""
    with pytest.raises(AnswerError) as caught:
        parse_answer(form.question(qid), raw)
    return str(caught.value)


def test_registry_covers_exactly_the_answerable_types() -> None:
    assert set(ANSWER_TYPES) == {name for name, qtype in QUESTION_TYPES.items() if qtype.answerable}
    assert issubclass(AnswerError, ValueError)


@pytest.mark.parametrize("qid", ["name", "story", "size", "arrival", "goal", "goals", "works"])
@pytest.mark.parametrize("raw", [None, "", "   ", []])
def test_empty_input_means_no_answer(form: Form, qid: str, raw: object) -> None:
    assert parse(form, qid, raw) is None


def test_short_text(form: Form) -> None:
    assert parse(form, "name", "  Amina  ") == "Amina"
    assert parse(form, "name", "x" * 500) == "x" * 500
    assert "one line" in error(form, "name", "two\nlines")
    assert error(form, "name", "x" * 501) == (
        "The answer is too long: 501 characters, at most 500 characters allowed.")
    assert "text" in error(form, "name", 12)


def test_long_text(form: Form) -> None:
    assert parse(form, "story", "  first\r\nsecond\rthird \n") == "first\nsecond\nthird"
    assert parse(form, "story", "y" * 5000) == "y" * 5000  # the longest text the printouts are tested with
    assert "at most 5000 characters" in error(form, "story", "y" * 5001)


def test_integer(form: Form) -> None:
    assert parse(form, "size", " 12 ") == 12
    assert parse(form, "size", 3) == 3
    assert parse(form, "count", "-4") == -4
    assert parse(form, "count", "\u22124") == -4  # a typographic minus sign
    assert error(form, "size", "12a") == "'12a' is not a whole number: use digits only, e.g. 12."
    assert "not a whole number" in error(form, "size", "1.5")
    assert error(form, "size", "0") == "The number must be at least 1."
    assert error(form, "size", 31) == "The number must be at most 30."
    assert error(form, "count", "9" * 16) == "The number is too large."
    assert error(form, "size", True) == "Enter a whole number."


def test_date(form: Form) -> None:
    assert parse(form, "arrival", "27.11.2026") == "2026-11-27"
    assert parse(form, "arrival", " 1.2.2024 ") == "2024-02-01"
    assert parse(form, "arrival", "2024-02-29") == "2024-02-29"
    assert parse(form, "arrival", date(2025, 1, 1)) == "2025-01-01"
    assert parse(form, "arrival", datetime(2025, 1, 1, 12, 30)) == "2025-01-01"
    assert error(form, "arrival", "31.2.2026") == "There is no such date: 31.2.2026."
    assert error(form, "arrival", "2025-02-29") == "There is no such date: 2025-02-29."
    assert "d.m.yyyy" in error(form, "arrival", "27/11/2026")
    assert "d.m.yyyy" in error(form, "arrival", "27.11.26")
    assert "Check the year: 1026" in error(form, "arrival", "27.11.1026")


def test_single_choice(form: Form) -> None:
    assert parse(form, "goal", "work") == "work"
    assert error(form, "goal", "Work") == "'Work' is not one of the options."
    assert "Choose one" in error(form, "goal", ["work"])


def test_multiple_choice_keeps_form_order_without_repeats(form: Form) -> None:
    assert parse(form, "goals", ["other", "work", "other"]) == ["work", "other"]
    assert parse(form, "goals", ("education",)) == ["education"]
    assert error(form, "goals", ["work", "travel"]) == "'travel' is not one of the options."
    assert "one or more" in error(form, "goals", "work")


def test_yes_no(form: Form) -> None:
    assert parse(form, "works", True) is True
    assert parse(form, "works", False) is False
    assert error(form, "works", "yes") == "Answer yes or no."


def test_note_takes_no_answer(form: Form) -> None:
    assert "note" in error(form, "info", "anything")


def test_is_answered() -> None:
    empty: list[object] = [None, "", " ", [], ()]
    given: list[object] = ["a", 0, False, ["x"]]
    assert [is_answered(value) for value in empty] == [False] * 5
    assert [is_answered(value) for value in given] == [True] * 4


def test_display_answer(form: Form) -> None:
    show = display_answer
    assert show(form.question("arrival"), "2026-11-27", "fi") == "27.11.2026"
    assert show(form.question("goal"), "education", "sv") == "Utbildning"
    assert show(form.question("goals"), ["work", "other"], "fi") == "Työ, Muu"
    assert show(form.question("works"), True, "fi") == "Kyllä"  # in the language asked for, not the UI's
    assert show(form.question("works"), False, "sv") == "Nej"
    assert show(form.question("works"), False, "en") == "No"
    assert show(form.question("size"), 4, "fi") == "4"
    assert show(form.question("name"), "Amina", "fi") == "Amina"
    assert show(form.question("name"), None, "fi") == ""
    assert show(form.question("info"), "x", "fi") == ""


def test_display_answer_tolerates_values_the_form_no_longer_knows(form: Form) -> None:
    assert display_answer(form.question("goal"), "retired_value", "fi") == "retired_value"
    assert display_answer(form.question("arrival"), "not-a-date", "fi") == "not-a-date"
