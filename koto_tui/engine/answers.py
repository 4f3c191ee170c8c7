"""Answers: parse what the interview UI gives into stored values, check them, and show them as text."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType

from koto_tui.engine.constraints import answer_error
from koto_tui.engine.errors import AnswerError
from koto_tui.engine.models import Question
from koto_tui.engine.review import too_many_entries
from koto_tui.engine.values import YEAR_MAX, YEAR_MIN, AnswerContext, is_answered
from koto_tui.i18n import N_, _, format_short_date, language, ngettext, translation
from koto_tui.printing.limits import TEXT_MAX
from koto_tui.text import clean_text

__all__ = [
    "ANSWER_TYPES",
    "AnswerError",
    "AnswerType",
    "check_answer",
    "display_answer",
    "is_answered",
    "parse_answer",
]

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = TEXT_MAX  # what the printout is tested with (printing/limits.py)
_MAX_DIGITS = 15
_INTEGER = re.compile(r"[+-]?[0-9]+")
_FINNISH_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


@dataclass(frozen=True)
class AnswerType:
    """How one question type parses a non-empty raw answer and shows a stored one."""

    parse: Callable[[Question, object], object]
    display: Callable[[Question, object, str], str]


def parse_answer(question: Question, raw: object, context: AnswerContext | None = None) -> object:
    """The stored value for *raw* input, None for no answer; AnswerError says what is wrong.

    A group's *raw* answer is a list of entries (nested question id → raw answer); *context* gives today
    for the constraints (the app's clock when None).
    """
    handler = ANSWER_TYPES.get(question.type)
    if handler is None:
        raise AnswerError(_not_typed(question))
    if not is_answered(raw):
        return None
    value = handler.parse(question, raw)
    check_answer(question, value, context)
    return value


def check_answer(question: Question, value: object, context: AnswerContext | None = None) -> None:
    """Raise AnswerError when the stored *value* breaks one of the question's constraints today."""
    today = (context or AnswerContext.now()).today
    if not question.is_group:
        message = answer_error(question, value, today)
        if message is not None:
            raise AnswerError(message)
        return
    entries = value if isinstance(value, list | tuple) else []
    for number, entry in enumerate(entries, 1):
        for nested in question.questions if isinstance(entry, Mapping) else ():
            message = answer_error(nested, entry.get(nested.id), today)
            if message is not None:
                raise AnswerError(_in_entry(number, nested, message))


def display_answer(question: Question, value: object, lang: str) -> str:
    """A stored answer as human text in *lang* ("" when there is none); a group gives one line per entry."""
    handler = ANSWER_TYPES.get(question.type)
    display = handler.display if handler is not None else _DISPLAY_ONLY.get(question.type)
    if display is None or not is_answered(value):
        return ""
    return display(question, value, lang)


def _not_typed(question: Question) -> str:
    """Why *question* takes no typed answer."""
    if question.is_calculated:
        return _("'{id}' is calculated and takes no typed answer.").format(id=question.id)
    return _("'{id}' is a note and takes no answer.").format(id=question.id)


def _in_entry(number: int, nested: Question, message: str) -> str:
    """*message* about question *nested* in entry *number* of a group."""
    label = nested.label.get(language())
    return _("Entry {number}, {question}: {error}").format(number=number, question=label, error=message)


def _parse_group(question: Question, raw: object) -> list[dict[str, object]]:
    """A list of entries, each parsed with the group's nested questions (unanswered ones left out)."""
    if not isinstance(raw, list | tuple):
        raise AnswerError(_("Give the group's answer as a list of entries."))
    if len(raw) > question.max_entries:
        raise AnswerError(too_many_entries(question.max_entries))
    return [_parse_entry(question, item, number) for number, item in enumerate(raw, 1)]


def _parse_entry(group: Question, item: object, number: int) -> dict[str, object]:
    """One entry: nested question id → parsed value; notes and calculated values are dropped."""
    if not isinstance(item, Mapping):
        raise AnswerError(_("Entry {number} is not a set of answers.").format(number=number))
    nested = {question.id: question for question in group.questions}
    unknown = sorted(str(key) for key in item if key not in nested)
    if unknown:
        message = _("Entry {number}: '{id}' is not a question of this group.")
        raise AnswerError(message.format(number=number, id=unknown[0]))
    entry: dict[str, object] = {}
    for question in (nested[key] for key in nested if key in item and nested[key].answerable):
        if not is_answered(item[question.id]):
            continue
        try:
            entry[question.id] = ANSWER_TYPES[question.type].parse(question, item[question.id])
        except AnswerError as err:
            raise AnswerError(_in_entry(number, question, str(err))) from None
    return entry


def _text(raw: object) -> str:
    """*raw* as stored text (unsafe characters dropped as in the client form); AnswerError when not text."""
    if not isinstance(raw, str):
        raise AnswerError(_("Write the answer as text."))
    return clean_text(raw.replace("\r\n", "\n").replace("\r", "\n"))


def _limited(text: str, limit: int) -> str:
    """*text* unless it is longer than *limit* characters."""
    if len(text) > limit:
        message = ngettext("The answer is too long: {count} characters, at most {limit} character allowed.",
                           "The answer is too long: {count} characters, at most {limit} characters allowed.",
                           limit)
        raise AnswerError(message.format(count=len(text), limit=limit))
    return text


def _parse_short_text(question: Question, raw: object) -> str:
    """One line of text."""
    text = _text(raw)
    if "\n" in text:
        raise AnswerError(_("Write this answer on one line."))
    return _limited(text, SHORT_TEXT_MAX)


def _parse_long_text(question: Question, raw: object) -> str:
    """Free text over several lines, with line endings made uniform."""
    return _limited(_text(raw), LONG_TEXT_MAX)


def _parse_integer(question: Question, raw: object) -> int:
    """A whole number within the question's min and max."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str):
        value = _integer_from_text(raw.strip().replace("\u2212", "-"))
    else:
        raise AnswerError(_("Enter a whole number."))
    if question.min is not None and value < question.min:
        raise AnswerError(_("The number must be at least {min}.").format(min=question.min))
    if question.max is not None and value > question.max:
        raise AnswerError(_("The number must be at most {max}.").format(max=question.max))
    return value


def _integer_from_text(text: str) -> int:
    """The whole number written in *text* (digits with an optional sign)."""
    if not _INTEGER.fullmatch(text):
        raise AnswerError(_("'{text}' is not a whole number: use digits only, e.g. 12.").format(text=text))
    if len(text.lstrip("+-")) > _MAX_DIGITS:
        raise AnswerError(_("The number is too large."))
    return int(text)


def _parse_date(question: Question, raw: object) -> str:
    """A date written d.m.yyyy or yyyy-mm-dd (or a date object), stored as ISO yyyy-mm-dd."""
    if isinstance(raw, datetime):
        raw = raw.date()
    if isinstance(raw, date):
        return _plausible(raw).isoformat()
    text = _text(raw)
    if match := _FINNISH_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise AnswerError(
            _("'{text}' is not a date: write it as d.m.yyyy, e.g. 27.11.2026.").format(text=text)
        )
    try:
        value = date(year, month, day)
    except ValueError:
        raise AnswerError(_("There is no such date: {text}.").format(text=text)) from None
    return _plausible(value).isoformat()


def _plausible(value: date) -> date:
    """*value* when its year is within YEAR_MIN..YEAR_MAX."""
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        message = _("Check the year: {year} is not between {min} and {max}.")
        raise AnswerError(message.format(year=value.year, min=YEAR_MIN, max=YEAR_MAX))
    return value


def _parse_single_choice(question: Question, raw: object) -> str:
    """The value of one of the question's choices."""
    if not isinstance(raw, str):
        raise AnswerError(_("Choose one of the options."))
    return _known_choice(question, raw.strip())


def _known_choice(question: Question, value: object) -> str:
    """*value* when it is one of the question's choice values."""
    if not isinstance(value, str) or question.choice(value) is None:
        raise AnswerError(_("'{value}' is not one of the options.").format(value=value))
    return value


def _parse_multiple_choice(question: Question, raw: object) -> list[str]:
    """Choice values, in form order and without repeats."""
    if not isinstance(raw, list | tuple | set | frozenset):
        raise AnswerError(_("Choose one or more of the options."))
    chosen = {_known_choice(question, item) for item in raw}
    return [choice.value for choice in question.choices if choice.value in chosen]


def _parse_yes_no(question: Question, raw: object) -> bool:
    """True for yes, False for no."""
    if not isinstance(raw, bool):
        raise AnswerError(_("Answer yes or no."))
    return raw


def _show_text(question: Question, value: object, lang: str) -> str:
    """Text and numbers as they are."""
    return str(value)


def _show_date(question: Question, value: object, lang: str) -> str:
    """An ISO date as a short local date (fi: 27.11.2026)."""
    try:
        return format_short_date(date.fromisoformat(str(value)), lang)
    except ValueError:
        return str(value)


def _choice_label(question: Question, value: object, lang: str) -> str:
    """The label of choice *value* in *lang* (the raw value when the form no longer has it)."""
    choice = question.choice(str(value))
    return choice.label.get(lang) if choice is not None else str(value)


def _show_choices(question: Question, value: object, lang: str) -> str:
    """Chosen labels joined with commas."""
    values = value if isinstance(value, list | tuple) else [value]
    return ", ".join(_choice_label(question, item, lang) for item in values)


def _show_yes_no(question: Question, value: object, lang: str) -> str:
    """Yes or No in *lang* (a printout's document language, the UI language on screen)."""
    return translation(lang).gettext(N_("Yes") if value else N_("No"))


def _show_group(question: Question, value: object, lang: str) -> str:
    """One line per entry: "1. Level: Upper secondary; Years: 3" (unanswered questions left out)."""
    entries = value if isinstance(value, list | tuple) else []
    lines = []
    for number, entry in enumerate(entries, 1):
        given = entry if isinstance(entry, Mapping) else {}
        parts = [
            f"{nested.label.get(lang)}: {display_answer(nested, given.get(nested.id), lang)}"
            for nested in question.questions
            if is_answered(given.get(nested.id))
        ]
        lines.append(f"{number}. {'; '.join(parts)}".rstrip())
    return "\n".join(lines)


#: Answerable question type → its parser and display; keys match the answerable types in ``types.py``.
ANSWER_TYPES: MappingProxyType[str, AnswerType] = MappingProxyType(
    {
        "short_text": AnswerType(_parse_short_text, _show_text),
        "long_text": AnswerType(_parse_long_text, _show_text),
        "integer": AnswerType(_parse_integer, _show_text),
        "date": AnswerType(_parse_date, _show_date),
        "single_choice": AnswerType(_parse_single_choice, _choice_label),
        "multiple_choice": AnswerType(_parse_multiple_choice, _show_choices),
        "yes_no": AnswerType(_parse_yes_no, _show_yes_no),
        "group": AnswerType(_parse_group, _show_group),
    }
)
#: Types that take no typed answer but have a value to show.
_DISPLAY_ONLY: dict[str, Callable[[Question, object, str], str]] = {"calculated": _show_text}
