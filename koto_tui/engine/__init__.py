"""The headless form engine: form files (YAML) → typed, frozen models; answers parsed, checked and shown."""

from __future__ import annotations

from koto_tui.engine.answers import ANSWER_TYPES, AnswerType, display_answer, parse_answer
from koto_tui.engine.errors import CODES, AnswerError, FormError, FormIssue
from koto_tui.engine.loader import check_paths, load_form, load_form_text, load_forms_dir
from koto_tui.engine.models import LANGUAGES, Choice, Form, LocalText, Question, Section, is_answered
from koto_tui.engine.types import QUESTION_TYPES, QuestionType

__all__ = [
    "ANSWER_TYPES",
    "CODES",
    "LANGUAGES",
    "QUESTION_TYPES",
    "AnswerError",
    "AnswerType",
    "Choice",
    "Form",
    "FormError",
    "FormIssue",
    "LocalText",
    "Question",
    "QuestionType",
    "Section",
    "check_paths",
    "display_answer",
    "is_answered",
    "load_form",
    "load_form_text",
    "load_forms_dir",
    "parse_answer",
]
