"""An import's conflicts kept one row each (client, record, reason code), all or nothing with the import; a
plan's link to another client's assessment refused in the file, a conflict against the database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from koto_tui import i18n
from koto_tui.exchange.conflicts import Reason, reason_text
from koto_tui.exchange.importer import CONFLICT, ImportRefused, import_file
from koto_tui.store import Store
from koto_tui.store.exchange import Exchange, ImportConflict
from tests.unit.exchange.test_import_checks import counts, encoded, refused, trust_laptop_a


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("fi")


@pytest.fixture
def office(office: Store) -> Store:
    """The coordinator's new, empty laptop, which trusts laptop A."""
    trust_laptop_a(office)
    return office


def _client_id(store: Store, family: str) -> int:
    return store.clients.search(family, include_restricted=True)[0].id


def _kept(store: Store, import_id: int | None) -> list[ImportConflict]:
    assert import_id is not None
    return [line.conflict for line in Exchange(store.session).conflicts(import_id)]


def test_each_conflict_is_kept_with_its_local_client_record_and_reason(
        office: Store, export: dict[str, Any]) -> None:
    import_file(office, encoded(export))
    makela = _client_id(office, "Mäkelä")
    office.clients.update(makela, replace(office.clients.get(makela).data, phone="+358 50 111 2222"))
    kovalenko, makela_doc = export["documents"][0], export["documents"][2]
    makela_doc["client"]["phone"] = "+358 44 999 8888"  # changed on both laptops: a conflict
    kovalenko["assessments"][0]["form"]["version"] = "9.9-tuntematon"  # this koto lacks the version
    result = import_file(office, encoded(export))

    expected = [ImportConflict(_client_id(office, "Коваленко"), "assessment",
                               kovalenko["assessments"][0]["document_id"], Reason.FORM_VERSION_MISSING),
                ImportConflict(makela, "client", makela_doc["uid"], Reason.CLIENT_CHANGED_HERE)]
    assert result.conflicts() == expected
    assert _kept(office, result.import_id) == expected
    [logged] = [row for row in Exchange(office.session).imports() if row["id"] == result.import_id]
    assert logged["conflicts"] == result.count(CONFLICT) == len(expected)  # the count is the rows'
    assert Exchange(office.session).conflicts_counted(result.import_id or 0) == 2
    assert reason_text(Reason.CLIENT_CHANGED_HERE) == "the details here were changed after they arrived"


def test_every_conflict_outcome_has_a_reason_and_a_client(office: Store, export: dict[str, Any]) -> None:
    twin = {**export["documents"][2], "uid": "f" * 32, "assessments": [], "plans": []}
    export["documents"].append(twin)  # the same identity code as Mäkelä, who came first
    result = import_file(office, encoded(export))
    conflicts = [o for o in result.outcomes if o.action == CONFLICT]
    assert conflicts and all(o.conflict() is not None for o in conflicts)
    assert _kept(office, result.import_id) == [
        ImportConflict(_client_id(office, "Mäkelä"), "client", "f" * 32, Reason.SAME_IDENTITY_CODE)]


def test_a_refused_import_keeps_no_conflict(office: Store, export: dict[str, Any]) -> None:
    import_file(office, encoded(export))
    before = counts(office)
    export["documents"][0]["assessments"][0]["form"]["version"] = "9.9-tuntematon"  # a conflict first ...
    export["documents"][2]["client"]["birth_date"] = "1990-02-30"  # ... then a problem
    with pytest.raises(ImportRefused):
        import_file(office, encoded(export))
    after = counts(office)
    assert after.pop("audit") == before.pop("audit") + 1  # the refusal, logged
    assert after == before


def test_conflict_rows_roll_back_with_the_import(office: Store, export: dict[str, Any],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows are written inside the import's transaction: a failure after them leaves none."""
    original = Exchange.record_import

    def written_then_failed(self: Exchange, *args: Any, **kwargs: Any) -> int:
        import_id = original(self, *args, **kwargs)
        assert _kept(office, import_id)  # written ...
        raise ValueError("disk full")

    import_file(office, encoded(export))
    before = counts(office)
    export["documents"][0]["assessments"][0]["form"]["version"] = "9.9-tuntematon"
    monkeypatch.setattr(Exchange, "record_import", written_then_failed)
    with pytest.raises(ImportRefused):
        import_file(office, encoded(export))
    after = counts(office)
    assert after.pop("audit") == before.pop("audit") + 1
    assert after == before  # ... and rolled back with everything else


# --- a plan's link to another client's assessment (issue 13) ------------------------------------------

@pytest.mark.parametrize("order", ["assessment first", "plan first"])
def test_a_plan_linked_to_another_documents_assessment_is_refused(
        office: Store, export: dict[str, Any], order: str) -> None:
    kovalenko, nguyen, makela = export["documents"]
    if order == "assessment first":  # Nguyễn's plan refers to Коваленко's assessment, earlier in the file
        plan, other = nguyen["plans"][0], kovalenko["assessments"][0]
    else:  # Коваленко's plan refers to Mäkelä's assessment, later in the file
        plan, other = kovalenko["plans"][0], makela["assessments"][0]
    plan["assessment_uid"] = other["uid"]
    [problem] = refused(office, export).problems
    assert (problem.document, problem.field) == (plan["document_id"], "assessment_uid")
    assert "another client" in problem.reason


def test_a_plan_linked_to_its_own_clients_assessment_is_imported(office: Store,
                                                                 export: dict[str, Any]) -> None:
    result = import_file(office, encoded(export))
    assert result.count(CONFLICT) == 0
    kovalenko = _client_id(office, "Коваленко")
    [plan] = office.plans.for_client(kovalenko)
    assert plan.interview_id == office.interviews.for_client(kovalenko)[0].id


def test_a_plan_linked_to_another_clients_assessment_here_is_a_conflict(
        office: Store, export: dict[str, Any]) -> None:
    import_file(office, encoded(export))
    kovalenko, nguyen, _makela = export["documents"]
    nguyen_id = _client_id(office, "Nguy")
    [before] = office.plans.for_client(nguyen_id)
    updated = nguyen["plans"][0]
    updated["assessment_uid"] = kovalenko["assessments"][0]["uid"]  # in the database, not in this file
    new = {**updated, "uid": "e" * 32, "document_id": "KOTO-S-2026-000099"}
    nguyen["plans"].append(new)
    export["documents"] = [nguyen]

    result = import_file(office, encoded(export))

    assert _kept(office, result.import_id) == [
        ImportConflict(nguyen_id, "plan", updated["document_id"], Reason.LINK_TO_OTHER_CLIENT),
        ImportConflict(nguyen_id, "plan", "KOTO-S-2026-000099", Reason.LINK_TO_OTHER_CLIENT)]
    assert [(p.id, p.interview_id) for p in office.plans.for_client(nguyen_id)] == [
        (before.id, before.interview_id)]  # neither linked nor created
    assert "another client's" in next(o for o in result.outcomes if o.action == CONFLICT).message
