"""Hostile text in the database never reaches a real terminal as a control sequence (the app in a pty).

The Pilot tests look at Textual's drawn segments; this one reads the raw bytes the real app writes to a
pseudo-terminal (TERM=xterm-256color, 120×40), as tmux or a terminal emulator would get them. The demo
database holds client names, answers and plan text with a title set (OSC 0 and 2), an OSC 8 link, a screen
clear, a C1 CSI and ST, BEL and bidi overrides; the app is unlocked, the client register, the client page,
an interview (two sections) and the plan are shown, and koto is quit.

What Textual itself writes (a run on the plain demo, Textual 8.2.8): CSI sequences ending in m, H, h, l, p
or u, one OSC, `OSC 22 ; default BEL` (the mouse pointer's shape), no other BEL and no C1 character. So any
other OSC, any BEL outside OSC 22, any other escape, any C1 character or bidi control came from the data.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from koto_tui.demo import DEMO_PASSPHRASE, demo_paths
from koto_tui.engine import load_form_text
from koto_tui.i18n import _, ngettext
from koto_tui.store import DataPaths, Store
from tests.functional.test_hostile_text import store_hostile

#: Each text holds `pwned` inside an escape sequence: shown harmlessly it is drawn as plain letters.
TEXTS = [
    "Pahantahtoinen\x1b]0;pwned\x07\x1b[2J",
    "\u202eAino\x1b]8;;http://pwned.example/\x1b\\linkki\x1b]8;;\x1b\\",
    "\x9b2J\x07soitto\x1b]2;pwned\x1b\\\x1b[31m",
    "\u2066vastaus\u2069 \x1b[10;10Hpunainen\x1b]0;pwned\x07",
    "\u2067\u2068teksti\x9d0;pwned\x9c\u202d",
]

ROWS, COLUMNS = 40, 120
#: Seconds to wait for each expected text (a loaded 2-core machine starts Python slowly).
BUDGET = 60.0
F4 = b"\x1bOS"
CTRL_Q = b"\x11"

#: CSI sequences as Textual writes them (parameters, then one of the final letters it uses).
TEXTUAL_CSI = re.compile(r"\x1b\[[?<>=]?[0-9;$]*[mHhlpu]")
OSC = re.compile(r"\x1b\]([^\x07\x1b\x9c]*)(\x07|\x1b\\|\x9c)?")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def data_dir(seeded_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo copy (cheap Argon2id from the tests' key file) with one client holding the hostile texts."""
    root = tmp_path_factory.mktemp("terminal") / "data"
    shutil.copytree(seeded_demo, root)
    store_hostile(demo_paths(DataPaths(root)), TEXTS)
    return root


def visible_text(raw: str) -> str:
    """What a terminal would show of *raw*, roughly: escape sequences taken out, characters kept."""
    return CONTROL.sub("", OSC.sub("", TEXTUAL_CSI.sub("", raw)))


class Terminal:
    """The app on a pseudo-terminal: keys in, every byte it writes kept."""

    def __init__(self, data_dir: Path, home: Path) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        env = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
               "XDG_CONFIG_HOME": str(home / "config"), "LANG": "C.UTF-8", "TERM": "xterm-256color",
               "COLUMNS": str(COLUMNS), "LINES": str(ROWS), "KOTO_LANG": "fi"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "koto_tui", "demo", "--data-dir", str(data_dir)], stdin=slave,
            stdout=slave, stderr=slave, env=env, cwd=Path(__file__).parents[2], start_new_session=True)
        os.close(slave)
        self.raw = bytearray()

    def _read(self, timeout: float) -> bool:
        """Read what the app wrote within *timeout* seconds; False once the pty is closed."""
        ready, _w, _x = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the app has exited and closed its side
            return False
        self.raw.extend(chunk)
        return bool(chunk)

    def shown_since(self, mark: int) -> str:
        """The visible text the app wrote after byte *mark*."""
        return visible_text(bytes(self.raw[mark:]).decode("utf-8", "replace"))

    def wait_for(self, pattern: str, mark: int, what: str) -> None:
        """Read until *pattern* (a regular expression) is shown after byte *mark*, or fail after BUDGET (first
        on a control sequence from the data, which can hide what was waited for: an unended OSC swallows
        the rest of the screen)."""
        deadline = time.monotonic() + BUDGET
        while not re.search(pattern, self.shown_since(mark)):
            if time.monotonic() > deadline or not self._read(0.1):
                assert_no_control_from_the_data(bytes(self.raw).decode("utf-8", "replace"))
                tail = self.shown_since(mark)[-300:]
                raise AssertionError(f"no {what} within {BUDGET:.0f} s; the screen showed …{tail!r}")

    def send(self, keys: bytes) -> int:
        """Type *keys*; the byte mark from which their effect is looked for."""
        mark = len(self.raw)
        os.write(self.master, keys)
        return mark

    def finish(self) -> int:
        """Read until the app has exited and closed the terminal; its exit status."""
        deadline = time.monotonic() + BUDGET
        while self._read(0.1):
            assert time.monotonic() < deadline, "koto did not quit"
        return self.process.wait(timeout=BUDGET)

    def close(self) -> None:
        """Stop the app if a wait failed, and close the terminal."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.master)


@pytest.fixture
def terminal(data_dir: Path, tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(data_dir, tmp_path / "home")
    yield term
    term.close()


def _first_section(data_dir: Path) -> str:
    """The Finnish title of the interview's first section (the list of sections shows it)."""
    store = Store.unlock(demo_paths(DataPaths(data_dir)), DEMO_PASSPHRASE)
    try:
        form = load_form_text(store.interviews.form_source("assessment-basic", "1"))
    finally:
        store.close()
    return form.sections[0].title.get("fi")


