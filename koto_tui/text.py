"""Cleaning user text before it is stored or shown (no control characters, no terminal escapes)."""

from __future__ import annotations

import unicodedata


def terminal_clean(value: str) -> str:
    """Drop control characters (ANSI escapes, bells, NULs) but keep line breaks."""
    return "".join(ch for ch in value if ch == "\n" or unicodedata.category(ch) != "Cc")


def clean_text(text: str) -> str:
    """Strip surrounding space and every control character; tabs become spaces."""
    text = text.replace("\t", " ")
    kept = (ch for ch in text if ch == "\n" or unicodedata.category(ch) not in {"Cc", "Cs"})
    return "".join(kept).strip()


#: A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text: str) -> str:
    """A CSV cell that a spreadsheet shows as text: a leading formula character gets an apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
