"""The worklist as drawn: columns that line up in a terminal whatever script a name is in, and the rule's
short citation in the UI language."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from koto_tui import i18n
from koto_tui.app import KotoApp
from koto_tui.model import ClientData
from koto_tui.screens.worklist import WorklistScreen, short_citation
from tests.cells import terminal_width
from tests.functional.helpers import seeded, unlock, until, workers_settled

#: Names whose width Rich and a terminal may count differently: Thai with stacked vowels and tone marks,
#: Amharic, CJK and full-width Latin (two cells each), emoji joined, with a skin tone and as emoji, and
#: spacing vowel signs (Hindi, Bengali, Khmer: a cell each in a terminal, none in Rich's own table).
NAMES = (
    ClientData("शर्मा", "प्रिया", None),
    ClientData("দাস", "সুমিতা", None),
    ClientData("ចាន់", "សុខា", None),
    ClientData("Virtanen", "Aino", None),
    ClientData("น้ำใจ", "ศักดิ์ศรี", None),
    ClientData("ጌታቸው", "ፀሐይ", None),
    ClientData("王", "小明", None),
    ClientData("Ｗｉｄｅ", "ｎａｍｅ", None),
    ClientData("Smith", "👩\u200d👩\u200d👧 Ann", None),
    ClientData("Lee", "👍🏽 Min", None),
    ClientData("Heart", "❤️ Eve", None),
    ClientData("[rajoitettu]", "Anna", None),  # the restriction mark's text: a name like any other
)


def _lines(screen: WorklistScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [table.render_line(y).text for y in range(table.size.height)]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
async def test_every_rows_columns_start_in_the_same_terminal_cell(tmp_path: Path, lang: str) -> None:
    """The column after the client's name begins in one cell on every row, as a terminal counts cells (a
    family emoji took 6 cells in the terminal and 2 in Rich's count: its row was pushed 4 cells right)."""
    i18n.set_language(lang)
    paths, _ids = seeded(tmp_path / "data", *NAMES)
    app = KotoApp(paths)
    async with app.run_test(size=(120, 30)) as pilot:
        await unlock(pilot)
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, WorklistScreen) and app.screen.worklist is not None
                    and len(app.screen.worklist.rows) == len(NAMES), "the worklist")
        screen = app.screen
        assert isinstance(screen, WorklistScreen)
        first = screen.worklist.rows[0]  # type: ignore[union-attr]
        what, rule = first.item.what[:8], short_citation(first)
        rows = [line for line in _lines(screen) if what in line]
        assert len(rows) == len(NAMES), rows
        assert all(rule in line for line in rows), rows
        columns = {(terminal_width(line[:line.index(what)]), terminal_width(line[:line.index(rule)]))
                   for line in rows}
        assert len(columns) == 1, [(terminal_width(line[:line.index(what)]), line) for line in rows]
        # A restricted client is never on the worklist (GDPR art. 18): a name is only ever a name here.
        table = screen.query_one(DataTable)
        assert [str(key.value) for key in table.columns] == ["due", "client", "what", "rule"]
        assert any("[rajoitettu] Anna" in line for line in rows)
        await workers_settled(pilot)


@pytest.mark.parametrize(("lang", "expected"), [("fi", "KotoL 14 §"), ("sv", "681/2023 14 §"),
                                                ("en", "KotoL § 14")])
def test_the_rule_column_cites_the_section_short_in_each_language(lang: str, expected: str) -> None:
    """Swedish lost the act ('lag 14 §') when the short form was cut out of the full one."""
    from datetime import date

    from koto_tui.rules.due import Due, Kind, Target
    from koto_tui.rules.law import SECTION_14
    from koto_tui.store.worklist import ClientLine
    from koto_tui.worklist import Group, Row

    i18n.set_language(lang)
    item = Due(Kind.WINDOW_CLOSING, 1, date(2026, 12, 1), "", "", SECTION_14, Target.CLIENT, 1, None)
    assert short_citation(Row(item, ClientLine(1, "", ""), Group.LATER)) == expected


async def test_the_client_lists_columns_start_in_the_same_terminal_cell(tmp_path: Path) -> None:
    """In the client register too, the birth date begins in one terminal cell on every row, at 80 columns:
    a Hindi name's spacing vowels pushed its row's later columns right (three cells for 'शर्मा प्रिया')."""
    from dataclasses import replace
    from datetime import date

    from koto_tui.screens.clients import ClientsScreen

    people = [replace(client, birth_date=date(1990, 1, 2)) for client in NAMES]
    paths, _ids = seeded(tmp_path / "data", *people)
    app = KotoApp(paths)
    async with app.run_test(size=(80, 30)) as pilot:
        await unlock(pilot)
        screen = app.screen
        assert isinstance(screen, ClientsScreen)
        table = screen.query_one("#client-table", DataTable)
        await until(pilot, lambda: table.row_count == len(NAMES), "the list")
        await pilot.pause()
        rows = [line for line in (table.render_line(y).text for y in range(table.size.height))
                if "2.1.1990" in line]
        assert len(rows) == len(NAMES), rows
        starts = {terminal_width(line[:line.index("2.1.1990")]) for line in rows}
        assert len(starts) == 1, rows
        await workers_settled(pilot)

