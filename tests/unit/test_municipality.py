"""The municipality file: the shipped one has the secrecy and data-protection fields; problems are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from koto_tui.municipality import MunicipalityFileError, load_municipality


def test_the_shipped_file_has_the_legal_basis_of_the_confidentiality_marking() -> None:
    town = load_municipality()
    assert town.name == "Mikkelin kaupunki"
    assert "621/1999" in town.confidentiality and "24 §" in town.confidentiality
    assert town.controller and town.data_protection_officer


def test_the_new_fields_are_optional(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("name: A\ncode: '1'\nunit: U\nplace: P\n", encoding="utf-8")
    assert load_municipality(path).confidentiality == ""


def test_an_unknown_key_is_named(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("name: A\ncode: '1'\nunit: U\nplace: P\nconfidentialty: x\n", encoding="utf-8")
    with pytest.raises(MunicipalityFileError, match="confidentialty"):
        load_municipality(path)
