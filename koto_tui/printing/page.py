"""What is drawn on every page around the text frame: the document header (municipality, document type,
client, date, the confidentiality marking with its legal basis, "sivu 1 (4)"), the footer with the
document id, the copy marker and the diagonal draft watermark.

These fixed texts hold the client's language too (``KOPIO / tulostettu … / สำเนา …``), so they are drawn
through the same path as body text (``text.line_flowable``: one font per word with fallback, harfbuzz
shaping, bidi word order), never with ``canvas.drawString`` and one font.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, SimpleDocTemplate

from koto_tui.printing import metadata
from koto_tui.printing.fonts import BASE_FONT, BOLD_FONT
from koto_tui.printing.text import clean, line_flowable

MARGIN = 20 * mm
#: The top margin leaves room for the three header lines and the copy marker.
TOP_MARGIN = 30 * mm
HEADER_ROWS = (11 * mm, 15 * mm, 19 * mm)  # from the top of the page: the bottoms of the header lines
FRAME_WIDTH = A4[0] - 2 * MARGIN
MUTED = colors.HexColor("#555555")
#: The draft watermark: grey and see-through, so the text under it stays readable.
WATERMARK = colors.Color(0.55, 0.55, 0.55, alpha=0.35)
LRM = "\u200e"  # LEFT-TO-RIGHT MARK: sets a line's base direction without a glyph
#: Every table's own font (it draws no text, but reportlab would reference an unembedded Helvetica).
CELL_FONT = ("FONTNAME", (0, 0), (-1, -1), BASE_FONT)
WATERMARK_ANGLE = 55  # degrees: about the A4 diagonal
WATERMARK_WIDTH = 560
FIRST_LINES = 2  # a label (heading) kept with the text after it goes with at least this many of its lines


class KotoCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    """A canvas whose initial font is a shipped, embedded one: no unembedded Helvetica is referenced."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["initialFontName"] = kwargs.get("initialFontName") or BASE_FONT
        super().__init__(*args, **kwargs)


class A4Document(SimpleDocTemplate):  # type: ignore[misc]  # reportlab is untyped
    """The A4 page of every printout: its frame has no padding, so tables are exactly the text column wide."""

    def build(self, flowables: list[Flowable], canvasmaker: type[Canvas] = KotoCanvas) -> None:
        """Lay out *flowables* on pages with one unpadded frame."""
        self._calc()
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="normal",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id=name, frames=frame, pagesize=self.pagesize)
                               for name in ("First", "Later")])
        BaseDocTemplate.build(self, flowables, canvasmaker=canvasmaker)

    def handle_keepWithNext(self, flowables: list[Flowable]) -> None:
        """reportlab's grouping of a label (keepWithNext) with the flowable after it, as ``KeepWithStart``."""
        first = flowables[0] if flowables else None
        super().handle_keepWithNext(flowables)
        if flowables and flowables[0] is not first and type(flowables[0]) is KeepTogether:
            flowables[0] = KeepWithStart(flowables[0]._content)

    def beforeDocument(self) -> None:
        """Write the archiving metadata (XMP, the real creation date) before the first page."""
        metadata.stamp(self.canv._doc, self.title, self.lang or "fi")


class KeepWithStart(KeepTogether):  # type: ignore[misc]  # reportlab is untyped
    """Labels kept with the text after them: when the text does not fit, the labels go with its first lines
    where there is room for them, not to the next page with all of it (leaving the page before half blank)."""

    def split(self, aW: float, aH: float) -> list[Flowable]:
        """The labels and the text split where the room ends, else reportlab's KeepTogether split."""
        *labels, text = self._content
        used = sum(label.wrap(aW, aH)[1] + label.getSpaceBefore() + label.getSpaceAfter() for label in labels)
        room = aH - used - text.getSpaceBefore()
        lines = FIRST_LINES * float(getattr(getattr(text, "style", None), "leading", 0) or 0)
        parts = text.split(aW, room) if labels and lines and room >= lines else []
        if len(parts) == 2 and parts[0].wrap(aW, room)[1] >= lines - 1e-6:
            return [*labels, *parts]
        return list(super().split(aW, aH))


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


