"""Loading form files: read the YAML, normalise, validate, and build the typed models."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import yaml

from koto_tui.engine.errors import FormError, FormIssue
from koto_tui.engine.models import DEFAULT_MAX_ENTRIES, Form, Question, Section
from koto_tui.engine.normalise import FormDraft, QuestionDraft, normalise
from koto_tui.engine.shape import Issues, Loc
from koto_tui.engine.validate import validate
from koto_tui.i18n import _
from koto_tui.safe_yaml import YamlRefused, load_yaml, read_text

INLINE = "<inline>"


def load_form_text(text: str, source: str = INLINE) -> Form:
    """Build a form from YAML *text*; FormError lists every issue found."""
    issues = Issues(source)
    raw = _read(text, issues)
    draft = normalise(raw, issues) if not issues.found else None
    if draft is not None:
        validate(draft, issues)
    if draft is None or issues.found:
        raise FormError(issues.found)
    return _build(draft, source)


@lru_cache(maxsize=32)
def parsed_form(form_id: str, version: str, text: str) -> Form:
    """The form of *text*, parsed once per process for each (id, version) and text.

    The text is part of the key, so another database's different text under the same id and version is
    parsed on its own. Sharing is safe: a Form and everything in it are frozen (an export of 10,000
    assessments parsed the 85 KB form 10,000 times before).
    """
    return load_form_text(text, source=f"{form_id} v{version}")


def _refused_fix() -> str:
    """The fix for a file over one of the safe YAML limits (koto_tui.safe_yaml)."""
    return _("a form file is small and plain: write anchored values out in full and remove deep nesting")


def load_form(path: Path) -> Form:
    """Load the form file at *path*; FormError lists every issue found."""
    try:
        text = read_text(path)
    except YamlRefused as err:
        raise FormError([FormIssue("F116", str(path), None, str(err), _refused_fix())]) from None
    except (OSError, UnicodeDecodeError) as err:
        message = _("cannot read the file: {reason}").format(reason=err)
        fix = _("check that the file exists, is readable and is saved as UTF-8")
        raise FormError([FormIssue("F100", str(path), None, message, fix)]) from err
    return load_form_text(text, str(path))


def check_paths(paths: Iterable[Path]) -> list[FormIssue]:
    """Every issue in the given form files (a directory means its ``*.yaml`` files)."""
    issues, _forms = _load_all(_expand(paths))
    return issues


def load_forms_dir(path: Path) -> dict[tuple[str, str], Form]:
    """Every form in the ``*.yaml`` files of *path*, keyed by (id, version); FormError on any issue."""
    issues, forms = _load_all(_expand([path]))
    if issues:
        raise FormError(issues)
    return forms


def _read(text: str, issues: Issues) -> object:
    """Stage 1: parse *text* as YAML (safe_load only), reporting a syntax error with its line (F101)."""
    try:
        return load_yaml(text)
    except YamlRefused as err:
        issues.add("F116", Loc(None), str(err), _refused_fix())
        return None
    except yaml.YAMLError as err:
        mark = err.problem_mark if isinstance(err, yaml.MarkedYAMLError) else None
        problem = err.problem if isinstance(err, yaml.MarkedYAMLError) and err.problem else str(err)
        at = Loc(None if mark is None else _("line {line}").format(line=mark.line + 1))
        message = _("YAML syntax error: {problem}").format(problem=problem)
        issues.add("F101", at, message, _("check the indentation, colons and quotes on that line and above"))
        return None


def _build(draft: FormDraft, source: str) -> Form:
    """Stage 4: turn a checked draft into frozen models."""
    sections = tuple(
        Section(s.id, s.title, tuple(_build_question(q, draft) for q in s.questions)) for s in draft.sections
    )
    return Form(draft.id, draft.version, draft.title, sections, source)


def _build_question(question: QuestionDraft, draft: FormDraft) -> Question:
    """A frozen question with its choice list resolved (and its nested questions, for a group)."""
    choices = draft.choice_lists.get(question.choice_list, ()) if question.choice_list else ()
    return Question(
        id=question.id,
        type=question.type,
        label=question.label,
        hint=question.hint,
        required=question.required,
        choices=choices,
        choice_list=question.choice_list,
        min=question.min,
        max=question.max,
        show_if=question.show_if,
        required_if=question.required_if,
        constraints=question.constraints,
        sensitive=question.sensitive,
        calculate=question.calculate,
        questions=tuple(_build_question(nested, draft) for nested in question.questions),
        min_entries=question.min_entries or 0,
        max_entries=question.max_entries if question.max_entries is not None else DEFAULT_MAX_ENTRIES,
    )


def _expand(paths: Iterable[Path]) -> Iterator[Path]:
    """Each path, with a directory replaced by its ``*.yaml`` files in name order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(path.glob("*.yaml"))
        else:
            yield path


def _load_all(files: Iterable[Path]) -> tuple[list[FormIssue], dict[tuple[str, str], Form]]:
    """Load *files*, collecting their issues and reporting an (id, version) defined twice (F115)."""
    issues: list[FormIssue] = []
    forms: dict[tuple[str, str], Form] = {}
    for path in files:
        try:
            form = load_form(path)
        except FormError as err:
            issues.extend(err.issues)
            continue
        key = (form.id, form.version)
        if key in forms:
            issues.append(_duplicate_form(form, forms[key]))
        else:
            forms[key] = form
    return issues, forms


def _duplicate_form(form: Form, first: Form) -> FormIssue:
    """The F115 issue for *form* repeating the id and version of *first*."""
    message = _("form '{id}' version '{version}' is already defined in {other}")
    message = message.format(id=form.id, version=form.version, other=first.source)
    fix = _("give this file a new version (or id), or remove one of the two files")
    return FormIssue("F115", form.source, "version", message, fix)
