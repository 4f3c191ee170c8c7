"""An internal error never shows data: one line, a details file without values, a non-zero exit."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
from pathlib import Path

from koto_tui.crash import CRASH_DIR, EXIT_CRASH, EXIT_INTERRUPTED
from koto_tui.model import ClientData
from koto_tui.store import Store, keys
from tests.functional.helpers import PASSPHRASE, seeded
from tests.functional.test_kill import Terminal

NAME = "Zyxwvutsrq"
ANSWER = "Qwertyuiop-vastaus"

# Runs the real koto, with one function made to fail while a client's name, an answer and the
# database key are in its local variables and in the exception's message.
CRASHING = """
import sys
from koto_tui.screens import interview

def _ready(self, interview_, form, client, answers, amendments):
    secret_key = self.app.store.users._key.hex()
    raise RuntimeError(client.data.full_name + repr(answers) + secret_key)

interview.InterviewScreen._ready = _ready
from koto_tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _after_full_screen(output: bytes) -> bytes:
    """What stays in the terminal's scrollback: everything after the app left the alternate screen."""
    return output.rsplit(b"\x1b[?1049l", 1)[-1]


def test_a_crash_shows_one_line_and_no_data(tmp_path: Path) -> None:
    paths, (client_id,) = seeded(tmp_path / "data", ClientData(NAME, "Testi", None))
    store = Store.unlock(paths, PASSPHRASE)
    interview = store.interviews.start(client_id, "assessment-basic", "1", store.profile())
    store.interviews.save_answer(interview.id, "household_size", 4)
    store.interviews.save_answer(interview.id, "arrival_date", "2024-02-01")
    key_hex = keys.unlock(paths.keyfile, PASSPHRASE).key.hex()
    store.close()

    term = Terminal(paths.root, ["-c", CRASHING])
    term.unlock_to_register(PASSPHRASE)
    term.type("\r")
    term.read_until(b"in progress")
    term.type("\r")
    status = term.wait()
    os.close(term.master)

    assert status == EXIT_CRASH
    tail = _after_full_screen(term.screen).decode("utf-8", "replace")
    assert "internal error" in tail and "details:" in tail
    assert "Traceback" not in tail and "locals" not in tail
    everything = term.screen.decode("utf-8", "replace")
    for secret in ("2024-02-01", key_hex, key_hex[:16], PASSPHRASE):
        assert secret not in everything  # never drawn, never printed
    for secret in (NAME, "2024-02-01", key_hex, key_hex[:16]):
        assert secret not in tail  # the name was on screen, but nothing is left in the scrollback
    files = list((paths.root / CRASH_DIR).iterdir())
    assert len(files) == 1
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    details = files[0].read_text(encoding="utf-8")
    assert "RuntimeError" in details and "_ready" in details
    for secret in (NAME, "2024-02-01", key_hex, key_hex[:16], "household_size"):
        assert secret not in details
    assert str(files[0]) in tail.replace("\r\n", "").replace("\n", "")


def test_ctrl_c_at_the_passphrase_prompt(tmp_path: Path) -> None:
    paths, _ = seeded(tmp_path / "data")
    term = Terminal(paths.root, ["-m", "koto_tui.cli", "clients"])
    term.read_until(b"Passphrase")
    os.killpg(term.proc.pid, signal.SIGINT)  # what the terminal sends for Ctrl+C
    status = term.wait()
    os.close(term.master)
    assert status == EXIT_INTERRUPTED
    assert b"Traceback" not in term.screen and b"KeyboardInterrupt" not in term.screen
    assert re.search(rb"Passphrase: *\r?\nInterrupted\.", term.screen)  # on a line of its own


def test_no_terminal_and_no_passphrase(tmp_path: Path) -> None:
    paths, _ = seeded(tmp_path / "data")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOTO_")}
    env["KOTO_LANG"] = "en"
    done = subprocess.run([sys.executable, "-m", "koto_tui.cli", "clients", "--data-dir", str(paths.root)],
                          stdin=subprocess.DEVNULL, capture_output=True, env=env, timeout=120, check=False)
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    assert b"no terminal to ask the passphrase" in done.stderr
    assert done.stdout == b""


async def test_the_signal_handlers_are_put_back_when_the_app_ends(tmp_path: Path) -> None:
    from textual.widgets import Input

    from koto_tui.app import KotoApp
    from tests.functional.helpers import until

    paths, _ = seeded(tmp_path / "data")
    before = signal.getsignal(signal.SIGHUP), signal.getsignal(signal.SIGTERM)
    app = KotoApp(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.query("#passphrase").first(Input) is not None, "unlock")
        assert signal.getsignal(signal.SIGHUP) is not before[0]  # koto's own while it runs
    assert (signal.getsignal(signal.SIGHUP), signal.getsignal(signal.SIGTERM)) == before
