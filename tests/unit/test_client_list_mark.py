"""The client list's restricted mark (GDPR art. 18) with hostile names: never hidden, never forged."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rich.text import Text

from koto_tui import i18n
from koto_tui.model import ClientSummary
from koto_tui.screens.clients import _cells


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("fi")


def _cells_of(full_name: str, restricted: bool | None) -> list[str]:
    return [str(c) for c in _cells(ClientSummary(1, full_name, None, "", 0, 0), restricted)]


def test_the_mark_comes_before_a_name_of_the_longest_kind() -> None:
    """Family and given names of 100 characters each: a mark after them was beyond a 120-column screen."""
    assert _cells_of("A" * 100 + " " + "B" * 100, True)[0] == "restricted"


def test_a_name_with_markup_and_a_forged_mark_stays_text() -> None:
    cells = _cells(ClientSummary(1, "Virtanen [bold]Aino[/] [restricted]", None, "", 0, 0), False)
    assert cells[0] == "" and isinstance(cells[1], Text)
    assert cells[1].plain == "Virtanen [bold]Aino[/] [restricted]" and not cells[1].spans


@pytest.mark.parametrize("name", ["[restricted] Anna", "restricted Anna", "Anna [restricted]", "restricted"])
def test_a_name_holding_the_marks_text_is_not_shown_as_restricted(name: str) -> None:
    """The mark differed from a name only by being bold ('[restricted] Anna' looked restricted): now it has
    a column of its own, which no name reaches, and the name's column holds the name alone."""
    assert _cells_of(name, False)[:2] == ["", name]
    assert _cells_of(name, True)[:2] == ["restricted", name]
    assert _cells_of(name, None)[0] == name  # restricted clients not listed: no mark column at all
