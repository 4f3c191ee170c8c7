"""The headless form engine: form files (YAML) → typed, frozen models; answers parsed, checked and shown."""

from __future__ import annotations

from koto_tui.engine.answers import ANSWER_TYPES, AnswerType, check_answer, display_answer, parse_answer
from koto_tui.engine.calculations import Calculation
from koto_tui.engine.conditions import AllOf, AnyOf, Compare, Condition, Not
from koto_tui.engine.constraints import Constraint
from koto_tui.engine.errors import CODES, AnswerError, FormError, FormIssue
from koto_tui.engine.loader import check_paths, load_form, load_form_text, load_forms_dir
from koto_tui.engine.models import LANGUAGES, Choice, Form, LocalText, Question, Section, is_answered
from koto_tui.engine.review import AnswerProblem
from koto_tui.engine.scope import Entry, Scope
from koto_tui.engine.translations import (
    FormTranslation,
    Review,
    TranslationFileError,
    coverage_gaps,
    load_translation,
    translation_for,
    translations_for,
)
from koto_tui.engine.types import QUESTION_TYPES, QuestionType
from koto_tui.engine.values import AnswerContext

__all__ = [
    "ANSWER_TYPES",
    "CODES",
    "LANGUAGES",
    "QUESTION_TYPES",
    "AllOf",
    "AnswerContext",
    "AnswerError",
    "AnswerProblem",
    "AnswerType",
    "AnyOf",
    "Calculation",
    "Choice",
    "Compare",
    "Condition",
    "Constraint",
    "Entry",
    "Form",
    "FormError",
    "FormIssue",
    "FormTranslation",
    "LocalText",
    "Not",
    "Question",
    "QuestionType",
    "Review",
    "Scope",
    "Section",
    "TranslationFileError",
    "check_answer",
    "check_paths",
    "coverage_gaps",
    "display_answer",
    "is_answered",
    "load_form",
    "load_form_text",
    "load_forms_dir",
    "load_translation",
    "parse_answer",
    "translation_for",
    "translations_for",
]
