"""The paragraph styles of every printout, and fixed texts in Finnish with the client's language beneath."""

from __future__ import annotations

from functools import cache
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from koto_tui.printing.fonts import BASE_FONT, BOLD_FONT
from koto_tui.printing.page import MUTED
from koto_tui.printing.text import text_flowables

#: A fixed text: Finnish alone, or (Finnish, the client's language or None).
Caption = str | tuple[str, str | None]


@cache
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of the printout (all shaped with harfbuzz)."""
    base = ParagraphStyle("koto-body", fontName=BASE_FONT, fontSize=10, leading=13.5, shaping=1)

    def derive(name: str, **changes: Any) -> ParagraphStyle:
        return ParagraphStyle(f"koto-{name}", parent=base, **changes)

    return {
        "body": base,
        "municipality": derive("municipality", fontName=BOLD_FONT, fontSize=11, leading=14),
        "unit": derive("unit", fontSize=9.5, leading=12.5, textColor=MUTED),
        "title": derive("title", fontName=BOLD_FONT, fontSize=15, leading=19, spaceBefore=10, spaceAfter=8),
        "cell-label": derive("cell-label", fontSize=9, leading=13.5, textColor=MUTED),
        "section": derive(
            "section",
            fontName=BOLD_FONT,
            fontSize=12,
            leading=16,
            spaceBefore=12,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "label": derive("label", fontName=BOLD_FONT, fontSize=9, leading=12, spaceBefore=5, keepWithNext=1),
        "small": derive("small", fontSize=8.5, leading=11, textColor=MUTED),
        "second-body": derive("second-body", fontSize=9, leading=12, textColor=MUTED),
    }


def caption(text: Caption, style: ParagraphStyle) -> list[Flowable]:
    """A fixed text in Finnish, with the client-language text under it in a smaller muted line."""
    first, second = (text, None) if isinstance(text, str) else text
    flowables = text_flowables(first, style)
    if second:
        flowables += text_flowables(second, _second_style(style))
    return flowables


@cache
def _second_style(style: ParagraphStyle) -> ParagraphStyle:
    """The client-language line under a fixed text: the same font family, smaller, muted, not bold."""
    return ParagraphStyle(f"{style.name}-second", parent=style, fontName=BASE_FONT,
                          fontSize=max(style.fontSize - 1.5, 7.5), leading=max(style.leading - 2, 9.5),
                          textColor=MUTED, spaceBefore=0, keepWithNext=getattr(style, "keepWithNext", 0))


