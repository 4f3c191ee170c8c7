"""The access report's PDF built from the store: what each part shows, in the document language (headless).

The assessments print as their own printouts do, sensitive answers included; plans print every version.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from koto_tui import clock, document_ids
from koto_tui.access_records import (
    ASSESSMENT_DETAILS,
    LISTED_RECORDS,
    PLAN_DETAILS,
    listed_records,
    own_details,
    record_section,
    records_part,
    shown,
)
from koto_tui.access_report import (
    RECEIVER_RECORDED_SINCE,
    HistoryEntry,
    access_reading,
    file_stem,
    gather,
    history,
)
from koto_tui.audit.names import ACTIONS, ENTITIES
from koto_tui.files import write_private
from koto_tui.i18n import N_, format_short_date, translation
from koto_tui.i18n.languages import language_name
from koto_tui.municipality import Municipality, document_language, shipped_municipality
from koto_tui.plan_names import USER_ROLES
from koto_tui.plan_printing import build_plan_printout
from koto_tui.printing.access import (
    CORRECTIONS,
    DISCLOSURES,
    HANDLING,
    PERSONAL_DATA,
    PLAN_STEPS,
    AccessPart,
    AccessPrintout,
    render_access,
)
from koto_tui.printing.handout import Privacy
from koto_tui.printing.interview import PrintField, PrintSection
from koto_tui.printing.paper import P_, Paper, paper_for, second_language
from koto_tui.printing.plan import PlanPrintout
from koto_tui.store import Store
from koto_tui.workflow import build_printout, consents_section

#: The municipality's data-protection items and the fixed text that names each on paper.
MISSING_LABELS = {"controller": P_("Controller"), "controller_contact": P_("Controller"),
                  "data_protection_officer": P_("Data protection officer"), "retention": P_("Retention")}
#: The client's details as the client form names them (in the document language on paper).
CLIENT_LABELS = (
    ("family_name", N_("Family name (as in the travel document)")),
    ("given_names", N_("Given names (as in the travel document)")),
    ("birth_date", N_("Date of birth")),
    ("id_kind", N_("Identification")),
    ("identity_code", N_("Identity code or document number")),
    ("id_country", N_("Country that issued the document")),
    ("duplicate_reason", N_("Reason for the shared identity code")),
    ("native_language", N_("Native language")),
    ("communication_language", N_("Language of communication")),
    ("interpreter_needed", N_("Interpreter")),
    ("interpreter_language", N_("Interpreting language")),
    ("phone", N_("Phone")),
    ("street_address", N_("Street address")),
    ("postal_code", N_("Postal code")),
    ("post_office", N_("Post office")),
    ("created_at", N_("Recorded")),
    ("updated_at", N_("Last changed")),
)
#: The client's coded details by their stored code.
CLIENT_CODES: dict[str, dict[Any, str]] = {
    "id_kind": {"hetu": N_("Personal identity code (henkilötunnus)"),
                "temporary": N_("Temporary identity code"), "foreign": N_("Foreign identity document"),
                "none": N_("None yet")},
    "interpreter_needed": {1: N_("Needs an interpreter"), 0: N_("not needed")},
}
#: The client's columns printed otherwise: the row's number, the non-disclosure (its own sentence) and the
#: restriction flag (the restrictions part shows when it was set and lifted).
CLIENT_SHOWN_OTHERWISE = frozenset({"id", "address_nondisclosure", "restricted"})
LANGUAGE_FIELDS = frozenset({"native_language", "communication_language", "interpreter_language"})




def build_access_printout(store: Store, client_id: int,
                          municipality: Municipality | None = None) -> AccessPrintout:
    """Everything the access report PDF shows for *client_id*."""
    municipality = municipality or shipped_municipality()
    report = gather(store, client_id, municipality)
    client = store.clients.get(client_id).data
    lang = municipality.document_language
    sheet = paper_for(second_language(client, lang), lang)
    profile = store.profile()
    parts = [AccessPart(sheet.both(PERSONAL_DATA), (_personal(report["client"]),))]
    parts += [_assessment(store, a, sheet) for a in report["assessments"]]
    consents = consents_section(store, client_id, sheet)
    if consents and not report["assessments"]:  # otherwise printed with each assessment, as on its printout
        untitled = replace(consents, title="", title_second=None)
        parts.append(AccessPart((consents.title, consents.title_second), (untitled,)))
    parts += [_plan(store, p, sheet) for p in report["plans"]]
    parts += [records_part(kind, rows, sheet) for kind, rows in listed_records(report) if rows]
    rows = access_reading(store).rows(client_id)
    parts.append(AccessPart(sheet.both(CORRECTIONS), (_corrections(history(rows)),)))
    parts.append(AccessPart(sheet.both(DISCLOSURES), (_disclosures(report),)))
    parts.append(AccessPart(sheet.both(HANDLING), (_handling(report["handling"]),)))
    missing = tuple(dict.fromkeys(MISSING_LABELS[name] for name in report["processing"]["missing"]))
    return AccessPrintout(
        municipality=profile.municipality, unit=profile.unit, client_name=client.full_name,
        printed_on=clock.today(), document_id=document_ids.access_report(clock.today().year, client_id),
        parts=tuple(parts), missing=missing, second_language=sheet.language, document_language=lang,
        privacy=Privacy(municipality.controller, municipality.controller_contact,
                        municipality.data_protection_officer, municipality.retention),
        confidentiality=municipality.confidentiality,
        made_by=", ".join(x for x in (report["made_by"]["name"], report["made_by"]["title"]) if x))


def _untitled(fields: list[PrintField]) -> PrintSection:
    return PrintSection("", tuple(fields))


def _personal(client: dict[str, Any]) -> PrintSection:
    """The client's details as stored, with labels in the document language."""
    lang = document_language()
    fi = translation(lang)
    labels = dict(CLIENT_LABELS)
    fields = []
    for column in [*labels, *(c for c in client if c not in labels and c not in CLIENT_SHOWN_OTHERWISE)]:
        stored = client.get(column)
        value = "" if stored is None else str(stored)
        if stored in CLIENT_CODES.get(column, {}):
            value = fi.gettext(CLIENT_CODES[column][stored])
        elif column in LANGUAGE_FIELDS and value:
            value = f"{language_name(value, lang)} ({value})"
        else:
            value = shown(stored, lang)
        if value:
            fields.append(PrintField(fi.gettext(labels[column]) if column in labels else column, value))
    if client.get("address_nondisclosure"):
        fields.append(PrintField(fi.gettext(N_("Non-disclosure")), fi.gettext(
            N_("Address under non-disclosure (turvakielto): never printed or exported"))))
    return _untitled(fields)


