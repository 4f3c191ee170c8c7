"""The report's small counts are hidden the same way in the PDF and in the CSV (one function, one setting)."""

from __future__ import annotations

import csv
import io
from datetime import date

from pypdf import PdfReader

from koto_tui.figures import DISCLOSURE_THRESHOLD, figure
from koto_tui.report import FollowUpReport, Table, to_csv, to_pdf

ROWS = (("2026-10", 3, 0), ("2026-11", 5, 37), ("2026-12", 1, 4))


def report(**changes: object) -> FollowUpReport:
    """A report whose months table has counts below, at and above the threshold."""
    months = Table("months", "Kuukaudet", ("Kuukausi", "Arvioinnit", "Suunnitelmat"), ROWS)
    values: dict[str, object] = dict(start=date(2026, 1, 1), end=date(2026, 12, 31),
                                     made_on=date(2026, 12, 3), municipality="Mikkeli", unit="Koto",
                                     tables=(months,))
    values.update(changes)
    return FollowUpReport(**values)  # type: ignore[arg-type]


def csv_rows(made: FollowUpReport) -> list[list[str]]:
    """The CSV's rows."""
    return list(csv.reader(io.StringIO(to_csv(made).decode("utf-8-sig")), delimiter=";"))


def pdf_text(made: FollowUpReport) -> str:
    """The PDF's text."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(to_pdf(made))).pages)
    return " ".join(text.split())


def test_counts_below_the_threshold_read_less_than_five_in_the_csv_and_the_pdf() -> None:
    made = report()
    rows = csv_rows(made)
    assert ["2026-10", "< 5", "0"] in rows
    assert ["2026-11", "5", "37"] in rows
    assert ["2026-12", "< 5", "< 5"] in rows
    text = pdf_text(made)
    assert text.count("< 5") == 3 * 2  # in the table, and over the chart's withheld bars
    assert "2026-10 < 5 0" in text and "2026-11 5 37" in text


def test_the_threshold_is_one_setting_for_both() -> None:
    made = report(disclosure_threshold=10)
    assert ["2026-11", "< 10", "37"] in csv_rows(made)
    assert pdf_text(made).count("< 10") == 4 * 2  # the table and the chart


def test_one_function_formats_every_figure() -> None:
    assert DISCLOSURE_THRESHOLD == 5
    assert [figure(n, True) for n in (0, 1, 4, 5, 6)] == ["0", "< 5", "< 5", "5", "6"]
    assert figure(2.25, True) == "2,2" and figure(12.5, False) == "12.5" and figure(-3, True) == "-3"


def test_the_chart_withholds_small_counts_as_the_tables_do() -> None:
    """A bar of 1 in a month drew what the table beside it hides as "< 5"."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart

    from koto_tui.printing.report import _chart

    drawing = _chart([(month, a, p) for month, a, p in ROWS], ("Arvioinnit", "Suunnitelmat"),
                     DISCLOSURE_THRESHOLD)
    chart = next(c for c in drawing.contents if isinstance(c, VerticalBarChart))
    drawn = [v for series in chart.data for v in series]
    assert not [v for v in drawn if 1 <= v < DISCLOSURE_THRESHOLD]  # no bar tells a count under five
    assert 5.0 in drawn and 37.0 in drawn and 0.0 in drawn  # counts at or over it, and zero, as they are
    labels = [chart.barLabelFormat(v) for v in drawn]
    assert labels.count(f"< {DISCLOSURE_THRESHOLD}") == 3  # 3, 1 and 4 are said to be under five
