"""Finalising locks an interview; an amendment needs a reason and records what changed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from koto_tui.model import ClientData, InterviewStatus, Profile
from koto_tui.store import DataPaths, Store
from koto_tui.store.errors import InterviewLocked

PROFILE = Profile("Maija", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.create(DataPaths(tmp_path), PROFILE, "salasana-123")
    opened.interviews.register_form("t", "1", "id: t")
    return opened


def test_finalise_amend_and_finalise_again(store: Store) -> None:
    cid = store.clients.add(ClientData("Virtanen", "Aino", date(1990, 1, 1)))
    iv = store.interviews.start(cid, "t", "1", PROFILE)
    store.interviews.save_answer(iv.id, "a", "first")
    store.interviews.lifecycle.finalise(iv.id, {"responsible": "municipality"})
    assert store.interviews.get(iv.id).locked
    with pytest.raises(InterviewLocked):
        store.interviews.save_answer(iv.id, "a", "sneaky")
    assert store.interviews.answers(iv.id) == {"a": "first"}
    with pytest.raises(ValueError):
        store.interviews.lifecycle.amend(iv.id, "  ", "Maija")

    amendment_id = store.interviews.lifecycle.amend(iv.id, "Koulutustieto korjattu", "Maija")
    assert store.interviews.get(iv.id).status is InterviewStatus.AMENDING
    store.interviews.save_answer(iv.id, "a", "second")
    store.interviews.save_answer(iv.id, "b", 3)
    store.interviews.save_answer(iv.id, "a", "third")
    store.interviews.lifecycle.finalise(iv.id, {"responsible": "municipality"})

    (amendment,) = store.interviews.lifecycle.amendments(iv.id)
    assert amendment.id == amendment_id
    assert amendment.reason == "Koulutustieto korjattu" and amendment.user_name == "Maija"
    assert amendment.changed == ("a", "b")
    assert amendment.closed_at is not None
    assert store.interviews.lifecycle.result(iv.id) == {"responsible": "municipality"}
    actions = [e["action"] for e in store.audit_entries()]
    assert "finalise" in actions and "amend" in actions
    assert all("Koulutustieto" not in str(e["detail"]) for e in store.audit_entries())


def test_only_a_finalised_interview_can_be_amended(store: Store) -> None:
    cid = store.clients.add(ClientData("Virtanen", "Aino", date(1990, 1, 1)))
    iv = store.interviews.start(cid, "t", "1", PROFILE)
    with pytest.raises(InterviewLocked):
        store.interviews.lifecycle.amend(iv.id, "syy", "Maija")
