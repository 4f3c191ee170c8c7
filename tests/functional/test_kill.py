"""koto killed with SIGKILL mid-interview loses nothing that was shown as saved."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from koto_tui.model import ClientData
from koto_tui.store import Store, lock_data_dir
from tests.functional.helpers import PASSPHRASE, seeded


class Terminal:
    """koto running in a pseudo-terminal of 120x40, driven by keystrokes."""

    def __init__(self, data_dir: Path) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {k: v for k, v in os.environ.items() if not k.startswith("KOTO_")}
        env.update(TERM="xterm-256color", KOTO_LANG="en", COLUMNS="120", LINES="40")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "koto_tui.cli", "--data-dir", str(data_dir)],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
        )
        os.close(slave)
        self.screen = b""

    def read_until(self, marker: bytes, timeout: float = 15.0) -> None:
        """Collect output until *marker* has been seen."""
        deadline = time.monotonic() + timeout
        while marker not in self.screen:
            if time.monotonic() > deadline:
                raise AssertionError(f"{marker!r} never appeared")
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                self.screen += os.read(self.master, 65536)

    def type(self, keys: str) -> None:
        """Type *keys* one at a time, as a person would."""
        for key in keys:
            os.write(self.master, key.encode("utf-8"))
            time.sleep(0.06)

    def settle(self, seconds: float) -> None:
        """Let the app work (and keep draining its output so it never blocks)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                self.screen += os.read(self.master, 65536)

    def kill(self) -> None:
        """SIGKILL: no chance to clean up."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        os.close(self.master)


def test_sigkill_mid_interview_keeps_saved_answers(tmp_path: Path) -> None:
    paths, (client_id,) = seeded(tmp_path / "data", ClientData("Коваленко", "Олена", None))
    store = Store.unlock(paths, PASSPHRASE)
    interview = store.interviews.start(client_id, "assessment-basic", "1", store.profile())
    store.close()

    term = Terminal(paths.root)
    try:
        term.read_until(b"Open the database")
        term.type(PASSPHRASE + "\r")
        term.read_until(b"Nothing falls due")  # the worklist opens first; Escape: the client register
        term.screen = b""
        term.type("\x1b")
        term.read_until(b"Search by name")
        term.settle(0.5)
        term.type("\r")              # the only client
        term.read_until(b"in progress")
        term.settle(0.3)
        term.type("\r")              # its interview
        term.read_until(b"All answers are saved")
        term.read_until(b"Date of arrival")  # the questions are shown
        term.settle(0.5)
        term.type("1.2.2024")        # arrival date: saved after a pause in typing
        term.settle(1.0)
        term.type("\t\t")            # past the residence basis, to the first permit date
        term.settle(0.3)
        term.type("3.4.2023\t")      # saved on leaving the field
        term.settle(1.0)
        term.type("7")               # household size, typed just before the kill
    finally:
        term.kill()
    assert term.proc.returncode == -signal.SIGKILL

    lock = lock_data_dir(paths)  # the OS released the instance lock with the process
    store = Store.unlock(paths, PASSPHRASE)
    try:
        answers = store.interviews.answers(interview.id)
        assert answers["arrival_date"] == "2024-02-01"
        assert answers["first_permit_date"] == "2023-04-03"
        assert store.interviews.get(interview.id).current_question in {"first_permit_date",
                                                                        "household_size"}
    finally:
        store.close()
        lock.release()
