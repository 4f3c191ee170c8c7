"""A hostile export file: limits on reading, every value through the typed-input parsers, all or nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from koto_tui import i18n
from koto_tui.cli import main
from koto_tui.exchange import signing, trust
from koto_tui.exchange.importer import REFUSED_ACTION, ImportInvalid, ImportRefused, import_file
from koto_tui.exchange.reading import MAX_DEPTH, MAX_STRING_CHARS, ReadRefused, parse_json, read_bounded
from koto_tui.store import DataPaths, Store
from tests.unit.exchange.conftest import COORDINATOR, COORDINATOR_PASSPHRASE

#: Laptop A's signing key: the files below are signed with it, and the office trusts it.
SENDER_KEY = signing.new_signing_key()

Doc = dict[str, Any]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("fi")


def trust_laptop_a(store: Store) -> None:
    """*store* accepts files signed with SENDER_KEY (a coordinator's step)."""
    public = signing.signing_public_text(SENDER_KEY)
    trust.trust(store).put_sender("Laptop A", public, signing.fingerprint(public))


@pytest.fixture
def office(office: Store) -> Store:
    """The coordinator's new, empty laptop, which trusts laptop A."""
    trust_laptop_a(office)
    return office




def client_names(content: dict[str, Any]) -> list[str]:
    return [d["client"][k] for d in content["documents"] for k in ("family_name", "given_names")]


def plain(content: dict[str, Any]) -> bytes:
    return json.dumps(content, ensure_ascii=False).encode("utf-8")


def signed(payload: bytes) -> bytes:
    """*payload* as laptop A sends it: signed, deliberately unsealed (the seal is tested in test_trust)."""
    return signing.sign(payload, SENDER_KEY, None)


def encoded(content: dict[str, Any]) -> bytes:
    return signed(plain(content))


def refused(office: Store, content: dict[str, Any]) -> ImportInvalid:
    """The refusal of *content*, checked to name no client and to write no client."""
    with pytest.raises(ImportInvalid) as caught:
        import_file(office, encoded(content))
    assert not [name for name in client_names(content) if name in str(caught.value)]
    assert office.clients.search("") == []
    return caught.value


def answer(doc: Doc, question: str) -> dict[str, Any]:
    answers = [a for s in doc["assessments"][0]["content"] for a in s["answers"]]
    return next(a for a in answers if a["question"] == question)


def counts(store: Store) -> dict[str, int]:
    with store.session.reading() as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()]
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def refusals(store: Store) -> list[str]:
    with store.session.reading() as db:
        return [r[0] for r in db.execute("SELECT detail FROM audit WHERE action = ?", [REFUSED_ACTION])]


# --- reading the file --------------------------------------------------------------------------------

def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 2048)
    assert read_bounded(path, 2048) == b" " * 2048
    with pytest.raises(ReadRefused, match="limit"):
        read_bounded(path, 2047)


