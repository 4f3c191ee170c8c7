"""User text for the terminal: never markup, never control characters."""

from __future__ import annotations

from rich.text import Text

from koto_tui.text import terminal_clean

__all__ = ["plain", "terminal_clean"]


def plain(value: str, style: str = "") -> Text:
    """User text as a rich Text: shown literally, `[bold]` and all."""
    return Text(terminal_clean(value), style=style)
