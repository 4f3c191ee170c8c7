"""The form-file errors of groups, conditions, constraints and calculations (F103, F120–F127)."""

from __future__ import annotations

from koto_tui.engine import CODES, load_form_text
from tests.unit.engine.test_form_errors import issues_of, single, with_questions

CHOICE = "- {id: basis, type: single_choice, choices: levels, label: {fi: a, sv: b, en: c}}\n"
YES_NO = "- {id: has_children, type: yes_no, label: {fi: a, sv: b, en: c}}\n"
LABEL = "label: {fi: a, sv: b, en: c}"


def question(extra: str, qid: str = "q", qtype: str = "short_text") -> str:
    """One question line with *extra* keys."""
    return f"- {{id: {qid}, type: {qtype}, {LABEL}, {extra}}}\n"


def test_new_codes_are_catalogued() -> None:
    assert {f"F{n}" for n in range(120, 128)} <= set(CODES)


def test_template_with_every_feature_is_valid() -> None:
    text = with_questions(
        YES_NO
        + CHOICE
        + question(
            "show_if: {all: [{question: has_children, equals: true}, {not: {question: basis, in: [low]}}]}"
        )
        + question("calculate: {days_until: d, plus_years: 3}", "left", "calculated")
        + question("constraints: [{not_future: true}, {min_date: '1950-01-01'}]", "d", "date")
    )
    assert load_form_text(text).question("left").calculate is not None


def test_f103_unknown_keys_in_conditions_constraints_and_calculate() -> None:
    issue = single(
        with_questions(YES_NO + question("show_if: {question: has_children, equal: true}")), "F103"
    )
    assert issue.location == "q" and "'equal'" in issue.message and issue.fix == "did you mean 'equals'?"
    issue = single(with_questions(question("constraints: [{patern: 'x'}]")), "F103")
    assert "'patern'" in issue.message and issue.fix == "did you mean 'pattern'?"
    text = with_questions(question("calculate: {year_since: client.birth_date}", "age", "calculated"))
    issue = single(text, "F103")
    assert issue.location == "age" and issue.fix == "did you mean 'years_since'?"


def test_f120_unknown_reference_suggests_the_close_one() -> None:
    issue = single(with_questions(YES_NO + question("show_if: {question: has_child, equals: true}")), "F120")
    assert (issue.location, issue.kind) == ("q", "question")
    assert "'has_child'" in issue.message and "show_if" in issue.message
    assert issue.fix == "did you mean 'has_children'?"
    issue = single(
        with_questions(question("calculate: {years_since: client.birthdate}", "age", "calculated")), "F120"
    )
    assert issue.fix == "did you mean 'client.birth_date'?"
    note = "- {id: info, type: note, " + LABEL + "}\n"
    issue = single(with_questions(note + question("required_if: {question: info, answered: true}")), "F120")
    assert "note" in issue.message


def test_f121_cycle_names_the_path() -> None:
    text = with_questions(
        question("show_if: {question: b, answered: true}", "a")
        + question("show_if: {question: c, answered: true}", "b")
        + question("show_if: {question: a, answered: true}", "c")
    )
    issue = single(text, "F121")
    assert issue.location == "a"
    assert issue.message == "questions depend on each other in a cycle: a → b → c → a"
    assert "remove one" in issue.fix


def test_f121_cycle_through_a_calculation_and_a_group() -> None:
    text = with_questions(
        question("calculate: {years_since: d}", "years", "calculated")
        + question("show_if: {question: years, in: [1, 2]}", "d", "date")
    )
    assert single(text, "F121").message.endswith("years → d → years")
    group = with_questions(
        "- id: g\n  type: group\n  " + LABEL + "\n  show_if: {question: inner, answered: true}\n"
        "  questions:\n    - {id: inner, type: short_text, " + LABEL + "}\n"
    )
    assert single(group, "F121").message.endswith("g → inner → g")


def test_f121_required_if_does_not_make_a_cycle() -> None:
    text = with_questions(
        question("required_if: {question: b, answered: true}", "a")
        + question("required_if: {question: a, answered: true}", "b")
    )
    assert load_form_text(text).dependents("a") == {"b", "a"}


def test_f122_bad_condition_shapes() -> None:
    both = single(
        with_questions(YES_NO + question("show_if: {question: has_children, equals: true, in: [x]}")), "F122"
    )
    assert both.location == "q" and "exactly one of" in both.message and "equals: true" in both.fix
    empty = single(with_questions(question("show_if: {all: []}")), "F122")
    assert "'all' needs a non-empty list" in empty.message
    alone = single(
        with_questions(
            YES_NO
            + question("show_if: {not: {question: has_children, answered: true}, question: has_children}")
        ),
        "F122",
    )
    assert "'not' must stand alone" in alone.message
    no_ref = single(with_questions(question("show_if: {equals: true}")), "F122")
    assert "needs 'question:'" in no_ref.message
    answered = single(
        with_questions(YES_NO + question("show_if: {question: has_children, answered: 'yes'}")), "F122"
    )
    assert "true or false" in answered.message


def test_f122_required_with_required_if() -> None:
    text = with_questions(
        YES_NO + question("required: true, required_if: {question: has_children, equals: true}")
    )
    issue = single(text, "F122")
    assert issue.location == "q" and "required_if" in issue.message and "remove 'required: true'" in issue.fix


def test_f122_contains_only_on_multiple_choice() -> None:
    issue = single(with_questions(CHOICE + question("show_if: {question: basis, contains: low}")), "F122")
    assert "multiple_choice" in issue.message
    multi = "- {id: goals, type: multiple_choice, choices: levels, " + LABEL + "}\n"
    issue = single(with_questions(multi + question("show_if: {question: goals, equals: low}")), "F122")
    assert "contains" in issue.fix