def walk_through(term: Terminal, first_section: str) -> None:
    """Unlock, leave the worklist, find the client, open their page, an interview's two sections, the plan."""
    term.wait_for(re.escape(_("Passphrase")), 0, "unlock screen")
    mark = term.send(DEMO_PASSPHRASE.encode() + b"\r")
    term.wait_for(re.escape(_("Client register")), mark, "worklist")
    mark = term.send(b"\x1b")
    term.wait_for(re.escape(_("Search by name or identity code")), mark, "client register")
    mark = term.send(b"Pahantahtoinen")
    one = re.escape(ngettext("{n} client", "{n} clients", 1).format(n=1))
    term.wait_for(rf"(?<!\d){one}(?!\w)", mark, "one client found")
    mark = term.send(b"\r")
    term.wait_for(re.escape(_("Who is responsible for each service (the municipality's table)")), mark,
                  "client page")
    term.wait_for(re.escape(_("version {number}").format(number="1")), mark, "the client's interview")
    term.wait_for("pwned", mark, "the client's name")
    mark = term.send(b"\r")
    term.wait_for(re.escape(first_section), mark, "interview")
    mark = term.send(F4)
    term.wait_for("pwned", mark, "a stored answer in the next section")
    mark = term.send(b"\x1b")
    term.wait_for(re.escape(_("Who is responsible for each service (the municipality's table)")), mark,
                  "the client page again")
    mark = term.send(b"s")
    term.wait_for(re.escape(_("Goals (F2 adds, Enter changes, Delete removes)")), mark, "plan")
    term.wait_for("pwned", mark, "the plan's text")
    term.send(CTRL_Q)


def assert_no_control_from_the_data(raw: str) -> None:
    """Only Textual's own sequences: no title, link or other OSC, no stray BEL, C1, escape or bidi control."""
    oscs = OSC.findall(raw)
    assert not [body for body, _end in oscs if "pwned" in body]
    assert {body for body, _end in oscs} <= {"22;default"}, oscs  # the pointer's shape only
    assert raw.count("\x07") == sum(end == "\x07" for _body, end in oscs)  # BEL only ends Textual's OSC
    rest = OSC.sub("", TEXTUAL_CSI.sub("", raw))
    assert "\x1b" not in rest, rest[rest.index("\x1b") - 40:rest.index("\x1b") + 40]
    assert not re.findall(r"[\x80-\x9f]", raw)  # no C1 control (U+009B CSI, U+009C ST, U+009D OSC)
    assert set(CONTROL.findall(rest)) <= {"\r", "\n"}
    assert not BIDI.findall(raw)
    for sequence in ("\x1b[2J", "\x1b[31m", "\x1b]0;", "\x1b]2;", "\x1b]8;"):
        assert sequence not in raw, sequence


def test_the_terminal_gets_no_escape_sequence_from_the_data(terminal: Terminal, data_dir: Path) -> None:
    walk_through(terminal, _first_section(data_dir))
    assert terminal.finish() == 0
    raw = bytes(terminal.raw).decode("utf-8")  # strict: no broken UTF-8 either
    assert visible_text(raw).count("pwned") >= 3  # the hostile text was drawn, as plain letters
    assert_no_control_from_the_data(raw)