def _assessment(store: Store, report_assessment: dict[str, Any], sheet: Paper) -> AccessPart:
    """An assessment's own details, then the assessment as its printout shows it, with every answer
    (sensitive ones too)."""
    interview_id = int(report_assessment["id"])
    printout = build_printout(store, interview_id, include_identity_code=True, include_sensitive=True)
    day = format_short_date(printout.interview_date, document_language())
    title = f"{printout.title} · {printout.document_id} · {day}"
    second = f"{printout.title_second} · {printout.document_id}" if printout.title_second else None
    return AccessPart((title, second), (own_details(ASSESSMENT_DETAILS, report_assessment, sheet),
                                        *printout.sections))


def _plan(store: Store, report_plan: dict[str, Any], sheet: Paper) -> AccessPart:
    """A plan's own details, every version (its dates, goals, measures and follow-up), its handling and
    its reviews."""
    plan_id = int(report_plan["id"])
    plan = store.plans.get(plan_id)
    sections = [own_details(PLAN_DETAILS, report_plan, sheet)]
    for version in plan.versions:
        title = sheet.both(P_("version {number}"), number=version.number)
        fields = _plan_version(build_plan_printout(store, plan_id, version.number), sheet)
        sections.append(PrintSection(title[0], tuple(fields), title[1]))
    if report_plan["plan_events"]:
        sections.append(_plan_steps(report_plan["plan_events"], sheet))
    kind = LISTED_RECORDS["plans/plan_reviews"]
    sections += [record_section(kind, review, sheet, sheet.both(kind.heading))
                 for review in report_plan["plan_reviews"]]
    heading = (f"{sheet.main(P_('Integration plan'))} · {plan.document_id}",
               sheet.in_second(P_("Integration plan")))
    return AccessPart(heading, tuple(sections))


