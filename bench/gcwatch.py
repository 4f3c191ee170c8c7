"""Python's garbage collections during a benchmark: each one's generation, objects collected and duration,
through ``gc.callbacks`` (so a stall can be told apart from a collection that happened inside it)."""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Collections:
    """The collections seen while watching: (generation, collected, milliseconds), in order."""

    seen: list[tuple[int, int, float]] = field(default_factory=list)
    garbage: int | None = None
    _started: float = 0.0

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seen.append((info["generation"], info["collected"],
                              (time.perf_counter() - self._started) * 1000))

    def __enter__(self) -> Collections:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._callback)

    def left_garbage(self) -> None:
        """Unfreeze and collect everything, as the lock does: the unreachable objects it finds (garbage the
        collector did not free meanwhile, frozen or not) are recorded."""
        gc.unfreeze()
        self.garbage = gc.collect()

    def summary(self) -> str:
        """Per generation: how many, and their median and longest duration."""
        parts = []
        for generation in (0, 1, 2):
            times = sorted(ms for gen, _n, ms in self.seen if gen == generation)
            if times:
                parts.append(f"gen{generation} {len(times)}× (median {times[len(times) // 2]:.1f}, "
                             f"max {times[-1]:.0f} ms)")
        left = "" if self.garbage is None else f"; unreachable at the end {self.garbage}"
        return "gc: " + (", ".join(parts) or "none") + left
