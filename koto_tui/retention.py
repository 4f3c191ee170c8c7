"""Retention of generated files: koto's own PDFs and export files are deleted once older than the set days.

A printout holds personal data, and the signed paper copy (or the case system) is the record, so the
saved PDF is kept only as long as the municipality's setting says. A file is deleted only when it is
certainly one of ours: a regular file (not a link) in the folder itself, named like the printouts the
app writes (``<document id>[-v<plan version>]-<YYYYmmdd-HHMMSS>.pdf``, see ``workflow.default_print_path``),
AND whose PDF information dictionary says ``/Creator (koto)`` and ``/Producer (koto <version>)`` (or
``(koto)``, before the version was added), as every printout module sets. Anything else in the folder is
left alone, however old.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from datetime import datetime, timedelta
from pathlib import Path

PRINTOUT_NAME = re.compile(r"KOTO-(?:[A-Z]+-)?\d{4}-\d{6,}(?:-v\d+)?-\d{8}-\d{6}\.pdf")
"""Assessment printouts (KOTO-2026-000123-…) and plan printouts (KOTO-S-2026-000012-v2-…)."""
EXPORT_NAME = re.compile(r"koto-export-\d{8}-\d{6}(?:-\d+)?(?:\.sealed)?\.json(?:\.age)?")
"""Export files as koto names them in exports/ (``export.default_path``; older koto: ``.sealed.json``)."""
MAX_SIZE = 64 * 1024 * 1024
"""A larger file is not a printout of ours: it is not even read."""
_INFO_REF = re.compile(rb"/Info (\d+) 0 R")
# "koto" alone in printouts made before the producer carried koto's version ("koto 0.1.0").
_PRODUCER = re.compile(rb"/Producer \(koto(?: [0-9][0-9A-Za-z.+-]*)?\)")


def purge_printouts(folder: Path, days: int | None, now: datetime) -> list[Path]:
    """Delete koto's printouts in *folder* last modified more than *days* days before *now*.

    ``days`` of 0 or None keeps everything. Returns the deleted files; a file that cannot be deleted
    (in use, no permission) is skipped and tried again next time.
    """
    if days is not None and days < 0:
        raise ValueError(f"days must be 0 or more, not {days}")
    if not days or not folder.is_dir():
        return []
    limit = timedelta(days=days)
    deleted: list[Path] = []
    for path in sorted(folder.iterdir()):
        if _expired_printout(path, now, limit):
            with contextlib.suppress(OSError):
                path.unlink()
                deleted.append(path)
    return deleted


def purge_exports(folder: Path, days: int | None, now: datetime, ours: set[str]) -> list[Path]:
    """Delete the export files in *folder* that koto wrote (named so and in *ours*, the export log's names)
    and last modified more than *days* days before *now*; 0 or None keeps them."""
    if not days or not folder.is_dir():
        return []
    limit = timedelta(days=days)
    deleted: list[Path] = []
    for path in sorted(folder.iterdir()):
        if EXPORT_NAME.fullmatch(path.name) and path.name in ours and _expired(path, now, limit):
            with contextlib.suppress(OSError):
                path.unlink()
                deleted.append(path)
    return deleted


def _expired(path: Path, now: datetime, limit: timedelta) -> bool:
    """Whether *path* is a regular file (not a link) last modified more than *limit* before *now*."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and now - datetime.fromtimestamp(info.st_mtime, tz=now.tzinfo) > limit


def _expired_printout(path: Path, now: datetime, limit: timedelta) -> bool:
    """Whether *path* is one of koto's printouts and older than *limit*."""
    if not PRINTOUT_NAME.fullmatch(path.name):
        return False
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SIZE:
        return False
    if now - datetime.fromtimestamp(info.st_mtime, tz=now.tzinfo) <= limit:
        return False
    return is_koto_pdf(path)


def is_koto_pdf(path: Path) -> bool:
    """Whether *path* is a PDF whose information dictionary names koto as its creator and producer.

    The producer may carry koto's version ("koto 0.1.0", printouts with XMP metadata) or not ("koto").
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SIZE + 1)
    except OSError:
        return False
    if not data.startswith(b"%PDF-") or len(data) > MAX_SIZE:
        return False
    references = _INFO_REF.findall(data)
    if not references:
        return False
    number = int(references[-1])  # the last trailer's
    match = re.search(rb"(?:^|[\r\n])%d 0 obj\s*<<(.*?)>>\s*endobj" % number, data, re.DOTALL)
    if match is None:
        return False
    fields = match.group(1)
    return b"/Creator (koto)" in fields and _PRODUCER.search(fields) is not None