@lru_cache(maxsize=256)
def one_line(text: str, style: ParagraphStyle, width: float) -> str:
    """*text* as it fits on one line of *width*: cut with "…" when longer (for running headers only)."""
    text = clean(text).replace("\n", " ").strip()
    if _height(text, style, width) <= style.leading * 1.01:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if _height(text[:middle] + "…", style, width) <= style.leading * 1.01:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def _height(text: str, style: ParagraphStyle, width: float) -> float:
    return float(line_flowable(text, style).wrap(width, A4[1])[1])


@dataclass(frozen=True)
class Header:
    """The running header of a municipal document: who, what and when on the left, the secrecy marking,
    its legal basis and the page on the right."""

    municipality: str
    document: str
    client: str
    day: str
    confidential: str
    """"SALASSA PIDETTÄVÄ", with the client's language after a slash."""
    basis: str
    """The legal basis of the marking (from the municipality's data), or empty."""
    page_label: str
    """"sivu {page} ({pages})"."""

    def draw(self, canvas: Canvas, number: int, total: int) -> None:
        """Draw the header of page *number* of *total*."""
        left_width = right_width = FRAME_WIDTH * 0.49
        right_x = MARGIN + FRAME_WIDTH - right_width
        right = (self.confidential, self.basis, self.page_label.format(page=number, pages=total))
        for row, second in enumerate(right):
            y = A4[1] - HEADER_ROWS[row]
            style = page_style(f"header-{row}", bold=row == 0, size=8, color=colors.black)
            draw_text(canvas, self._left(row, style, left_width), style, MARGIN, y, left_width)
            style = page_style(f"header-right-{row}", bold=row == 0, size=8, align=TA_RIGHT,
                               color=colors.black)
            draw_text(canvas, one_line(second, style, right_width), style, right_x, y, right_width)


    def _left(self, row: int, style: ParagraphStyle, width: float) -> str:
        """The left column's line *row*: a long name is cut, the date always shows.

        A left-to-right mark comes first, so that the line stays left-aligned when a name is in Arabic.
        """
        if row < 2:
            return LRM + one_line((self.municipality, self.document)[row], style, width)
        if not self.client:
            return self.day
        day = f" · {self.day}"
        room = width - stringWidth(day, style.fontName, style.fontSize) - 3 * style.fontSize
        # LRM before the date too: after an Arabic name it would join the name's run and move left.
        return one_line(LRM + one_line(self.client, style, room) + LRM + day, style, width)


@dataclass(frozen=True)
class PageMarks:
    """The texts drawn on every page: identifiers and page numbers at the foot, the copy marker on top,
    and across the page the draft watermark (its lines: the document language, then the client's)."""

    ids: str
    copy_marker: str | None = None
    watermark: tuple[str, ...] = ()
    header: Header | None = None

    def draw(self, canvas: Canvas, number: int, total: int) -> None:
        """Draw the marks of page *number* of *total*."""
        width, height = A4
        canvas.saveState()
        style = page_style("ids")
        draw_text(canvas, one_line(self.ids, style, FRAME_WIDTH - 20 * mm), style, MARGIN, 9 * mm,
                  FRAME_WIDTH - 20 * mm)
        if self.header is None:
            draw_text(canvas, f"{number}/{total}", page_style("number", align=TA_RIGHT),
                      width - MARGIN - 20 * mm, 9 * mm, 20 * mm)
        if self.header is not None:
            self.header.draw(canvas, number, total)
        if self.copy_marker:
            style = page_style("copy", bold=True, size=9, align=TA_RIGHT, color=colors.black)
            draw_text(canvas, one_line(self.copy_marker, style, FRAME_WIDTH), style, MARGIN, height - 25 * mm)
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

    class _NumberedCanvas(KotoCanvas):
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
