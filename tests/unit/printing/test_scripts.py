"""Every script on paper: names and answers come out in the right font, shaped, in order, never as boxes.

Each script's printout is rendered once (cached) and checked in several ways:
- the words of the client's name are in the text pypdf extracts (NFKC-normalised; Arabic script comes
  back as presentation forms, either word direction accepted). Khmer, Bengali and Devanagari are not
  asserted this way: pre-base vowel signs come back in visual order and conjuncts as private-use code
  points, so the extracted text is not the typed one even when the paper is right;
- for every script, the glyphs drawn for each word of the name are exactly what harfbuzz makes of the
  word in the expected font (read from the content stream through the subset's ToUnicode map), and no
  .notdef glyph (an empty box) is drawn anywhere;
- markup typed into a field comes out literally and embeds nothing; the metadata names the document
  type and holds nothing of the client.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import pytest
import uharfbuzz
from bidi.algorithm import get_display  # the pure-Python UBA: reorders and mirrors (L2, L4)
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject
from reportlab.pdfbase import pdfmetrics

from koto_tui.printing import InterviewPrintout, PrintField, PrintSection, render_interview
from koto_tui.printing.fonts import FONT_DIR

TITLE = "Osaamisen ja kotoutumisen palvelutarpeen arviointi"
MARKUP = '<img src="x.png"/> <b>bold</b> &amp; & <font name="Courier">c</font>'
ZWNJ = "\u200c"  # drawn as harfbuzz's zero-width space glyph: extracted as a space


@dataclass(frozen=True)
class Script:
    """A client named in one script, an answer in the same script and the font that should draw them."""

    name: str
    answer: str
    font: str
    extracts: bool = True


DEJAVU = "DejaVuSans"
SCRIPTS = {
    "finnish": Script("Tuomas Äijälä-Öhman", "Haluan oppia suomea ja löytää työpaikan.", DEJAVU),
    "estonian": Script("Jüri Õunapuu-Šmigun", "Ma tahan õppida soome keelt ja leida tööd.", DEJAVU),
    "vietnamese": Script("Phạm Ngọc Hưởng Nguyễn", "Tôi muốn học tiếng Phần Lan và tìm việc làm.", DEJAVU),
    "vietnamese-decomposed": Script(
        unicodedata.normalize("NFD", "Phạm Ngọc Hưởng Nguyễn"),
        unicodedata.normalize("NFD", "Tôi muốn học tiếng Phần Lan."),
        DEJAVU,
    ),
    "somali": Script("Cabdullaahi Maxamed Xuseen", "Waxaan rabaa inaan barto luqadda Finnishka.", DEJAVU),
    "russian": Script("Наталья Сергеевна Иванова", "Хочу выучить финский язык и найти работу.", DEJAVU),
    "ukrainian": Script("Олена Ґалаґан-Їжакевич", "Я хочу вивчати фінську мову і знайти роботу.", DEJAVU),
    "arabic": Script("محمد عبد الرحمن", "أريد أن أتعلم اللغة الفنلندية وأن أجد عملاً.", DEJAVU),
    "dari": Script("ذبیح‌الله غفوری", "می‌خواهم زبان فنلندی را یاد بگیرم و کار پیدا کنم.", DEJAVU),
    "farsi": Script("پریسا کاظمی‌نژاد", "من می‌خواهم پرستار شوم (۲۰۲۶).", DEJAVU),
    "amharic": Script("አበበ ቢቂላ", "ፊንላንድኛ መማር እና ሥራ ማግኘት እፈልጋለሁ።", "NotoSansEthiopic-Regular"),
    "tigrinya": Script("ተስፋይ ገብረመድህን ቐሺ", "ፊንላንድኛ ክመሃር ደልየ።", "NotoSansEthiopic-Regular"),
    "thai": Script("ณัฐพล ศรีสุข", "ฉันอยากเรียนภาษาฟินแลนด์", "NotoSansThai-Regular"),
    "khmer": Script("សុខ ចាន់ធីតា", "ខ្ញុំចង់រៀនភាសាហ្វាំងឡង់។", "NotoSansKhmer-Regular", extracts=False),
    "bengali": Script("রহিম উদ্দিন চৌধুরী", "আমি ফিনিশ ভাষা শিখতে চাই।", "NotoSansBengali-Regular", False),
    "hindi": Script("राम कुमार शर्मा", "मैं फ़िनिश भाषा सीखना चाहता हूँ।", "NotoSansDevanagari-Regular", False),
    "armenian": Script("Արամ Պետրոսյան", "Ես ուզում եմ սովորել ֆիններեն։", DEJAVU),
}
EXTRACTING = [key for key, script in SCRIPTS.items() if script.extracts]


def printout(name: str, fields: tuple[PrintField, ...]) -> InterviewPrintout:
    """A printout for the client *name* with one section of *fields*."""
    return InterviewPrintout(
        municipality="Mikkelin kaupunki",
        unit="Kotoutumispalvelut",
        title=TITLE,
        client_name=name,
        birth_date=date(1990, 1, 5),
        identity_code=None,
        interview_date=date(2026, 11, 27),
        counsellor_name="Liisa Virtanen",
        counsellor_title="kotoutumisohjaaja",
        place="Mikkeli",
        sections=(PrintSection("Tavoitteet", fields),),
        document_id="KOTO-2026-000123",
        form_id="assessment-basic",
        form_version="1",
    )


@functools.cache
def rendered(key: str) -> bytes:
    """The printout of the client of *key*: name, a free-text answer and markup, rendered once."""
    script = SCRIPTS[key]
    fields = (
        PrintField("Oma tavoite", script.answer),
        PrintField("Nimi omalla kielellä", f"{script.name}\n{script.answer} {script.name}"),
        PrintField("Etunimi sulkeissa", parenthesised(key)),
        PrintField(MARKUP, MARKUP),
    )
    return render_interview(printout(script.name, fields))


def parenthesised(key: str) -> str:
    """The first name in parentheses with a comma: one word that no single font covers in most scripts."""
    return f"({SCRIPTS[key].name.split()[0]}),"


def extracted_words(pdf: bytes) -> set[str]:
    """The NFKC-normalised words pypdf extracts from all pages."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return set(unicodedata.normalize("NFKC", text).split())


