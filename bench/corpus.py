"""The benchmarks' databases: 1k, 10k and 100k clients made through koto's own store API, cached between runs.

Clients have names in seven scripts (Latin with Finnish and Vietnamese letters, Cyrillic, Arabic, Thai,
Ethiopic, Devanagari), a birth date, a language and, for some, a foreign identity code; 10 % have an
assessment of the real (shipped) form, every required question answered as a counsellor finishing it
would and half of them finalised; 3 % have a plan drawn up from that assessment; 5 % a consent. Everything
is written with the store's own methods inside ``Session.bulk`` (one transaction per 1,000 clients), so the
database has the indexes, audit rows and chain a real one has.

A database is built once per size and kept in ``$KOTO_BENCH_CACHE`` (default ``~/.cache/koto-bench``) under
a name that carries the generator's version and the store's migrations: a new migration or a change here
builds it again. Benchmarks copy it before they write (``copy_of``). 100k takes several minutes to build.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from koto_tui.engine import Form
    from koto_tui.model import Profile
    from koto_tui.store import Store

PASSPHRASE = "bench-corpus-passphrase"
#: Argon2id as cheap as the key file allows: unlocking the cached database is not what most benches measure.
CHEAP_KDF = {"memory_kib": 8, "iterations": 1, "lanes": 1}
GENERATOR_VERSION = 2
SIZES = (1_000, 10_000, 100_000)
#: The day the database is "made" on (the clock is fixed while building, so that due dates are stable).
MADE_ON = datetime(2026, 11, 27, 10, 30)
_BATCH = 1_000

# Syllables per script: names are made of two or three, so that 100k clients have varied, realistic names.
_SYLLABLES = {
    "fi": ("Mä", "ke", "lä", "Vir", "ta", "nen", "Kos", "ki", "Aal", "to", "Hä", "mä", "läi", "Ny",
           "strö", "m"),
    "vi": ("Ng", "uyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Thị", "Hương", "Văn"),
    "uk": ("Ко", "ва", "лен", "ко", "Шев", "чен", "Бой", "ко", "Тка", "чук", "Оле", "на", "Ми", "хай"),
    "ar": ("الأ", "حمد", "محم", "د", "عب", "د", "الله", "حس", "ين", "فاط", "مة", "نور"),
    "th": ("ใจ", "ดี", "สม", "ใจ", "ศรี", "สุข", "วง", "ศ์", "ทอง", "คำ", "แก้ว", "มณี"),
    "am": ("ከበ", "ደ", "አበ", "በ", "ተስ", "ፋ", "ዬ", "ሃን", "ስ", "ማር", "ያም", "ሰላ"),
    "hi": ("शर्", "मा", "कु", "मार", "सिं", "ह", "प्र", "िया", "रा", "हुल", "दे", "वी"),
}
_LANGUAGES = {"fi": "et", "vi": "vi", "uk": "uk", "ar": "ar", "th": "th", "am": "am", "hi": "hi"}


@dataclass(frozen=True)
class Corpus:
    """A built database: its data directory, passphrase and what it holds."""

    root: Path
    clients: int
    assessments: int
    plans: int

    @property
    def passphrase(self) -> str:
        return PASSPHRASE


def cache_dir() -> Path:
    """Where built databases are kept between runs."""
    return Path(os.environ.get("KOTO_BENCH_CACHE") or Path.home() / ".cache" / "koto-bench")


def database(size: int) -> Corpus:
    """The database with *size* clients, built now if it is not in the cache yet."""
    from koto_tui.store.migrations import known_migrations

    key = f"clients-{size}-g{GENERATOR_VERSION}-m{len(known_migrations())}"
    root = cache_dir() / key
    done = root / "built"
    if not done.exists():
        shutil.rmtree(root, ignore_errors=True)
        building = Path(tempfile.mkdtemp(prefix=f"{key}-", dir=_made(cache_dir())))
        counts = _build(building / "data", size)
        (building / "built").write_text(" ".join(map(str, counts)), encoding="utf-8")
        building.rename(root)
    clients, assessments, plans = (int(n) for n in done.read_text(encoding="utf-8").split())
    return Corpus(root / "data", clients, assessments, plans)


def copy_of(corpus: Corpus, into: Path) -> Path:
    """A copy of the corpus's data directory inside *into*, for a bench that writes."""
    target = into / "data"
    shutil.copytree(corpus.root, target, ignore=shutil.ignore_patterns("*.lock", "lock*"))
    return target


