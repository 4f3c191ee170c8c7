"""User text for the terminal: never markup, never control characters."""

from __future__ import annotations

import unicodedata

from rich.text import Text


def terminal_clean(value: str) -> str:
    """Drop control characters (ANSI escapes, bells, NULs) so user text cannot drive the terminal."""
    return "".join(ch for ch in value if ch == "\n" or unicodedata.category(ch) != "Cc")


def plain(value: str, style: str = "") -> Text:
    """User text as a rich Text: shown literally, `[bold]` and all."""
    return Text(terminal_clean(value), style=style)