def test_200000_nested_brackets_give_the_depth_message(office: Store) -> None:
    with pytest.raises(ImportRefused, match=f"deeper than the limit of {MAX_DEPTH} levels"):
        import_file(office, signed(b"[" * 200_000 + b"]" * 200_000))
    with pytest.raises(ReadRefused, match="deeper"):
        parse_json(b'{"a": ' * (MAX_DEPTH + 1) + b"1" + b"}" * (MAX_DEPTH + 1))
    assert parse_json(b'{"a": ' * (MAX_DEPTH - 1) + b'"[[[[{{{{"' + b"}" * (MAX_DEPTH - 1))


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1 << 20])
def test_the_skeleton_drops_exactly_the_strings_whatever_the_chunks(
        export: dict[str, Any], chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    from koto_tui.exchange import reading

    monkeypatch.setattr(reading, "_CHUNK", chunk)
    strings = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"')
    tricky = json.dumps([r"a\\", 'b\\"[', "{:", "\\\\\"", {"k\\": "]]"}]).encode()
    for data in (tricky, plain({**export, "documents": export["documents"][:1]})):
        assert b"".join(reading.skeleton_chunks(data)) == strings.sub(b"", data)
    assert b"".join(reading.skeleton_chunks(tricky)) == b'[, , , , {: }]'


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1 << 20])
def test_the_marks_the_measure_reads_are_the_skeletons_whatever_the_chunks(
        export: dict[str, Any], chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from koto_tui.exchange import reading

    monkeypatch.setattr(reading, "_CHUNK", chunk)
    marks = bytes(b for b in range(256) if b not in b"[]{}:NI")
    tricky = json.dumps([r"a\\", 'b\\"[N', "{:I", "\\\\\"", {"k\\": "]]"}, "\\u0041:"]).encode() + b" NaN"
    for data in (tricky, plain({**export, "documents": export["documents"][:1]})):
        whole = b"".join(reading.skeleton_chunks(data)).translate(None, delete=marks)
        assert b"".join(reading.skeleton_chunks(data, marks_only=True)) == whole
    assert b"".join(reading.skeleton_chunks(tricky, marks_only=True)) == b"[{:}]NN"


@pytest.mark.parametrize(("data", "word"), [(b'["N", "I", {"NaN": "Infinity"}]', ""),
                                            (b'{"a": NaN}', "NaN"), (b"[1, -Infinity]", "Infinity"),
                                            (b"[Nope]", ""), (b'["x", Infinit', "")])
def test_nan_or_infinity_is_named_only_when_the_word_stands_outside_the_texts(data: bytes, word: str) -> None:
    from koto_tui.exchange import reading

    if word:
        with pytest.raises(ReadRefused, match=f"holds {word}"):
            reading.measured(data)
    else:
        assert reading.measured(data).keys == data.count(b":")


def test_a_text_over_the_length_limit_is_refused_naming_the_field(demo: Store, office: Store,
                                                                  export: dict[str, Any]) -> None:
    set_answer("arrival_date", "x" * (MAX_STRING_CHARS + 1))(export)
    export["exported_by"]["name"] = "y" * (MAX_STRING_CHARS + 1)
    problems = refused(office, export).problems
    assert [(p.field, p.reason) for p in problems] == [
        ("file.exported_by.name", f"the text is longer than the limit of {MAX_STRING_CHARS} characters."),
        ("document.assessments[0].content[0].answers[2].value",
         f"the text is longer than the limit of {MAX_STRING_CHARS} characters.")]


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_nan_and_infinity_are_refused(constant: bytes) -> None:
    with pytest.raises(ReadRefused, match="not a number"):
        parse_json(b'{"hours": ' + constant + b"}")


@pytest.mark.parametrize("data", [b'{"family_name": "A", "family_name": "B"}', b'[{"x": {"y": 1, "y" : 1}}]',
                                  rb'{"a\"": 1, "a\"": 2}', b'{"": 1, "": 2}'])
def test_a_key_given_twice_is_refused(data: bytes) -> None:
    with pytest.raises(ReadRefused, match="twice"):
        parse_json(data)


def test_keys_repeated_in_other_objects_or_inside_texts_are_not_twice() -> None:
    assert parse_json(rb'[{"a": 1, "b": {"a": 2}}, "\"a\": 1", {"": "\"\": "}]') == [
        {"a": 1, "b": {"a": 2}}, '"a": 1', {"": '"": '}]


def test_a_number_of_thousands_of_digits_is_refused_without_a_traceback() -> None:
    with pytest.raises(ReadRefused, match="not JSON"):
        parse_json(b'{"hours": ' + b"9" * 5000 + b"}")


def test_mangled_bytes_give_a_refusal_or_a_value_never_another_error() -> None:
    import random

    rng = random.Random(13)
    base = json.dumps({"a": [1, {"b": "c\\u00e4", "d": [True, None, 1.5e3]}], "e": "[{"}).encode()
    pieces = [b"[", b"]", b"{", b"}", b'"', b"\\", b"NaN", b"\xff", b"\xef\xbb\xbf", b",", b":", b"9" * 5000]
    outcomes = set()
    for _round in range(2000):
        data = bytearray(base)
        for _edit in range(rng.randint(1, 4)):
            at = rng.randrange(len(data) + 1)
            data[at:at + rng.randint(0, 3)] = rng.choice(pieces)
        try:
            parse_json(bytes(data))
            outcomes.add("value")
        except ReadRefused:
            outcomes.add("refused")
    assert outcomes == {"value", "refused"}


def test_a_byte_order_mark_is_accepted(demo: Store, office: Store, export: dict[str, Any]) -> None:
    result = import_file(office, signed(b"\xef\xbb\xbf" + plain(export)))
    assert len(office.clients.search("")) == 3 and result.import_id is not None


# --- every value through the typed-input parsers -----------------------------------------------------

def set_birth(day: str) -> Callable[[dict[str, Any]], None]:
    def change(content: dict[str, Any]) -> None:
        client = content["documents"][1]["client"]
        client["birth_date"] = day
    return change


def set_answer(question: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(content: dict[str, Any]) -> None:
        answer(content["documents"][0], question)["value"] = value
    return change


def rename_question(question: str, new: str) -> Callable[[dict[str, Any]], None]:
    def change(content: dict[str, Any]) -> None:
        answer(content["documents"][0], question)["question"] = new
    return change


def set_goal_area(area: str) -> Callable[[dict[str, Any]], None]:
    def change(content: dict[str, Any]) -> None:
        content["documents"][1]["plans"][0]["versions"][0]["goals"][0]["area"] = area
    return change


def set_name(name: str) -> Callable[[dict[str, Any]], None]:
    def change(content: dict[str, Any]) -> None:
        content["documents"][2]["client"]["family_name"] = name
    return change


CASES = {
    "30 February": (set_birth("1997-02-30"), "client.birth_date", "There is no such date"),
    "month 13": (set_birth("1997-13-01"), "client.birth_date", "There is no such date"),
    "future birth date": (set_birth("2030-01-01"), "client.birth_date", "between 1900 and today"),
    "answer date 9999-12-31": (set_answer("arrival_date", "9999-12-31"), "answers.arrival_date", "year"),
    "answer not-a-date": (set_answer("arrival_date", "not-a-date"), "answers.arrival_date", "not a date"),
    "unknown question": (rename_question("arrival_date", "arrival_day"), "answers.arrival_day",
                         "not a question"),
    "a list for a date": (set_answer("arrival_date", ["x"]), "answers.arrival_date", "as text"),
    "unknown goal area": (set_goal_area("world_domination"), "goals[0].area", "not one of the known codes"),
    "escape sequence in a name": (set_name("Mäkelä\x1b]0;pwned\x07"), "family_name", "control or invisible"),
    "line break in a name": (set_name("Mäkelä\nX"), "client.family_name", "control or invisible"),
    "bidi override in a name": (set_name("Mäkelä\u202eevil"), "client.family_name", "invisible formatting"),
    "zero-width space in a name": (set_name("Mä\u200bkelä"), "client.family_name", "invisible formatting"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_value_typed_input_refuses_is_refused_with_document_field_and_reason(
        demo: Store, office: Store, export: dict[str, Any], case: str) -> None:
    change, where, reason = CASES[case]
    change(export)
    problems = refused(office, export).problems
    assert len(problems) == 1, [str(p) for p in problems]
    assert where in problems[0].field and reason in problems[0].reason
    assert problems[0].document.startswith(("client document ", "KOTO-"))


def test_a_refusal_never_repeats_the_value(demo: Store, office: Store, export: dict[str, Any]) -> None:
    set_answer("arrival_date", "Olena-secret-99")(export)
    export["documents"][2]["client"]["identification"]["code"] = "131052-308X"
    message = str(refused(office, export))
    assert "Olena-secret-99" not in message and "131052" not in message and "KOTO-2026-000001" in message


def test_a_field_path_never_shows_a_key_from_the_file(demo: Store, office: Store,
                                                      export: dict[str, Any]) -> None:
    export["documents"][0]["assessments"][0]["content"][0]["answers"][0]["value"] = [
        {"\x1b]0;pwned\x07": "\x07"}]
    message = str(refused(office, export))
    assert "\x1b" not in message and "pwned" not in message and ".…" in message


def test_every_problem_is_listed_not_only_the_first(demo: Store, office: Store,
                                                    export: dict[str, Any]) -> None:
    set_birth("1997-02-30")(export)
    set_goal_area("nowhere")(export)
    set_answer("arrival_date", "not-a-date")(export)
    problems = refused(office, export).problems
    assert {p.field.split(".")[-1] for p in problems} >= {"birth_date", "area", "arrival_date"}
    assert "3 problems" in str(refused(office, export))


def test_a_plan_the_plan_rules_refuse_is_refused(demo: Store, office: Store, export: dict[str, Any]) -> None:
    version = export["documents"][1]["plans"][0]["versions"][0]
    version["period"]["end"] = "2020-01-01"
    problems = refused(office, export).problems
    assert [p.reason for p in problems] == [
        "the plan rule period-end-before-start refuses it (KotoL 681/2023 § 16)."]


def test_a_measure_hours_number_out_of_range_is_refused(demo: Store, office: Store,
                                                        export: dict[str, Any]) -> None:
    export["documents"][1]["plans"][0]["versions"][0]["measures"][0]["hours"] = 10**30
    assert refused(office, export).problems[0].field.endswith("measures[0].hours")


# --- all or nothing ----------------------------------------------------------------------------------

def test_a_bad_document_in_the_middle_leaves_the_database_exactly_as_it_was(
        demo: Store, office: Store, export: dict[str, Any]) -> None:
    import_file(office, encoded({**export, "documents": []}))  # registers the forms, logs one import
    before = counts(office)
    set_goal_area("unknown")(export)  # the second of three documents
    data = encoded(export)
    with pytest.raises(ImportInvalid):
        import_file(office, data)
    after = counts(office)
    assert after.pop("audit") == before.pop("audit") + 1
    assert after == before
    assert refusals(office) == [f"sha256 {hashlib.sha256(data).hexdigest()}, problems 1"]


def test_a_file_refused_while_reading_is_logged_too(office: Store) -> None:
    with pytest.raises(ImportRefused):
        import_file(office, signed(b"NaN"))
    assert [r.endswith("problems 1") for r in refusals(office)] == [True]


def test_a_valid_file_still_imports_and_conflicts_are_reported_per_record(
        demo: Store, office: Store, export: dict[str, Any]) -> None:
    first = import_file(office, encoded(export))
    assert first.count("created") == 8
    export["documents"][0]["client"]["phone"] = "+358 40 765 4321"
    office_id = office.clients.search("Коваленко")[0].id
    office.clients.update(office_id, replace(office.clients.get(office_id).data, phone="+358 40 111 2222"))
    second = import_file(office, encoded(export))
    assert [o.entity for o in second.outcomes if o.action == "conflict"] == ["client"]


# --- `koto import`'s exit statuses -------------------------------------------------------------------

def koto(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out + err


def test_koto_import_exits_0_imported_1_refused_3_conflicts(
        demo: Store, export: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    office = DataPaths(tmp_path / "office")
    store = Store.create(office, COORDINATOR, COORDINATOR_PASSPHRASE, "coordinator")
    trust_laptop_a(store)
    store.close()
    monkeypatch.setenv("KOTO_PASSPHRASE", COORDINATOR_PASSPHRASE)
    good, bad, big = tmp_path / "good.json", tmp_path / "bad.json", tmp_path / "big.json"
    good.write_bytes(encoded(export))
    assert koto(capsys, "import", str(good), "--data-dir", str(office.root))[0] == 0
    export["documents"][0]["client"]["phone"] = "+358 40 765 4321"
    store = Store.unlock(office, COORDINATOR_PASSPHRASE)
    client = store.clients.get(store.clients.search("Коваленко")[0].id)
    store.clients.update(client.id, replace(client.data, phone="+358 40 111 2222"))
    store.set_setting("import_max_bytes", len(encoded(export)) + 10)
    store.close()
    good.write_bytes(encoded(export))
    assert koto(capsys, "import", str(good), "--data-dir", str(office.root))[0] == 3
    set_birth("1997-02-30")(export)
    bad.write_bytes(encoded(export))
    code, out = koto(capsys, "import", str(bad), "--data-dir", str(office.root))
    assert code == 1 and "client.birth_date" in out and "nothing was imported" in out
    big.write_bytes(encoded(export) + b" " * 11)
    code, out = koto(capsys, "import", str(big), "--data-dir", str(office.root))
    assert code == 1 and "larger than the import limit" in out
    with pytest.raises(SystemExit):
        koto(capsys, "import", "--help")
    assert "Exit status: 0 imported, 1 refused" in capsys.readouterr().out


# --- the fast schema check agrees with jsonschema ----------------------------------------------------

def _nodes(value: object) -> Iterator[tuple[object, object]]:
    """Every (container, key) pair of *value*."""
    stack = [value]
    while stack:
        item = stack.pop()
        keys = list(item) if isinstance(item, dict) else range(len(item)) if isinstance(item, list) else []
        for key in keys:
            yield item, key
            stack.append(item[key])  # type: ignore[index]


def test_the_fast_schema_check_agrees_with_jsonschema(export: dict[str, Any]) -> None:
    import copy
    import random

    from jsonschema import Draft202012Validator

    from koto_tui.exchange import schema

    validator = Draft202012Validator(schema.schema())
    rng = random.Random(13)
    replacements = [None, 1, 1.0, 1.5, True, "x", "2026-02-30", "", [], {}, {"x": 1}, ["x"]]
    outcomes = set()
    for _round in range(300):
        content = copy.deepcopy(export)
        container, key = rng.choice(list(_nodes(content)))
        if isinstance(container, dict) and rng.random() < 0.3:
            del container[key]
        elif isinstance(container, dict) and rng.random() < 0.2:
            container["unexpected"] = 1
        else:
            container[key] = rng.choice(replacements)  # type: ignore[index]
        valid = validator.is_valid(content)
        assert schema.conforms(content) == valid
        outcomes.add(valid)
    assert outcomes == {True, False}


def test_two_documents_with_one_identity_code_in_a_file_import_one_client(
        demo: Store, office: Store, export: dict[str, Any]) -> None:
    twin = json.loads(json.dumps(export["documents"][2]))
    twin["uid"], twin["assessments"], twin["plans"] = "f" * 32, [], []
    export["documents"].append(twin)
    result = import_file(office, encoded(export))
    assert [o.uid for o in result.outcomes if o.action == "conflict"] == ["f" * 32]
    assert len(office.clients.search("Mäkelä")) == 1


def test_a_client_whose_code_changes_to_another_clients_code_here_is_a_conflict(
        demo: Store, office: Store, export: dict[str, Any]) -> None:
    import_file(office, encoded(export))
    codes = [d["client"]["identification"] for d in export["documents"]]
    assert codes[0]["code"] != codes[2]["code"]
    codes[0].update(codes[2])  # the sender changed Коваленко's identity code to Mäkelä's
    export["documents"][0]["client"]["birth_date"] = export["documents"][2]["client"]["birth_date"]
    before = counts(office)
    result = import_file(office, encoded(export))
    conflicts = [o for o in result.outcomes if o.action == "conflict"]
    assert [o.entity for o in conflicts] == ["client"] and "identity code" in conflicts[0].message
    after = counts(office)
    assert after.pop("audit") >= before.pop("audit")
    assert after.pop("imports") == before.pop("imports") + 1
    assert after.pop("import_conflicts") == before.pop("import_conflicts") + 1  # the conflict, listed
    assert after == before


def test_a_missing_file_is_said_before_the_passphrase_is_asked(
        office: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from koto_tui import cli

    def asked(*_args: object) -> str:
        raise AssertionError("the passphrase was asked")

    monkeypatch.setattr(cli, "read_passphrase", asked)
    root = str(office.paths.root)
    code, out = koto(capsys, "import", str(tmp_path / "nowhere.json.age"), "--data-dir", root)
    assert code == 1 and "there is no such file" in out


# --- read a document at a time -----------------------------------------------------------------------

def test_a_file_with_fields_after_its_documents_imports_the_same(demo: Store, office: Store,
                                                                  export: dict[str, Any]) -> None:
    """koto writes the documents last (read as they come); a file sorted otherwise is read once more."""
    sorted_keys = json.dumps(export, ensure_ascii=False, sort_keys=True).encode("utf-8")
    assert sorted_keys.index(b'"documents"') < sorted_keys.index(b'"exported_at"')
    result = import_file(office, signed(sorted_keys))
    assert result.count("created") == 8 and office.audit.verify().intact


@pytest.mark.parametrize(("change", "message"), [
    (lambda text: text.replace('"documents": [', '"documents": [], "documents": [', 1), "twice"),
    (lambda text: text[:-1] + ', "extra": [1]}', "does not match the export format"),
    (lambda text: text.replace('"documents": [', '"documents": {"item": [', 1)[:-1] + "}}", "not a list"),
    (lambda text: text.replace('"phone": "', '"phone": "\\ud800', 1), "lone surrogate"),
    (lambda text: text.replace('"phone": "', '"phone": "\\u0041", "phone": "', 1), "twice"),
])
def test_a_file_read_a_document_at_a_time_is_refused_for_what_the_whole_would_be(
        demo: Store, office: Store, export: dict[str, Any], change: Callable[[str], str],
        message: str) -> None:
    text = change(json.dumps(export, ensure_ascii=False))
    with pytest.raises(ImportRefused, match=message):
        import_file(office, signed(text.encode("utf-8")))
    assert office.clients.search("") == []


def test_a_problem_in_the_last_document_rolls_back_the_ones_written_before_it(
        demo: Store, office: Store, export: dict[str, Any]) -> None:
    import_file(office, encoded({**export, "documents": []}))
    before = counts(office)
    export["documents"][-1]["client"]["birth_date"] = "2026-02-30"
    with pytest.raises(ImportInvalid):
        import_file(office, encoded(export))
    after = counts(office)
    assert after.pop("audit") == before.pop("audit") + 1 and after == before
    assert office.audit.verify().intact


def test_the_quick_test_never_misses_a_text_the_walk_refuses() -> None:
    """The import's quick test skips the rule's long pattern for printable texts: whatever text the slow
    walk would refuse (a control, bidi or format character, a lone surrogate), the quick test flags too."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from koto_tui.exchange.checking import _suspicious, _text_reason, _texts

    char = st.characters(codec="utf-8") | st.characters(max_codepoint=0x2070) | st.sampled_from(
        ["\x00", "\x1b", "\r", "\x7f", "\x85", "\u202e", "\ufeff", "\\", "r", "\ud800"])
    text = st.text(char, max_size=12)
    values = st.recursive(text | st.integers() | st.none(), lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(text, inner, max_size=3), max_leaves=12)

    @settings(max_examples=200, deadline=None, derandomize=True)
    @given(values)
    def check(value: object) -> None:
        refused = any(_text_reason(t) is not None for t in _texts(value))
        assert _suspicious(value) or not refused

    check()


def test_an_accepted_code_is_not_parsed_again_but_a_refused_value_is_refused_every_time(
        office: Store, export: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The checker remembers the codes, yes/no answers, numbers and dates ``parse_answer`` accepted (they
    repeat from client to client); texts and anything refused go through it every time."""
    from koto_tui.exchange import checking
    from koto_tui.workflow import register_shipped_forms

    register_shipped_forms(office)
    parsed: list[str] = []
    real = checking.parse_answer
    monkeypatch.setattr(checking, "parse_answer",
                        lambda question, value, context=None: (parsed.append(question.id),
                                                               real(question, value, context))[1])
    checker = checking.Checker(office)
    document = next(d for d in export["documents"] if d["assessments"])
    record = document["assessments"][0]
    form = checker.form(record["form"]["id"], record["form"]["version"])
    assert form is not None and checker.document(document) == []
    first = list(parsed)
    assert checker.document(document) == []
    again = parsed[len(first):]
    assert {form.question(q).type for q in first} & checking._REMEMBERED_TYPES
    assert len(again) < len(first)
    assert not {form.question(q).type for q in again} & checking._REMEMBERED_TYPES
    answer = next(a for s in record["content"] for a in s["answers"]
                  if form.question(a["question"]).type == "single_choice")
    answer["value"] = "no_such_code"
    for _time in range(2):
        assert [p.field for p in checker.document(document)] == [f"answers.{answer['question']}"]
