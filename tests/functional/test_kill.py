"""koto killed with SIGKILL mid-interview loses nothing that was shown as saved."""

from __future__ import annotations

import contextlib
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
from collections.abc import Callable
from pathlib import Path

import pytest

from koto_tui.model import ClientData
from koto_tui.store import Store, lock_data_dir
from tests.functional.helpers import PASSPHRASE, seeded


def _as_from_a_terminal() -> None:
    """Ctrl+C and Ctrl+\\ act as when koto is started from a shell prompt.

    A suite run in the background by a non-interactive shell (`make test &`, CI) inherits SIGINT and SIGQUIT
    ignored, and Python then installs no KeyboardInterrupt handler: koto would never see the Ctrl+C.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


class Terminal:
    """koto running in a pseudo-terminal of 120x40, driven by keystrokes."""

    def __init__(self, data_dir: Path, argv: list[str] | None = None) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {k: v for k, v in os.environ.items() if not k.startswith("KOTO_")}
        # PYTHONFAULTHANDLER: a koto that hangs is made to print its threads' stacks (no values) on SIGABRT.
        env.update(TERM="xterm-256color", KOTO_LANG="en", COLUMNS="120", LINES="40", PYTHONFAULTHANDLER="1")
        self.proc = subprocess.Popen(
            [sys.executable, *(argv or ["-m", "koto_tui.cli"]), "--data-dir", str(data_dir)],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
            preexec_fn=_as_from_a_terminal,
        )
        os.close(slave)
        self.screen = b""

    def read_until(self, marker: bytes, timeout: float = 60.0) -> None:
        """Collect output until *marker* has been seen."""
        deadline = time.monotonic() + timeout
        while marker not in self.screen:
            if time.monotonic() > deadline:
                raise AssertionError(f"{marker!r} never appeared")
            self._read(0.05)

    def unlock_to_register(self, passphrase: str) -> None:
        """Unlock, then leave the worklist (koto's first screen) for the client register."""
        self.read_until(b"Open the database")
        self.type(passphrase + "\r")
        self.read_until(b"What is due")  # the worklist's table
        self.screen = b""
        self.type("\x1b")
        self.read_until(b"Search by name")

    def open_only_interview(self, passphrase: str) -> None:
        """Unlock, open the register's only client, then its interview (in progress)."""
        self.unlock_to_register(passphrase)
        self.settle(0.5)
        self.type("\r")              # the only client
        self.read_until(b"in progress")
        self.settle(0.3)
        self.type("\r")              # its interview
        self.read_until(b"All answers are saved")

    def type(self, keys: str) -> None:
        """Type *keys* one at a time, as a person would."""
        for key in keys:
            os.write(self.master, key.encode("utf-8"))
            time.sleep(0.06)

    def settle(self, seconds: float) -> None:
        """Let the app work (and keep draining its output so it never blocks)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._read(0.05)

    def _read(self, timeout: float) -> None:
        """Take what the app printed; nothing once it has closed the terminal (EIO on Linux)."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                self.screen += os.read(self.master, 65536)
            except OSError:
                time.sleep(timeout)  # the other side is closed: nothing more will come

    def wait(self, timeout: float = 60.0) -> int:
        """Wait for the process to end by itself (reading what it prints) and return its status."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None:
            if time.monotonic() > deadline:
                self.screen = b""
                os.killpg(self.proc.pid, signal.SIGABRT)  # faulthandler prints where it hangs
                self.settle(3.0)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)  # never left running after the test
                raise AssertionError("koto did not exit; where it was:\n"
                                     + self.screen.decode("utf-8", "replace")[-4000:])
            self.settle(0.05)
        self.settle(0.2)
        return self.proc.returncode

    def kill(self) -> None:
        """SIGKILL: no chance to clean up."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        os.close(self.master)


def wait_until(condition: Callable[[], bool], term: Terminal, what: str, budget: float = 90.0) -> None:
    """Read the database (as a second reader, WAL) until *condition* holds, or fail."""
    deadline = time.monotonic() + budget
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        term.settle(0.05)


def wait_for_answer(store: Store, interview_id: int, question_id: str, term: Terminal) -> None:
    """Wait until koto has written the answer to *question_id*."""
    wait_until(lambda: question_id in store.interviews.answers(interview_id), term, f"{question_id} saved")


def test_sigkill_mid_interview_keeps_saved_answers(tmp_path: Path) -> None:
    paths, (client_id,) = seeded(tmp_path / "data", ClientData("Коваленко", "Олена", None))
    store = Store.unlock(paths, PASSPHRASE)
    interview = store.interviews.start(client_id, "assessment-basic", "1", store.profile())

    term = Terminal(paths.root)
    try:
        term.open_only_interview(PASSPHRASE)
        wait_until(lambda: store.interviews.get(interview.id).current_question == "arrival_date", term,
                   "the first question in focus")  # koto records the question in focus
        term.type("1.2.2024")        # arrival date: saved after a pause in typing
        wait_for_answer(store, interview.id, "arrival_date", term)
        term.type("\t\t")            # past the residence basis, to the first permit date
        wait_until(lambda: store.interviews.get(interview.id).current_question == "first_permit_date", term,
                   "the first permit date in focus")
        term.type("3.4.2023\t")      # saved on leaving the field
        wait_for_answer(store, interview.id, "first_permit_date", term)
        term.type("7")               # household size, typed just before the kill
    finally:
        term.kill()
        store.close()
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


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_terminated_mid_answer_writes_it_first(tmp_path: Path, signum: int) -> None:
    # SIGTERM: a shutdown or `kill`; SIGHUP: the terminal window closed. Python's default for both ended
    # koto at once, losing the answer still waiting for its pause in typing.
    paths, (client_id,) = seeded(tmp_path / "data", ClientData("Virtanen", "Aino", None))
    store = Store.unlock(paths, PASSPHRASE)
    interview = store.interviews.start(client_id, "assessment-basic", "1", store.profile())

    term = Terminal(paths.root)
    try:
        term.open_only_interview(PASSPHRASE)
        wait_until(lambda: store.interviews.get(interview.id).current_question == "arrival_date", term,
                   "the first question in focus")
        term.screen = b""
        term.type("1.2.2024")
        # Killed once koto has drawn the text (keys still in the terminal's buffer are not koto's to
        # save), and normally before the answer's pause in typing is over.
        term.read_until(b"2.2024")
        os.killpg(term.proc.pid, signum)
        status = term.wait()
    finally:
        with contextlib.suppress(ProcessLookupError, OSError):
            term.kill()
        store.close()
    assert status == 128 + signum
    store = Store.unlock(paths, PASSPHRASE)
    try:
        assert store.interviews.answers(interview.id)["arrival_date"] == "2024-02-01"
    finally:
        store.close()
