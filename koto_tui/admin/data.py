"""The municipality's own data files: copy the defaults out to edit them, and check what is in use."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import yaml

from koto_tui.resources import DATA_FILES, data_dir, extra_forms_dir, forms_dir
from koto_tui.safe_yaml import read_yaml_file


def init_own_data(target: Path) -> tuple[list[Path], list[Path]]:
    """Copy the shipped data files into *target* (with empty forms/ and texts/); never overwrite one.

    Returns the files copied and the files kept as they were.
    """
    copied: list[Path] = []
    kept: list[Path] = []
    for folder in (target, target / "forms", target / "texts"):
        folder.mkdir(parents=True, exist_ok=True)
    for name in DATA_FILES:
        destination = target / name
        if destination.exists():
            kept.append(destination)
        else:
            shutil.copyfile(data_dir() / name, destination)
            copied.append(destination)
    return copied, kept


def check_data(own_texts: Path) -> list[str]:
    """Every problem in the data files, forms and opening texts in use, each naming its file and place."""
    from koto_tui.catalogue import load_catalogue
    from koto_tui.engine import check_paths
    from koto_tui.municipality import load_municipality
    from koto_tui.rules.responsibility import load_responsibility
    from koto_tui.rules.retention import load_rules

    loaders: list[Callable[[], object]] = [load_municipality, load_responsibility, load_catalogue, load_rules]
    problems: list[str] = []
    for load in loaders:
        try:
            load()
        except ValueError as exc:
            problems += str(exc).splitlines()
    if any(extra_forms_dir().glob("*.yaml")):
        problems += [str(issue) for issue in check_paths([forms_dir(), extra_forms_dir()])]
    for path in sorted(own_texts.glob("opening.*.yaml")):
        problems += _text_problems(path)
    return list(dict.fromkeys(problems))


def _text_problems(path: Path) -> list[str]:
    """What is wrong with an opening text: it needs language, title and a list of paragraphs."""
    try:
        raw = read_yaml_file(path)
    except (OSError, yaml.YAMLError) as exc:
        return [f"{path}: {exc}"]
    if not isinstance(raw, dict):
        return [f"{path}: expected a mapping with language, title and paragraphs"]
    missing = [key for key in ("language", "title", "paragraphs") if not raw.get(key)]
    problems = [f"{path}: missing '{key}'" for key in missing]
    if raw.get("paragraphs") and not isinstance(raw["paragraphs"], list):
        problems.append(f"{path}: 'paragraphs' must be a list of paragraphs")
    return problems
