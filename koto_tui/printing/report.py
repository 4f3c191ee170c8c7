"""The follow-up report as a PDF: the tables, and a bar chart of assessments and plans per month."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from koto_tui.figures import DISCLOSURE_THRESHOLD, figure
from koto_tui.printing.fonts import BASE_FONT, registry
from koto_tui.printing.interview import GRID, _styles, a4_template
from koto_tui.printing.page import CELL_FONT, FRAME_WIDTH, PageMarks, numbered_canvas
from koto_tui.printing.text import clean, text_flowables

Cell = str | int | float | None


@dataclass(frozen=True)
class ReportTable:
    """One table: a title, headers and rows of cells (numbers are formatted by the caller's *number*)."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class ReportDocument:
    """What the report PDF shows."""

    municipality: str
    unit: str
    title: str
    period: str
    made: str
    tables: tuple[ReportTable, ...]
    chart: tuple[tuple[str, int, int], ...] = ()
    """(month, assessments, plans) for the bar chart; empty: no chart."""
    chart_legend: tuple[str, str] = ("", "")
    decimal_comma: bool = True
    disclosure_threshold: int = DISCLOSURE_THRESHOLD
    """Counts from 1 to this minus one print as "< threshold" (statistical disclosure control)."""
    lang: str = "fi"
    """The language the texts are in (the PDF's language and its metadata say it)."""


def _number(value: Cell, comma: bool, threshold: int = 0) -> str:
    """A cell's text: a dash for no value, a number through the report's one :func:`figure`."""
    if value is None:
        return "–"
    return value if isinstance(value, str) else figure(value, comma, threshold)


def _table(table: ReportTable, comma: bool, threshold: int = 0) -> Table:
    styles = _styles()
    first = min(70 * mm, FRAME_WIDTH / 2)
    rest = (FRAME_WIDTH - first) / max(1, len(table.headers) - 1)
    label = _heading_style(table.headers[1:], rest - 12)
    head = [text_flowables(h, styles["cell-label"] if index == 0 else label)
            for index, h in enumerate(table.headers)]
    body = [[_cell(c, index, comma, threshold) for index, c in enumerate(row)] for row in table.rows]
    grid = Table([head, *body], colWidths=[first] + [rest] * (len(table.headers) - 1), hAlign="LEFT",
                 repeatRows=1)
    grid.setStyle(TableStyle([CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID),
                              ("LINEABOVE", (0, 0), (-1, 0), 0.5, GRID),
                              ("LEFTPADDING", (0, 0), (0, -1), 0)]))
    return grid


def _cell(value: Cell, column: int, comma: bool, threshold: int) -> list[Flowable]:
    """A cell: a label in the first column, a number right-aligned in the others."""
    if column == 0 or isinstance(value, str):
        style = _styles()["body"]
        return text_flowables(_number(value, comma), style) or [Paragraph("–", style)]
    return [Paragraph(_number(value, comma, threshold), _number_style())]


@cache
def _number_style() -> ParagraphStyle:
    """Numbers right-aligned, so that digits line up."""
    return ParagraphStyle("koto-number", parent=_styles()["body"], alignment=TA_RIGHT)


def _heading_style(headers: Sequence[str], width: float) -> ParagraphStyle:
    """The column headings' style, smaller when a word would not fit its column (never broken mid-word)."""
    base = _styles()["cell-label"]
    words = [word for header in headers for word in clean(header).split()]
    widest = max((stringWidth(word, base.fontName, base.fontSize) for word in words), default=0.0)
    if widest <= width:
        return base
    size = max(6.0, base.fontSize * width / widest)
    return ParagraphStyle(f"koto-heading-{size:.1f}", parent=base, fontSize=size, leading=size * 1.3,
                          alignment=TA_RIGHT)


#: The height a withheld count is drawn at: a sliver above the axis, labelled "< threshold" instead.
_WITHHELD = 0.001


def chart_values(counts: Sequence[int], threshold: int) -> list[float]:
    """Counts as the chart draws them: one from 1 to *threshold* - 1 withheld, as the tables withhold it."""
    return [_WITHHELD if 0 < n < threshold else float(n) for n in counts]


def _chart(points: Sequence[tuple[str, int, int]], legend: tuple[str, str], threshold: int = 0) -> Drawing:
    drawing = Drawing(FRAME_WIDTH, 55 * mm)
    drawing.initialFontName = BASE_FONT  # the renderer would start in an unembedded Helvetica
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 10 * mm, 12 * mm, FRAME_WIDTH - 20 * mm, 38 * mm
    # statistical disclosure control: a bar of 1 in a month could point to one person, as a table cell could
    chart.data = [chart_values([p[1] for p in points], threshold),
                  chart_values([p[2] for p in points], threshold)]
    chart.barLabelFormat = lambda value: f"< {threshold}" if value == _WITHHELD else ""
    chart.barLabels.fontName, chart.barLabels.fontSize, chart.barLabels.nudge = BASE_FONT, 6, 4
    chart.categoryAxis.categoryNames = [clean(p[0])[2:] for p in points]  # '26-11': short labels
    chart.categoryAxis.labels.fontName = BASE_FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = BASE_FONT
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = max(1, int(max([*chart.data[0], *chart.data[1], 1])) // 5)
    chart.bars[0].fillColor = colors.HexColor("#4a74a8")
    chart.bars[1].fillColor = colors.HexColor("#c98a2b")
    drawing.add(chart)
    key = Legend()
    key.x, key.y, key.fontName, key.fontSize = 12 * mm, 5 * mm, BASE_FONT, 8
    key.alignment, key.columnMaximum, key.deltax = "right", 1, 60 * mm
    key.colorNamePairs = [(chart.bars[0].fillColor, clean(legend[0])), (chart.bars[1].fillColor,
                                                                         clean(legend[1]))]
    drawing.add(key)
    return drawing


def render_report(doc: ReportDocument) -> bytes:
    """The report as PDF bytes (A4)."""
    registry()
    styles = _styles()
    story: list[Flowable] = [*text_flowables(doc.municipality, styles["municipality"]),
                             *text_flowables(doc.unit, styles["unit"]),
                             *text_flowables(doc.title, styles["title"]),
                             *text_flowables(doc.period, styles["body"]),
                             *text_flowables(doc.made, styles["small"])]
    if doc.chart:
        story += [Spacer(1, 4 * mm), _chart(doc.chart, doc.chart_legend, doc.disclosure_threshold)]
    for table in doc.tables:
        story += [*text_flowables(table.title, styles["section"]),
                  _table(table, doc.decimal_comma, doc.disclosure_threshold)]
    buffer = io.BytesIO()
    a4_template(buffer, doc.title, doc.lang).build(story, canvasmaker=numbered_canvas(PageMarks(doc.title)))
    return buffer.getvalue()