def _plan_version(printout: PlanPrintout, sheet: Paper) -> list[PrintField]:
    """A plan version's content as its printout has it: dates, goals, measures, follow-up, other content."""
    lang = sheet.primary
    start, end = (format_short_date(day, lang) for day in (printout.start, printout.end))
    fields = [PrintField(sheet.main(P_("Date of the plan")), format_short_date(printout.plan_date, lang)),
              PrintField(sheet.main(P_("Plan period")), f"{start} – {end}")]
    fields += [PrintField(g.area[0], g.text) for g in printout.goals]
    for m in printout.measures:
        hours = f"{sheet.main(P_('Hours'))}: {m.hours}" if m.hours != "–" else ""
        responsible = (f"{sheet.main(P_('Responsible party'))}: {m.responsible}"
                       if m.responsible != "–" else "")
        fields.append(PrintField(m.name, " · ".join(x for x in (m.provider, m.dates, hours, responsible,
                                                                m.details) if x and x != "–")))
    if printout.review_date is not None:
        fields.append(PrintField(sheet.main(P_("Review of the plan")), format_short_date(printout.review_date,
                                                                                         lang)))
    texts = ((P_("Follow-up"), printout.follow_up), (P_("Other content"), printout.other_content))
    return fields + [PrintField(sheet.main(label), text) for label, text in texts if text.strip()]


def _plan_steps(events: list[dict[str, Any]], sheet: Paper) -> PrintSection:
    """Each step of the plan's handling, one line each: when, which version, what, by whom, and its note."""
    fi = translation(sheet.primary)
    fields = []
    for e in events:
        kind = str(e["kind"])
        what = fi.gettext(ACTIONS[kind]) if kind in ACTIONS else kind
        who = ", ".join(str(x) for x in (e.get("user_name"), e.get("user_title")) if x)
        values = (what, shown(e.get("on_date"), sheet.primary), who, e.get("text"), e.get("via"))
        version = sheet.main(P_("version {number}"), number=e["version"])
        label = f"{shown(e['at'], sheet.primary)} · {version}"
        fields.append(PrintField(label, " · ".join(str(v) for v in values if v)))
    title, second = sheet.both(PLAN_STEPS)
    return PrintSection(title, tuple(fields), second)



def _corrections(entries: list[HistoryEntry]) -> PrintSection:
    """Each amendment and plan version after the first: when, which document, by whom, and why."""
    changed = translation(document_language()).gettext(N_("changed"))
    return _untitled([PrintField(f"{_day(e.at)} · {e.document_id} · {e.by}",
                                 e.reason + (f" ({changed}: {e.detail})" if e.detail else ""))
                      for e in entries])


def _disclosures(report: dict[str, Any]) -> PrintSection:
    """Exports that held the client's records, and every print of their documents."""
    fi = translation(document_language())
    fields = []
    for e in report["disclosures"]:
        fields.append(PrintField(f"{_day(e['at'])} · {fi.gettext(N_('exported'))} · {_who(e.get('user_id'))}",
                                 f"{receiver_text(e)} · {e['file_name']} · "
                                 + _records_text(e["records_of_client"])))
    prints = [p for a in report["assessments"] for p in a["prints"]]
    prints += [p for plan in report["plans"] for p in plan["plan_prints"]]
    printed = fi.gettext(N_("printed"))
    fields += [PrintField(f"{_day(p['printed_at'])} · {printed} · {_who(p.get('printed_by'))}",
                          str(p["document_id"])) for p in prints]
    return _untitled(fields)


