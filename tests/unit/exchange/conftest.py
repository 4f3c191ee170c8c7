"""The demo database, seeded once on the fixed day, copied for each test; a second, empty laptop."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from koto_tui.demo import DEMO_PASSPHRASE, demo_paths
from koto_tui.model import Profile
from koto_tui.store import DataPaths, Store

COORDINATOR = Profile("Kaisa Koordinaattori", "kotoutumiskoordinaattori", "Mikkelin kaupunki",
                      "Elinvoimapalvelut / kotoutumispalvelut", "Mikkeli")
COORDINATOR_PASSPHRASE = "kaisan-oma-salasana"


@pytest.fixture
def demo(seeded_demo: Path, tmp_path: Path) -> Iterator[Store]:
    """The demo database (a private copy), opened by the demo counsellor."""
    root = tmp_path / "laptop-a"
    shutil.copytree(seeded_demo, root)
    store = Store.unlock(demo_paths(DataPaths(root)), DEMO_PASSPHRASE)
    yield store
    store.close()


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Store]:
    """The coordinator's laptop: a new, empty database."""
    store = Store.create(DataPaths(tmp_path / "laptop-b"), COORDINATOR, COORDINATOR_PASSPHRASE, "coordinator")
    yield store
    store.close()


def connect(sender: Store, receiver: Store) -> None:
    """*sender* seals its exports for *receiver*, which trusts *sender*'s signature (coordinators' steps)."""
    from koto_tui.exchange import seal, signing, trust

    receiving = seal.public_key_text(str(trust.own_private_key(receiver, create=True)))
    trust.trust(sender).put_receiver_key(receiving, seal.fingerprint(receiving))
    signer = trust.own_signing_public(sender)
    trust.trust(receiver).put_sender(sender.profile().name, signer, signing.fingerprint(signer))


def opened(store: Store, data: bytes) -> dict[str, object]:
    """The JSON content of an export file *store* wrote to itself (the demo) or received."""
    from koto_tui.exchange.importer import read_export

    return read_export(store, data)


@pytest.fixture
def export(demo: Store, tmp_path: Path) -> dict[str, object]:
    """The demo's three client documents as its export holds them: Коваленко (assessment, plan), Nguyễn
    (plan), Mäkelä (both)."""
    from koto_tui.exchange.export import ExportRequest, run_export

    run_export(demo, ExportRequest(out=tmp_path / "export.json"))
    return opened(demo, (tmp_path / "export.json").read_bytes())
