"""The growth table: each size-dependent figure at 1k / 10k / 100k clients and how much it grows per step."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class Growth:
    """Figures by measure (in the order first added) and database size."""

    units: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[int, float]] = field(default_factory=dict)

    def add(self, measure: str, unit: str, size: int, value: float) -> None:
        """Record *value* (in *unit*) of *measure* at *size* clients."""
        self.units.setdefault(measure, unit)
        self.values.setdefault(measure, {})[size] = value

    def rows(self, sizes: Sequence[int]) -> list[tuple[str, ...]]:
        """A header and one row per measure: its value at each size, then the growth factors step by step."""
        steps = [f"{_short(a)}→{_short(b)}" for a, b in itertools.pairwise(sizes)]
        header = ("growth", *(_short(size) for size in sizes), *(f"×{step}" for step in steps))
        table = [header]
        for measure, by_size in self.values.items():
            unit = self.units[measure]
            cells = [_value(by_size.get(size)) for size in sizes]
            factors = [_factor(by_size.get(a), by_size.get(b)) for a, b in itertools.pairwise(sizes)]
            table.append((f"{measure} ({unit})", *cells, *factors))
        return table


def _short(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def _value(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _factor(before: float | None, after: float | None) -> str:
    if before is None or after is None or before <= 0:
        return "-"
    return f"{after / before:.1f}"


def aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    """The rows as text lines with aligned columns and a rule under the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return lines