def _who(user: object) -> str:
    """A user as the report shows them: a role by its name in the document language, or a name as given."""
    who = str(user or "–")
    return translation(document_language()).gettext(USER_ROLES[who]) if who in USER_ROLES else who


#: The kinds of the client's records an export carried, as the disclosures name them.
RECORD_KINDS = {"assessment": N_("assessment"), "plan": N_("plan"), "client": N_("client"),
                "consent": N_("consent")}


def _records_text(records: list[dict[str, Any]]) -> str:
    """Which of the client's records an export carried, by kind ("arviointi × 1, suunnitelma × 2")."""
    fi = translation(document_language())
    kinds: dict[str, int] = {}
    for record in records:
        kinds[record["entity"]] = kinds.get(record["entity"], 0) + 1
    return ", ".join(f"{fi.gettext(RECORD_KINDS[k]) if k in RECORD_KINDS else k} × {n}"
                     for k, n in kinds.items())


RECEIVERS = {"receiving_office": N_("sealed for the receiving office"),
             "unsealed_file": N_("unsealed file")}


def receiver_text(disclosure: dict[str, Any]) -> str:
    """To whom an export went, in the document language: the office and its key's fingerprint, an unsealed
    file, or that it was not recorded (exports made before koto recorded it)."""
    fi = translation(document_language())
    if not disclosure.get("receiver_recorded"):
        recorded = fi.gettext(N_("receiver not recorded (before {version})")).format(
            version=RECEIVER_RECORDED_SINCE)
        return f"{fi.gettext(RECEIVERS[disclosure['receiver']])}; {recorded}"
    if disclosure["receiver"] == "unsealed_file":
        return fi.gettext(RECEIVERS["unsealed_file"])
    key = fi.gettext(N_("key {fingerprint}")).format(fingerprint=disclosure["receiver_fingerprint"])
    office = disclosure.get("receiver_name")
    if not office:
        return f"{fi.gettext(RECEIVERS['receiving_office'])} ({key})"
    return fi.gettext(N_("sealed for {office} ({key})")).format(office=office, key=key)


#: The audit trail's actions as the coordinator's screen names them, and the report's own.
ACTION_NAMES = {**ACTIONS, "access_report": N_("access report made"),
                "restrict": N_("processing restricted"), "lift_restriction": N_("restriction lifted"),
                "view_restricted": N_("opened while restricted")}


def _handling(rows: list[dict[str, Any]]) -> PrintSection:
    """The audit trail in short: per day, user and action, how many times and on which records."""
    fi = translation(document_language())
    grouped: dict[tuple[str, str, str], set[str]] = {}
    counts: dict[tuple[str, str, str], int] = {}
    for row in rows:
        who = _who(row.get("user_id"))
        action = str(row["action"])
        action = fi.gettext(ACTION_NAMES[action]) if action in ACTION_NAMES else action
        key = (str(row["at"])[:10], who, action)
        entity = str(row["entity"])
        grouped.setdefault(key, set()).add(
            f"{fi.gettext(ENTITIES[entity]) if entity in ENTITIES else entity} {row['entity_id']}")
        counts[key] = counts.get(key, 0) + 1
    return _untitled([PrintField(f"{_day(day)} · {who}", f"{action} × {counts[(day, who, action)]} "
                                 f"({', '.join(sorted(grouped[(day, who, action)]))})")
                      for day, who, action in grouped])


def _day(stamp: str) -> str:
    try:
        return format_short_date(date.fromisoformat(stamp[:10]), document_language())
    except ValueError:
        return stamp


def write_pdf(store: Store, client_id: int, folder: Path | None = None, stem: str | None = None) -> Path:
    """Render and write the access report PDF owner-only and log it: into prints/ (a printout's name and
    place, so printout retention removes it) or into *folder*."""
    pdf = render_access(build_access_printout(store, client_id))
    path = write_private(pdf, (folder or store.paths.prints) / f"{stem or file_stem(client_id)}.pdf")
    access_reading(store).log_report(client_id, "pdf")
    return path


