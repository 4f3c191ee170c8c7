"""Functional tests start on the client register unless they are about the worklist (the first screen)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _start_on_register(request: pytest.FixtureRequest) -> Iterator[None]:
    """The worklist opens after unlock; tests of other screens begin on the client register as before."""
    from koto_tui.app import KotoApp

    keep = request.module.__name__.endswith("test_worklist")
    saved = KotoApp.START_WITH_WORKLIST
    KotoApp.START_WITH_WORKLIST = keep
    yield
    KotoApp.START_WITH_WORKLIST = saved
