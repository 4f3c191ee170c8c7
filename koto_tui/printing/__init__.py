"""Headless PDF printouts: layout from models, shipped fonts for every script, private file writing.

The names below are loaded on first use, so that ``koto_tui.printing.limits`` (the field limits the screens
and the form engine enforce) can be imported without reportlab.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from koto_tui.printing.fonts import missing_characters
    from koto_tui.printing.interview import InterviewPrintout, PrintField, PrintSection, render_interview
    from koto_tui.printing.output import write_private

_HOMES = {
    "missing_characters": "fonts",
    "InterviewPrintout": "interview",
    "PrintField": "interview",
    "PrintSection": "interview",
    "render_interview": "interview",
    "write_private": "output",
}

__all__ = [
    "InterviewPrintout",
    "PrintField",
    "PrintSection",
    "missing_characters",
    "render_interview",
    "write_private",
]


def __getattr__(name: str) -> Any:
    """Load one of the package's names from its module on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
