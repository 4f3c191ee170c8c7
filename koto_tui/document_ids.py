"""The ids printed on koto's documents and in their file names: one place for their form (headless).

An assessment is ``KOTO-<year it was made>-<interview id>``, a plan ``KOTO-S-<year drawn up>-<plan id>`` and
a client's access report ``KOTO-A-<year made>-<client id>`` (ids six digits, zero-padded). Printout file
names start with the id (``workflow.default_print_path``), which is how retention and erasure find them.
"""

from __future__ import annotations

import re

#: An access report's id, any year, for the client id in the group.
_ACCESS_REPORT = re.compile(r"KOTO-A-\d{4}-(\d{6,})")


def assessment(year: int | str, interview_id: int) -> str:
    """The id of the assessment (interview) *interview_id* made in *year*."""
    return f"KOTO-{str(year)[:4]}-{interview_id:06d}"


def plan(year: int | str, plan_id: int) -> str:
    """The id of the plan *plan_id* drawn up in *year*."""
    return f"KOTO-S-{str(year)[:4]}-{plan_id:06d}"


def access_report(year: int | str, client_id: int) -> str:
    """The id of client *client_id*'s access report made in *year*."""
    return f"KOTO-A-{str(year)[:4]}-{client_id:06d}"


def access_report_client(document_id: str) -> int | None:
    """The client whose access report *document_id* is (any year), or None when it is not one."""
    found = _ACCESS_REPORT.fullmatch(document_id)
    return int(found.group(1)) if found else None
