"""The shipped TrueType fonts: registered once with reportlab, and the per-word font choice.

reportlab has no font fallback and shapes a space-delimited word with the font of its first fragment,
so every word gets exactly one font: the first in the chain that covers all of its characters.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, shapeFragWord

FONT_DIR = Path(__file__).resolve().parent / "fonts"

# Fallback order: DejaVu Sans (Latin incl. Vietnamese, Cyrillic, Arabic/Persian, Armenian, punctuation),
# then the Noto fonts for the scripts DejaVu lacks. Scripts without a shipped bold use the regular face.
REGULAR_FILES = (
    "DejaVuSans",
    "NotoSansThai-Regular",
    "NotoSansEthiopic-Regular",
    "NotoSansKhmer-Regular",
    "NotoSansBengali-Regular",
    "NotoSansDevanagari-Regular",
    "NotoSansArmenian-Regular",
    "NotoSansArabic-Regular",
)
BOLD_FILES = (
    "DejaVuSans-Bold",
    "NotoSansThai-Bold",
    "NotoSansEthiopic-Bold",
    "NotoSansKhmer-Regular",
    "NotoSansBengali-Regular",
    "NotoSansDevanagari-Regular",
    "NotoSansArmenian-Regular",
    "NotoSansArabic-Bold",
)
BASE_FONT = "koto-DejaVuSans"
BOLD_FONT = "koto-DejaVuSans-Bold"


@dataclass(frozen=True)
class FontChain:
    """Registered font names in fallback order, with each font's set of covered code points."""

    names: tuple[str, ...]
    coverage: tuple[frozenset[int], ...]

    def mask(self, char: str) -> int:
        """A bit mask of the fonts (bit i = names[i]) that have a glyph for *char*."""
        code = ord(char)
        bits = 0
        for index, covered in enumerate(self.coverage):
            if code in covered:
                bits |= 1 << index
        return bits


@dataclass(frozen=True)
class FontRegistry:
    """The regular and the bold fallback chains."""

    regular: FontChain
    bold: FontChain

    def chain(self, bold: bool) -> FontChain:
        """The chain for the requested weight."""
        return self.bold if bold else self.regular


_lock = threading.Lock()
_registry: FontRegistry | None = None


def registry() -> FontRegistry:
    """Register the shipped fonts with reportlab on first use and return the fallback chains."""
    global _registry
    with _lock:
        if _registry is None:
            _disable_discretionary_ligatures()
            _registry = FontRegistry(_load_chain(REGULAR_FILES), _load_chain(BOLD_FILES))
        return _registry


def _load_chain(files: tuple[str, ...]) -> FontChain:
    """Register each font file (once per name) and collect its character coverage."""
    names = []
    coverage = []
    for stem in files:
        name = f"koto-{stem}"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{stem}.ttf")))
        names.append(name)
        coverage.append(frozenset(pdfmetrics.getFont(name).face.charToGlyph))
    return FontChain(tuple(names), tuple(coverage))


def _disable_discretionary_ligatures() -> None:
    """Turn off harfbuzz `dlig` in reportlab's shaping defaults.

    reportlab 5.1 keeps its harfbuzz features in the default argument of ``shapeFragWord``
    (kern, liga, dlig); with Noto Sans Arabic `dlig` turns "محمد" into a ligature with vowel
    marks nobody typed. Paragraph calls it without features, so the default dict is the only knob.
    """
    defaults = shapeFragWord.__defaults__
    if defaults and isinstance(defaults[0], dict):
        defaults[0]["dlig"] = False


def is_ignorable(char: str) -> bool:
    """Whether *char* needs no glyph of its own (spaces, joiners, direction marks, variation selectors)."""
    code = ord(char)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or code == 0x034F:
        return True
    return char.isspace() or unicodedata.category(char) == "Cf"


def font_runs(word: str, bold: bool = False) -> list[tuple[str, str]]:
    """Split one space-free word into (font name, text) runs: one run whenever one font covers it all."""
    chain = registry().chain(bold)
    runs: list[tuple[str, str]] = []
    start, current = 0, -1
    for index, char in enumerate(word):
        bits = 0 if is_ignorable(char) else chain.mask(char)
        if bits == 0:
            continue  # needs no glyph, or no font has it: stays in the current run
        narrowed = bits if current == -1 else current & bits
        if narrowed == 0:
            runs.append((_first(chain, current), word[start:index]))
            start, narrowed = index, bits
        current = narrowed
    runs.append((_first(chain, current), word[start:]))
    return runs


def _first(chain: FontChain, bits: int) -> str:
    """The first font name in *chain* among the fonts of the mask *bits* (the base font for none)."""
    if bits <= 0:
        return chain.names[0]
    return chain.names[(bits & -bits).bit_length() - 1]


def missing_characters(text: str) -> set[str]:
    """The characters of *text* that no shipped font can draw (they would print as boxes)."""
    chain = registry().regular
    return {char for char in set(text) if not is_ignorable(char) and chain.mask(char) == 0}
