"""A demo database of fictional clients, so that a newcomer can look around at once."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from koto_tui.model import ClientData, IdentityKind, Profile
from koto_tui.store.paths import DataPaths

if TYPE_CHECKING:  # loaded only when the demo is seeded (this module is imported at start-up)
    from koto_tui.engine import AnswerContext, Form, Question
    from koto_tui.store import Store

DEMO_PASSPHRASE = "demo"  # noqa: S105 - the demo's passphrase is public by design and shown on screen
#: The demo's integration coordinator, who approves the demo plans (public by design, like the above).
DEMO_COORDINATOR = ("Demo Koordinaattori", "kotoutumiskoordinaattori")
DEMO_COORDINATOR_PASSPHRASE = "demo hyväksyy suunnitelmat"  # noqa: S105

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
    ClientData("احمدی", "زهرا", date(1994, 2, 11), IdentityKind.NONE, "",
               native_language="prs", communication_language="prs", interpreter_needed=True,
               interpreter_language="prs"),
)


def demo_paths(root: DataPaths) -> DataPaths:
    """The demo database lives in its own folder inside the data directory."""
    return DataPaths(root.root / "demo")


def _example(question: Question) -> object:
    """A plausible answer of the question's type (the first choice, a small number, a past date)."""
    if question.choices:
        first = question.choices[0].value
        return [first] if question.type == "multiple_choice" else first
    return {"integer": 3, "yes_no": False, "date": "2024-05-02"}.get(question.type, "Esimerkki")


# What distinguishes each demo client's assessment; the rest is filled in with plausible answers.
_STORIES: dict[int, dict[str, object]] = {
    0: {"registered_jobseeker": False, "target_groups": ["international_protection"],
        "window_event": "first_residence_permit", "window_event_date": "2024-03-18",
        "arrival_date": "2022-04-02", "residence_basis": "temporary_protection",
        "assessment_start": "own_request", "interview_place": "home", "interpreting": "on_site",
        "household_members": [{"member_relation": "child", "member_birth_year": 2016}]},
    1: {"registered_jobseeker": False, "target_groups": ["social_assistance"],
        "window_event": "first_residence_permit", "window_event_date": "2024-01-15",
        "assessment_start": "authority_contact", "authority_permission": True},
    2: {"registered_jobseeker": True},
    6: {"registered_jobseeker": False, "target_groups": ["international_protection"]},
    5: {"registered_jobseeker": False, "target_groups": ["other_need"],
        "other_need_description": "Paluumuuttaja, tarvitsee suomen kielen opintoja.",
        "window_event": "right_of_residence_registered", "window_event_date": "2025-06-01"},
}


def complete_answers(form: Form, answers: dict[str, object], context: AnswerContext) -> dict[str, object]:
    """Answer every required question still missing, as a counsellor finishing the interview would."""
    for _ in range(10):
        missing = [p for p in form.problems(answers, context) if p.kind == "missing" and p.entry is None]
        if not missing:
            break
        for problem in missing:
            q = form.question(problem.question_id)
            answers[q.id] = ([{n.id: _example(n) for n in q.questions if n.answerable}] if q.is_group
                             else _example(q))
    return answers


def _interview(store: Store, form: Form, client_id: int, data: ClientData, index: int,
               profile: Profile) -> int:
    """Interviews in different states: finalised (0, 5), half way (1), just started (2)."""
    from koto_tui.assessment import eligibility_of, result_record
    from koto_tui.engine import AnswerContext, parse_answer

    interview = store.interviews.start(client_id, form.id, form.version, profile)
    context = AnswerContext(today=interview.interview_date, client_birth_date=data.birth_date)
    answers = dict(_STORIES[index])
    if index in (0, 1, 5):
        answers = complete_answers(form, answers, context)
    if index == 1:
        answers = dict(list(answers.items())[: len(answers) // 2])
    for qid, value in answers.items():  # parsed, so that a wrong demo value fails loudly here
        store.interviews.save_answer(interview.id, qid, parse_answer(form.question(qid), value, context))
    if index in (0, 5):
        result = result_record(eligibility_of(answers, interview.interview_date))
        store.interviews.lifecycle.finalise(interview.id, result)
    return interview.id


def seed_demo(paths: DataPaths, *, day: bool = False) -> Store:
    """Create the demo database with clients whose interviews are in different states; *day*: also the
    items around today that put nearly every kind of worklist row on the list (``koto demo``; the tests'
    demo leaves them out, its numbers counted by hand)."""
    from koto_tui.municipality import load_municipality
    from koto_tui.store import Store, kdf
    from koto_tui.workflow import ASSESSMENT_FORM, register_shipped_forms

    town = load_municipality()
    profile = Profile("Demo Ohjaaja", "kotoutumisohjaaja", town.name, town.unit, town.place)
    with kdf.using(kdf.fixed() or kdf.FLOOR):  # the passphrases are public: no calibration
        # Created as a coordinator so that the demo coordinator can be added; seed_plans then makes the
        # demo counsellor a counsellor again.
        store = Store.create(paths, profile, DEMO_PASSPHRASE, role="coordinator")
        form = register_shipped_forms(store)[ASSESSMENT_FORM]
        clients: dict[int, int] = {}
        interviews: dict[int, int] = {}
        for index, data in enumerate(_CLIENTS):
            clients[index] = store.clients.add(data)
            if index in _STORIES:
                interviews[index] = _interview(store, form, clients[index], data, index, profile)
        from koto_tui.demo_plans import seed_plans

        _exchange_with_itself(store)
        store = seed_plans(store, paths, clients, interviews)
        if day:
            from koto_tui.demo_day import seed_day

            store = seed_day(store, paths, form, profile, clients)
        return store


def _exchange_with_itself(store: Store) -> None:
    """The demo seals its exports for itself and trusts its own signature: export, then import, just works."""
    from koto_tui.exchange import seal, signing, trust

    receiving = seal.public_key_text(str(trust.own_private_key(store, create=True)))
    trust.trust(store).put_receiver_key(receiving, seal.fingerprint(receiving))
    signer = trust.own_signing_public(store)
    trust.trust(store).put_sender("Demo", signer, signing.fingerprint(signer))
