"""The follow-up report against the demo data, counted by hand; CSV for Finnish spreadsheets; the PDF."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from koto_tui.report import build_report, csv_cell, to_csv, to_pdf
from koto_tui.store import Store

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
TODAY = date(2026, 11, 27)


def rows(store: Store, table: str) -> list[tuple[object, ...]]:
    return list(build_report(store, *YEAR, TODAY).table(table).rows)


def test_assessments_and_plans_per_month(demo: Store) -> None:
    # Finalised: Коваленко and Mäkelä. Official plans: Коваленко (in force), Mäkelä (ended), Nguyễn (in
    # force); the submitted and the draft plan are not counted. Everything happened on 27.11.2026.
    months = rows(demo, "months")
    assert len(months) == 12
    assert months[10] == ("2026-11", 2, 3)
    assert sum(m[1] for m in months) == 2 and sum(m[2] for m in months) == 3  # type: ignore[misc]


def test_by_target_group_language_and_jobseeker(demo: Store) -> None:
    groups = {r[0]: (r[1], r[2]) for r in rows(demo, "groups")}
    assert groups == {"kansainvälinen suojelu": (1, 1), "muu tarve": (1, 1),
                      "kohderyhmää ei kirjattu": (0, 1)}  # the jobseeker has no target group
    languages = {r[0]: (r[1], r[2]) for r in rows(demo, "languages")}
    assert languages == {"ukraina": (1, 1), "viro": (1, 1), "vietnam": (0, 1)}
    jobseekers = {r[0]: (r[1], r[2]) for r in rows(demo, "jobseekers")}
    assert jobseekers == {"ei työnhakija": (2, 2), "rekisteröity työnhakija": (0, 1)}


def test_services_agreed_and_completed(demo: Store) -> None:
    services = {r[0]: r[1:] for r in rows(demo, "services")}
    # (agreed, planned, enrolled, ongoing, completed, interrupted), from the three official plans.
    assert services["Monikielinen yhteiskuntaorientaatio"] == (2, 0, 0, 0, 2, 0)
    assert services["Kotoutumiskoulutus (työvoiman ulkopuolella olevat)"] == (2, 1, 0, 0, 1, 0)
    assert services["Kirjasto"] == (1, 1, 0, 0, 0, 0)
    assert services["Kotoutumiskoulutus (työnhakijat)"] == (1, 0, 1, 0, 0, 0)
    assert services["Työvoimaviranomaisen palvelut työnhakijoille"] == (1, 0, 0, 1, 0, 0)
    assert len(services) == 5  # literacy training is only in the submitted plan


def test_days_between_steps(demo: Store) -> None:
    permit, plan = rows(demo, "days")
    # 18.3.2024 → 27.11.2026 is 984 days; 1.6.2025 → 27.11.2026 is 544 days.
    assert permit[1:] == (2, 764.0, 764.0, 544, 984)
    assert plan[1:] == (2, 0.0, 0.0, 0, 0)  # both plans were made the day of the assessment


def test_plans_due_for_review(demo: Store) -> None:
    # In force: Коваленко (review 1.6.2027) and Nguyễn (15.12.2026, within 30 days); Mäkelä's has ended.
    assert rows(demo, "reviews") == [("KOTO-S-2026-000003", "15.12.2026", 18)]


def test_another_period_counts_nothing(demo: Store) -> None:
    made = build_report(demo, date(2025, 1, 1), date(2025, 12, 31), TODAY)
    assert all(r[1:] == (0, 0) for r in made.table("months").rows)
    assert made.table("services").rows == ()


@pytest.mark.parametrize(("value", "cell"), [
    ("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+358 40 1", "'+358 40 1"), ("-1", "'-1"), ("@import", "'@import"),
    ("\t=x", "' =x"), (" \uff1dx", "' \uff1dx"), ("\x1b[31m", "\u241b[31m"),
    ("Kirjasto", "Kirjasto"), (-3, "-3"), (764.0, "764,0"), (2.25, "2,2"), (None, "")])
def test_csv_cells(value: object, cell: str) -> None:
    assert csv_cell(value) == cell  # type: ignore[arg-type]


def test_csv_opens_with_finnish_regional_settings(demo: Store) -> None:
    data = to_csv(build_report(demo, *YEAR, TODAY))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert ["2026-11", "< 5", "< 5"] in table  # 2 and 3: small counts hidden as on paper
    assert any(row[:3] == [row[0], "< 5", "764,0"] for row in table if row)


def test_the_pdf_has_the_tables(demo: Store, tmp_path: Path) -> None:
    data = to_pdf(build_report(demo, *YEAR, TODAY))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Kotoutumisohjelman seurantaraportti" in text
    assert "Monikielinen yhteiskuntaorientaatio" in text and "KOTO-S-2026-000003" in text
    assert "764,0" in text
    assert "Коваленко" not in text
