"""Loading a valid inline form into the typed model, and the Form's navigation helpers."""

from __future__ import annotations

import dataclasses

import pytest

from koto_tui.engine import Choice, Form, LocalText, load_form_text

VALID = """
id: test-form
version: "3"
title: {fi: Testilomake, sv: Testblankett, en: Test form}
choice_lists:
  levels:
    - {value: low, label: {fi: Matala, sv: Låg, en: Low}}
    - {value: high, label: {fi: Korkea, sv: Hög, en: High}}
sections:
  - id: first
    title: {fi: Ensimmäinen, sv: Första, en: First}
    questions:
      - id: arrival_date
        type: date
        required: true
        label: {fi: Saapumispäivä, sv: Ankomstdatum, en: Arrival date}
        hint: {fi: "  Vihje  ", sv: Tips, en: Hint}
      - id: level
        type: single_choice
        choices: levels
        required: true
        label: {fi: Taso, sv: Nivå, en: Level}
      - id: info
        type: note
        label: {fi: Huom, sv: Obs, en: Note}
  - id: second
    title: {fi: Toinen, sv: Andra, en: Second}
    questions:
      - id: size
        type: integer
        min: 1
        max: 30
        label: {fi: Koko, sv: Storlek, en: Size}
      - id: other_level
        type: multiple_choice
        choices: levels
        required: true
        label: {fi: Muu taso, sv: Annan nivå, en: Other level}
"""




@pytest.fixture
def form() -> Form:
    """The valid inline form."""
    return load_form_text(VALID)


def test_valid_form_builds_typed_frozen_model(form: Form) -> None:
    assert (form.id, form.version, form.source) == ("test-form", "3", "<inline>")
    assert form.title == LocalText("Testilomake", "Testblankett", "Test form")
    assert [s.id for s in form.sections] == ["first", "second"]
    assert [q.id for q in form.questions()] == ["arrival_date", "level", "info", "size", "other_level"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        form.id = "changed"  # type: ignore[misc]


def test_question_fields(form: Form) -> None:
    date_q = form.question("arrival_date")
    assert (date_q.type, date_q.required, date_q.choices, date_q.choice_list) == ("date", True, (), None)
    assert date_q.hint == LocalText("Vihje", "Tips", "Hint")  # texts are stripped
    size = form.question("size")
    assert (size.min, size.max, size.required, size.hint) == (1, 30, False, None)
    level = form.question("level")
    assert level.choice_list == "levels"
    assert level.choices == (
        Choice("low", LocalText("Matala", "Låg", "Low")),
        Choice("high", LocalText("Korkea", "Hög", "High")),
    )
    assert form.question("other_level").choices == level.choices  # the shared list resolves for both


def test_answerable_is_false_only_for_notes(form: Form) -> None:
    assert [q.id for q in form.questions() if not q.answerable] == ["info"]


def test_local_text_get_falls_back_to_finnish() -> None:
    text = LocalText("suomi", "svenska", "english")
    assert (text.get("fi"), text.get("sv"), text.get("en"), text.get("ar")) == (
        "suomi",
        "svenska",
        "english",
        "suomi",
    )


def test_question_and_section_of_raise_keyerror_for_unknown_ids(form: Form) -> None:
    assert form.section_of("size").id == "second"
    with pytest.raises(KeyError):
        form.question("nope")
    with pytest.raises(KeyError):
        form.section_of("nope")


def test_progress_counts_required_answered_questions(form: Form) -> None:
    first = form.sections[0]
    assert form.progress(first, {}) == (0, 2)
    assert form.progress(first, {"arrival_date": "2026-11-27", "info": "x"}) == (1, 2)
    assert form.progress(first, {"arrival_date": "2026-11-27", "level": "low"}) == (2, 2)
    assert form.progress("second", {"size": 3}) == (0, 1)  # size is not required
    assert form.progress("second", {"other_level": []}) == (0, 1)  # an empty list is no answer


def test_progress_treats_false_and_zero_as_answers() -> None:
    text = VALID.replace("type: integer", "type: integer\n        required: true")
    form = load_form_text(text)
    assert form.progress("second", {"size": 0, "other_level": ["low"]}) == (2, 2)


def test_first_unanswered_required_in_form_order(form: Form) -> None:
    assert form.first_unanswered_required({}) == "arrival_date"
    assert form.first_unanswered_required({"arrival_date": "2026-01-01"}) == "level"
    assert form.first_unanswered_required({"arrival_date": "2026-01-01", "level": "  "}) == "level"
    done = {"arrival_date": "2026-01-01", "level": "low", "other_level": ["high"]}
    assert form.first_unanswered_required(done) is None


def test_first_unanswered_required_after_wraps_around(form: Form) -> None:
    assert form.first_unanswered_required({}, after="arrival_date") == "level"
    assert form.first_unanswered_required({}, after="level") == "other_level"
    assert form.first_unanswered_required({}, after="other_level") == "arrival_date"
    only_level_missing = {"arrival_date": "2026-01-01", "other_level": ["low"]}
    assert form.first_unanswered_required(only_level_missing, after="level") == "level"
    with pytest.raises(KeyError):
        form.first_unanswered_required({}, after="nope")
