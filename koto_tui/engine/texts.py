"""Form texts given in every form language."""

from __future__ import annotations

from dataclasses import dataclass

#: The languages every form text must be given in.
LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class LocalText:
    """A text in Finnish, Swedish and English."""

    fi: str
    sv: str
    en: str

    def get(self, lang: str) -> str:
        """The text in *lang*, or the Finnish text for any other language."""
        if lang == "sv":
            return self.sv
        if lang == "en":
            return self.en
        return self.fi
