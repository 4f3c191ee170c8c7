"""Report figures as text, the same on paper and in the CSV: small counts hidden, one decimal (headless)."""

from __future__ import annotations

#: Counts below this could identify a person: 1 to 4 print as "< 5" (0 and larger counts as they are).
DISCLOSURE_THRESHOLD = 5


def figure(value: int | float, comma: bool, threshold: int = DISCLOSURE_THRESHOLD) -> str:
    """A figure as shown: a count from 1 to *threshold* - 1 as "< threshold" (disclosure control)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < threshold:
        return f"< {threshold}"
    if isinstance(value, float):
        text = f"{value:.1f}"
        return text.replace(".", ",") if comma else text
    return str(value)
