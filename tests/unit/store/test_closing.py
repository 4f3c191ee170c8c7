"""A closed store forgets the database key: nothing reachable from it holds the key or its hex."""

from __future__ import annotations

import gc
from pathlib import Path

from koto_tui.model import Profile
from koto_tui.store import DataPaths, Store, keys

PASSPHRASE = "oikea hevonen patteri"


def _reachable(root: object) -> list[object]:
    """Every object reachable from *root* through the references the garbage collector sees."""
    seen: dict[int, object] = {id(root): root}
    todo = [root]
    while todo:
        for ref in gc.get_referents(todo.pop()):
            if id(ref) not in seen and not isinstance(ref, type):
                seen[id(ref)] = ref
                todo.append(ref)
    return list(seen.values())


def test_a_closed_store_holds_no_copy_of_the_key(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    Store.create(paths, Profile("Maija", "ohjaaja", "Mikkeli", "", ""), PASSPHRASE).close()
    key = keys.unlock(paths.keyfile, PASSPHRASE).key
    store = Store.unlock(paths, PASSPHRASE)
    assert any(isinstance(o, bytes) and o == key for o in _reachable(store))  # the scan finds it when held
    store.close()
    held = [o for o in _reachable(store) if isinstance(o, bytes | str) and o in (key, key.hex())]
    assert held == []
    assert not hasattr(store, "users")
    store.close()  # closing again is harmless


def test_a_closed_store_holds_no_copy_of_the_audit_chain_secret(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    Store.create(paths, Profile("Maija", "ohjaaja", "Mikkeli", "", ""), PASSPHRASE).close()
    store = Store.unlock(paths, PASSPHRASE)  # the unlock writes audit rows, so the secret is read
    with store.session.reading() as db:
        secret = bytes(db.execute("SELECT secret FROM audit_chain WHERE id = 1").fetchone()[0])
    assert any(isinstance(o, bytes) and o == secret for o in _reachable(store))
    store.close()
    assert not [o for o in _reachable(store) if isinstance(o, bytes) and o == secret]
