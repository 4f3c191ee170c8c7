"""Start-up: process start to the first painted unlock screen of koto vs a bare Textual app, in tmux."""

from __future__ import annotations

import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KOTO = ROOT / ".venv" / "bin" / "koto"
MARKER = "Avaa tietokanta"
RUNS = 7
TIMEOUT_S = 10.0
POLL_S = 0.005
TARGET_RATIO = 1.3
SOCKET = "kotobench"

BARE_APP = f"""\
from textual.app import App, ComposeResult
from textual.widgets import Label


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Label({MARKER!r})


Bare().run()
"""


class NotMeasured(Exception):
    """Start-up could not be measured (the reason is the message)."""


@dataclass(frozen=True)
class StartupResult:
    """Median seconds to the first painted marker, or why it was not measured."""

    koto_s: float | None = None
    bare_s: float | None = None
    reason: str = ""

    @property
    def ratio(self) -> float | None:
        if self.koto_s is None or self.bare_s is None:
            return None
        return self.koto_s / self.bare_s

    @property
    def met(self) -> bool | None:
        ratio = self.ratio
        return None if ratio is None else ratio <= TARGET_RATIO


def _tmux(*args: str) -> subprocess.CompletedProcess[str]:
    tmux = shutil.which("tmux") or "tmux"
    return subprocess.run([tmux, "-L", SOCKET, *args], capture_output=True, text=True, check=False)


def time_to_marker(command: str, name: str) -> float:
    """Seconds from just before `new-session` until MARKER is on the pane; NotMeasured on timeout."""
    started = time.perf_counter()
    made = _tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40", command)
    if made.returncode != 0:  # a tmux server still shutting down from the previous run: once more
        time.sleep(0.3)
        started = time.perf_counter()
        made = _tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40", command)
    try:
        if made.returncode != 0:
            raise NotMeasured(f"tmux new-session failed: {made.stderr.strip()}")
        while True:
            pane = _tmux("capture-pane", "-p", "-t", name)
            elapsed = time.perf_counter() - started
            if MARKER in pane.stdout:
                return elapsed
            if pane.returncode != 0:
                raise NotMeasured(f"{name} exited before showing {MARKER!r} (run it by hand to see why)")
            if elapsed > TIMEOUT_S:
                text = "".join(" " if "\u2500" <= ch <= "\u257f" else ch for ch in pane.stdout)
                last = " | ".join(line.strip() for line in text.splitlines() if line.strip())[:120]
                raise NotMeasured(f"marker not shown within {TIMEOUT_S:.0f} s ({name}; pane: {last!r})")
            time.sleep(POLL_S)
    finally:
        _tmux("kill-session", "-t", name)


def _init_data_dir(root: Path) -> None:
    from koto_tui.model import Profile
    from koto_tui.store import DataPaths, Store

    profile = Profile("Bench", "ohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli")
    Store.create(DataPaths(root), profile, "bench-passphrase").close()


def run(runs: int = RUNS) -> StartupResult:
    """Alternate koto and the bare app *runs* times each; the first of each is a warm-up."""
    if not (ROOT / "koto_tui" / "app.py").exists():
        return StartupResult(reason="koto_tui/app.py does not exist yet")
    if not KOTO.exists():
        return StartupResult(reason=f"{KOTO} is not installed")
    if shutil.which("tmux") is None:
        return StartupResult(reason="tmux is not installed")
    tmp = Path(tempfile.mkdtemp(prefix="koto-bench-startup-"))
    try:
        data = tmp / "data"
        _init_data_dir(data)
        bare = tmp / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        env = f"env KOTO_LANG=fi TERM={shlex.quote(os.environ.get('TERM', 'xterm-256color'))}"
        koto_cmd = f"{env} {shlex.quote(str(KOTO))} --data-dir {shlex.quote(str(data))}"
        bare_cmd = f"{env} {shlex.quote(sys.executable)} {shlex.quote(str(bare))}"
        koto_times: list[float] = []
        bare_times: list[float] = []
        for i in range(runs):
            koto_times.append(time_to_marker(koto_cmd, f"koto{i}"))
            bare_times.append(time_to_marker(bare_cmd, f"bare{i}"))
        return StartupResult(statistics.median(koto_times[1:]), statistics.median(bare_times[1:]))
    except NotMeasured as exc:
        return StartupResult(reason=str(exc))
    finally:
        _tmux("kill-server")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    print(run())
