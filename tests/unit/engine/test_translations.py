"""Every shipped translation covers every question and choice of the form it translates."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from koto_tui.engine import (
    TranslationFileError,
    coverage_gaps,
    load_form,
    load_form_text,
    load_translation,
    translations_for,
)
from koto_tui.resources import forms_dir

CLIENT_LANGUAGES = ("en", "ru", "uk", "et", "prs", "fa", "ar", "vi", "th")
ASSESSMENT = forms_dir() / "assessment.yaml"
TRANSLATIONS = forms_dir() / "translations"


@pytest.mark.parametrize("language", CLIENT_LANGUAGES)
def test_shipped_translation_is_complete(language: str) -> None:
    form = load_form(ASSESSMENT)
    problems: list[str] = []
    found = translations_for(form, TRANSLATIONS, problems)
    assert problems == []
    assert language in found, f"no {language} translation of {form.id} v{form.version}"
    assert coverage_gaps(form, found[language]) == []
    assert found[language].review.status in {"draft", "reviewed"}


@pytest.mark.parametrize("language", CLIENT_LANGUAGES)
def test_opening_text_in_every_client_language(language: str) -> None:
    texts = forms_dir() / "texts"
    finnish = yaml.safe_load((texts / "opening.fi.yaml").read_text(encoding="utf-8"))
    other = yaml.safe_load((texts / f"opening.{language}.yaml").read_text(encoding="utf-8"))
    assert other["language"] == language and other["title"]
    assert len(other["paragraphs"]) == len(finnish["paragraphs"])
    assert all(p.strip() for p in other["paragraphs"])


FORM = """
id: t
version: "1"
title: {fi: T, sv: T, en: T}
choice_lists:
  yn: [{value: a, label: {fi: A, sv: A, en: A}}, {value: b, label: {fi: B, sv: B, en: B}}]
sections:
  - id: s
    title: {fi: S, sv: S, en: S}
    questions:
      - {id: q, type: single_choice, choices: yn, label: {fi: Q, sv: Q, en: Q}, hint: {fi: H, sv: H, en: H}}
      - id: g
        type: group
        label: {fi: G, sv: G, en: G}
        questions: [{id: n, type: short_text, label: {fi: N, sv: N, en: N}}]
"""

TRANSLATION = """
form: t
version: "1"
language: uk
review: {status: draft, reviewed_by: null, reviewed_on: null}
title: "Т"
sections: {s: "С"}
questions:
  q: {label: "П", hint: "Підказка"}
  g: {label: "Г"}
  n: {label: "Н"}
choices:
  yn: {a: "А", b: "Б"}
"""


def test_gaps_are_named(tmp_path: Path) -> None:
    form = load_form_text(FORM)
    path = tmp_path / "t-1.uk.yaml"
    path.write_text(TRANSLATION, encoding="utf-8")
    complete = load_translation(path)
    assert coverage_gaps(form, complete) == [] and complete.review.draft
    path.write_text(TRANSLATION.replace('  n: {label: "Н"}\n', "").replace(', b: "Б"', "").replace(
        ', hint: "Підказка"', ""), encoding="utf-8")
    assert coverage_gaps(form, load_translation(path)) == [
        "question q hint", "choice yn.b", "question n label"]


def test_broken_translation_file(tmp_path: Path) -> None:
    path = tmp_path / "t-1.uk.yaml"
    path.write_text(TRANSLATION.replace("choices:", "choises:"), encoding="utf-8")
    with pytest.raises(TranslationFileError, match="choises"):
        load_translation(path)
    russian = TRANSLATION.replace("language: uk", "language: ru")
    (tmp_path / "t-1.ru.yaml").write_text(russian, encoding="utf-8")
    problems: list[str] = []
    usable = translations_for(load_form_text(FORM), tmp_path, problems)
    assert list(usable) == ["ru"] and "t-1.uk.yaml" in problems[0]
