"""Load-time checks of repeat groups (F125): nested questions present, no groups in groups, entry bounds."""

from __future__ import annotations

from koto_tui.engine.drafts import QuestionDraft
from koto_tui.engine.models import DEFAULT_MAX_ENTRIES
from koto_tui.engine.shape import Issues
from koto_tui.i18n import _

_GROUP_ONLY_KEYS = ("questions", "min_entries", "max_entries")


def check_group(question: QuestionDraft, parent: QuestionDraft | None, issues: Issues) -> None:
    """Report the F125 problems of *question* (nested in *parent*, or None at the top level)."""
    if question.type != "group":
        _check_group_keys(question, issues)
    elif parent is not None:
        message = _("group '{id}' is inside group '{parent}': groups cannot be nested")
        fix = _("move it to the top level of the section, or make its questions part of '{parent}'")
        message = message.format(id=question.id, parent=parent.id)
        issues.add("F125", question.at, message, fix.format(parent=parent.id))
    else:
        _check_top_group(question, issues)


def _check_group_keys(question: QuestionDraft, issues: Issues) -> None:
    """Report group-only keys on a question that is not a group."""
    for key in _GROUP_ONLY_KEYS:
        if key in question.keys:
            message = _("'{key}' applies only to group questions").format(key=key)
            issues.add("F125", question.at, message, _("remove '{key}', or set type: group").format(key=key))


def _check_top_group(question: QuestionDraft, issues: Issues) -> None:
    """Report a group without nested questions, with choices, or with reversed entry bounds."""
    if not question.questions:
        message = _("group '{id}' has no questions").format(id=question.id)
        issues.add("F125", question.at, message, _("add the questions each entry answers under 'questions:'"))
    if "choices" in question.keys:
        message = _("a group takes no choices")
        issues.add("F125", question.at, message, _("remove 'choices' and put it on a nested choice question"))
    low = question.min_entries or 0
    high = question.max_entries if question.max_entries is not None else DEFAULT_MAX_ENTRIES
    if high < 1:
        message = _("max_entries must be at least 1")
        issues.add("F125", question.at, message, _("raise max_entries or remove it"))
    elif low > high:
        message = _("min_entries ({min}) is greater than max_entries ({max})").format(min=low, max=high)
        issues.add("F125", question.at, message, _("lower min_entries or raise max_entries"))
