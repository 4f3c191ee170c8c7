"""The header every screen shows: Textual's, but a title change while the screen is taken down is harmless."""

from __future__ import annotations

from textual.events import Mount
from textual.widget import Widget
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class KotoHeader(Header):
    """Textual's Header with a title update that tolerates a header whose children are gone.

    Textual 8.2.8's Header watches the app's title and subtitle and looks up its title child on each change.
    When the subtitle changes (the user's name, set at the unlock) while an old screen's header has lost its
    children but still watches, that lookup raised NoMatches and failed the app (seen in CI under load and in
    a headless bench). textual is pinned exactly in pyproject.toml; this follows that version's _on_mount.
    """

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # Textual calls each class's _on_mount up the MRO: not Header's own watchers
        Widget._on_mount(self, event)  # what the base of every widget does at mount (scrollbars)

        async def set_title() -> None:
            for title in self.query(HeaderTitle).results(HeaderTitle):  # none while the screen is taken down
                title.update(self.format_title())

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
