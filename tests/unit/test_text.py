"""The one rule for unsafe characters: shown visibly on screens and the command line, removed when stored."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koto_tui.engine import AnswerError, Form, load_form_text, parse_answer
from koto_tui.text import (
    FORMULA_STARTS,
    clean_text,
    csv_bytes,
    csv_cell,
    has_unsafe,
    printable,
    removed,
    shown,
)
from tests.unit.engine.test_answers import FORM

HOSTILE = ("\x1b]0;title\x07", "\x1b[2J", "\u202eevil", "a\u2066b\u2069", "\u200fx\u200e", "\u061c",
           "\x9b31m", "\x7f", "\x00", "\ufeff", "\u2028", "\u00ad", "\U000e0041", "\ud800")


@pytest.mark.parametrize("text", HOSTILE)
def test_shown_text_holds_no_unsafe_character_and_says_where_one_was(text: str) -> None:
    out = shown(text)
    assert not has_unsafe(out)
    assert out != text


@pytest.mark.parametrize(("text", "expected"), [
    ("\x1b]0;x\x07", "\u241b]0;x\u2407"),        # C0 controls as their control pictures
    ("a\x7fb", "a\u2421b"),
    ("\u202eabc", "<U+202E>abc"),               # bidi override, by its code point
    ("\x85", "<U+0085>"),                       # C1
    ("rivi\r\ntoinen\tsarake", "rivi\ntoinen sarake"),
    ("zwnj\u200cکه 👩\u200d💻", "zwnj\u200cکه 👩\u200d💻"),  # joiners stay
    ("[bold]x[/]", "[bold]x[/]"),
])
def test_shown(text: str, expected: str) -> None:
    assert shown(text) == expected


def test_the_command_line_gets_one_line_per_value() -> None:
    assert printable("a\nb\x1b") == "a\u240ab\u241b"
    assert printable(12) == "12"


@pytest.mark.parametrize("text", HOSTILE)
def test_removed_text_is_what_would_be_stored(text: str) -> None:
    assert not has_unsafe(removed(text))
    assert clean_text(text) == removed(text).strip()


def test_an_editable_single_line_keeps_no_line_break() -> None:
    assert removed("a\nb\u202ec", lines=False) == "a bc"
    assert removed("a\nb\u202ec") == "a\nbc"


@pytest.mark.parametrize(("cell", "expected"), [
    ("=1+1", "'=1+1"), (" =1+1", "' =1+1"), ("\n=cmd", "'\n=cmd"), ("\t@x", "' @x"),
    ("\u3000\uff1dSUM(A1)", "'\u3000\uff1dSUM(A1)"), ("\uff0b1", "'\uff0b1"), ("\uff0d1", "'\uff0d1"),
    ("\uff20x", "'\uff20x"), ("\x1b[31m=x", "\u241b[31m=x"), ("Kaisa", "Kaisa"), (None, ""),
    (-2, "-2"), (1.5, "1.5"),
])
def test_csv_cell(cell: object, expected: str) -> None:
    assert csv_cell(cell) == expected


def test_csv_bytes_carry_no_control_byte() -> None:
    data = csv_bytes([["\x1b]0;x\x07", "a\r\nb", "\x00"]])
    assert data.startswith(b"\xef\xbb\xbf")
    body = data.decode("utf-8-sig")
    assert not [ch for ch in body.replace("\r\n", "").replace("\n", "") if ord(ch) < 0x20 or ord(ch) == 0x7f]
    assert next(csv.reader(io.StringIO(body), delimiter=";")) == ["\u241b]0;x\u2407", "a\nb", "\u2400"]


@pytest.fixture(scope="module")
def form() -> Form:
    """The answer tests' form: one question of each type."""
    return load_form_text(FORM)


@pytest.mark.parametrize("qid", ["name", "story"])
def test_an_answer_keeps_no_control_or_bidi_character(form: Form, qid: str) -> None:
    """The answer parser cleans text by the client form's rule (`clean_text`)."""
    value = parse_answer(form.question(qid), "\x1b]0;pwned\x07Olen \u202ekotona\x9b")
    assert value == "]0;pwnedOlen kotona"


def test_a_long_answer_keeps_its_lines(form: Form) -> None:
    assert parse_answer(form.question("story"), "yksi\r\nkaksi\rkolme") == "yksi\nkaksi\nkolme"
    with pytest.raises(AnswerError):
        parse_answer(form.question("name"), "yksi\rkaksi")


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.text(st.characters(codec="utf-8"), max_size=40) | st.lists(
    st.sampled_from(["\x1b]0;x\x07", "\u202e", "=", "\uff0b", " ", "\n", "\r", "\t", "[/]", "a"]),
    max_size=8).map("".join))
def test_no_text_escapes_the_rule(text: str) -> None:
    """Whatever the text: shown and removed hold no unsafe character, a printed value is one line, and a
    CSV cell neither starts a formula nor holds a control byte."""
    assert not has_unsafe(shown(text)) and not has_unsafe(removed(text))
    assert "\n" not in printable(text) and not has_unsafe(printable(text))
    cell = csv_cell(text)
    assert not [ch for ch in cell if ch != "\n" and unicodedata.category(ch) == "Cc"]
    assert cell.startswith("'") or not cell.lstrip().startswith(FORMULA_STARTS)


