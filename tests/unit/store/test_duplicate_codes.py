"""One identity code, two clients: refused unless a reason is given, then kept with the client and audited."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from koto_tui.audit.names import action_name
from koto_tui.i18n import _
from koto_tui.model import ClientData, IdentityKind, Profile
from koto_tui.store import DataPaths, Store
from koto_tui.store.errors import DuplicateCode

PROFILE = Profile("Olli Ohjaaja", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli")
AINO = ClientData("Mäkelä", "Aino", date(1952, 10, 13), IdentityKind.HETU, "131052-308T")
OLENA = ClientData("Коваленко", "Олена", date(1985, 3, 14), IdentityKind.TEMPORARY, "140385Y9501")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A new store whose user is a coordinator (who may read the audit trail)."""
    opened = Store.create(DataPaths(tmp_path / "data"), PROFILE, "oikea-salasana-äö", role="coordinator")
    yield opened
    opened.close()


def _reason_of(store: Store, client_id: int) -> str | None:
    row = store.session.db.execute("SELECT duplicate_reason FROM clients WHERE id = ?",
                                   [client_id]).fetchone()
    return None if row[0] is None else str(row[0])


@pytest.mark.parametrize("first", [AINO, OLENA])
def test_a_second_client_with_the_same_code_is_refused(store: Store, first: ClientData) -> None:
    existing = store.clients.add(first)
    with pytest.raises(DuplicateCode) as caught:
        store.clients.add(replace(first, family_name="Toinen", given_names="Henkilö"))
    assert caught.value.existing.id == existing
    assert caught.value.existing.full_name == f"{first.family_name} {first.given_names}"
    assert first.family_name not in str(caught.value)  # the exception's text holds no client data
    assert [c.id for c in store.clients.search("")] == [existing]


def test_a_blank_reason_is_no_reason(store: Store) -> None:
    store.clients.add(OLENA)
    with pytest.raises(DuplicateCode):
        store.clients.add(replace(OLENA, given_names="Toinen"), duplicate_reason=" \t\x07 ")


def test_a_duplicate_with_a_reason_is_kept_and_audited(store: Store) -> None:
    first = store.clients.add(OLENA)
    second = store.clients.add(replace(OLENA, given_names="Toinen"),
                               duplicate_reason="Poliisi antoi saman tilapäisen tunnuksen kahdelle")
    assert _reason_of(store, second) == "Poliisi antoi saman tilapäisen tunnuksen kahdelle"
    assert _reason_of(store, first) is None
    logged = [(r.action, r.entity_id, r.detail) for r in store.audit.rows() if r.action == "duplicate"]
    assert logged == [("duplicate", str(second), f"client {first}")]
    assert "Poliisi" not in " ".join(r.detail for r in store.audit.rows())  # the reason is not in the trail
    assert action_name("duplicate") == _("identity code shared with another client")


def test_an_edit_to_another_clients_code_is_refused(store: Store) -> None:
    aino = store.clients.add(AINO)
    other = store.clients.add(ClientData("Toinen", "Henkilö", date(1990, 1, 1)))
    with pytest.raises(DuplicateCode) as caught:
        store.clients.update(other, replace(AINO, family_name="Toinen"))
    assert caught.value.existing.id == aino
    assert store.clients.get(other).data.identity_code == ""
    store.clients.update(other, replace(AINO, family_name="Toinen"), duplicate_reason="Kaksi henkilöä")
    assert store.clients.get(other).data.identity_code == AINO.identity_code


def test_a_document_number_turned_into_a_code_in_use_is_refused(store: Store) -> None:
    """The same text, first as a foreign document number, then marked a henkilötunnus: now a duplicate."""
    store.clients.add(AINO)
    other = store.clients.add(replace(AINO, id_kind=IdentityKind.FOREIGN, id_country="EE"))
    with pytest.raises(DuplicateCode):
        store.clients.update(other, replace(AINO, given_names="Toinen"))


def test_an_edit_that_keeps_the_code_is_not_asked_again(store: Store) -> None:
    store.clients.add(OLENA)
    second = store.clients.add(replace(OLENA, given_names="Toinen"), duplicate_reason="Kaksi henkilöä")
    store.clients.update(second, replace(OLENA, given_names="Toinen", phone="040 123 4567"))
    assert store.clients.get(second).data.phone == "040 123 4567"
    assert _reason_of(store, second) == "Kaksi henkilöä"


def test_a_client_keeps_their_own_code_and_other_kinds_are_not_duplicates(store: Store) -> None:
    aino = store.clients.add(AINO)
    store.clients.update(aino, replace(AINO, phone="040 123 4567"))
    foreign = ClientData("Nguyễn", "Hương", date(1997, 8, 21), IdentityKind.FOREIGN, "C1234567", "VN")
    store.clients.add(foreign)
    store.clients.add(replace(foreign, given_names="Toinen"))  # a document number is not a person's code
    assert store.clients.with_code("C1234567") == []


def test_the_exact_lookup_is_exact_and_indexed(store: Store) -> None:
    """100190-999P and 100190Y999P are two persons; a prefix is no match; the query uses the index."""
    dash = store.clients.add(replace(OLENA, identity_code="100190-999P"))
    why = store.clients.add(replace(OLENA, identity_code="100190Y999P"))
    assert [c.id for c in store.clients.with_code("100190-999P")] == [dash]
    assert [c.id for c in store.clients.with_code("100190Y999P")] == [why]
    assert store.clients.with_code("100190") == []
    assert store.clients.with_code("100190-999P", excluding=dash) == []
    plan = store.session.db.execute("EXPLAIN QUERY PLAN SELECT id FROM clients WHERE identity_code = ?",
                                    ["x"]).fetchall()
    assert any("clients_identity_code" in str(step) for step in plan), plan
