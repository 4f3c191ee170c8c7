"""Text fields that take at most as many characters as the printout is tested with (printing/limits.py)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from koto_tui.i18n import ngettext
from koto_tui.printing.limits import LINE_MAX
from koto_tui.widgets.fields import Field
from koto_tui.widgets.safe import notice


def too_long(limit: int) -> str:
    """The message for a text longer than *limit* characters."""
    return ngettext("At most {count} character fits here.", "At most {count} characters fit here.",
                    limit).format(count=limit)


class LimitedInput(Input):
    """An Input with a maximum length; a paste that would go over it is cut to fit, and the field says so."""

    def __init__(self, value: str | None = None, *, max_length: int = LINE_MAX, **kwargs: Any) -> None:
        super().__init__(value, max_length=max_length, **kwargs)

    def replace(self, text: str, start: int, end: int) -> None:
        """Replace start..end with *text*, or with as much of it as fits (and say that the rest did not)."""
        limit = self.max_length or 0
        kept = len(self.value) - (max(0, min(end, len(self.value))) - max(0, start))
        room = max(0, limit - kept) if limit else len(text)
        if len(text) > room:
            text = text[:room]
            self._say(too_long(limit))
        super().replace(text, start, end)

    def _say(self, message: str) -> None:
        """Show *message* at the field this input is in (or as a notification outside a field)."""
        field = next((node for node in self.ancestors if isinstance(node, Field)), None)
        if field is not None:
            field.show_error(message)
        else:
            self.notify(notice(message), severity="warning", markup=False)