# --- reading what was drawn ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Drawn:
    """One text line as drawn, left to right: its characters (through ToUnicode) and its glyphs."""

    text: str
    glyphs: tuple[tuple[str, int], ...]  # (registered font name, glyph id)


def drawn_lines(pdf: bytes) -> list[Drawn]:
    """Every text line of every page, decoded from the content streams (one per BT/ET or line move)."""
    reader = PdfReader(io.BytesIO(pdf))
    lines: list[Drawn] = []
    for page in reader.pages:
        fonts = {name: _font_map(ref.get_object()) for name, ref in page["/Resources"]["/Font"].items()}
        font: tuple[str, dict[int, str]] = ("", {})
        text, glyphs = "", []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                font = fonts[operands[0]]
            elif operator in (b"Tj", b"TJ"):
                for raw in _strings(operands[0]):
                    for code in raw:
                        char = font[1].get(code, "")
                        text += char
                        glyphs.append((font[0], _glyph_id(font[0], char)))
            elif operator in (b"ET", b"T*", b"Td", b"TD") and (text or glyphs):
                lines.append(Drawn(text.strip(), tuple(glyphs)))
                text, glyphs = "", []
    return lines


def _strings(operand: object) -> list[bytes]:
    """The raw bytes of a Tj string or of the strings in a TJ array."""
    items = operand if isinstance(operand, list) else [operand]
    return [bytes(getattr(item, "original_bytes", item)) for item in items if isinstance(item, (str, bytes))]


def _font_map(font: DictionaryObject) -> tuple[str, dict[int, str]]:
    """The registered font name of a subset font and its code → text map (from its ToUnicode CMap)."""
    base = str(font["/BaseFont"]).split("+", 1)[-1]
    if "/ToUnicode" not in font:
        return base, {}
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    pairs = re.findall(r"<([0-9A-Fa-f]{2})> <([0-9A-Fa-f]{4,})>", cmap)
    return f"koto-{base}", {int(code, 16): bytes.fromhex(text).decode("utf-16-be") for code, text in pairs}


def _glyph_id(font: str, char: str) -> int:
    """The glyph the subset code stands for: private-use code points are reportlab's shaped glyphs."""
    if font not in pdfmetrics.getRegisteredFontNames() or len(char) != 1:
        return -1
    return int(pdfmetrics.getFont(font).face.charToGlyph.get(ord(char), 0))


@functools.cache
def harfbuzz_glyphs(font: str, word: str) -> tuple[int, ...]:
    """The glyph ids harfbuzz gives *word* in the shipped *font* (kern and liga on, dlig off)."""
    blob = uharfbuzz.Blob.from_file_path(str(FONT_DIR / f"{font.removeprefix('koto-')}.ttf"))
    hb_font = uharfbuzz.Font(uharfbuzz.Face(blob))
    buffer = uharfbuzz.Buffer()
    buffer.add_str(word)
    buffer.guess_segment_properties()
    uharfbuzz.shape(hb_font, buffer, {"kern": True, "liga": True, "dlig": False})
    return tuple(info.codepoint for info in buffer.glyph_infos)