def test_koto_export_prints_imported_ids_and_reasons_as_one_visible_line_each(
        capsys: pytest.CaptureFixture[str]) -> None:
    """An imported document id or uid cannot set the terminal title or forge a line of the listing."""
    from koto_tui.commands import _print_export

    record = SimpleNamespace(document_id="KOTO-A\x1b]0;pwned\x07", uid="u\nfake line",
                             record_system="koto_aj")
    held = SimpleNamespace(partial=False, message="\u202eevil\x1b[2J")
    _print_export(SimpleNamespace(path=None, documents=1, records=[record], held_back=[held], sealed=False),
                  True)
    out = capsys.readouterr().out
    assert not has_unsafe(out.replace("\n", ""))
    assert "KOTO-A\u241b]0;pwned\u2407  u\u240afake line" in out
    assert "<U+202E>evil\u241b[2J" in out


def test_json_output_escapes_what_a_terminal_would_obey() -> None:
    """`--json` keeps letters as they are but writes C1 controls and bidi characters as \\u escapes."""
    from koto_tui.command_json import dumps

    value = {"name": "Олена \x9b2J\u202eevil\x1b]0;x\x07", "tag": "\U000e0041"}
    out = dumps(value)
    assert not has_unsafe(out.replace("\n", ""))
    assert "Олена" in out and json.loads(out) == value


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
       | st.sampled_from(["Олена \x9b2J\u202eevil", "a\u00a0b\u2028", "ok\u200d\u00ad", "\ud800x"]))
def test_json_output_looks_at_runs_as_it_looked_at_each_character(text: str) -> None:
    """`dumps` checks runs of non-ASCII text at once (a printable run is left as it is); it writes what
    checking each character with the rule wrote."""
    from koto_tui.command_json import dumps
    from koto_tui.text import is_unsafe

    made = json.dumps({"name": text}, ensure_ascii=False, indent=2)
    each = "".join(json.dumps(ch)[1:-1] if ch != "\n" and not " " <= ch <= "~" and is_unsafe(ch) else ch
                   for ch in made)
    assert dumps({"name": text}) == each


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    | st.dictionaries(st.integers(), inner, max_size=2), max_leaves=12)


@settings(max_examples=300)
@given(_JSON)
def test_json_output_is_what_json_dumps_writes(value: object) -> None:
    """`dumps` nests in Python and encodes each value in C: the text is json.dumps's with indent=2."""
    from koto_tui.command_json import _indented

    assert _indented(value, "") == json.dumps(value, ensure_ascii=False, indent=2)
    assert _indented([value], "  ") == json.dumps([value], ensure_ascii=False, indent=2).replace("\n", "\n  ")


def test_the_unsafe_pattern_is_the_same_rule_as_is_unsafe() -> None:
    """The import searches whole files with the pattern; it must agree with the rule on every character."""
    import sys

    from koto_tui.text import is_unsafe, unsafe_pattern

    pattern, lines = unsafe_pattern(), unsafe_pattern("\n\t")
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        assert (pattern.search(ch) is not None) == is_unsafe(ch), hex(code)
        assert (lines.search(ch) is not None) == (is_unsafe(ch) and ch not in "\n\t"), hex(code)


def test_no_unsafe_character_is_printable() -> None:
    """The import's quick test relies on it: a printable text holds no unsafe character."""
    from koto_tui.text import _unsafe_codes

    assert [hex(c) for c in _unsafe_codes() if chr(c).isprintable()] == []
    assert len(_unsafe_codes()) > 200


#: Names with spacing vowel signs (category Mc), which a terminal (tmux 3.3a, measured: "शर्मा प्रिया" 10
#: cells, "សុខា ចាន់" 7, "মিতা" 4) draws a cell wide each and Rich counted as none (7, 5 and 2 cells).
SPACING_VOWELS = ("शर्मा प्रिया", "সুমিতা দাস", "សុខា ចាន់", "মিতা", "कि")


def test_a_cell_has_the_same_width_in_rich_and_in_a_terminal() -> None:
    """Joined emoji, skin tones and emoji-style selectors took more or fewer cells in a terminal (glibc's
    wcwidth) than Rich counted, and pushed the next column; letters joined by ZWJ (Persian) keep it; spacing
    vowel signs (Hindi, Bengali, Khmer) stay, and Rich counts them as the terminal does."""
    from rich.cells import cell_len

    import koto_tui.widgets.safe  # noqa: F401 (corrects Rich's width table, as the TUI does)
    from koto_tui.text import cell_text, steady
    from tests.cells import terminal_width

    for name in ("Smith 👩\u200d👩\u200d👧 Ann", "Lee 👍🏽", "❤️ Eve", "👨\u200d⚕️", "王 小明", "น้ำใจ ศักดิ์ศรี",
                 "ጌታቸው ፀሐይ", "Ｗｉｄｅ", "Pekka 🇫🇮", *SPACING_VOWELS):
        shown = cell_text(name)
        assert cell_len(shown) == terminal_width(shown), (name, shown)
    assert [cell_text(name) for name in SPACING_VOWELS] == list(SPACING_VOWELS)  # not a letter dropped
    assert steady("می\u200cخواهم \u0915\u094d\u200d\u0937") == "می\u200cخواهم \u0915\u094d\u200d\u0937"
    assert steady("Smith 👩\u200d👧") == "Smith 👩👧" and cell_text("a\nb 👍🏽") == "a␊b 👍"


def test_terminal_widths_give_each_spacing_mark_a_cell_and_keep_the_rest() -> None:
    """Rich's range of Devanagari signs (U+093E–U+094F, no cell) split: the vowel signs ा ि ी (Mc) one
    cell, the virama and the other non-spacing signs (Mn) still none; other ranges as they were."""
    from koto_tui.text import terminal_widths

    assert terminal_widths([(0x300, 0x36F, 0), (0x93E, 0x942, 0), (0x1100, 0x115F, 2)]) == [
        (0x300, 0x36F, 0), (0x93E, 0x93E, 1), (0x93F, 0x93F, 1), (0x940, 0x940, 1), (0x941, 0x942, 0),
        (0x1100, 0x115F, 2)]
