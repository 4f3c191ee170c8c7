"""Textual's command palette speaking the UI language: its placeholder and its 'no matches' line."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from koto_tui.i18n import _


class KotoCommandPalette(CommandPalette):
    """The palette with koto's own texts (Textual writes them in English)."""

    def __init__(self) -> None:
        super().__init__(placeholder=_("Search for an action…"), id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """As Textual's (a private hook of its palette; the lock file pins Textual), in the UI language."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text(_("No action matches"), style="not bold")), disabled=True,
                    id=self._NO_MATCHES))
            self._list_visible = bool(search_value)

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