def contains(sequence: tuple[tuple[str, int], ...], part: tuple[tuple[str, int], ...]) -> bool:
    """Whether *part* occurs contiguously in *sequence*."""
    size = len(part)
    return any(sequence[index : index + size] == part for index in range(len(sequence) - size + 1))


# --- every script ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", EXTRACTING)
def test_name_words_are_extracted(key: str) -> None:
    words = extracted_words(rendered(key))
    for word in unicodedata.normalize("NFKC", SCRIPTS[key].name).split():
        for part in word.split(ZWNJ):
            assert part in words or part[::-1] in words, (key, part)


@pytest.mark.parametrize("key", SCRIPTS)
def test_name_glyphs_come_from_the_script_font_and_are_shaped(key: str) -> None:
    script = SCRIPTS[key]
    font = f"koto-{script.font}"
    lines = drawn_lines(rendered(key))
    for index, word in enumerate(script.name.split()):
        expected = tuple((font, glyph) for glyph in harfbuzz_glyphs(font, word))
        found = sum(contains(line.glyphs, expected) for line in lines)
        # details table, the answer (twice), the signature block, the first name in parentheses, and the
        # running header of each page
        pages = len(PdfReader(io.BytesIO(rendered(key))).pages)
        assert found == (5 if index == 0 else 4) + pages, (key, word, found)


@pytest.mark.parametrize("key", EXTRACTING)
def test_a_word_mixing_fonts_is_drawn_without_inner_spaces(key: str) -> None:
    expected = unicodedata.normalize("NFKC", get_display(parenthesised(key).replace(ZWNJ, " ")))
    assert expected in [unicodedata.normalize("NFKC", line.text) for line in drawn_lines(rendered(key))]


@pytest.mark.parametrize("key", SCRIPTS)
def test_no_empty_boxes_are_drawn(key: str) -> None:
    glyphs = [glyph for line in drawn_lines(rendered(key)) for glyph in line.glyphs]
    assert glyphs
    assert all(gid > 0 for font, gid in glyphs if font.startswith("koto-")), key


@pytest.mark.parametrize("key", SCRIPTS)
def test_markup_comes_out_literally_and_embeds_nothing(key: str) -> None:
    pdf = rendered(key)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert text.count(MARKUP) == 2  # the label and the answer
    assert b"/Subtype /Image" not in pdf
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)
        assert "/XObject" not in resources
        assert "/Courier" not in str(resources["/Font"])


@pytest.mark.parametrize("key", SCRIPTS)
def test_metadata_holds_the_document_type_and_nothing_of_the_client(key: str) -> None:
    pdf = rendered(key)
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    assert metadata is not None
    assert metadata.title == TITLE
    assert metadata.author == "koto"
    assert metadata.creator == "koto"
    values = " ".join(str(value) for value in metadata.values())
    for word in SCRIPTS[key].name.split():
        assert word not in values
        assert word.encode("utf-8") not in pdf and word.encode("utf-16-be") not in pdf


# --- mixed directions and characters no font has ---------------------------------------------------


MIXED = (
    "Asiakas: محمد احمدی 2026",
    "محمد احمدی، Helsinki 2026",
    "Tulkki: پریسا کاظمی (fa) 12.3.2026 klo 9.30",
    "نام: محمد رضا، تولد 1990 در Kabul AF",
    "من پرستار شوم (۲۰۲۶).",  # Persian digits run left to right; the brackets around them are mirrored
    "تولد: ۱۳۶۹/۰۵/۱۲ در کابل، تلفن ٠٤٠-١٢٣",
    "ص۲۰ محمد",  # a word of letters and digits
    "Puhelin ۰۴۰ ۱۲۳ ۴۵۶۷, vuosi ٢٠٢٦",  # Arabic-script digits in a Finnish line
    "Nimi: پریسا کاظمی‌نژاد",  # the non-joiner stays inside its word's run
)


def test_mixed_lines_are_drawn_in_bidi_order() -> None:
    """Digits and Latin keep their order inside right-to-left text; the visual line is the UBA's."""
    fields = tuple(PrintField(f"Rivi {index}", line) for index, line in enumerate(MIXED))
    lines = [unicodedata.normalize("NFKC", line.text) for line in drawn_lines(render_interview(
        printout("Olena Kovalenko", fields)))]
    for line in MIXED:
        assert get_display(line.replace(ZWNJ, " ")) in lines, line


def test_characters_no_font_has_print_as_the_replacement_character() -> None:
    pdf = render_interview(printout("王小明 Olena", (PrintField("Huom", "merkki \U0010fffd tässä"),)))
    lines = drawn_lines(pdf)
    texts = [line.text for line in lines]
    assert "\ufffd\ufffd\ufffd Olena" in texts
    assert "merkki \ufffd tässä" in texts
    assert all(gid > 0 for line in lines for font, gid in line.glyphs if font.startswith("koto-"))
