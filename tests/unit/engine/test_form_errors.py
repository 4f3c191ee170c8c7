"""Each catalogued form-file error: code, location, and a message and fix that say the right thing."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

import koto_tui.engine
from koto_tui.engine import (
    CODES,
    FormError,
    FormIssue,
    check_paths,
    load_form,
    load_form_text,
    load_forms_dir,
)

SOURCE = "forms/t.yaml"
HEAD = """\
id: t
version: "1"
title: {fi: Testi, sv: Test, en: Test}
choice_lists:
  levels:
    - {value: low, label: {fi: Matala, sv: Låg, en: Low}}
    - {value: high, label: {fi: Korkea, sv: Hög, en: High}}
sections:
  - id: main
    title: {fi: Pää, sv: Huvud, en: Main}
    questions:
"""
GOOD_QUESTION = """
- id: ok
  type: short_text
  label: {fi: Hyvä, sv: Bra, en: Good}
"""




def with_questions(questions: str, head: str = HEAD) -> str:
    """A form file whose only section holds *questions* (YAML list items)."""
    return head + textwrap.indent(textwrap.dedent(questions).strip("\n") + "\n", " " * 6)


def issues_of(text: str) -> list[FormIssue]:
    """The issues that loading *text* reports."""
    with pytest.raises(FormError) as caught:
        load_form_text(text, SOURCE)
    return caught.value.issues


def single(text: str, code: str) -> FormIssue:
    """The one issue of *text*, which must have *code*."""
    issues = issues_of(text)
    assert [issue.code for issue in issues] == [code], [str(issue) for issue in issues]
    return issues[0]


def test_template_is_valid() -> None:
    assert load_form_text(with_questions(GOOD_QUESTION)).question("ok").type == "short_text"


def test_f100_unreadable_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    with pytest.raises(FormError) as caught:
        load_form(missing)
    (issue,) = caught.value.issues
    assert (issue.code, issue.source, issue.location) == ("F100", str(missing), None)
    assert "cannot read" in issue.message and "UTF-8" in issue.fix
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("title: Päivä".encode("latin-1"))
    assert [i.code for i in check_paths([latin1])] == ["F100"]


def test_f101_yaml_syntax_error_has_line_number() -> None:
    issue = single("id: a\nversion: '1'\ntitle: x: y\n", "F101")
    assert issue.location == "line 3"
    assert "mapping values are not allowed" in issue.message
    assert str(issue).startswith("forms/t.yaml: line 3: [F101] YAML syntax error")


def test_f102_missing_required_key() -> None:
    issue = single(with_questions("- {id: lang, type: short_text}"), "F102")
    assert (issue.location, issue.kind) == ("lang", "question")
    assert "'label'" in issue.message and "label: {fi:" in issue.fix
    top = single(
        with_questions(GOOD_QUESTION).replace("title: {fi: Testi, sv: Test, en: Test}\n", ""), "F102"
    )
    assert top.location == "title" and "'title'" in top.message


def test_f103_unknown_key_suggests_the_close_one() -> None:
    text = with_questions(GOOD_QUESTION + "  lable: {fi: a, sv: b, en: c}\n")
    issue = single(text, "F103")
    assert issue.location == "ok"
    assert str(issue) == "forms/t.yaml: question 'ok': [F103] unknown key 'lable' — did you mean 'label'?"


def test_f103_unknown_key_without_close_match_lists_allowed_keys() -> None:
    issue = single(with_questions(GOOD_QUESTION + "  colour: red\n"), "F103")
    assert "'colour'" in issue.message and "use one of:" in issue.fix and "required" in issue.fix


def test_f103_unknown_language_in_text() -> None:
    text = with_questions("- {id: q, type: short_text, label: {fi: a, sv: b, en: c, fin: d}}")
    issue = single(text, "F103")
    assert issue.location == "q" and "'fin'" in issue.message and issue.fix == "did you mean 'fi'?"


def test_f104_duplicate_question_id_across_sections() -> None:
    second = "  - id: more\n    title: {fi: Lisää, sv: Mer, en: More}\n    questions:\n"
    text = with_questions(GOOD_QUESTION) + second + textwrap.indent(GOOD_QUESTION.strip("\n") + "\n", " " * 6)
    issue = single(text, "F104")
    assert (
        issue.location == "ok"
        and "used more than once" in issue.message
        and "section 'main'" in issue.message
    )


def test_f104_duplicate_section_id() -> None:
    second = "  - id: main\n    title: {fi: Lisää, sv: Mer, en: More}\n    questions:\n"
    text = (
        with_questions(GOOD_QUESTION)
        + second
        + "      - {id: other, type: yes_no, label: {fi: a, sv: b, en: c}}\n"
    )
    issue = single(text, "F104")
    assert (issue.location, issue.kind) == ("main", "section") and "section id 'main'" in issue.message


def test_f105_missing_translations_are_named() -> None:
    issue = single(with_questions("- {id: q, type: short_text, label: {fi: Kysymys, sv: ''}}"), "F105")
    assert issue.location == "q"
    assert issue.message == "label has no translation in: sv, en"
    assert "fi, sv and en" in issue.fix


def test_f105_missing_translation_in_a_choice_label() -> None:
    text = with_questions(GOOD_QUESTION).replace("{fi: Korkea, sv: Hög, en: High}", "{fi: Korkea, en: High}")
    issue = single(text, "F105")
    assert (
        issue.location == "choice_lists.levels" and "choice 'high'" in issue.message and "sv" in issue.message
    )


def test_f106_unknown_choice_list_suggests_the_close_one() -> None:
    text = with_questions("- {id: q, type: single_choice, choices: level, label: {fi: a, sv: b, en: c}}")
    issue = single(text, "F106")
    assert issue.location == "q" and "'level'" in issue.message and issue.fix == "did you mean 'levels'?"


def test_f107_choices_on_a_text_question() -> None:
    text = with_questions("- {id: q, type: short_text, choices: levels, label: {fi: a, sv: b, en: c}}")
    issue = single(text, "F107")
    assert issue.location == "q" and "short_text" in issue.message and "remove 'choices'" in issue.fix


def test_f107_choice_question_without_choices() -> None:
    issue = single(with_questions("- {id: q, type: multiple_choice, label: {fi: a, sv: b, en: c}}"), "F107")
    assert issue.location == "q" and "needs choices" in issue.message and "levels" in issue.fix


def test_f108_unknown_type_suggests_the_close_one() -> None:
    issue = single(with_questions("- {id: q, type: singel_choice, label: {fi: a, sv: b, en: c}}"), "F108")
    assert issue.location == "q" and "'singel_choice'" in issue.message and "'single_choice'" in issue.fix


def test_f109_bad_question_id_suggests_a_valid_one() -> None:
    issue = single(
        with_questions("- {id: Kotimaa Äiti, type: short_text, label: {fi: a, sv: b, en: c}}"), "F109"
    )
    assert (
        issue.location == "Kotimaa Äiti" and "question id" in issue.message and "'kotimaa_aiti'" in issue.fix
    )


def test_f109_bad_form_id_and_choice_value() -> None:
    text = (
        with_questions(GOOD_QUESTION)
        .replace("id: t\n", "id: Test_Form\n", 1)
        .replace("value: low", "value: A1.1")
    )
    issues = issues_of(text)
    assert [(i.code, i.location) for i in issues] == [("F109", "id"), ("F109", "choice_lists.levels")]
    assert "hyphens" in issues[0].fix and "'a1_1'" in issues[1].fix


def test_f110_wrong_value_types() -> None:
    issue = single(with_questions(GOOD_QUESTION + '  required: "yes"\n'), "F110")
    assert issue.location == "ok" and issue.message == "'required' must be true or false, not text"
    assert "without quotes" in issue.fix
    version = single(with_questions(GOOD_QUESTION).replace('version: "1"', "version: 1"), "F110")
    assert version.location == "version" and "quotes" in version.fix


def test_f110_unquoted_yes_in_a_choice_is_explained() -> None:
    issue = single(with_questions(GOOD_QUESTION).replace("value: low", "value: yes"), "F110")
    assert issue.location == "choice_lists.levels" and "true/false" in issue.message
    assert "quotes" in issue.fix and "yes, no" in issue.fix


def test_f110_file_that_is_not_a_mapping() -> None:
    issue = single("- just\n- a list\n", "F110")
    assert issue.location is None and "a list" in issue.message
    assert str(issue).startswith("forms/t.yaml: [F110]")


def test_f111_empty_choice_list_and_duplicate_value() -> None:
    empty = single(with_questions(GOOD_QUESTION).replace("  levels:\n", "  empty: []\n  levels:\n"), "F111")
    assert empty.location == "choice_lists.empty" and "empty" in empty.message
    duplicate = single(with_questions(GOOD_QUESTION).replace("value: high", "value: low"), "F111")
    assert duplicate.location == "choice_lists.levels" and "'low'" in duplicate.message


def test_f112_min_greater_than_max() -> None:
    issue = single(
        with_questions("- {id: n, type: integer, min: 5, max: 1, label: {fi: a, sv: b, en: c}}"), "F112"
    )
    assert issue.location == "n" and "min (5)" in issue.message and "max (1)" in issue.message


def test_f113_keys_that_do_not_apply_to_the_type() -> None:
    text = with_questions("- {id: q, type: short_text, max: 3, label: {fi: a, sv: b, en: c}}")
    issue = single(text, "F113")
    assert issue.location == "q" and "'max'" in issue.message and issue.fix == "remove 'max'"
    note = single(
        with_questions("- {id: n, type: note, required: true, label: {fi: a, sv: b, en: c}}"), "F113"
    )
    assert note.location == "n" and "required" in note.fix


def test_f114_empty_section_and_form() -> None:
    issue = single(HEAD.replace("questions:\n", "questions: []\n"), "F114")
    assert (issue.location, issue.kind) == ("main", "section")
    no_sections = single(HEAD.split("sections:")[0] + "sections: []\n", "F114")
    assert no_sections.location == "sections"


def test_f115_same_id_and_version_in_two_files(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(with_questions(GOOD_QUESTION), encoding="utf-8")
    (issue,) = check_paths([tmp_path])
    assert (issue.code, issue.source) == ("F115", str(tmp_path / "b.yaml"))
    assert str(tmp_path / "a.yaml") in issue.message
    with pytest.raises(FormError):
        load_forms_dir(tmp_path)


def test_all_issues_are_reported_at_once() -> None:
    text = with_questions(
        """
        - id: Lang
          type: short_txt
          lable: {fi: a, sv: b, en: c}
        - id: level
          type: single_choice
          choices: levls
          label: {fi: Taso}
        - id: size
          type: integer
          required: "no"
          min: 9
          max: 2
          label: {fi: a, sv: b, en: c}
        """
    )
    issues = issues_of(text)
    found = [(i.code, i.location) for i in issues]
    assert found == [
        ("F103", "Lang"),
        ("F102", "Lang"),
        ("F109", "Lang"),
        ("F108", "Lang"),
        ("F105", "level"),
        ("F110", "size"),
        ("F106", "level"),
        ("F112", "size"),
    ]
    assert all(i.source == SOURCE and i.fix for i in issues)


def test_form_error_message_lists_every_issue() -> None:
    with pytest.raises(FormError) as caught:
        load_form_text(with_questions("- {id: q, type: nope, lable: x}"), SOURCE)
    lines = str(caught.value).splitlines()
    assert len(lines) == len(caught.value.issues) == 3
    assert all(line.startswith("forms/t.yaml: question 'q': [F1") for line in lines)


def test_catalogue_matches_the_codes_the_engine_reports() -> None:
    engine_dir = Path(koto_tui.engine.__file__).parent
    sources = "".join(
        path.read_text(encoding="utf-8") for path in engine_dir.glob("*.py") if path.name != "errors.py"
    )
    used = set(re.findall(r'"(F1\d\d)"', sources))
    assert used == set(CODES)
    assert all(description.endswith(".") for description in CODES.values())
