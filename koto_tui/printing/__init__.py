"""Headless PDF printouts: layout from models, shipped fonts for every script, private file writing."""

from __future__ import annotations

from koto_tui.printing.fonts import missing_characters
from koto_tui.printing.interview import InterviewPrintout, PrintField, PrintSection, render_interview
from koto_tui.printing.output import write_private

__all__ = [
    "InterviewPrintout",
    "PrintField",
    "PrintSection",
    "missing_characters",
    "render_interview",
    "write_private",
]
