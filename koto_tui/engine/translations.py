"""Translations of a form's texts into the client's language, each with its review status.

A file `forms/translations/<form id>-<version>.<language>.yaml` holds the title, section titles,
question labels and hints, and choice labels of one form version in one language. Nothing in it is
code. A text the file lacks is reported as missing, never shown as blank.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from koto_tui.engine.models import Form, Question
from koto_tui.safe_yaml import read_yaml_file

_TOP = {"form", "version", "language", "review", "title", "sections", "questions", "choices"}


class TranslationFileError(ValueError):
    """A translation file that cannot be used, with the file and what to fix."""


@dataclass(frozen=True)
class Review:
    """Whether a qualified translator has checked the translation (drafts are shown as drafts)."""

    status: str
    reviewed_by: str | None = None
    reviewed_on: str | None = None

    @property
    def draft(self) -> bool:
        """True until the translation is reviewed."""
        return self.status != "reviewed"


@dataclass(frozen=True)
class FormTranslation:
    """One form version's texts in one language."""

    form_id: str
    version: str
    language: str
    review: Review
    title: str
    sections: Mapping[str, str] = field(default_factory=dict)
    questions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    choices: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def label(self, question: Question) -> str | None:
        """The question's label in this language, or None when the file lacks it."""
        return self.questions.get(question.id, {}).get("label") or None

    def hint(self, question: Question) -> str | None:
        """The question's hint in this language, or None."""
        return self.questions.get(question.id, {}).get("hint") or None

    def choice(self, question: Question, value: str) -> str | None:
        """A choice's label in this language, or None."""
        return self.choices.get(question.choice_list or "", {}).get(value) or None


def _mapping(value: object, path: Path, where: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise TranslationFileError(f"{path}: {where} must be a mapping")
    return {str(k): v for k, v in value.items()}


def _strings(value: object, path: Path, where: str) -> dict[str, str]:
    return {k: str(v) for k, v in _mapping(value, path, where).items() if v is not None}


def load_translation(path: Path) -> FormTranslation:
    """Read one translation file strictly; raises TranslationFileError naming the file and the fix."""
    try:
        raw = _mapping(read_yaml_file(path), path, "the file")
    except (OSError, yaml.YAMLError) as exc:
        raise TranslationFileError(f"{path}: {exc}") from exc
    unknown, missing = raw.keys() - _TOP, _TOP - raw.keys()
    if unknown or missing:
        raise TranslationFileError(f"{path}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
    review = _mapping(raw["review"], path, "review")
    return FormTranslation(
        form_id=str(raw["form"]), version=str(raw["version"]), language=str(raw["language"]),
        review=Review(str(review.get("status", "draft")), _opt(review.get("reviewed_by")),
                      _opt(review.get("reviewed_on"))),
        title=str(raw["title"]), sections=_strings(raw["sections"], path, "sections"),
        questions={q: _strings(v, path, f"questions.{q}")
                   for q, v in _mapping(raw["questions"], path, "questions").items()},
        choices={c: _strings(v, path, f"choices.{c}")
                 for c, v in _mapping(raw["choices"], path, "choices").items()},
    )


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def translations_for(form: Form, folder: Path,
                     problems: list[str] | None = None) -> dict[str, FormTranslation]:
    """Every usable translation of exactly this form version in *folder*, by language.

    A broken file is left out (the interview goes on in Finnish) and described in *problems*.
    """
    found = {}
    for path in sorted(folder.glob(f"{form.id}-{form.version}.*.yaml")):
        if path.name.endswith(".source.yaml"):
            continue
        try:
            translation = load_translation(path)
        except TranslationFileError as exc:
            if problems is not None:
                problems.append(str(exc))
            continue
        if (translation.form_id, translation.version) == (form.id, form.version):
            found[translation.language] = translation
    return found


def translation_for(form: Form, folder: Path, language: str,
                    problems: list[str] | None = None) -> FormTranslation | None:
    """The translation of exactly this form version into *language*, or None (a broken file is reported)."""
    path = folder / f"{form.id}-{form.version}.{language}.yaml"
    if not language or not path.is_file():
        return None
    try:
        translation = load_translation(path)
    except TranslationFileError as exc:
        if problems is not None:
            problems.append(str(exc))
        return None
    return translation if (translation.form_id, translation.version) == (form.id, form.version) else None


def _all_questions(form: Form) -> list[Question]:
    return [q for s in form.sections for top in s.questions for q in (top, *top.questions)]


def coverage_gaps(form: Form, translation: FormTranslation) -> list[str]:
    """What the translation lacks: every title, section, label, hint and choice of the form."""
    gaps = [] if translation.title else ["title"]
    gaps += [f"section {s.id}" for s in form.sections if not translation.sections.get(s.id)]
    for q in _all_questions(form):
        gaps += [f"question {q.id} label"] if not translation.label(q) else []
        gaps += [f"question {q.id} hint"] if q.hint and not translation.hint(q) else []
        gaps += [f"choice {q.choice_list}.{c.value}" for c in q.choices if not translation.choice(q, c.value)]
    return sorted(set(gaps), key=gaps.index)
