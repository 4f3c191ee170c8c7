"""Copy-paste: the text layer of every shipped script gives the words typed, in reading order.

Shaped runs (Thai, Khmer, Bengali, Devanagari...) are drawn as glyph ids that read back as private-use
code points or in visual order; each such run is drawn inside an ``/ActualText`` span holding its text.
Checked with poppler's ``pdftotext`` and with pypdf reading the content stream (pypdf's own
``extract_text`` ignores ``/ActualText``, so :func:`text_layer` reads the spans with pypdf's parser).

Right-to-left runs have no span: poppler reverses the characters of a span in a right-to-left line (in
either order given), while it reads visual-order glyphs (presentation forms, NFKC-normalised) right.
pdftotext still puts a neutral or a number at the end of a right-to-left line at the line's start on a
left-to-right page and drops a zero-width non-joiner, so for Arabic script the letters of the words are
compared: in order for a sentence on one line, as a set for a paragraph over several lines.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject

from koto_tui.printing import PrintField, render_interview
from koto_tui.printing.text import has_rtl
from tests.unit.printing.test_scripts import SCRIPTS, _font_map, _strings, printout

LAM_ALEF = frozenset(map(chr, range(0xFEF5, 0xFEFD)))
_BIDI_MARKS = re.compile("[\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@functools.cache
def paragraphs(key: str) -> tuple[str, str, bytes]:
    """The script's sentence, four of them as one paragraph (wrapped over lines), and the printout."""
    script = SCRIPTS[key]
    long = " ".join([script.answer] * 4)
    pdf = render_interview(printout(script.name, (PrintField("Oma tavoite", script.answer),
                                                  PrintField("Pitkä vastaus", long))))
    return script.answer, long, pdf


def pdftotext(pdf: bytes) -> str:
    """The text poppler extracts (what a PDF viewer built on poppler copies)."""
    command = [shutil.which("pdftotext") or "pdftotext", "-enc", "UTF-8", "-", "-"]
    done = subprocess.run(command, input=pdf, capture_output=True, check=True, timeout=60)
    return done.stdout.decode("utf-8")


def text_layer(pdf: bytes) -> str:
    """The page text as pypdf reads the content stream: an ``/ActualText`` span's text for its glyphs."""
    reader = PdfReader(io.BytesIO(pdf))
    parts: list[str] = []
    for page in reader.pages:
        fonts = {name: _font_map(ref.get_object())[1] for name, ref in page["/Resources"]["/Font"].items()}
        codes: dict[int, str] = {}
        spans: list[bool] = []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"BDC":
                properties = operands[1]
                actual = isinstance(properties, DictionaryObject) and "/ActualText" in properties
                spans.append(actual)
                parts.append(str(properties["/ActualText"]) if actual else "")
            elif operator == b"EMC" and spans:
                spans.pop()
            elif operator == b"Tf":
                codes = fonts[operands[0]]
            elif operator in (b"Tj", b"TJ") and not any(spans):
                parts += [codes.get(code, "") for raw in _strings(operands[0]) for code in raw]
            elif operator in (b"ET", b"T*", b"Td", b"TD"):
                parts.append("\n")
    return "".join(parts)


def spaced(text: str) -> str:
    """*text* NFC-normalised with its whitespace collapsed (a line break reads as a space)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def unspaced(text: str) -> str:
    """*text* NFC-normalised without whitespace (a line break may fall inside a word)."""
    return "".join(unicodedata.normalize("NFC", text).split())


def letter_words(text: str) -> str:
    """The letters of each word (NFKC), for right-to-left text whose neutrals poppler moves."""
    text = _BIDI_MARKS.sub("", unicodedata.normalize("NFKC", text))
    words = ("".join(char for char in word if unicodedata.category(char).startswith("L"))
             for word in text.split())
    return " ".join(word for word in words if word)


LTR = [key for key in SCRIPTS if not has_rtl(SCRIPTS[key].answer)]
RTL = [key for key in SCRIPTS if has_rtl(SCRIPTS[key].answer)]
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@needs_poppler
@pytest.mark.parametrize("key", LTR)
def test_pdftotext_gives_the_sentence_as_typed(key: str) -> None:
    sentence, long, pdf = paragraphs(key)
    text = pdftotext(pdf)
    assert spaced(sentence) in spaced(text)
    assert unspaced(long) in unspaced(text)


@pytest.mark.parametrize("key", LTR)
def test_the_text_layer_read_with_pypdf_gives_the_sentence_as_typed(key: str) -> None:
    sentence, long, pdf = paragraphs(key)
    text = text_layer(pdf)
    assert spaced(sentence) in spaced(text)
    assert unspaced(long) in unspaced(text)


@needs_poppler
@pytest.mark.parametrize("key", RTL)
def test_pdftotext_gives_right_to_left_words_in_reading_order(key: str) -> None:
    sentence, long, pdf = paragraphs(key)
    text = letter_words(pdftotext(pdf))
    assert letter_words(sentence) in text
    assert set(letter_words(long).split()) <= set(text.split())


@pytest.mark.parametrize("key", RTL)
def test_right_to_left_glyphs_read_in_visual_order_without_spans(key: str) -> None:
    sentence, _, pdf = paragraphs(key)
    # a lam-alef ligature is one glyph whose NFKC text is lam, alef: a reversed line must read alef, lam
    visual = "".join(unicodedata.normalize("NFKC", char)[::-1] if char in LAM_ALEF else char
                     for char in text_layer(pdf))
    assert "".join(letter_words(sentence).split()) in "".join(letter_words(visual).split())[::-1]


@needs_poppler
@pytest.mark.parametrize("key", ["thai", "khmer", "bengali", "hindi"])
def test_words_broken_in_narrow_table_cells_extract_in_order(key: str) -> None:
    from koto_tui.printing.plan import render_plan
    from tests.unit.printing.samples import plan, unbroken

    pdf = render_plan(plan(key))
    text = unspaced(pdftotext(pdf))
    assert unspaced(SCRIPTS[key].answer) in text
    assert unspaced(unbroken(key, 2)) in text  # the provider cell: one word broken over several lines
    assert unspaced(unbroken(key, 2)) in unspaced(text_layer(pdf))
