"""Failures are explained in Finnish, specifically, and without client data."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from koto_tui.engine import FormError, load_form_text
from koto_tui.messages import describe_error, store_error_message
from koto_tui.store import AlreadyOpen, DataPaths, WrongPassphrase
from koto_tui.store.driver import dbapi2
from koto_tui.store.errors import FormVersionConflict


def test_full_disk_from_the_file_system_and_from_sqlite() -> None:
    assert describe_error(OSError(errno.ENOSPC, "No space left on device")).startswith("levy on täynnä")
    assert describe_error(dbapi2.OperationalError("database or disk is full")).startswith("levy on täynnä")


def test_permission_names_the_path() -> None:
    message = describe_error(PermissionError(errno.EACCES, "Permission denied", "/mnt/usb/x.pdf"))
    assert "/mnt/usb/x.pdf" in message and "kirjoitusoikeutta" in message


def test_broken_form_file_names_the_issue() -> None:
    with pytest.raises(FormError) as caught:
        load_form_text("id: x\nversion: '1'\n", source="forms/x.yaml")
    message = describe_error(caught.value)
    assert "forms/x.yaml" in message and "koto forms check" in message


def test_changed_form_without_a_new_version() -> None:
    message = describe_error(FormVersionConflict("assessment-basic", "1"))
    assert "assessment-basic" in message and "versio" in message


def test_store_errors(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    assert store_error_message(WrongPassphrase(), paths).startswith("väärä tunnuslause. Jos olet varma")
    assert str(tmp_path) in store_error_message(AlreadyOpen(), paths)
