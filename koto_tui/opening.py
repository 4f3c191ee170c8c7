"""The opening text of the assessment (what it is for, the client's rights, how data is processed).

Kept in `forms/texts/opening.<language>.yaml`, each with its review status; read aloud or shown at the
start of the interview, and printable as a one-page handout in the client's language.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from koto_tui.resources import text_file


@dataclass(frozen=True)
class OpeningText:
    """The opening text in one language."""

    language: str
    title: str
    paragraphs: tuple[str, ...]
    draft: bool


def load_opening(language: str) -> OpeningText | None:
    """The opening text in *language*, or None when there is no such translation."""
    path = text_file(f"opening.{language}.yaml")
    if not language or not path.is_file():
        return None
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    review = raw.get("review") or {}
    return OpeningText(language=str(raw["language"]), title=str(raw["title"]),
                       paragraphs=tuple(str(p) for p in raw["paragraphs"]),
                       draft=review.get("status") != "reviewed")
