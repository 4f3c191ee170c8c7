"""What is drawn on every page around the text frame: the footer, the page number, the copy marker and
the diagonal draft watermark.

These fixed texts hold the client's language too (``KOPIO / tulostettu … / สำเนา …``), so they are drawn
through the same path as body text (``text.line_flowable``: one font per word with fallback, harfbuzz
shaping, bidi word order), never with ``canvas.drawString`` and one font.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, SimpleDocTemplate

from koto_tui.printing.fonts import BASE_FONT, BOLD_FONT
from koto_tui.printing.text import clean, line_flowable

MARGIN = 20 * mm
FRAME_WIDTH = A4[0] - 2 * MARGIN
MUTED = colors.HexColor("#555555")
#: The draft watermark: grey and see-through, so the text under it stays readable.
WATERMARK = colors.Color(0.55, 0.55, 0.55, alpha=0.35)
WATERMARK_ANGLE = 55  # degrees: about the A4 diagonal
WATERMARK_WIDTH = 560


class A4Document(SimpleDocTemplate):  # type: ignore[misc]  # reportlab is untyped
    """The A4 page of every printout: its frame has no padding, so tables are exactly the text column wide."""

    def build(self, flowables: list[Flowable], canvasmaker: type[Canvas] = Canvas) -> None:
        """Lay out *flowables* on pages with one unpadded frame."""
        self._calc()
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="normal",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id=name, frames=frame, pagesize=self.pagesize)
                               for name in ("First", "Later")])
        BaseDocTemplate.build(self, flowables, canvasmaker=canvasmaker)


@cache
def page_style(name: str, bold: bool = False, size: float = 8, align: int = TA_LEFT,
               color: Any = MUTED) -> ParagraphStyle:
    """A one-line style for the page's own texts (shaped like the body text)."""
    return ParagraphStyle(f"koto-page-{name}", fontName=BOLD_FONT if bold else BASE_FONT, fontSize=size,
                          leading=size * 1.25, textColor=color, shaping=1, alignment=align)


def draw_text(canvas: Canvas, text: str, style: ParagraphStyle, x: float, y: float,
              width: float = FRAME_WIDTH) -> float:
    """Draw one line of text with its bottom at *y* in a box *width* wide from *x*; return its height.

    Newlines become spaces; a text wider than the box wraps onto more lines upwards.
    """
    flowable = line_flowable(clean(text).replace("\n", " "), style)
    _, height = flowable.wrap(width, A4[1])
    flowable.drawOn(canvas, x, y)
    return float(height)


@dataclass(frozen=True)
class PageMarks:
    """The texts drawn on every page: identifiers and page numbers at the foot, the copy marker on top,
    and across the page the draft watermark (its lines: Finnish, then the client's language)."""

    ids: str
    copy_marker: str | None = None
    watermark: tuple[str, ...] = ()

    def draw(self, canvas: Canvas, number: int, total: int) -> None:
        """Draw the marks of page *number* of *total*."""
        width, height = A4
        canvas.saveState()
        draw_text(canvas, self.ids, page_style("ids"), MARGIN, 9 * mm, FRAME_WIDTH - 20 * mm)
        draw_text(canvas, f"{number}/{total}", page_style("number", align=TA_RIGHT),
                  width - MARGIN - 20 * mm, 9 * mm, 20 * mm)
        if self.copy_marker:
            style = page_style("copy", bold=True, size=9, align=TA_RIGHT, color=colors.black)
            draw_text(canvas, self.copy_marker, style, MARGIN, height - 13 * mm)
        canvas.restoreState()
        if self.watermark:
            draw_watermark(canvas, self.watermark)


def draw_watermark(canvas: Canvas, lines: tuple[str, ...]) -> None:
    """The lines centred on the page's diagonal, large, grey and see-through."""
    canvas.saveState()
    canvas.translate(A4[0] / 2, A4[1] / 2)
    canvas.rotate(WATERMARK_ANGLE)
    y = 0.0
    for index, line in enumerate(lines):
        style = page_style(f"watermark-{index}", bold=index == 0, size=24 if index == 0 else 17,
                           align=TA_CENTER, color=WATERMARK)
        y -= draw_text(canvas, line, style, -WATERMARK_WIDTH / 2, y, WATERMARK_WIDTH)
    canvas.restoreState()


def numbered_canvas(marks: PageMarks) -> type[Canvas]:
    """A canvas class that holds pages back until the end so that each page's marks know the page total."""

    class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for number, state in enumerate(self._held_pages, start=1):
                self.__dict__.update(state)
                marks.draw(self, number, total)
                super().showPage()
            super().save()

    return _NumberedCanvas
