"""Every value of an export checked with the parsers typed input goes through, before anything is written.

The client block goes through ``parse_client`` (the client form's rules), every answer through
``parse_answer`` against the form version it was given with, every plan version through the plan's
enums and ``check_plan``'s refusals, and every date, time, number and text through the same rules as the
dialogs. A problem names the document, the field and the reason, never a value of the file (names, codes
and answers are client data): the reason's quoted parts and dates are blanked.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from functools import cache, cached_property
from typing import Any

from koto_tui import clock
from koto_tui.engine import AnswerContext, AnswerError, Form, FormError, load_form_text, parse_answer
from koto_tui.engine.values import YEAR_MAX, YEAR_MIN
from koto_tui.exchange.reading import MAX_STRING_CHARS
from koto_tui.i18n import _
from koto_tui.plans import EventKind, GoalTerm, PlanContent, content_from_data, plan_input
from koto_tui.rules.clients import ClientInvalid, parse_client
from koto_tui.rules.law import cite
from koto_tui.rules.plan import DEFAULT_REVIEW_MONTHS, MeasureStatus, PlanArea, check_plan
from koto_tui.store import Store
from koto_tui.text import unsafe_pattern

#: The most problems collected from one file (the file is refused either way).
MAX_PROBLEMS = 1000
#: Upper bounds of the plan's numbers (the dialogs take whole numbers of zero or more).
MAX_HOURS, MAX_MONTHS, MAX_VERSIONS = 10_000, 1_200, 10_000
_DOCUMENT_ID = re.compile(r"[A-Z][A-Z0-9-]{0,39}")
_DATES = re.compile(r"[0-9]{1,4}[.-][0-9]{1,2}[.-][0-9]{1,4}")
_QUOTED = re.compile(r"'[^']*'")
#: Words of five or more characters holding a digit: identity codes, document numbers, long numbers.
_CODES = re.compile(r"\b(?=\w*[0-9])\w{5,}\b")
#: A key as it may be shown in a field's path; any other key (it comes from the file) is shown as '…'.
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_]{1,64}")
#: The keys of a stored eligibility result and of its findings (``assessment.result_record``), no others.
_ELIGIBILITY_KEYS = frozenset({"responsible", "record_system", "window_end", "days_left", "within_window",
                               "exception_applies", "findings", "code", "severity", "message", "section"})
#: Client fields written on one line: no line breaks or tabs either.
_ONE_LINE = ("family_name", "given_names", "phone")


@dataclass(frozen=True)
class Problem:
    """One refused value: the document, the field (a path in the document) and the reason."""

    document: str
    field: str
    reason: str

    def __str__(self) -> str:
        return _("{document}, {field}: {reason}").format(document=self.document, field=self.field,
                                                          reason=self.reason)


def blank_values(reason: str) -> str:
    """*reason* with quoted parts, dates and codes made '…', so that no value of the file is repeated."""
    return _CODES.sub("…", _DATES.sub("…", _QUOTED.sub("'…'", reason)))


def header_problems(header: dict[str, Any]) -> list[Problem]:
    """The problems of the file's top-level fields (*header*): their texts' length and characters."""
    return [Problem(_("the file"), where, reason) for where, text in _strings(header, "file")
            if (reason := _text_reason(text)) is not None]


# --- values ------------------------------------------------------------------------------------------

def _control(one_line: bool = False) -> re.Pattern[str]:
    """The characters never stored (text.py's one rule: controls, bidi and other format characters, lone
    surrogates); a line break and a tab are allowed but in texts written on one line."""
    return unsafe_pattern("" if one_line else "\n\t")


def _text_reason(text: str, one_line: bool = False) -> str | None:
    """Why *text* cannot be stored (too long, or control characters: the client form's rule), or None."""
    if len(text) > MAX_STRING_CHARS:
        return _("the text is longer than the limit of {limit} characters.").format(limit=MAX_STRING_CHARS)
    if _control(one_line).search(text):
        return _("the text holds control or invisible formatting characters (the client form does not accept "
                 "them).")
    return None


def _date_reason(text: object, optional: bool = False) -> str | None:
    """Why *text* is not a real date yyyy-mm-dd within the plausible years, None when it is one."""
    if text is None and optional:
        return None
    try:
        day = date.fromisoformat(str(text))
    except ValueError:
        return _("there is no such date.")
    if not YEAR_MIN <= day.year <= YEAR_MAX:
        return _("the year is not between {min} and {max}.").format(min=YEAR_MIN, max=YEAR_MAX)
    return None


def _time_reason(text: object, optional: bool = False) -> str | None:
    """Why *text* is not a real local time yyyy-mm-ddThh:mm:ss, None when it is one."""
    if text is None and optional:
        return None
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return _("there is no such time.")
    return _date_reason(moment.date().isoformat())


def _number_reason(value: object, limit: int, optional: bool = True) -> str | None:
    """Why *value* is not a whole number from 0 to *limit* (None allowed when *optional*)."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
        return _("write a whole number from 0 to {limit}.").format(limit=limit)
    return None


def _enum_reason(value: object, allowed: type[Enum]) -> str | None:
    """Why *value* is not one of the enum's codes."""
    if value not in _codes_of(allowed):
        return _("not one of the known codes.")
    return None


@cache
def _codes_of(allowed: type[Enum]) -> frozenset[str]:
    """The codes of an enum."""
    return frozenset(str(member) for member in allowed)


def _suspicious(value: object) -> bool:
    """Whether a text in *value* may be too long or hold a control character (a quick test, no paths).

    Every unsafe character is one Python does not call printable, so texts that are printable (line breaks
    and tabs aside) need no search with the rule's long pattern: 5 times faster on a real export.
    """
    texts = list(_texts(value))
    if max(map(len, texts), default=0) > MAX_STRING_CHARS:
        return True
    joined = "".join(texts)
    if joined.isprintable() or joined.replace("\n", " ").replace("\t", " ").isprintable():
        return False
    return _control().search(joined) is not None


def _texts(value: object) -> Iterator[str]:
    """Every text in *value* (not the keys), walked without recursion."""
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is str:  # parsed JSON: plain str, dict and list (type checks are the fast ones)
            yield item
        elif type(item) is dict:
            stack.extend(item.values())
        elif type(item) is list:
            stack.extend(item)


def _strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    """Every text in *value* with its path, walked without recursion."""
    stack: list[tuple[str, object]] = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, dict):
            stack += [(f"{where}.{key if _PLAIN_KEY.fullmatch(key) else '…'}", inner)
                      for key, inner in item.items()]
        elif isinstance(item, list):
            stack += [(f"{where}[{number}]", inner) for number, inner in enumerate(item)]


