"""The benchmark suite's helpers: the growth table `make bench` ends with, and reading a process's memory."""

from __future__ import annotations

from pathlib import Path

from bench.growth import Growth, aligned
from bench.rss import memory_mb

SIZES = (1_000, 10_000, 100_000)


def test_the_growth_table_has_a_row_per_measure_and_the_factor_of_each_step() -> None:
    growth = Growth()
    for size, ms in zip(SIZES, (2.0, 5.0, 80.0), strict=True):
        growth.add('search("")', "ms", size, ms)
    growth.add("koto export", "s", 1_000, 0.5)
    growth.add("koto export", "s", 10_000, 2.0)

    header, search, export = growth.rows(SIZES)

    assert header == ("growth", "1k", "10k", "100k", "×1k→10k", "×10k→100k")
    assert search == ('search("") (ms)', "2.00", "5.00", "80.0", "2.5", "16.0")
    assert export == ("koto export (s)", "0.50", "2.00", "-", "4.0", "-")


def test_a_quick_run_has_one_size_and_no_factor() -> None:
    growth = Growth()
    growth.add("RSS with the client list open", "MB", 1_000, 88.4)

    assert growth.rows((1_000,)) == [("growth", "1k"), ("RSS with the client list open (MB)", "88.4")]


def test_a_measure_added_again_at_a_size_keeps_the_last_value_and_its_first_unit() -> None:
    growth = Growth()
    growth.add("report", "s", 1_000, 1.0)
    growth.add("report", "ms", 1_000, 250.0)

    assert growth.rows((1_000,))[1] == ("report (s)", "250")


def test_aligned_pads_the_columns_and_rules_the_header() -> None:
    lines = aligned([("a", "bb"), ("ccc", "d")])

    assert lines == ["a    bb", "---  --", "ccc  d"]


def test_memory_is_read_from_the_status_file_in_megabytes() -> None:
    status = "Name:\tpython\nVmPeak:\t  900000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t4\n"

    assert memory_mb(status) == {"VmHWM": 200.0, "VmRSS": 100.0}


def test_memory_of_this_process_is_read() -> None:
    found = memory_mb(Path("/proc/self/status").read_text(encoding="ascii"))

    assert 0 < found["VmRSS"] <= found["VmHWM"]
