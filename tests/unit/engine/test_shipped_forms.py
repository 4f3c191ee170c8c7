"""Every shipped form file in forms/ loads without issues, and the engine stays headless."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from koto_tui.engine import LANGUAGES, check_paths, load_form, load_forms_dir
from koto_tui.resources import forms_dir

FORM_FILES = sorted(forms_dir().glob("*.yaml"))


def test_forms_dir_has_forms() -> None:
    assert FORM_FILES, f"no form files in {forms_dir()}"


def test_no_issues_in_any_form_file() -> None:
    assert [str(issue) for issue in check_paths([forms_dir()])] == []


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda path: path.name)
def test_form_file_loads_with_full_translations(path: Path) -> None:
    form = load_form(path)
    assert form.source == str(path)
    texts = (
        [form.title]
        + [q.label for q in form.questions()]
        + [c.label for q in form.questions() for c in q.choices]
    )
    assert all(text.get(lang).strip() for text in texts for lang in LANGUAGES)


def test_assessment_basic_shape() -> None:
    forms = load_forms_dir(forms_dir())
    form = forms[("assessment-basic", "1")]
    assert form.title.fi == "Osaamisen ja kotoutumisen palvelutarpeen arviointi"
    assert [s.id for s in form.sections] == ["basic", "languages", "education", "work", "goals"]
    assert 18 <= len(form.questions()) <= 25
    assert 6 <= sum(q.required for q in form.questions()) <= 10
    assert form.question("finnish_level").choice_list == form.question("swedish_level").choice_list
    assert [c.value for c in form.question("goals").choices][:4] == [
        "work",
        "education",
        "entrepreneurship",
        "language_studies",
    ]
    assert not form.question("next_steps").answerable


def test_engine_does_not_import_textual() -> None:
    code = "import sys, koto_tui.engine; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
