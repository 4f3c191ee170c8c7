"""Argon2id for the key file: deriving a key from a passphrase, and choosing its cost for this laptop.

The cost is calibrated so that one derivation takes 0.5–1 s here (an attacker with a copied key file pays
that per guess on similar hardware), never below RFC 9106's second recommended setting (64 MiB, 3 passes,
4 lanes). Memory grows first (it is what makes guessing on GPUs expensive), up to ``MAX_MEMORY_KIB``; then
passes. Tests fix the parameters with ``fix`` so that they do not pay a second per derivation.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

Params = dict[str, int]
FLOOR: Params = {"memory_kib": 64 * 1024, "iterations": 3, "lanes": 4}
"""RFC 9106 § 4, second recommended option: the least koto ever chooses."""
MAX_MEMORY_KIB = 1024 * 1024
"""1 GiB: more would make unlocking swap on a laptop with little memory."""
FAST_S, SLOW_S, AIM_S = 0.5, 1.0, 0.7
_fixed: Params | None = None


def derive(passphrase: str, salt: bytes, params: Params) -> bytes:
    """The 32-byte Argon2id output for *passphrase* with *salt* and *params*."""
    return Argon2id(salt=salt, length=32, iterations=params["iterations"], lanes=params["lanes"],
                    memory_cost=params["memory_kib"]).derive(passphrase.encode("utf-8"))


def timed_derive(passphrase: str, salt: bytes, params: Params) -> tuple[bytes, float]:
    """``derive`` and the seconds it took."""
    start = time.perf_counter()
    out = derive(passphrase, salt, params)
    return out, time.perf_counter() - start


def fix(params: Params | None) -> None:
    """Use *params* instead of calibrating (tests, the demo); None calibrates again."""
    global _fixed
    _fixed = dict(params) if params is not None else None


@contextmanager
def using(params: Params) -> Iterator[None]:
    """``fix`` *params* for the block, then put back what was fixed before."""
    previous = fixed()
    fix(params)
    try:
        yield
    finally:
        fix(previous)


def fixed() -> Params | None:
    """The parameters set with ``fix``, if any."""
    return dict(_fixed) if _fixed is not None else None


def good_enough(params: Params, seconds: float) -> bool:
    """Whether a derivation with *params* that took *seconds* is still costly enough to keep using."""
    if _fixed is not None:
        return params == _fixed
    return all(params[name] >= FLOOR[name] for name in FLOOR) and seconds >= FAST_S


def calibrated(measure: Callable[[Params], float] | None = None) -> Params:
    """Parameters for which one derivation takes 0.5–1 s on this machine (or the fixed ones)."""
    if _fixed is not None:
        return dict(_fixed)
    measure = measure or _measure
    params = dict(FLOOR)
    for _attempt in range(6):
        seconds = measure(params)
        if seconds >= FAST_S:
            return params
        params = _scaled(params, AIM_S / max(seconds, 0.001))
    return params


def _scaled(params: Params, factor: float) -> Params:
    """*params* made about *factor* times as costly: memory first, then passes."""
    memory = min(MAX_MEMORY_KIB, int(params["memory_kib"] * factor) // 1024 * 1024)
    memory = max(memory, params["memory_kib"])
    rest = factor * params["memory_kib"] / memory
    iterations = max(params["iterations"], round(params["iterations"] * rest))  # memory rounding: not +1
    return {"memory_kib": memory, "iterations": min(iterations, 64), "lanes": params["lanes"]}


def _measure(params: Params) -> float:
    """Seconds one derivation with *params* takes here."""
    return timed_derive("calibration", b"koto-calibration", params)[1]
