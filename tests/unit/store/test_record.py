"""Interpreter sessions, participants and consents are stored and read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from koto_tui.model import ClientData, Consent, InterpreterSession, Participant, Profile
from koto_tui.store import DataPaths, Store

PROFILE = Profile("Maija", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli")


def test_record_round_trip(tmp_path: Path) -> None:
    store = Store.create(DataPaths(tmp_path), PROFILE, "salasana-123")
    try:
        store.interviews.register_form("t", "1", "id: t")
        cid = store.clients.add(ClientData("Ahmadi", "Zahra", date(1990, 1, 1)))
        iv = store.interviews.start(cid, "t", "1", PROFILE)
        store.record.add_session(InterpreterSession(0, iv.id, "phone", "prs", "", "Tulkki 4711",
                                                    "Tulkkikeskus", "2026-11-27T10:00", None, True))
        store.record.add_participant(Participant(0, iv.id, "wellbeing_nurse", "Sanna Hoitaja",
                                                 "Etelä-Savon hyvinvointialue"))
        consent_id = store.record.add_consent(Consent(0, cid, "wellbeing_county", True, date(2026, 11, 27),
                                                      "oral_via_interpreter", "terveystiedot", None))
        store.record.withdraw_consent(consent_id, date(2026, 12, 1))
        (session,) = store.record.sessions(iv.id)
        assert (session.mode, session.language, session.interpreter, session.fee_informed) == (
            "phone", "prs", "Tulkki 4711", True)
        (participant,) = store.record.participants(iv.id)
        assert participant.organisation == "Etelä-Savon hyvinvointialue"
        (consent,) = store.record.consents(cid)
        assert consent.given and consent.withdrawn_on == date(2026, 12, 1)
        details = [e["detail"] for e in store.audit_entries()]
        assert not any("Tulkki 4711" in str(d) or "Sanna" in str(d) for d in details)
    finally:
        store.close()
