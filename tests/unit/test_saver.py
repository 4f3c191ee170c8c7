"""The writer: order kept, a failed save stays pending and is written again until it succeeds."""

from __future__ import annotations

import errno
import threading

from koto_tui.saver import Writer


class Flaky:
    """A store whose writes fail *failures* times with a full disk, then succeed."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.written: list[tuple[str, object]] = []
        self.lock = threading.Lock()

    def job(self, key: str, value: object):  # type: ignore[no-untyped-def]
        def write() -> str:
            with self.lock:
                if self.failures > 0:
                    self.failures -= 1
                    raise OSError(errno.ENOSPC, "No space left on device")
                self.written.append((key, value))
            return "stamp"
        return write


def _ignore(result: object, error: BaseException | None) -> None:
    return None


def test_a_failed_save_stays_pending_until_a_retry_succeeds() -> None:
    store, writer = Flaky(failures=3), Writer()
    writer.save("a", store.job("a", 1), _ignore)
    assert writer.drain(10)
    state = writer.state()
    assert (state.writing, state.failed) == (0, 1)
    assert isinstance(state.error, OSError) and state.error.errno == errno.ENOSPC
    for _ in range(2):  # still failing
        assert writer.retry() == 1
        assert writer.drain(10)
        assert writer.state().failed == 1
    assert writer.retry() == 1
    assert writer.drain(10)
    assert writer.state().unsaved == 0 and writer.state().error is None
    assert store.written == [("a", 1)]
    assert writer.retry() == 0


def test_a_newer_save_of_the_same_key_replaces_the_failed_one() -> None:
    store, writer = Flaky(failures=1), Writer()
    writer.save("a", store.job("a", "old"), _ignore)
    writer.drain(10)
    assert writer.failed_keys() == ["a"]
    writer.save("a", store.job("a", "new"), _ignore)
    writer.drain(10)
    assert writer.state().unsaved == 0
    assert writer.retry() == 0
    assert store.written == [("a", "new")]


def test_other_saves_succeeding_do_not_hide_a_failed_one() -> None:
    store, writer = Flaky(failures=1), Writer()
    results: list[BaseException | None] = []
    writer.save("a", store.job("a", 1), lambda r, e: results.append(e))
    writer.save("b", store.job("b", 2), lambda r, e: results.append(e))
    writer.drain(10)
    assert [type(e).__name__ for e in results] == ["OSError", "NoneType"]
    assert writer.state().failed == 1 and writer.failed_keys() == ["a"]
    writer.retry()
    writer.drain(10)
    assert store.written == [("b", 2), ("a", 1)]
    assert writer.state().unsaved == 0


def test_writes_keep_their_order() -> None:
    store, writer = Flaky(failures=0), Writer()
    for n in range(50):
        writer.save(f"k{n % 7}", store.job(f"k{n % 7}", n), _ignore)
    writer.drain(10)
    assert [v for _, v in store.written] == list(range(50))
