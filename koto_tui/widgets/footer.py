"""The footer of every screen: the keys that fit whole in one row, the palette's key always on the right."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.geometry import Size
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from koto_tui.i18n import _


class KotoFooter(Footer):
    """Textual's footer, leaving out the keys that do not fit whole instead of cutting one in the middle.

    At 80 columns a screen has more keys than fit; the palette (Ctrl+P, shown on the right) and F1 list
    every key of the screen, so nothing is lost with the keys left out here.
    """

    #: False while the keys are being built again (tests wait for the footer to settle).
    keys_fitted = False

    def compose(self) -> ComposeResult:
        """Textual's keys, each description translated now: bindings hold English msgids (``N_``), so a
        change of language shows in the footer at its next recompose (the footer text is never frozen)."""
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description)
                if isinstance(widget.tooltip, str) and widget.tooltip:
                    widget.tooltip = _(widget.tooltip)
            yield widget

    async def recompose(self) -> None:
        """Build the keys again (the bindings changed), then keep those that fit."""
        self.keys_fitted = False
        await super().recompose()
        self.fit_keys()
        self.keys_fitted = True

    def on_resize(self, _event: events.Resize) -> None:
        """A new width: another set of keys fits."""
        self.fit_keys()

    def fit_keys(self) -> None:
        """Show the keys in order while they fit beside the palette's key; hide the rest."""
        keys = list(self.query_children(FooterKey))
        palette = [key for key in keys if key.has_class("-command-palette")]
        room = self.size.width - sum(_width(key) for key in palette)
        for key in keys:
            if key in palette:
                continue
            width = _width(key)
            key.display = width <= room
            room = room - width if key.display else 0  # keep the order: nothing after a key left out


def _width(key: FooterKey) -> int:
    """The columns *key* takes in the row: its text, padding, border and margins."""
    styles = key.styles
    return key.get_content_width(Size(0, 0), Size(0, 0)) + styles.gutter.width + styles.margin.width
