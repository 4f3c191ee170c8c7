"""The opening text of the assessment (what it is for, the client's rights, how data is processed).

Kept in `forms/texts/opening.<language>.yaml`, each with its review status; read aloud or shown at the
start of the interview, and printable as a one-page handout in the client's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from koto_tui.model import Profile
from koto_tui.municipality import shipped_municipality
from koto_tui.printing.handout import Handout, Privacy
from koto_tui.resources import text_file
from koto_tui.safe_yaml import read_yaml_file


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
    raw = read_yaml_file(path)
    review = raw.get("review") or {}
    return OpeningText(language=str(raw["language"]), title=str(raw["title"]),
                       paragraphs=tuple(str(p) for p in raw["paragraphs"]),
                       draft=review.get("status") != "reviewed")


def handout_for(text: OpeningText, profile: Profile, today: date) -> Handout:
    """The handout of *text*: with the controller, the data protection officer and the retention from the
    municipality's data (data/municipality.yaml), the counsellor's name and unit, and the date."""
    town = shipped_municipality()
    privacy = Privacy(town.controller, town.controller_contact, town.data_protection_officer, town.retention)
    counsellor = ", ".join(part for part in (profile.name, profile.title, profile.unit) if part.strip())
    return Handout(profile.municipality, profile.unit, text.language, text.title, text.paragraphs,
                   text.draft, privacy, counsellor, today, town.document_language)
