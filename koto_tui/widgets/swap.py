"""Replacing a container's children (a section's questions, a group's entries) as one step.

The replacement is awaited by the screen after its next refresh (``call_after_refresh``: the section list is
laid out first, as before), never in a worker. Cancelling a worker while it waits for the removal cancels
the removed widgets' own tasks too (``asyncio.gather`` passes the cancellation on): they stayed half
removed, their messages never processed, and the next removal, closing the screen or quitting koto waited
for them for ever (CI under load hung 600 s in Textual's shutdown). The screen's own callbacks are never
cancelled: it closes after them.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.widget import Widget


async def replace_children(box: Widget, widgets: Sequence[Widget]) -> bool:
    """Remove *box*'s children, then mount *widgets*; False when *box* was closed meanwhile."""
    if not box.is_attached:
        return False
    await box.remove_children()  # the old ones are gone before the new ones, with the same ids, come
    await box.mount_all(widgets)
    return box.is_attached
