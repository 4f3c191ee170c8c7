"""The machine check of every glyph on paper, in every shipped script.

Each script's assessment and plan are printed with long unbreakable words in narrow table cells, under
labels kept with their text (a paragraph wrapped twice), and over page splits; the content streams are
then read glyph by glyph (``pdfcheck``): no empty box (.notdef), no glyph from a font that lacks the
character, no run off its line's baseline (a leftover text rise), nothing outside the text column and no
lines drawn over each other.
"""

from __future__ import annotations

import io

import pytest
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.pdfgen.canvas import Canvas

from koto_tui.printing import render_interview
from koto_tui.printing.fonts import registry
from koto_tui.printing.plan import render_plan
from tests.unit.printing.pdfcheck import glyph_defects
from tests.unit.printing.samples import FRAME, interview, plan
from tests.unit.printing.test_scripts import SCRIPTS


@pytest.mark.parametrize("key", SCRIPTS)
def test_every_glyph_of_an_assessment_is_right(key: str) -> None:
    assert glyph_defects(render_interview(interview(key)), FRAME) == []


@pytest.mark.parametrize("key", SCRIPTS)
def test_every_glyph_of_a_plan_is_right(key: str) -> None:
    assert glyph_defects(render_plan(plan(key)), FRAME) == []


def test_the_check_sees_a_leftover_rise_an_empty_box_and_a_missing_character() -> None:
    """The check itself can fail: a rise left set, a shaped word shaped again, a letter the font lacks."""
    registry()
    shaped = shapeStr("ខ្ញុំចង់រៀន", "koto-NotoSansKhmer-Regular", 10)
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    text = canvas.beginText(100, 700)
    text.setFont("koto-NotoSansKhmer-Regular", 10)
    text.textOut(shapeStr(str(shaped), "koto-NotoSansKhmer-Regular", 10))  # glyph code points shaped again
    text.setFont("koto-NotoSansThai-Regular", 10)
    text._code.append("-2 Ts")
    text.textOut("กขЖ")
    canvas.drawText(text)
    canvas.save()
    kinds = {defect.split(":")[0] for defect in glyph_defects(buffer.getvalue(), (50, 500))}
    assert kinds == {"rise", "notdef", "lacks"}
