"""A stand-in for the shared generator (`bench.corpus.database(size) -> Path`): clients in seven scripts made
through the store API, 10 % with a finalised assessment of the real form, 3 % with an approved plan.

Swap it for `bench.corpus` by changing the one import in bench/search.py and bench/report.py. The database
is cached under ``KOTO_BENCH_CACHE`` (default: ~/.cache/koto-bench) by size; it opens with ``PASSPHRASE``.
"""

from __future__ import annotations

import os
import random
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from koto_tui.engine import Form
    from koto_tui.store import Store

PASSPHRASE = "bench-passphrase"
_FAMILY = ("Коваленко", "Шевченко", "الأحمد", "حسن", "Nguyễn", "Trần", "ใจดี", "ศรีสุข", "ከበደ", "ተስፋዬ",
           "Mäkelä", "Virtanen", "Åberg", "احمدی", "رضایی", "O'Brien", "Smith", "Ali", "Mohamed", "Öztürk")
_GIVEN = ("Олена", "Іван", "محمد", "فاطمة", "Thị Hương", "Văn Nam", "สมใจ", "สมชาย", "አበበ", "ሰላም",
          "Aino", "Åsa", "زهرا", "علی", "Liam", "Amina", "Yusuf", "Élise", "Mehmet", "Olga")
_LANGUAGES = ("uk", "ar", "vi", "th", "am", "et", "prs", "so", "ru", "en")
_SERVICES = ("integration_training_others", "civic_orientation", "library", "literacy_training")


def cache_dir() -> Path:
    """Where the generated databases are kept between runs."""
    return Path(os.environ.get("KOTO_BENCH_CACHE", Path.home() / ".cache" / "koto-bench")).expanduser()


def database(size: int) -> Path:
    """The data directory of a database with *size* clients (made once, then reused)."""
    root = cache_dir() / f"clients-{size}"
    if not (root / "done").exists():
        _make(root, size)
        (root / "done").write_text("ok\n", encoding="utf-8")
    return root


def _make(root: Path, size: int) -> None:
    import shutil

    from koto_tui import clock
    from koto_tui.model import Profile
    from koto_tui.store import DataPaths, Store, kdf
    from koto_tui.workflow import ASSESSMENT_FORM, register_shipped_forms

    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    profile = Profile("Bench", "ohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli")
    rng = random.Random(size)
    try:
        with kdf.using(kdf.fixed() or kdf.FLOOR):
            store = Store.create(DataPaths(root), profile, PASSPHRASE, role="coordinator")
        store.session.db.table("settings").upsert(
            {"key": "setting:allow_self_approval", "value": "true"}, pk="key")
        form = register_shipped_forms(store)[ASSESSMENT_FORM]
        answers = _answers(form)
        with store.session.bulk():
            for n in range(size):
                _client(store, form, profile, answers, n, rng)
        store.close()
    finally:
        clock.fix(None)


def _answers(form: Form) -> dict[str, object]:
    """One complete set of answers to the real form (as the demo fills them), parsed."""
    from koto_tui.demo import complete_answers
    from koto_tui.engine import AnswerContext, parse_answer

    context = AnswerContext(today=date(2026, 6, 1), client_birth_date=date(1990, 1, 1))
    raw = complete_answers(form, {"registered_jobseeker": False, "target_groups": ["other_need"]}, context)
    return {qid: parse_answer(form.question(qid), value, context) for qid, value in raw.items()}


def _client(store: Store, form: Form, profile: object, answers: dict[str, object], n: int,
            rng: random.Random) -> None:
    """Client *n*: every tenth with a finalised assessment, about a third of those with an approved plan."""
    from koto_tui import clock
    from koto_tui.model import ClientData, IdentityKind

    day = date(2026, 1, 1) + timedelta(days=rng.randrange(330))
    clock.fix(datetime(day.year, day.month, day.day, 10))
    code = f"{rng.randrange(1, 28):02d}{rng.randrange(1, 13):02d}{rng.randrange(60, 99)}-{900 + n % 99}X"
    data = ClientData(rng.choice(_FAMILY), rng.choice(_GIVEN), date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
                      IdentityKind.FOREIGN, code if n % 3 else "", native_language=rng.choice(_LANGUAGES))
    client_id = store.clients.add(data)
    if n % 10 == 0:
        interview_id = _assessment(store, form, profile, client_id, answers, n)
        if rng.random() < 0.3:
            _plan(store, client_id, interview_id, day)


def _assessment(store: Store, form: Form, profile: object, client_id: int, answers: dict[str, object],
                n: int) -> int:
    from koto_tui.assessment import eligibility_of, result_record

    interview = store.interviews.start(client_id, form.id, form.version, profile)  # type: ignore[arg-type]
    mine = {**answers, "registered_jobseeker": n % 20 == 0,
            "target_groups": [("international_protection", "social_assistance", "other_need")[n % 3]]}
    for qid, value in mine.items():
        store.interviews.save_answer(interview.id, qid, value)
    result = result_record(eligibility_of(mine, interview.interview_date))
    store.interviews.lifecycle.finalise(interview.id, result)
    return interview.id


def _plan(store: Store, client_id: int, interview_id: int, day: date) -> None:
    from koto_tui.demo_plans import _LANGUAGE_GOAL, _content, _measure
    from koto_tui.rules.plan import MeasureStatus

    content = _content(day, day + timedelta(days=360), day + timedelta(days=40), (_LANGUAGE_GOAL,), tuple(
        _measure(f"m{i}", service, MeasureStatus.PLANNED, "g1") for i, service in enumerate(_SERVICES)))
    plan_id = store.plans.create(client_id, interview_id, content)
    store.plans.submit(plan_id)
    store.plans.approve(plan_id, on=day)