# --- documents ---------------------------------------------------------------------------------------

class Checker:
    """Checks documents one by one, keeping the forms it has loaded."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.forms: dict[tuple[str, str], Form | None] = {}
        self.contents: dict[int, PlanContent] = {}
        """The content read from each plan version of the last document checked (by the version's id()),
        so that its import does not read it again."""
        self.assessments: dict[str, str] = {}
        """The client document of each assessment of the file checked so far, by the assessment's uid."""
        self.links: dict[str, list[tuple[str, str]]] = {}
        """The plans checked so far that refer to an assessment the file has not held yet: (client document,
        plan's name) by the assessment's uid."""
        self.accepted: dict[tuple[str, str], set[tuple[str, Hashable]]] = {}
        """The answers ``parse_answer`` has accepted, by form version: (question id, ``_answer_key``) of
        codes, yes/no, numbers and dates, which repeat from client to client. ``parse_answer`` reads only
        the question, the value and today from the context (the same for the whole file), so an answer
        accepted once is accepted again; texts are not remembered (they seldom repeat)."""

    @cached_property
    def today(self) -> date:
        """Today, from the app's clock."""
        return clock.today()

    def document(self, doc: dict[str, Any], plain: bool = False) -> list[Problem]:
        """The problems of one client document (*plain*: its JSON was found to hold only plain texts,
        ``reading.plain_texts``, so that they need no look)."""
        name = _("client document {uid}").format(uid=doc["uid"])
        self.contents.clear()
        if not plain and _suspicious(doc):
            found = [Problem(name, where, reason) for where, text in _strings(doc, "document")
                     if (reason := _text_reason(text)) is not None]
            if found:
                return found  # the parsers below would only repeat these
        found = self.client(name, doc["client"])
        birth = _birth(doc["client"])
        for record in doc["assessments"]:
            found += self.assessment(record, birth)
        found += self.links_between(doc)
        for record in doc["plans"]:
            jobseeker = record["routing"]["record_system"] == "employment_services"
            found += self.plan(record, jobseeker)
        return found

    def links_between(self, doc: dict[str, Any]) -> list[Problem]:
        """A plan refers only to an assessment of its own client: a link to another document's assessment
        is impossible input, whichever of the two comes first in the file."""
        found, owner = [], doc["uid"]
        for record in doc["assessments"]:
            self.assessments.setdefault(record["uid"], owner)
            found += [_elsewhere(plan) for other, plan in self.links.pop(record["uid"], []) if other != owner]
        for record in doc["plans"]:
            link = record["assessment_uid"]
            if not link:
                continue
            if link not in self.assessments:
                self.links.setdefault(link, []).append((owner, _record_name(record)))
            elif self.assessments[link] != owner:
                found.append(_elsewhere(_record_name(record)))
        return found

    def client(self, name: str, block: dict[str, Any]) -> list[Problem]:
        """The client form's rules (parse_client), and the consents' dates."""
        found = [Problem(name, f"client.{key}", reason) for key in _ONE_LINE
                 if (reason := _text_reason(block[key], one_line=True)) is not None]
        try:
            parse_client(_client_form(block))
        except ClientInvalid as exc:
            found += [Problem(name, f"client.{key}", blank_values(reason))
                      for key, reason in exc.errors.items()]
        for number, consent in enumerate(block["consents"]):
            for key in ("decided_on", "withdrawn_on"):
                reason = _date_reason(consent[key], optional=key == "withdrawn_on")
                if reason is not None:
                    found.append(Problem(name, f"client.consents[{number}].{key}", reason))
        return found

    def assessment(self, record: dict[str, Any], birth: date | None) -> list[Problem]:
        """The interview's date and times, and every answer through the form version's parsers."""
        name = _record_name(record)
        found = [Problem(name, key, reason) for key, reason in _times(record, ("date",), ()) if reason]
        for number, amendment in enumerate(record["amendments"]):
            found += [Problem(name, f"amendments[{number}].{key}", reason)
                      for key, reason in _times(amendment, (), ("opened_at", "closed_at")) if reason]
        found += [Problem(name, where, reason) for where, reason in _eligibility_keys(record["eligibility"])]
        form = self.form(record["form"]["id"], record["form"]["version"])
        if form is None:
            return found  # reported as a conflict per record: this koto lacks the form version
        context = AnswerContext(self.today, birth)
        accepted = self.accepted.setdefault((record["form"]["id"], record["form"]["version"]), set())
        for section in record["content"]:
            for answer in section["answers"]:
                qid, value = answer["question"], answer["value"]
                key = _answer_key(value)
                if key is not None and (qid, key) in accepted:
                    continue
                reason = _answer_reason(form, qid, value, context)
                if reason is not None:
                    found.append(Problem(name, f"answers.{_plain_id(qid)}", reason))
                elif key is not None and form.question(qid).type in _REMEMBERED_TYPES:
                    accepted.add((qid, key))
        return found

    def form(self, form_id: str, version: str) -> Form | None:
        """The form version as kept in the database (None when this koto does not have it)."""
        key = (form_id, version)
        if key not in self.forms:
            try:
                self.forms[key] = load_form_text(self.store.interviews.form_source(form_id, version), form_id)
            except (KeyError, FormError):
                self.forms[key] = None
        return self.forms[key]

    def plan(self, record: dict[str, Any], jobseeker: bool) -> list[Problem]:
        """The plan's dates and numbers, every version's content and check_plan's refusals."""
        name = _record_name(record)
        found = [Problem(name, key, reason) for key, reason in _times(record, (), ("created_at",)) if reason]
        reason = _number_reason(record["earlier_months"], MAX_MONTHS, optional=False)
        if reason:
            found.append(Problem(name, "earlier_months", reason))
        if record["ended"] is not None and (reason := _date_reason(record["ended"]["on"])):
            found.append(Problem(name, "ended.on", reason))
        for number, review in enumerate(record["reviews"]):
            if reason := _number_reason(review["version"], MAX_VERSIONS, optional=False):
                found.append(Problem(name, f"reviews[{number}].version", reason))
            found += [Problem(name, f"reviews[{number}].{key}", reason) for key, reason in _times(
                review, ("review_date", "next_review?"), ("recorded_at",)) if reason]
        for number, version in enumerate(record["versions"]):
            found += [Problem(name, f"versions[{number}].{where}", reason)
                      for where, reason in self.version(record, version, jobseeker)]
        found += [Problem(name, f"versions[{number}].number", reason)
                  for number, reason in _repeated_numbers(record["versions"])]
        return found

    def version(self, record: dict[str, Any], version: dict[str, Any],
                jobseeker: bool) -> Iterator[tuple[str, str]]:
        """One plan version: its enums, dates and numbers, then the plan rules' refusals."""
        found = list(_version_values(version))
        content = None if found else _plan_content(version)
        if content is not None:
            self.contents[id(version)] = content
        if content is None:
            yield from found or [("period", _("the plan's content cannot be read."))]
            return
        check = check_plan(plan_input(
            content, today=self.today, first_plan=record["first_plan"],
            earlier_months=record["earlier_months"], jobseeker=jobseeker, window_end=None,
            review_interval_months=DEFAULT_REVIEW_MONTHS))
        for finding in check.refusals:
            yield "period", _("the plan rule {rule} refuses it ({section}).").format(
                rule=finding.code, section=cite(finding.section))


# --- helpers -----------------------------------------------------------------------------------------

def _elsewhere(plan: str) -> Problem:
    """The problem of a plan (named *plan*) that refers to another client's assessment in the file."""
    return Problem(plan, "assessment_uid",
                   _("the plan refers to an assessment of another client in the file."))


def _birth(block: dict[str, Any]) -> date | None:
    try:
        return date.fromisoformat(block["birth_date"]) if block["birth_date"] else None
    except ValueError:
        return None


def _client_form(block: dict[str, Any]) -> dict[str, object]:
    """The client block as the client form gives it to parse_client."""
    ident, langs, address = block["identification"], block["languages"], block["address"] or {}
    return {
        "family_name": block["family_name"], "given_names": block["given_names"],
        "birth_date": block["birth_date"] or "", "id_kind": ident["kind"], "identity_code": ident["code"],
        "id_country": ident["country"], "native_language": langs["native"],
        "communication_language": langs["communication"], "interpreter_needed": langs["interpreter_needed"],
        "interpreter_language": langs["interpreter_language"], "phone": block["phone"],
        "street_address": address.get("street", ""), "postal_code": address.get("postal_code", ""),
        "post_office": address.get("post_office", ""),
        "address_nondisclosure": block["address_nondisclosure"],
    }


def _record_name(record: dict[str, Any]) -> str:
    """The record's document id when it looks like one, else its uid (never text that could be anything)."""
    doc = record["document_id"]
    return doc if _DOCUMENT_ID.fullmatch(doc) else _("record {uid}").format(uid=record["uid"])


def _plain_id(text: str) -> str:
    """A question id as it may be shown: the id when it is a plain one, else '…'."""
    return text if re.fullmatch(r"[a-z][a-z0-9_]{0,63}", text) else "…"


def _times(item: dict[str, Any], dates: tuple[str, ...],
           times: tuple[str, ...]) -> Iterator[tuple[str, str | None]]:
    """The reasons of *item*'s date and time fields (a trailing '?' marks one that may be null)."""
    for key in dates:
        yield key.rstrip("?"), _date_reason(item[key.rstrip("?")], optional=key.endswith("?"))
    for key in times:
        yield key, _time_reason(item[key], optional=key == "closed_at")


def _answer_reason(form: Form, qid: str, value: object, context: AnswerContext) -> str | None:
    """Why the stored *value* would not be accepted as the answer to *qid* (parse_answer), or None."""
    try:
        question = form.question(qid)
    except KeyError:
        return _("not a question of the form version the assessment was made with.")
    try:
        parse_answer(question, value, context)
    except AnswerError as exc:
        return blank_values(str(exc))
    return None


#: The question types whose accepted answers a Checker remembers (``Checker.accepted``).
_REMEMBERED_TYPES = frozenset({"single_choice", "multiple_choice", "yes_no", "integer", "date"})


def _answer_key(value: object) -> Hashable | None:
    """*value* (parsed JSON) as a key that tells apart every value ``parse_answer`` could tell apart (its
    type too: True is not 1), or None for one not remembered (an object, a list of anything but texts)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return kind, value
    if isinstance(value, list) and kind is list and all(type(item) is str for item in value):
        return kind, tuple(value)
    return None


def _eligibility_keys(result: object) -> Iterator[tuple[str, str]]:
    """The keys in the stored eligibility *result* (at any depth) that are unsafe text or not its keys."""
    stack = [result]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack += item
        elif isinstance(item, dict):
            stack += item.values()
            for key in item:
                if key not in _ELIGIBILITY_KEYS:
                    yield "eligibility.…", _text_reason(key, one_line=True) or _(
                        "not a key of the eligibility result.")


def _repeated_numbers(versions: list[dict[str, Any]]) -> Iterator[tuple[int, str]]:
    """The versions whose number an earlier version of the plan has already (the store keeps one each)."""
    seen: set[object] = set()
    for number, version in enumerate(versions):
        if version["number"] in seen:
            yield number, _("an earlier version of the plan has the same number.")
        seen.add(version["number"])


def _version_values(version: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """The enums, dates and numbers of one plan version's content and events."""
    if reason := _number_reason(version["number"], MAX_VERSIONS, optional=False):
        yield "number", reason
    for key in ("start", "end"):
        if reason := _date_reason(version["period"][key]):
            yield f"period.{key}", reason
    if reason := _date_reason(version["planned_review_date"], optional=True):
        yield "planned_review_date", reason
    for number, goal in enumerate(version["goals"]):
        for key, allowed in (("area", PlanArea), ("term", GoalTerm)):
            if reason := _enum_reason(goal.get(key), allowed):
                yield f"goals[{number}].{key}", reason
    for number, measure in enumerate(version["measures"]):
        yield from ((f"measures[{number}].{key}", reason) for key, reason in _measure_reasons(measure))
    for number, event in enumerate(version["events"]):
        if reason := _enum_reason(event["kind"], EventKind):
            yield f"events[{number}].kind", reason
        for key, reason in _times(event, ("on?",), ("at",)):
            if reason:
                yield f"events[{number}].{key}", reason


def _measure_reasons(measure: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """A measure's status, dates and numbers, as the measure dialog accepts them."""
    if measure.get("status") and (reason := _enum_reason(measure["status"], MeasureStatus)):
        yield "status", reason
    for key in ("start", "end"):
        if reason := _date_reason(measure.get(key), optional=True):
            yield key, reason
    for key, limit in (("hours", MAX_HOURS), ("duration_months", MAX_MONTHS)):
        if reason := _number_reason(measure.get(key), limit):
            yield key, reason


def plan_content(version: dict[str, Any]) -> PlanContent:
    """A plan version's content as it is stored (``plans.content_from_data``); ValueError etc. when broken."""
    raw = {"start": version["period"]["start"], "end": version["period"]["end"], "goals": version["goals"],
           "measures": [{**m, "status": m["status"] or str(MeasureStatus.PLANNED)}
                        for m in version["measures"]],
           "review_date": version["planned_review_date"], "follow_up": version["follow_up"],
           "other_content": version["other_content"]}
    return content_from_data(raw)


def _plan_content(version: dict[str, Any]) -> PlanContent | None:
    """The version's content, None when it cannot be built."""
    try:
        return plan_content(version)
    except (KeyError, TypeError, ValueError):
        return None
