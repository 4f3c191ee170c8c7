"""How a table's columns share its width (koto_tui.widgets.fit.shared_widths)."""

from __future__ import annotations

from koto_tui.widgets.fit import shared_widths


def test_columns_that_fit_keep_their_content_width() -> None:
    assert shared_widths([10, 20, 5], [3, 6, 4], 40) == [10, 20, 5]


def test_short_columns_stay_whole_and_the_long_ones_share_the_rest() -> None:
    """The worklist at 80 columns: the date and the citation whole, the client and what is due cut alike."""
    widths = shared_widths([12, 30, 70, 10], [4, 6, 11, 7], 68)
    assert sum(widths) == 68
    assert widths[0] == 12 and widths[3] == 10
    assert widths[1] < 30 and widths[2] < 70
    assert abs((widths[1] - 6) - (widths[2] - 11)) <= 1  # the same cells each beyond its header


def test_no_column_is_narrower_than_its_header() -> None:
    floors = [4, 13, 17, 9]
    widths = shared_widths([40, 60, 80, 50], floors, 50)
    assert all(width >= floor for width, floor in zip(widths, floors, strict=True))
    assert sum(widths) == 50


def test_headers_wider_than_the_room_keep_their_width() -> None:
    """Nothing is cut below its header: the table then scrolls sideways."""
    assert shared_widths([20, 20], [15, 15], 20) == [15, 15]