def test_f123_value_not_a_choice_suggests_the_close_one() -> None:
    issue = single(with_questions(CHOICE + question("show_if: {question: basis, in: [low, hihg]}")), "F123")
    assert issue.location == "q" and "'hihg'" in issue.message and issue.fix == "did you mean 'high'?"


def test_f123_yes_no_needs_true_or_false() -> None:
    issue = single(
        with_questions(YES_NO + question("show_if: {question: has_children, equals: 'yes'}")), "F123"
    )
    assert "yes_no" in issue.message and issue.fix == "write true or false, without quotes"
    number = "- {id: size, type: integer, " + LABEL + "}\n"
    assert single(with_questions(number + question("show_if: {question: size, equals: '3'}")), "F123")


def test_f124_invalid_constraints() -> None:
    bad_regex = single(with_questions(question("constraints: [{pattern: '[0-9'}]")), "F124")
    assert bad_regex.location == "q" and "unterminated character set" in bad_regex.message
    assert "regular expression" in bad_regex.fix
    bad_date = single(with_questions(question("constraints: [{min_date: 1.1.1950}]", qtype="date")), "F124")
    assert "ISO date" in bad_date.message and "1950-01-01" in bad_date.fix
    not_date = single(with_questions(question("constraints: [{not_future: true}]", qtype="integer")), "F124")
    assert "not_future" in not_date.message and "integer" in not_date.message and "date" in not_date.fix
    not_text = single(with_questions(question("constraints: [{pattern: '[0-9]+'}]", qtype="integer")), "F124")
    assert "pattern" in not_text.message and "short_text / long_text" in not_text.fix
    two = single(with_questions(question("constraints: [{pattern: 'x', min: 1}]")), "F124")
    assert "one rule" in two.message
    reversed_range = single(
        with_questions(question("constraints: [{min: 5, max: 1}]", qtype="integer")), "F124"
    )
    assert "min (5)" in reversed_range.message


def test_f125_group_problems() -> None:
    empty = single(with_questions("- {id: g, type: group, " + LABEL + "}\n"), "F125")
    assert (empty.location, empty.message) == ("g", "group 'g' has no questions")
    nested = with_questions(
        "- id: g\n  type: group\n  " + LABEL + "\n  questions:\n"
        "    - {id: inner, type: group, " + LABEL + "}\n"
    )
    issue = single(nested, "F125")
    assert issue.location == "inner" and "inside group 'g'" in issue.message
    bounds = with_questions(
        "- {id: g, type: group, min_entries: 5, max_entries: 2, "
        + LABEL
        + ", questions: [{id: x, type: yes_no, "
        + LABEL
        + "}]}\n"
    )
    assert "min_entries (5)" in single(bounds, "F125").message
    choices = bounds.replace("min_entries: 5, max_entries: 2", "choices: levels")
    assert "no choices" in single(choices, "F125").message
    not_group = single(with_questions(question("min_entries: 1")), "F125")
    assert "only to group" in not_group.message


def test_f126_bad_calculate() -> None:
    not_date = single(
        with_questions(
            "- {id: size, type: integer, "
            + LABEL
            + "}\n"
            + question("calculate: {years_since: size}", "n", "calculated")
        ),
        "F126",
    )
    assert not_date.location == "n" and "'size' is integer" in not_date.message and "date" in not_date.fix
    age = single(with_questions(question("calculate: {months_since: client.age}", "n", "calculated")), "F126")
    assert "client.age" in age.message
    two = single(
        with_questions(question("calculate: {years_since: a, months_since: b}", "n", "calculated")), "F126"
    )
    assert "exactly one of" in two.message
    missing = single(with_questions(question("hint: {fi: a, sv: b, en: c}", "n", "calculated")), "F126")
    assert "needs 'calculate'" in missing.message
    plus = single(
        with_questions(
            question("calculate: {years_since: client.birth_date, plus_years: 3}", "n", "calculated")
        ),
        "F126",
    )
    assert "only to days_until" in plus.message
    wrong_type = single(with_questions(question("calculate: {years_since: client.birth_date}")), "F126")
    assert "only to calculated" in wrong_type.message


def test_f127_wrong_types() -> None:
    sensitive = single(with_questions(question("sensitive: 'yes'")), "F127")
    assert sensitive.location == "q" and "'sensitive' must be true or false" in sensitive.message
    show_if = single(with_questions(question("show_if: has_children")), "F127")
    assert "'show_if' must be a condition" in show_if.message and "show_if: {question:" in show_if.fix
    required_if = single(with_questions(question("required_if: [a]")), "F127")
    assert "'required_if'" in required_if.message
    on_note = single(
        with_questions(
            YES_NO + question("required_if: {question: has_children, answered: true}", "n", "note")
        ),
        "F127",
    )
    assert "note" in on_note.message


def test_f104_nested_ids_are_unique_across_the_form() -> None:
    text = with_questions(
        YES_NO + "- id: g\n  type: group\n  " + LABEL + "\n  questions:\n"
        "    - {id: has_children, type: yes_no, " + LABEL + "}\n"
    )
    assert single(text, "F104").location == "has_children"


def test_all_logic_issues_are_reported_together() -> None:
    text = with_questions(
        question("show_if: {question: nope, equals: 1}", "a")
        + question("constraints: [{pattern: '('}]", "b")
        + question("calculate: {years_since: a}", "c", "calculated")
    )
    assert [(i.code, i.location) for i in issues_of(text)] == [("F124", "b"), ("F120", "a"), ("F126", "c")]
