"""The client list's restricted mark (GDPR art. 18) with hostile names: never hidden, never forged."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from koto_tui import i18n
from koto_tui.model import ClientSummary
from koto_tui.screens.clients import _cells


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("fi")


def _name(full_name: str, restricted: bool = True) -> str:
    return _cells(ClientSummary(1, full_name, None, "", 0, 0), restricted)[0].plain


def test_the_mark_comes_before_a_name_of_the_longest_kind() -> None:
    """Family and given names of 100 characters each: a mark after them was beyond a 120-column screen."""
    assert _name("A" * 100 + " " + "B" * 100).startswith("[restricted] ")


def test_a_name_with_markup_and_a_forged_mark_stays_text() -> None:
    cells = _cells(ClientSummary(1, "Virtanen [bold]Aino[/] [restricted]", None, "", 0, 0), False)
    assert cells[0].plain == "Virtanen [bold]Aino[/] [restricted]" and not cells[0].spans
    marked = _cells(ClientSummary(1, "Virtanen [restricted]", None, "", 0, 0), True)[0]
    assert marked.plain == "[restricted] Virtanen [restricted]"
    assert [(s.start, s.end) for s in marked.spans] == [(0, len("[restricted]"))]
