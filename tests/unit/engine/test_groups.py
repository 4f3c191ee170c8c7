"""Repeat groups: loading, parsing a list of entries, entry errors, entry bounds, progress and display."""

from __future__ import annotations

import pytest

from koto_tui.engine import AnswerError, Form, display_answer, load_form_text, parse_answer

FORM = """
id: groups
version: "1"
title: {fi: Ryhmät, sv: Grupper, en: Groups}
choice_lists:
  levels:
    - {value: basic, label: {fi: Perusaste, sv: Grundnivå, en: Basic}}
    - {value: higher, label: {fi: Korkea-aste, sv: Högre nivå, en: Higher}}
sections:
  - id: main
    title: {fi: Pää, sv: Huvud, en: Main}
    questions:
      - id: previous_education
        type: group
        label: {fi: Aiempi koulutus, sv: Tidigare utbildning, en: Previous education}
        hint: {fi: Yksi rivi per tutkinto, sv: En rad per examen, en: One row per degree}
        max_entries: 3
        questions:
          - {id: level, type: single_choice, choices: levels, required: true,
             label: {fi: Taso, sv: Nivå, en: Level}}
          - {id: years, type: integer, label: {fi: Vuodet, sv: År, en: Years},
             constraints: [{min: 0, max: 30, message: {fi: 0–30 v, sv: 0–30 år, en: From 0 to 30 years}}]}
          - {id: started, type: date, label: {fi: Aloitus, sv: Start, en: Started}}
          - {id: about, type: note, label: {fi: Huom, sv: Obs, en: Note}}
      - id: languages
        type: group
        min_entries: 2
        label: {fi: Kielet, sv: Språk, en: Languages}
        questions:
          - {id: language, type: short_text, label: {fi: Kieli, sv: Språk, en: Language}}
"""


@pytest.fixture(scope="module")
def form() -> Form:
    """A form with two repeat groups."""
    return load_form_text(FORM)


def error(form: Form, qid: str, raw: object) -> str:
    """The AnswerError message for *raw* on question *qid*."""
    with pytest.raises(AnswerError) as caught:
        parse_answer(form.question(qid), raw)
    return str(caught.value)


def test_group_loads_with_nested_questions(form: Form) -> None:
    group = form.question("previous_education")
    assert group.is_group and group.answerable and not group.is_calculated
    assert [q.id for q in group.questions] == ["level", "years", "started", "about"]
    assert (group.min_entries, group.max_entries) == (0, 3)
    assert form.question("languages").max_entries == 20  # the default
    assert group.hint is not None and group.hint.en == "One row per degree"
    assert [q.id for q in form.questions()] == ["previous_education", "languages"]  # top level only
    assert form.question("years").type == "integer"  # nested questions are found by id
    assert form.group_of("years") is group and form.group_of("previous_education") is None
    assert form.section_of("years").id == "main"


def test_parse_a_list_of_entries(form: Form) -> None:
    raw = [{"level": "higher", "years": " 4 ", "started": "1.9.2015"}, {"level": "basic", "years": ""}]
    assert parse_answer(form.question("previous_education"), raw) == [
        {"level": "higher", "years": 4, "started": "2015-09-01"},
        {"level": "basic"},
    ]
    assert parse_answer(form.question("previous_education"), []) is None
    assert parse_answer(form.question("previous_education"), [{}]) == [{}]


def test_entry_errors_name_the_entry_and_question(form: Form) -> None:
    assert error(form, "previous_education", [{"level": "basic"}, {"years": "many"}]) == (
        "Entry 2, Years: 'many' is not a whole number: use digits only, e.g. 12."
    )
    assert (
        error(form, "previous_education", [{"level": "phd"}])
        == "Entry 1, Level: 'phd' is not one of the options."
    )
    assert error(form, "previous_education", [{"level": "basic", "years": 31}]) == (
        "Entry 1, Years: From 0 to 30 years"
    )
    assert "'colour' is not a question of this group" in error(
        form, "previous_education", [{"colour": "red"}]
    )
    assert error(form, "previous_education", ["basic"]) == "Entry 1 is not a set of answers."
    assert "list of entries" in error(form, "previous_education", "basic")


def test_max_entries_is_enforced_when_parsing(form: Form) -> None:
    assert error(form, "previous_education", [{}] * 4) == "At most 3 entries are allowed."
    assert parse_answer(form.question("previous_education"), [{}] * 3) == [{}, {}, {}]


def test_min_entries_makes_the_group_required(form: Form) -> None:
    assert form.is_required("languages", {}, None)
    assert not form.is_required("previous_education", {}, None)
    (problem,) = [p for p in form.problems({"languages": [{"language": "ar"}]}, None)]
    assert (problem.question_id, problem.entry, problem.kind) == ("languages", None, "missing")
    assert problem.message == "Add at least 2 entries."
    two = {"languages": [{"language": "ar"}, {"language": "fa"}]}
    assert form.problems(two, None) == []


def test_progress_counts_an_entry_missing_a_required_nested_answer(form: Form) -> None:
    assert form.progress("main", {}) == (0, 1)  # languages (min_entries 2); the optional group is empty
    complete = {"languages": [{"language": "ar"}, {}]}
    assert form.progress("main", complete) == (1, 1)
    started = complete | {"previous_education": [{"level": "basic"}, {"years": 2}]}
    assert form.progress("main", started) == (1, 2)  # entry 2 lacks its required level
    assert form.first_unanswered_required(started) == "previous_education"
    assert form.first_unanswered_required(started, after="years") == "previous_education"
    done = complete | {"previous_education": [{"level": "basic"}, {"level": "higher", "years": 2}]}
    assert form.progress("main", done) == (2, 2)
    assert form.first_unanswered_required(done) is None


def test_display_gives_one_line_per_entry(form: Form) -> None:
    value = [{"level": "higher", "years": 4, "started": "2015-09-01"}, {"level": "basic"}]
    group = form.question("previous_education")
    assert display_answer(group, value, "en") == (
        "1. Level: Higher; Years: 4; Started: 2015-09-01\n2. Level: Basic"
    )
    assert (
        display_answer(group, value, "fi").splitlines()[0]
        == "1. Taso: Korkea-aste; Vuodet: 4; Aloitus: 1.9.2015"
    )
    assert display_answer(group, [], "en") == ""
