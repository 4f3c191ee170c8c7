"""The signature block: what is signed, then one box per signer (place and date, the line, the name).

The boxes are plain flowables in a table whose rows may split, so a signer's name of any length prints;
the block is kept on one page with the statement of what is signed. A draft (an assessment not yet
finalised, a plan not yet approved) gets no signature lines: :func:`draft_block` says it is not signed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable, _listWrapOn

from koto_tui.i18n import format_short_date
from koto_tui.printing.page import CELL_FONT, FRAME_WIDTH
from koto_tui.printing.paper import P_, Paper
from koto_tui.printing.preview import logical_texts
from koto_tui.printing.styles import Caption, caption, styles
from koto_tui.printing.text import clean, text_flowables

GAP = 12 * mm
#: The watermark and the closing note of a draft, "LUONNOS – EI ALLEKIRJOITETTAVA",
#: "UTKAST – SKA INTE UNDERTECKNAS".
DRAFT = P_("DRAFT – NOT FOR SIGNATURE")
#: What the client signs, printed above the signatures in the document language and in the client's language.
ASSESSMENT_STATEMENT = P_("I have gone through this assessment and received a copy of it.")
ASSESSMENT_WITH_INTERPRETER = P_(
    "I have gone through this assessment with an interpreter and received a copy of it.")
PLAN_STATEMENT = P_("I have gone through this plan and agree to follow it.")
PLAN_WITH_INTERPRETER = P_("I have gone through this plan with an interpreter and agree to follow it.")


def draft_lines(t: Paper) -> tuple[str, ...]:
    """The draft watermark's lines: the document language, then the client's language when translated."""
    first, second = t.both(DRAFT)
    return (first, second) if second else (first,)


def with_draft_note(story: list[Flowable], t: Paper) -> list[Flowable]:
    """*story* ending, where a final printout has its signatures, with the note that this draft is not for
    signing, kept with the story's last lines (never alone on a page, never a page more)."""
    last = max((index for index, flowable in enumerate(story) if logical_texts(flowable)), default=len(story))
    first = last
    while first > 0 and story[first - 1].getKeepWithNext():  # the labels of the last text go with it
        first -= 1
    note = [Spacer(1, 10), *caption(t.both(DRAFT), styles()["section"])]
    return [*story[:first], KeepWithEnd([*story[first:], *note], labels=last - first)]


class KeepWithEnd(KeepTogether):  # type: ignore[misc]  # reportlab is untyped
    """The last content flowable (after its *labels*) and what follows it, kept together: when all does not
    fit, the content's last lines go to the next page with the rest, the lines before them stay where they
    are, with the labels.

    The rest (the draft note) never stands alone on a page, and no page is added: the next page is the
    one the rest would have taken alone, or the one the content would have run onto anyway.
    """

    def __init__(self, flowables: list[Flowable], labels: int = 0) -> None:
        super().__init__(flowables)
        self._labels = labels

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        """reportlab's wrap (which forces a split), with the real height of what is kept together inside."""
        width, forced = super().wrap(aW, aH)
        self._H = _listWrapOn(_unpacked(self._content), aW, self.canv)[1]
        return width, forced

    def split(self, aW: float, aH: float) -> list[Flowable]:
        """Everything when it fits; else the labels and the content's head here and its tail with the rest."""
        labels, (content, *rest) = self._content[: self._labels], self._content[self._labels :]
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if aH + 1e-6 >= self._H:
            return _unpacked(self._content)
        room = aH - (_listWrapOn(_unpacked(labels), aW, self.canv)[1] if labels else 0.0)
        height = _listWrapOn(_unpacked([content]), aW, self.canv)[1]
        whole = isinstance(content, KeepTogether) or room <= 0  # kept together itself: moved whole
        parts = [] if whole else content.split(aW, min(room, height - 1e-3))
        if len(parts) != 2 or not logical_texts(parts[0]) or not logical_texts(parts[1]):
            return list(super().split(aW, aH))
        return [*labels, parts[0], KeepTogether([parts[1], *rest])]


def _unpacked(flowables: Sequence[Flowable]) -> list[Flowable]:
    """*flowables* with the content of each KeepTogether in its place (a KeepTogether wraps to a huge height
    to force a split, so its real height is that of its content)."""
    result: list[Flowable] = []
    for flowable in flowables:
        content = flowable._content if isinstance(flowable, KeepTogether) else None
        result += _unpacked(content) if content is not None else [flowable]
    return result


#: How much of the end of the content stays with the signatures: a few short lines, never a page of text.
KEEP_FLOWABLES = 3
KEEP_CHARACTERS = 400


def split_tail(story: list[Flowable]) -> tuple[list[Flowable], list[Flowable]]:
    """(the content, its last short lines) so that the signatures are never alone on a page.

    Takes up to three trailing flowables with text (a label and its answer, the approval table), as long
    as they hold no more than a few lines, so that the block kept together always fits on a page.
    """
    kept: list[Flowable] = []
    size = 0
    for flowable in reversed(story):
        texts = logical_texts(flowable)
        size += sum(len(text) for text in texts)
        if len(kept) == KEEP_FLOWABLES or size > KEEP_CHARACTERS:
            break
        kept.insert(0, flowable)
    return story[: len(story) - len(kept)], kept


def signature_block(signers: Sequence[tuple[Caption, str]], place: str, day: date, t: Paper,
                    statement: str, keep: Sequence[Flowable] = ()) -> Flowable:
    """Signature boxes two per row under a heading and the *statement* (a msgid) of what is signed, kept on
    one page together with *keep* (the last lines of the content, so the signatures never stand alone)."""
    place_date = f"{clean(place).strip()}, {format_short_date(day, t.primary)}"
    width = (FRAME_WIDTH - GAP) / 2
    blocks: list[list[Flowable] | str] = [_box(role, who, place_date, width, t) for role, who in signers]
    if len(blocks) % 2:
        blocks.append("")
    grid = Table([blocks[index : index + 2] for index in range(0, len(blocks), 2)],
                 colWidths=[width + GAP, width], hAlign="LEFT", splitInRow=1)
    grid.setStyle(TableStyle([
        CELL_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), GAP),  # right-aligned (Arabic) text ends at the signing line
        ("TOPPADDING", (0, 1), (-1, -1), 16),
    ]))
    heading = caption(t.both(P_("Signatures")), styles()["section"])
    said = caption(t.both(statement), styles()["body"])
    return KeepTogether([*keep, Spacer(1, 6), *heading, *said, Spacer(1, 8), grid])


def _box(role: Caption, name: str, place_date: str, width: float, t: Paper) -> list[Flowable]:
    """One signer: place and date pre-filled on a line, space to sign, then role and printed name."""
    s = styles()
    return [
        *caption(t.both(P_("Place and date")), s["small"]),
        *text_flowables(place_date, s["body"]),
        _rule(width),
        Spacer(1, 26),
        _rule(width),
        *caption(t.both(P_("Signature and name in block letters")), s["small"]),
        *caption(role, s["label"]),
        *text_flowables(name, s["body"]),
    ]


def _rule(width: float) -> Flowable:
    """The line to write on."""
    return HRFlowable(width=width, thickness=0.6, color=colors.black, spaceBefore=1, spaceAfter=2,
                      hAlign="LEFT")
