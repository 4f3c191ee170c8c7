"""The engine tests assert on English messages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from koto_tui.i18n import language, set_language


@pytest.fixture(autouse=True)
def english_ui() -> Iterator[None]:
    """Run with English messages, restoring the previous UI language."""
    previous = language()
    set_language("en")
    yield
    set_language(previous)
