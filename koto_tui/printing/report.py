"""The follow-up report as a PDF: the tables, and a bar chart of assessments and plans per month."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from koto_tui.printing.fonts import BASE_FONT, registry
from koto_tui.printing.interview import GRID, _styles, a4_template
from koto_tui.printing.page import CELL_FONT, FRAME_WIDTH
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


def _number(value: Cell, comma: bool) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        text = f"{value:.1f}"
        return text.replace(".", ",") if comma else text
    return str(value)


def _table(table: ReportTable, comma: bool) -> Table:
    styles = _styles()
    head = [text_flowables(h, styles["cell-label"]) for h in table.headers]
    body = [[text_flowables(_number(c, comma), styles["body"]) or [Paragraph("–", styles["body"])]
             for c in row] for row in table.rows]
    first = min(70 * mm, FRAME_WIDTH / 2)
    rest = (FRAME_WIDTH - first) / max(1, len(table.headers) - 1)
    grid = Table([head, *body], colWidths=[first] + [rest] * (len(table.headers) - 1), hAlign="LEFT",
                 repeatRows=1)
    grid.setStyle(TableStyle([CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID),
                              ("LINEABOVE", (0, 0), (-1, 0), 0.5, GRID),
                              ("LEFTPADDING", (0, 0), (0, -1), 0)]))
    return grid


def _chart(points: Sequence[tuple[str, int, int]], legend: tuple[str, str]) -> Drawing:
    drawing = Drawing(FRAME_WIDTH, 55 * mm)
    drawing.initialFontName = BASE_FONT  # the renderer would start in an unembedded Helvetica
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 10 * mm, 12 * mm, FRAME_WIDTH - 20 * mm, 38 * mm
    chart.data = [[p[1] for p in points], [p[2] for p in points]]
    chart.categoryAxis.categoryNames = [clean(p[0])[2:] for p in points]  # '26-11': short labels
    chart.categoryAxis.labels.fontName = BASE_FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = BASE_FONT
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = max(1, max([p[1] for p in points] + [p[2] for p in points] + [1]) // 5)
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
        story += [Spacer(1, 4 * mm), _chart(doc.chart, doc.chart_legend)]
    for table in doc.tables:
        story += [*text_flowables(table.title, styles["section"]), _table(table, doc.decimal_comma)]
    buffer = io.BytesIO()
    a4_template(buffer, doc.title).build(story)
    return buffer.getvalue()
