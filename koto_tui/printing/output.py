"""Writing a printout to disk: atomically and readable by the owner only (see koto_tui.files)."""

from __future__ import annotations

from koto_tui.files import write_private

__all__ = ["write_private"]
