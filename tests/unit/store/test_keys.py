"""Key file format 2: key pairs, one Argon2id derivation per unlock, strict fields, calibrated cost."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from koto_tui.store import KeyFileError, WrongPassphrase, kdf, keyfile, keys

KEY = bytes(range(32))


@pytest.fixture
def ten(tmp_path: Path) -> Path:
    """A key file with ten users, passphrases "salasana-0" … "salasana-9" (added in that order)."""
    path = tmp_path / "koto.keys"
    for n in range(10):
        keys.add_user(path, f"user-{n}", f"salasana-{n}", KEY)
    return path


def test_the_last_users_passphrase_costs_one_derivation_whatever_the_number_of_users(
        ten: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[kdf.Params] = []
    real = kdf.derive
    monkeypatch.setattr(kdf, "derive", lambda *args: calls.append(args[2]) or real(*args))
    unlocked = keys.unlock(ten, "salasana-9")
    assert (unlocked.user_id, unlocked.key, len(calls)) == ("user-9", KEY, 1)
    calls.clear()
    with pytest.raises(WrongPassphrase):
        keys.unlock(ten, "väärä")
    assert len(calls) == 1


def test_entries_share_the_salt_but_not_the_wrapping(ten: Path) -> None:
    entries = keyfile.read(ten).entries
    assert len({e["salt"] for e in entries}) == 1
    for name in ("public_key", "private_wrapped", "ephemeral_key", "key_wrapped"):
        assert len({e[name] for e in entries}) == 10


def test_a_cheap_group_is_left_for_a_new_calibrated_one(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A user added when the shared parameters take under 0.5 s here gets a new salt and calibration."""
    path = tmp_path / "koto.keys"
    keys.add_user(path, "first", "salasana-1", KEY)
    kdf.fix(None)
    stronger = {"memory_kib": 16, "iterations": 2, "lanes": 1}
    monkeypatch.setattr(kdf, "calibrated", lambda: dict(stronger))
    keys.add_user(path, "second", "salasana-2", KEY)
    first, second = keyfile.read(path).entries
    assert first["salt"] != second["salt"] and second["params"] == stronger
    assert keys.unlock(path, "salasana-2").user_id == "second"
    assert keys.unlock(path, "salasana-1").user_id == "first"


def _edited(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    document["checksum"] = keyfile.checksum(document["users"], generation=document.get("generation", 0))
    path.write_text(json.dumps(document), encoding="utf-8")


@pytest.mark.parametrize("change", [
    pytest.param(lambda d: d["users"][0].update(extra="x"), id="unknown-field"),
    pytest.param(lambda d: d["users"][0].update(public_key="QUJD"), id="short-public-key"),
    pytest.param(lambda d: d["users"][0].pop("key_wrapped"), id="no-wrapped-key"),
    pytest.param(lambda d: d.update(generation=-1), id="negative-generation"),
    pytest.param(lambda d: d.update(generation="1"), id="generation-text"),
    pytest.param(lambda d: d["users"].append(dict(d["users"][0])), id="same-user-twice"),
])
def test_format_2_fields_are_checked_strictly(ten: Path, change: Callable[[dict[str, Any]], None]) -> None:
    _edited(ten, change)
    with pytest.raises(KeyFileError):
        keys.unlock(ten, "salasana-0")


def test_an_edited_generation_does_not_open_the_wrapped_key(ten: Path) -> None:
    """The wrapped database key is bound to its generation: bumping it in an old copy opens nothing."""
    _edited(ten, lambda d: d.update(generation=5))
    with pytest.raises(WrongPassphrase):
        keys.unlock(ten, "salasana-3")


def test_calibration_aims_at_half_a_second_to_a_second() -> None:
    kdf.fix(None)
    unit = kdf.FLOOR["memory_kib"] * kdf.FLOOR["iterations"]

    def measure(params: kdf.Params) -> float:  # a laptop where the floor takes 0.12 s
        return 0.12 * params["memory_kib"] * params["iterations"] / unit

    params = kdf.calibrated(measure)
    assert 0.5 <= measure(params) <= 1.0
    assert all(params[name] >= kdf.FLOOR[name] for name in kdf.FLOOR)


def test_calibration_never_goes_below_rfc_9106s_second_option() -> None:
    kdf.fix(None)
    assert kdf.calibrated(lambda params: 3.0) == kdf.FLOOR


def test_calibration_grows_passes_once_memory_is_at_its_cap() -> None:
    kdf.fix(None)

    def measure(params: kdf.Params) -> float:  # a slow-memory laptop: 1 GiB × 3 passes take 0.3 s
        return 0.3 * params["memory_kib"] * params["iterations"] / (kdf.MAX_MEMORY_KIB * 3)

    params = kdf.calibrated(measure)
    assert params["memory_kib"] == kdf.MAX_MEMORY_KIB and params["iterations"] > 3
    assert 0.5 <= measure(params) <= 1.0