def _made(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _name(rng: random.Random, script: str, parts: int) -> str:
    syllables = _SYLLABLES[script]
    return "".join(rng.choice(syllables) for _ in range(parts))


def _build(root: Path, size: int) -> tuple[int, int, int]:
    """Create the database at *root* with *size* clients; returns (clients, assessments, plans)."""
    from koto_tui import clock
    from koto_tui.model import Profile
    from koto_tui.store import DataPaths, Store, kdf
    from koto_tui.workflow import ASSESSMENT_FORM, register_shipped_forms

    clock.fix(MADE_ON)
    kdf.fix(CHEAP_KDF)
    rng = random.Random(size)
    profile = Profile("Bench Ohjaaja", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut",
                      "Mikkeli")
    store = Store.create(DataPaths(root), profile, PASSPHRASE, "counsellor")
    counts = [0, 0, 0]
    try:
        form = register_shipped_forms(store)[ASSESSMENT_FORM]
        for start in range(0, size, _BATCH):
            with store.session.bulk():
                for number in range(start, min(size, start + _BATCH)):
                    _client(store, form, profile, rng, number, counts)
    finally:
        store.close()
    try:  # unlocked once, as a database in use is: the audit chain is verified up to here
        Store.unlock(DataPaths(root), PASSPHRASE).close()
        return counts[0], counts[1], counts[2]
    finally:
        kdf.fix(None)
        clock.fix(None)


def _client(store: Store, form: Form, profile: Profile, rng: random.Random, number: int,
            counts: list[int]) -> None:
    """One client, and for some of them an assessment, a plan and a consent."""
    from koto_tui.model import ClientData, Consent, IdentityKind

    script = tuple(_SYLLABLES)[number % len(_SYLLABLES)]
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    foreign = number % 4 == 0
    data = ClientData(_name(rng, script, rng.choice((2, 3))), _name(rng, script, 2), born,
                      IdentityKind.FOREIGN if foreign else IdentityKind.NONE,
                      f"B{number:07d}" if foreign else "", "VN" if foreign else "",
                      native_language=_LANGUAGES[script], communication_language=_LANGUAGES[script],
                      interpreter_needed=script not in ("fi", "vi"),
                      interpreter_language="" if script in ("fi", "vi") else _LANGUAGES[script])
    client_id = store.clients.add(data)
    counts[0] += 1
    if number % 20 == 7:
        store.record.add_consent(Consent(0, client_id, "employment_services", True, MADE_ON.date(),
                                         "signed", "Kotoutumissuunnitelma", None))
    if number % 10 == 3:
        interview_id = _assessment(store, form, profile, client_id, born, finalise=number % 20 == 3)
        counts[1] += 1
        if number % 100 in (3, 23, 43):
            _plan(store, client_id, interview_id)
            counts[2] += 1


def _assessment(store: Store, form: Form, profile: Profile, client_id: int, born: date,
                finalise: bool) -> int:
    """An assessment of the real form with every required question answered."""
    from koto_tui.assessment import eligibility_of, result_record
    from koto_tui.demo import _STORIES, complete_answers
    from koto_tui.engine import AnswerContext, parse_answer

    interview = store.interviews.start(client_id, form.id, form.version, profile)
    context = AnswerContext(today=interview.interview_date, client_birth_date=born)
    answers = complete_answers(form, dict(_STORIES[0]), context)
    for qid, value in answers.items():
        store.interviews.save_answer(interview.id, qid,
                                     parse_answer(form.question(qid), value, context))
    if finalise:
        store.interviews.lifecycle.finalise(
            interview.id, result_record(eligibility_of(answers, interview.interview_date)))
    return int(interview.id)


def _plan(store: Store, client_id: int, interview_id: int) -> None:
    """A draft plan like the demo's in-force one."""
    from koto_tui.demo_plans import PLANS

    store.plans.create(client_id, interview_id, PLANS[0][0])


if __name__ == "__main__":
    import sys
    import time

    for wanted in [int(a) for a in sys.argv[1:]] or [1_000]:
        started = time.perf_counter()
        built = database(wanted)
        print(f"{built} ({time.perf_counter() - started:.1f} s)")
