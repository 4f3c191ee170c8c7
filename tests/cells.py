"""How a terminal counts cells, for tests that check what Rich lays out against what a terminal shows."""

from __future__ import annotations

import unicodedata


def terminal_width(text: str) -> int:
    """The cells a terminal gives *text* (glibc's wcwidth, as tmux, xterm and VTE count): non-spacing and
    enclosing marks and format characters none, East Asian wide and full-width characters two, the rest one
    (spacing vowel signs, category Mc, too: tmux 3.3a drew "कि" in two cells)."""
    return sum(0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else
               2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)
