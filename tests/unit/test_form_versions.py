"""A new version of a form never breaks interviews taken with an older one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from koto_tui.model import ClientData, Profile
from koto_tui.store import DataPaths, Store
from koto_tui.workflow import build_printout, form_of, register_shipped_forms

PROFILE = Profile("Maija", "kotoutumisohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli")

V1 = """
id: assessment
version: "1"
title: {fi: Arviointi, sv: Bedömning, en: Assessment}
sections:
  - id: basic
    title: {fi: Perustiedot, sv: Grunduppgifter, en: Basics}
    questions:
      - {id: goal, type: short_text, required: true, label: {fi: Tavoite v1, sv: Mål v1, en: Goal v1}}
"""

V2 = """
id: assessment
version: "2"
title: {fi: Arviointi, sv: Bedömning, en: Assessment}
sections:
  - id: basic
    title: {fi: Perustiedot, sv: Grunduppgifter, en: Basics}
    questions:
      - {id: goal, type: long_text, required: true, label: {fi: Tavoite v2, sv: Mål v2, en: Goal v2}}
      - {id: extra, type: integer, required: true, label: {fi: Uusi, sv: Ny, en: New}}
"""


def test_old_interviews_open_and_print_as_asked(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "assessment-v1.yaml").write_text(V1, encoding="utf-8")
    store = Store.create(DataPaths(tmp_path / "data"), PROFILE, "salasana-123")
    try:
        newest = register_shipped_forms(store, forms)
        assert newest["assessment"].version == "1"
        client_id = store.clients.add(ClientData("Virtanen", "Aino", date(1990, 1, 1)))
        old = store.interviews.start(client_id, "assessment", "1", PROFILE)
        store.interviews.save_answer(old.id, "goal", "Työ")

        # Version 2 is published, and version 1's file is even removed from forms/.
        (forms / "assessment-v1.yaml").unlink()
        (forms / "assessment-v2.yaml").write_text(V2, encoding="utf-8")
        newest = register_shipped_forms(store, forms)
        assert newest["assessment"].version == "2"
        new = store.interviews.start(client_id, "assessment", "2", PROFILE)

        old_form = form_of(store, store.interviews.get(old.id))
        assert (old_form.version, old_form.question("goal").type) == ("1", "short_text")
        assert [q.id for q in old_form.questions()] == ["goal"]
        assert old_form.problems(store.interviews.answers(old.id), None) == []
        printed = build_printout(store, old.id)
        assert printed.form_version == "1"
        assert [f.label for s in printed.sections for f in s.fields] == ["Tavoite v1"]

        new_form = form_of(store, store.interviews.get(new.id))
        assert [q.id for q in new_form.questions()] == ["goal", "extra"]
    finally:
        store.close()
