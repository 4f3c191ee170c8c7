"""Secrets in memory: core dumps are off before anything is read, and owned buffers can be wiped."""

from __future__ import annotations

import subprocess
import sys

import pytest

from koto_tui.memory import wipe

_CORE_LIMIT_AFTER_MAIN = """
import resource, sys
hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
soft = 1 << 20 if hard == resource.RLIM_INFINITY else hard
resource.setrlimit(resource.RLIMIT_CORE, (soft, hard))  # core dumps on, as a shell may leave them
if resource.getrlimit(resource.RLIMIT_CORE)[0] == 0:
    sys.exit(3)  # this machine allows no core files at all: nothing to show
from koto_tui.cli import main
try:
    main(["--version"])
except SystemExit:
    pass
print(resource.getrlimit(resource.RLIMIT_CORE))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no core file limit")
def test_the_command_line_turns_core_dumps_off_first() -> None:
    """Started with core dumps allowed, koto's entry point leaves the soft and hard core limit at 0."""
    done = subprocess.run([sys.executable, "-c", _CORE_LIMIT_AFTER_MAIN], capture_output=True, text=True,
                          timeout=120, check=False)
    if done.returncode == 3:
        pytest.skip("core files cannot be turned on here")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "(0, 0)"


def test_wipe_overwrites_a_buffer_in_place() -> None:
    """The same bytearray object holds only zeros afterwards (a copy would leave the original readable)."""
    secret = bytearray(b"oikea hevonen patteri")
    view = memoryview(secret)
    wipe(secret)
    assert bytes(view) == bytes(len(secret)) and len(secret) == 21
    wipe(None)


def test_a_pool_thread_forgets_what_a_job_set_in_its_context() -> None:
    """The next job on the same thread sees the variable unset (Textual's active worker stayed there)."""
    import contextvars

    from koto_tui.memory import ForgetfulExecutor

    var: contextvars.ContextVar[str] = contextvars.ContextVar("var", default="unset")
    with ForgetfulExecutor(max_workers=1) as pool:
        assert pool.submit(var.set, "a client's screen").result() is not None
        assert pool.submit(var.get).result() == "unset"


def test_a_handover_gives_the_passphrase_once_and_never_shows_it() -> None:
    from koto_tui.memory import Handover

    handover = Handover("oikea hevonen patteri")
    assert "hevonen" not in repr(handover)
    assert handover.take() == "oikea hevonen patteri"
    assert handover.take() == ""


def test_the_collector_stays_paused_until_the_last_pausing_thread_is_done() -> None:
    """The worklist's read and the export preview pause it side by side in two workers: the first to end
    switched it back on while the other still built its rows (its full collections then walked them)."""
    import gc
    import threading

    from koto_tui.memory import collection_paused

    assert gc.isenabled()
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with collection_paused():
            inside.set()
            leave.wait(20)

    worker = threading.Thread(target=other, daemon=True)
    try:
        with collection_paused():  # this one first, the other thread's inside it, this one ends first
            worker.start()
            assert inside.wait(20)
        assert not gc.isenabled(), "switched on while another thread's block still ran"
    finally:
        leave.set()
        worker.join(20)
    assert gc.isenabled()
