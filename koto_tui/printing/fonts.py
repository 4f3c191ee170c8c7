"""The shipped TrueType fonts: registered once with reportlab, and the per-word font choice.

reportlab has no font fallback and shapes a space-delimited word with the font of its first fragment,
so every word gets one font when it can: the first in the chain that covers all of its characters.
A word no single font covers (``(ሰላም)``: the Noto fonts lack ASCII punctuation) is split into runs,
and reportlab's shaping is taught to shape each run with its own font (see ``shaping``).
Harfbuzz is told each run's direction from its bidi classes rather than its script, so that Persian
digits (Arabic script, but written left to right) are not reversed (see ``_BidiBuffer``).
"""

from __future__ import annotations

import threading
import types
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont, shapeFragWord

from koto_tui.printing import shaping

try:
    import uharfbuzz
except ImportError:  # pragma: no cover - a declared dependency; reportlab then does not shape at all
    uharfbuzz = None

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
            _set_directions_by_bidi_class()
            shaping.install()
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


def _set_directions_by_bidi_class() -> None:
    """Make reportlab's harfbuzz buffers take their direction from :class:`_BidiBuffer`."""
    if uharfbuzz is not None and not isinstance(ttfonts.uharfbuzz, _Harfbuzz):
        ttfonts.uharfbuzz = _Harfbuzz(uharfbuzz)


if uharfbuzz is not None:

    class _BidiBuffer(uharfbuzz.Buffer):  # type: ignore[misc]  # uharfbuzz is untyped
        """A harfbuzz buffer whose direction is right-to-left only when it holds right-to-left letters.

        harfbuzz guesses the direction from the script, and Arabic-Indic and Persian digits belong to
        the Arabic script: "۲۰۲۶" would be laid out right to left and read 6202. The text reaches the
        shaper one run at a time, in the order the bidi algorithm put the runs (``text.py``).
        """

        def guess_segment_properties(self) -> None:
            super().guess_segment_properties()
            classes = {unicodedata.bidirectional(chr(info.codepoint)) for info in self.glyph_infos}
            self.direction = "rtl" if classes & {"R", "AL"} else "ltr"


class _Harfbuzz(types.ModuleType):
    """The uharfbuzz module as reportlab sees it: the same, except that buffers are :class:`_BidiBuffer`."""

    def __init__(self, module: types.ModuleType) -> None:
        super().__init__(module.__name__)
        self._module = module
        self.Buffer = _BidiBuffer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)


def is_ignorable(char: str) -> bool:
    """Whether *char* needs no glyph of its own (spaces, joiners, direction marks, variation selectors)."""
    code = ord(char)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or code == 0x034F:
        return True
    return char.isspace() or unicodedata.category(char) == "Cf"


def font_runs(word: str, bold: bool = False) -> list[tuple[str, str]]:
    """Split one space-free word into (font name, text) runs: one run whenever one font covers it all.

    A character the requested weight lacks is drawn from the other weight's fonts (the bold and the
    regular DejaVu differ in a few hundred rare characters); one that no font has stays in the run.
    """
    reg = registry()
    chains = (reg.chain(bold), reg.chain(not bold))
    runs: list[tuple[str, str]] = []
    start, current, chain = 0, -1, chains[0]
    for index, char in enumerate(word):
        found = _coverage(char, chains)
        if found is None:
            continue  # needs no glyph, or no font has it: stays in the current run
        char_chain, bits = found
        narrowed = bits if current == -1 else (current & bits if char_chain is chain else 0)
        if narrowed == 0:
            runs.append((_first(chain, current), word[start:index]))
            start, narrowed = index, bits
        current, chain = narrowed, char_chain
    runs.append((_first(chain, current), word[start:]))
    return runs


def _coverage(char: str, chains: tuple[FontChain, FontChain]) -> tuple[FontChain, int] | None:
    """The first chain with a glyph for *char* and its font mask, or None when none is needed or found."""
    if is_ignorable(char):
        return None
    for chain in chains:
        bits = chain.mask(char)
        if bits:
            return chain, bits
    return None


def _first(chain: FontChain, bits: int) -> str:
    """The first font name in *chain* among the fonts of the mask *bits* (the base font for none)."""
    if bits <= 0:
        return chain.names[0]
    return chain.names[(bits & -bits).bit_length() - 1]


def missing_characters(text: str) -> set[str]:
    """The characters of *text* that no shipped font of either weight can draw (they would be boxes)."""
    reg = registry()
    return {
        char
        for char in set(text)
        if not is_ignorable(char) and not reg.regular.mask(char) and not reg.bold.mask(char)
    }
