"""A demo database of fictional clients, so that a newcomer can look around at once."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from koto_tui.model import ClientData, IdentityKind, InterviewStatus, Profile
from koto_tui.store.paths import DataPaths

if TYPE_CHECKING:  # loaded only when the demo is seeded (this module is imported at start-up)
    from koto_tui.engine import Form, Question
    from koto_tui.store import Store

DEMO_PASSPHRASE = "demo"  # noqa: S105 - the demo's passphrase is public by design and shown on screen

# Fictional people; names in the scripts the municipality's clients write.
_CLIENTS = (
    ClientData("Коваленко", "Олена", date(1985, 3, 14), IdentityKind.TEMPORARY, "140385Y9501",
               native_language="uk", communication_language="uk", interpreter_needed=True,
               interpreter_language="uk", phone="+358 40 123 4567", post_office="Mikkeli"),
    ClientData("الأحمد", "محمد", date(1990, 1, 1), IdentityKind.TEMPORARY, "010190-964S",
               native_language="ar", communication_language="ar", interpreter_needed=True,
               interpreter_language="ar", address_nondisclosure=True),
    ClientData("Nguyễn", "Thị Hương", date(1997, 8, 21), IdentityKind.FOREIGN, "C1234567",
               id_country="VN", native_language="vi", communication_language="en"),
    ClientData("ใจดี", "สมใจ", date(1979, 11, 2), IdentityKind.NONE, "",
               native_language="th", communication_language="th", interpreter_needed=True,
               interpreter_language="th"),
    ClientData("ከበደ", "አበበ", date(2001, 6, 30), IdentityKind.NONE, "",
               native_language="am", communication_language="en"),
    ClientData("Mäkelä", "Aino Åsa", date(1952, 10, 13), IdentityKind.HETU, "131052-308T",
               native_language="et", communication_language="fi"),
)


def demo_paths(root: DataPaths) -> DataPaths:
    """The demo database lives in its own folder inside the data directory."""
    return DataPaths(root.root / "demo")


def _example(question: Question) -> object:
    """A plausible answer of the question's type (the first choice, a small number, a past date)."""
    if question.choices:
        first = question.choices[0].value
        return [first] if question.type == "multiple_choice" else first
    return {"integer": 3, "yes_no": True, "date": "2024-05-02"}.get(question.type, "Esimerkki")


def _answers(form: Form, how_many: int) -> dict[str, object]:
    """Plausible answers for the first *how_many* answerable questions (a group gets one entry)."""
    out: dict[str, object] = {}
    for q in [q for q in form.questions() if q.answerable][:how_many]:
        out[q.id] = [{n.id: _example(n) for n in q.questions if n.answerable}] if q.is_group else _example(q)
    return out


def seed_demo(paths: DataPaths) -> Store:
    """Create the demo database with clients whose interviews are in different states."""
    from koto_tui.municipality import load_municipality
    from koto_tui.store import Store
    from koto_tui.workflow import ASSESSMENT_FORM, register_shipped_forms

    town = load_municipality()
    profile = Profile("Demo Ohjaaja", "kotoutumisohjaaja", town.name, town.unit, town.place)
    store = Store.create(paths, profile, DEMO_PASSPHRASE)
    form = register_shipped_forms(store)[ASSESSMENT_FORM]
    total = len([q for q in form.questions() if q.answerable])
    plan = {0: total, 1: total // 2, 2: 3, 5: total}
    for index, data in enumerate(_CLIENTS):
        client_id = store.clients.add(data)
        if index not in plan:
            continue
        interview = store.interviews.start(client_id, form.id, form.version, profile)
        for qid, value in _answers(form, plan[index]).items():
            store.interviews.save_answer(interview.id, qid, value)
        if plan[index] == total:
            store.interviews.set_status(interview.id, InterviewStatus.COMPLETED)
    return store
