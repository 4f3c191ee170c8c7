"""Old printouts are deleted after the set days; nothing that is not koto's own printout ever is."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from koto_tui import __version__
from koto_tui.printing import InterviewPrintout, render_interview
from koto_tui.retention import is_koto_pdf, purge_printouts

NOW = datetime(2026, 11, 27, 10, 30)
INTERVIEW = "KOTO-2026-000123-20261001-093000.pdf"
PLAN = "KOTO-S-2026-000012-v2-20261001-093000.pdf"


@pytest.fixture(scope="module")
def koto_pdf() -> bytes:
    """A real printout as the app renders it."""
    return render_interview(
        InterviewPrintout(
            municipality="Mikkelin kaupunki", unit="Kotoutumispalvelut", title="Arviointi",
            client_name="Olena Kovalenko", birth_date=None, identity_code=None,
            interview_date=date(2026, 10, 1), counsellor_name="Liisa Virtanen", counsellor_title="",
            place="Mikkeli", sections=(), document_id="KOTO-2026-000123", form_id="f", form_version="1",
        )
    )


def put(folder: Path, name: str, data: bytes, age_days: float) -> Path:
    """Write *data* as *name* in *folder*, last modified *age_days* before NOW."""
    path = folder / name
    path.write_bytes(data)
    stamp = (NOW - timedelta(days=age_days)).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def test_old_printouts_are_deleted_and_recent_ones_kept(tmp_path: Path, koto_pdf: bytes) -> None:
    old = put(tmp_path, INTERVIEW, koto_pdf, 31)
    old_plan = put(tmp_path, PLAN, koto_pdf, 45)
    recent = put(tmp_path, "KOTO-2026-000124-20261120-093000.pdf", koto_pdf, 29)
    assert purge_printouts(tmp_path, 30, NOW) == [old, old_plan]
    assert not old.exists() and not old_plan.exists()
    assert recent.exists()


@pytest.mark.parametrize("days", [0, None])
def test_zero_or_no_days_keeps_everything(tmp_path: Path, koto_pdf: bytes, days: int | None) -> None:
    old = put(tmp_path, INTERVIEW, koto_pdf, 3650)
    assert purge_printouts(tmp_path, days, NOW) == []
    assert old.exists()


def test_negative_days_is_a_mistake(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        purge_printouts(tmp_path, -1, NOW)


def test_files_that_are_not_ours_are_never_deleted(tmp_path: Path, koto_pdf: bytes) -> None:
    other_pdf = koto_pdf.replace(b"/Creator (koto)", b"/Creator (Word)")
    kept = [
        put(tmp_path, "lausunto.pdf", koto_pdf, 400),  # our content, but a name the user chose
        put(tmp_path, "KOTO-2026-000123-20261001-093000.PDF", koto_pdf, 400),
        put(tmp_path, "KOTO-2026-000123-20261001-093000.pdf.bak", koto_pdf, 400),
        put(tmp_path, "KOTO-2026-000125-20261001-093000.pdf", other_pdf, 400),  # someone else's PDF
        put(tmp_path, "KOTO-2026-000126-20261001-093000.pdf", b"not a pdf /Info 1 0 R", 400),
        put(tmp_path, ".KOTO-2026-000127-20261001-093000.pdf.1a2b3c.tmp", koto_pdf, 400),
    ]
    (tmp_path / "KOTO-2026-000128-20261001-093000.pdf").mkdir()
    assert purge_printouts(tmp_path, 1, NOW) == []
    assert all(path.exists() for path in kept)


@pytest.mark.parametrize(("producer", "ours"), [
    (b"(koto)", True), (b"(koto 0.1.0)", True), (b"(koto 2.0.0rc1)", True),
    (b"(kotoX)", False), (b"(koto evil)", False), (b"(ReportLab PDF Library)", False)])
def test_the_producer_may_carry_kotos_version(tmp_path: Path, koto_pdf: bytes, producer: bytes,
                                              ours: bool) -> None:
    current = re.search(rb"/Producer \([^)]*\)", koto_pdf)
    assert current is not None and current.group() == b"/Producer (koto %s)" % __version__.encode()
    path = put(tmp_path, INTERVIEW, koto_pdf.replace(current.group(), b"/Producer " + producer), 400)
    assert is_koto_pdf(path) is ours


def test_links_are_not_followed_or_deleted(tmp_path: Path, koto_pdf: bytes) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = put(elsewhere, INTERVIEW, koto_pdf, 400)
    prints = tmp_path / "prints"
    prints.mkdir()
    link = prints / "KOTO-2026-000129-20261001-093000.pdf"
    link.symlink_to(target)
    assert purge_printouts(prints, 1, NOW) == []
    assert link.is_symlink() and target.exists()


def test_missing_folder_and_subfolders(tmp_path: Path, koto_pdf: bytes) -> None:
    assert purge_printouts(tmp_path / "none", 1, NOW) == []
    sub = tmp_path / "sub"
    sub.mkdir()
    nested = put(sub, INTERVIEW, koto_pdf, 400)
    assert purge_printouts(tmp_path, 1, NOW) == []
    assert nested.exists()


def test_aware_now(tmp_path: Path, koto_pdf: bytes) -> None:
    old = put(tmp_path, INTERVIEW, koto_pdf, 10)
    now = NOW.astimezone(UTC)
    assert purge_printouts(tmp_path, 11, now) == []
    assert purge_printouts(tmp_path, 9, now) == [old]


def test_recognises_every_printout_module(tmp_path: Path, koto_pdf: bytes) -> None:
    from koto_tui.printing.handout import Handout, render_handout

    handout = render_handout(Handout("M", "U", "fi", "Otsikko", ("Teksti",), draft=False))
    assert is_koto_pdf(put(tmp_path, "a.pdf", koto_pdf, 0))
    assert is_koto_pdf(put(tmp_path, "b.pdf", handout, 0))
    assert not is_koto_pdf(put(tmp_path, "c.pdf", b"%PDF-1.4\n", 0))


def test_old_export_files_of_koto_are_deleted_and_nothing_else(tmp_path: Path) -> None:
    from koto_tui.retention import purge_exports

    old = put(tmp_path, "koto-export-20261001-093000.json.age", b"age-encryption.org/v1\n", 40)
    second = put(tmp_path, "koto-export-20261001-093000-2.json", b"{}", 40)
    fresh = put(tmp_path, "koto-export-20261120-093000.json.age", b"x", 7)
    unknown = put(tmp_path, "koto-export-20261002-093000.json.age", b"x", 40)  # not in the export log
    other = put(tmp_path, "notes.json", b"x", 400)
    ours = {old.name, second.name, fresh.name}
    assert purge_exports(tmp_path, 0, NOW, ours) == []
    assert sorted(purge_exports(tmp_path, 30, NOW, ours)) == sorted([old, second])
    assert fresh.exists() and unknown.exists() and other.exists()
