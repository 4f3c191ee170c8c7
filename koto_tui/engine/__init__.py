"""The headless form engine: form files (YAML) → typed, frozen models; answers parsed, checked and shown.

The names below are loaded on first use, so that a light part (``engine.values``, which the rules import,
and the rules come with the store) is imported without the form loader, YAML and the models: every unlock
imported the whole engine (50 ms), `koto clients` and the bench's bare comparator included.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: Where each name below is defined.
_LAZY = {
    "ANSWER_TYPES": "koto_tui.engine.answers",
    "AnswerType": "koto_tui.engine.answers",
    "check_answer": "koto_tui.engine.answers",
    "display_answer": "koto_tui.engine.answers",
    "parse_answer": "koto_tui.engine.answers",
    "Calculation": "koto_tui.engine.calculations",
    "AllOf": "koto_tui.engine.conditions",
    "AnyOf": "koto_tui.engine.conditions",
    "Compare": "koto_tui.engine.conditions",
    "Condition": "koto_tui.engine.conditions",
    "Not": "koto_tui.engine.conditions",
    "Constraint": "koto_tui.engine.constraints",
    "CODES": "koto_tui.engine.errors",
    "AnswerError": "koto_tui.engine.errors",
    "FormError": "koto_tui.engine.errors",
    "FormIssue": "koto_tui.engine.errors",
    "check_paths": "koto_tui.engine.loader",
    "load_form": "koto_tui.engine.loader",
    "load_form_text": "koto_tui.engine.loader",
    "load_forms_dir": "koto_tui.engine.loader",
    "LANGUAGES": "koto_tui.engine.models",
    "Choice": "koto_tui.engine.models",
    "Form": "koto_tui.engine.models",
    "LocalText": "koto_tui.engine.models",
    "Question": "koto_tui.engine.models",
    "Section": "koto_tui.engine.models",
    "is_answered": "koto_tui.engine.models",
    "AnswerProblem": "koto_tui.engine.review",
    "Entry": "koto_tui.engine.scope",
    "Scope": "koto_tui.engine.scope",
    "FormTranslation": "koto_tui.engine.translations",
    "Review": "koto_tui.engine.translations",
    "TranslationFileError": "koto_tui.engine.translations",
    "coverage_gaps": "koto_tui.engine.translations",
    "load_translation": "koto_tui.engine.translations",
    "translation_for": "koto_tui.engine.translations",
    "translations_for": "koto_tui.engine.translations",
    "QUESTION_TYPES": "koto_tui.engine.types",
    "QuestionType": "koto_tui.engine.types",
    "AnswerContext": "koto_tui.engine.values",
}

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


def __getattr__(name: str) -> Any:
    """Import the module that defines *name* on first use."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
