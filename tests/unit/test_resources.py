"""The shipped forms, data and schemas are found both in a built wheel and in a checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

from koto_tui import resources


def test_checkout_folders_are_used_without_a_packaged_copy() -> None:
    root = Path(resources.__file__).resolve().parent.parent
    assert resources.forms_dir() == root / "forms"
    assert (resources.data_dir() / "municipality.yaml").is_file()
    assert (resources.schemas_dir() / "koto-export-1.schema.json").is_file()


def test_the_packaged_copy_wins_when_the_wheel_carries_one(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "koto_tui" / "_shipped" / "forms").mkdir(parents=True)
    monkeypatch.setattr(resources, "files", lambda _package: tmp_path / "koto_tui")
    assert resources.forms_dir() == tmp_path / "koto_tui" / "_shipped" / "forms"
    assert resources.data_dir() == tmp_path / "data"  # not packaged in this fake: the checkout's place

