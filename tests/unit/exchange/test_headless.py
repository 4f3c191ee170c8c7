"""The export, import and report code never imports textual (it runs from the command line too)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.unit.test_architecture import _CHECK


@pytest.mark.parametrize("module", ["koto_tui.exchange", "koto_tui.report", "koto_tui.demo_plans"])
def test_no_textual(module: str) -> None:
    done = subprocess.run([sys.executable, "-c", _CHECK, module], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "[]"
