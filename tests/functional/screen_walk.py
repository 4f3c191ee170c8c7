"""Every screen of koto in one UI language: run by test_swedish.py as ``python -m ... LANG DATA_DIR``.

The language must be set before koto's modules are imported (bindings translate their descriptions when
their class is made), hence a process of its own per language. Prints one JSON object: each screen's name
and every text it shows (labels, buttons, placeholders, choices, table headings and cells, footer keys).
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from koto_tui import clock, i18n


def shown_texts(screen: Any, app: Any) -> list[str]:
    """The texts *screen* shows, and its keys' descriptions (the footer, F1 and the palette use them)."""
    from textual.widgets import Button, DataTable, Input, Select, Static
    from textual.widgets._footer import FooterKey
    from textual.widgets._toggle_button import ToggleButton

    from koto_tui.screens.help import user_bindings

    out = [str(binding.description) for binding, _owner in user_bindings(screen, app)]
    for widget in screen.query("*"):
        if isinstance(widget, FooterKey):
            out.append(widget.description)
        elif isinstance(widget, Button | ToggleButton):
            out.append(str(widget.label))
        elif isinstance(widget, Static):
            out.append(str(widget.render()))
        elif isinstance(widget, Input):
            out.append(widget.placeholder)
        elif isinstance(widget, Select):
            out += [str(prompt) for prompt, _value in widget._options]
        elif isinstance(widget, DataTable):
            out += [str(column.label) for column in widget.ordered_columns]
            out += [str(cell) for row in range(min(widget.row_count, 40)) for cell in widget.get_row_at(row)]
    return [text for text in out if text.strip()]


async def walk(data_dir: Path) -> dict[str, list[str]]:
    """Unlock the demo as its coordinator, open each screen in turn and read what it shows."""
    from textual.command import CommandList, CommandPalette

    from koto_tui.app import KotoApp
    from koto_tui.demo import DEMO_COORDINATOR_PASSPHRASE, demo_paths
    from koto_tui.store import DataPaths
    from tests.functional.helpers import until, workers_settled
    from tests.functional.test_lock import _cases, _unlock

    KotoApp.START_WITH_WORKLIST = False
    app = KotoApp(demo_paths(DataPaths(data_dir)), demo=True)
    found: dict[str, list[str]] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        found["UnlockScreen"] = shown_texts(app.screen, app)
        await _unlock(app, pilot, DEMO_COORDINATOR_PASSPHRASE)
        depth = len(app.screen_stack)
        for name, make in _cases().items():
            await app.push_screen(make(app, app.require_store()))
            await until(pilot, lambda n=name: type(app.screen).__name__ == n, name)  # type: ignore[misc]
            await workers_settled(pilot)
            await pilot.pause()
            found[name] = shown_texts(app.screen, app)
            app.pop_screen()
            await until(pilot, lambda: len(app.screen_stack) == depth, f"{name} closed")
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette)
                    and app.screen.query_one(CommandList).option_count > 0, "the palette")
        options = app.screen.query_one(CommandList)
        found["CommandPalette"] = [str(options.get_option_at_index(i).prompt)
                                   for i in range(options.option_count)]
        found["CommandPalette"].append(str(app.screen.query_one("CommandInput").placeholder))  # type: ignore[attr-defined]
        await pilot.press("escape")
        await workers_settled(pilot)
    return found


def main() -> None:
    """``LANG DATA_DIR``: print every screen's texts as JSON."""
    lang, data_dir = sys.argv[1], Path(sys.argv[2])
    clock.fix(datetime(2026, 11, 27, 10, 30))  # the demo's day, as in the tests
    i18n.set_language(lang)
    print(json.dumps(asyncio.run(walk(data_dir)), ensure_ascii=False))


if __name__ == "__main__":
    main()
