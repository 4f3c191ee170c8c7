"""The next meeting on a client: the dialog that sets it and the line the client page shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from rich.text import Text
from textual.screen import Screen

from koto_tui.i18n import _, format_short_date
from koto_tui.printing.limits import NAME_MAX
from koto_tui.screens.base import hand_over, koto
from koto_tui.screens.form_dialog import FieldSpec, FormDialog
from koto_tui.store.worklist import Meeting
from koto_tui.widgets.safe import plain


def meeting_text(meeting: Meeting | None) -> Text:
    """'Next meeting: 3.12.2026 10.00, Maaherrankatu 9, interpreter …' (user text shown literally)."""
    text = Text(_("Next meeting") + ": ", style="bold")
    if meeting is None:
        text.append(_("not set (M sets it)"))
        return text
    parts = [format_short_date(meeting.day), meeting.time, meeting.place]
    if meeting.interpreter_agency or meeting.booking_reference:
        parts.append(_("interpreter {agency} {reference}").format(
            agency=meeting.interpreter_agency, reference=meeting.booking_reference).strip())
    text.append_text(plain(", ".join(p for p in parts if p)))
    return text


def _specs(meeting: Meeting | None) -> list[FieldSpec]:
    m = meeting
    return [
        FieldSpec("day", _("Date (empty: no meeting)"), "date", default=m.day if m else None),
        FieldSpec("time", _("Time"), default=m.time if m else None),
        FieldSpec("place", _("Place or phone"), default=m.place if m else None, max_length=NAME_MAX),
        FieldSpec("agency", _("Interpreter booked: agency"), default=m.interpreter_agency if m else None,
                  max_length=NAME_MAX),
        FieldSpec("reference", _("Interpreter booking reference"),
                  default=m.booking_reference if m else None),
    ]


def meeting_from(values: dict[str, Any]) -> Meeting | None:
    """The dialog's values as a meeting; None when the date was left empty (the meeting is cleared)."""
    day = values.get("day")
    if not isinstance(day, date):
        return None
    return Meeting(day, values.get("time") or "", values.get("place") or "", values.get("agency") or "",
                   values.get("reference") or "")


def edit_meeting(screen: Screen[Any], client_id: int, current: Meeting | None,
                 done: Callable[[], object]) -> None:
    """Ask for the next meeting, store it (or clear it) in a worker and then call *done*."""
    def store(meeting: Meeting | None) -> None:
        koto(screen).require_store().worklist.set_meeting(client_id, meeting)
        hand_over(screen, done)  # (the page the meeting was set on may have closed)

    def chosen(values: dict[str, Any] | None) -> None:
        if values is not None:
            screen.run_worker(partial(store, meeting_from(values)), thread=True, group="meeting-save")

    screen.app.push_screen(FormDialog(_("Next meeting"), _specs(current)), chosen)
