"""The integration programme's follow-up report: numbers from the records on this laptop (headless).

Counted (each definition is in docs/export.md, "The follow-up report"):

- an assessment in the month of its interview date, once finalised;
- a plan in the month it was made official: the first approval, or the client's signature when that came
  first (a draft or submitted plan is not counted);
- target group and jobseeker status from the assessment's answers (KotoL 681/2023 § 14; a plan's
  jobseeker status as the export routes it), the language is the client's native language;
- services from the last approved or signed version of each counted plan;
- days from the event that starts the three-year window (first residence permit, residence card or
  registration of the right of residence) to the assessment, and from the assessment to the plan;
- plans in force whose review date is past or within ``REVIEW_HORIZON_DAYS``.

No client's name or identity code is in the report; the plans due for review are named by document id.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from gettext import NullTranslations

from koto_tui.exchange.document import paper_id
from koto_tui.figures import DISCLOSURE_THRESHOLD, figure
from koto_tui.i18n import N_, format_short_date, translation
from koto_tui.i18n.languages import language_name
from koto_tui.plans import Plan
from koto_tui.rules.eligibility import RecordSystem, TargetGroup
from koto_tui.rules.plan import MeasureStatus
from koto_tui.rules.plan_lifecycle import PlanStatus, status
from koto_tui.store import Store
from koto_tui.store.reporting import Finalised, ReportRows
from koto_tui.text import csv_bytes
from koto_tui.text import csv_cell as text_cell

#: Plans in force whose review is due within this many days are listed (a product choice).
REVIEW_HORIZON_DAYS = 30

#: Target group names (KotoL 681/2023 § 14 (2)), translated where shown.
GROUP_NAMES = {
    TargetGroup.INTERNATIONAL_PROTECTION: N_("international protection"),
    TargetGroup.SOCIAL_ASSISTANCE: N_("social assistance other than temporarily"),
    TargetGroup.CHILD_HOME_CARE_ALLOWANCE: N_("child home care allowance"),
    TargetGroup.UNACCOMPANIED_MINOR: N_("arrived as an unaccompanied minor"),
    TargetGroup.TRAFFICKING_VICTIM: N_("victim of human trafficking"),
    TargetGroup.OTHER_NEED: N_("other need"),
}
NO_GROUP = N_("no target group recorded")
JOBSEEKER = {True: N_("registered jobseeker"), False: N_("not a jobseeker"), None: N_("not known")}

Cell = str | int | float | None


@dataclass(frozen=True)
class Stats:
    """Count, mean, median, smallest and largest of a list of day counts."""

    count: int
    mean: float | None
    median: float | None
    minimum: int | None
    maximum: int | None

    @classmethod
    def of(cls, values: Sequence[int]) -> Stats:
        """The statistics of *values* (None for each figure when there are none)."""
        if not values:
            return cls(0, None, None, None, None)
        return cls(len(values), statistics.fmean(values), float(statistics.median(values)), min(values),
                   max(values))


@dataclass(frozen=True)
class Table:
    """One table of the report: a title, column headers and rows (texts translated when built)."""

    id: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class _Counted:
    """A finalised assessment or an official plan with what the report needs about it."""

    day: date
    groups: tuple[str, ...]
    language: str
    jobseeker: bool | None


@dataclass(frozen=True)
class FollowUpReport:
    """The report for one period, as tables."""

    start: date
    end: date
    made_on: date
    municipality: str
    unit: str
    tables: tuple[Table, ...]
    disclosure_threshold: int = DISCLOSURE_THRESHOLD
    """Counts from 1 to this minus one show as "< threshold" in the PDF and the CSV."""
    lang: str = "fi"
    """The language of the report's texts and dates (its files are written in it too)."""

    def table(self, table_id: str) -> Table:
        """One table by its id (KeyError when there is none)."""
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)


# --- gathering ---------------------------------------------------------------------------------------

#: The target groups an answer may name (made once: a set of an enum per answer was a tenth of the report).
_TARGET_GROUPS = frozenset(TargetGroup)


def _groups(answers: dict[str, object]) -> tuple[str, ...]:
    raw = answers.get("target_groups")
    values = raw if isinstance(raw, list) else []
    return tuple(v for v in values if v in _TARGET_GROUPS) or ("",)


def _jobseeker(answers: dict[str, object]) -> bool | None:
    value = answers.get("registered_jobseeker")
    return value if isinstance(value, bool) else None


def _window_date(answers: dict[str, object]) -> date | None:
    value = answers.get("window_event_date")
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def plan_date(plan: Plan) -> date | None:
    """The day the plan became official: its first approval or signature (None while neither exists)."""
    days = [e.on for v in plan.versions for e in (v.approval, v.signature) if e is not None and e.on]
    return min(days) if days else None


def _basis(plan: Plan, finalised: list[Finalised], day: date) -> Finalised | None:
    """The assessment a plan made official on *day* is based on: its own, else the client's newest
    finalised before that day (None when there is none)."""
    found = [i for i in finalised if i.id == plan.interview_id] or sorted(
        (i for i in finalised if i.day <= day), key=lambda i: (i.day, i.id))[-1:]
    return found[0] if found else None


#: The answers the report reads from each finalised assessment.
_ANSWERS = ("target_groups", "registered_jobseeker", "window_event_date")


class _Gathered:
    """The counted assessments and plans of one period, read once from the store (a few set-based queries,
    then one pass over the finalised assessments and one over the plans). Answers, languages and jobseeker
    answers are read only for what the period counts: the assessments in it, the plans made official in it
    and the assessments those plans are based on."""

    def __init__(self, store: Store, start: date, end: date) -> None:
        self.assessments: list[_Counted] = []
        self.plans: list[_Counted] = []
        self.permit_days: list[int] = []
        self.plan_days: list[int] = []
        self.services: dict[str, Counter[str]] = {}
        self.all_plans = store.plans.all()
        self.store = store
        self._read(ReportRows(store.session), start, end)

    def _read(self, rows: ReportRows, start: date, end: date) -> None:
        finalised = rows.finalised()
        by_client: dict[int, list[Finalised]] = {}
        for i in finalised:
            by_client.setdefault(i.client_id, []).append(i)
        assessed = [i for i in finalised if start <= i.day <= end]
        planned = [(plan, day, _basis(plan, by_client.get(plan.client_id, []), day))
                   for plan in self.all_plans if (day := plan_date(plan)) is not None and start <= day <= end]
        answers = rows.answers(_ANSWERS, {i.id for i in assessed} | {b.id for *_p, b in planned if b})
        languages = rows.languages({i.client_id for i in assessed} | {p.client_id for p, *_r in planned})
        self._routings = rows.plan_routings()
        self._jobseeker_answers = rows.jobseeker_answers(
            {p.client_id for p, *_r in planned if not self._routings.get(p.id)})
        for i in assessed:
            a = answers.get(i.id, {})
            language = languages.get(i.client_id, "")
            self.assessments.append(_Counted(i.day, _groups(a), language, _jobseeker(a)))
            permit = _window_date(a)
            if permit is not None:
                self.permit_days.append((i.day - permit).days)
        for plan, day, basis in planned:
            self._plan(plan, day, basis, answers, languages.get(plan.client_id, ""))

    def _plan(self, plan: Plan, day: date, basis: Finalised | None, answers: dict[int, dict[str, object]],
              language: str) -> None:
        a = answers.get(basis.id, {}) if basis else {}
        jobseeker = self._jobseeker_of(plan)
        self.plans.append(_Counted(day, _groups(a) if basis else ("",), language,
                                   jobseeker if isinstance(jobseeker, bool) else None))
        if basis:
            self.plan_days.append((day - basis.day).days)
        last = [v for v in plan.versions if v.locked][-1]
        for m in last.content.measures:
            self.services.setdefault(m.service_id or m.name, Counter())[str(m.status)] += 1

    def _jobseeker_of(self, plan: Plan) -> object:
        """As `exchange.document.jobseeker_of`, from rows read once: the routing an imported plan came with,
        else the answer in the plan's assessment, or in the client's newest interview."""
        route = self._routings.get(plan.id)
        if route:
            return json.loads(route)["record_system"] == str(RecordSystem.EMPLOYMENT_SERVICES)
        mine = self._jobseeker_answers.get(plan.client_id, {})
        if not mine:
            return None
        return mine[plan.interview_id if plan.interview_id in mine else max(mine)]


# --- the tables --------------------------------------------------------------------------------------

def _months(start: date, end: date) -> list[str]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(f"{day.year}-{day.month:02d}")
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def _by(items: list[_Counted], key: str) -> Counter[object]:
    counts: Counter[object] = Counter()
    for item in items:
        values = item.groups if key == "groups" else (getattr(item, key),)
        counts.update(values)
    return counts


def _cross(title: str, table_id: str, first: str, a: Counter[object], p: Counter[object],
           name: Mapping[object, str], t: NullTranslations) -> Table:
    keys = sorted(set(a) | set(p), key=lambda k: name.get(k, str(k)).casefold())
    rows = tuple((name.get(k, str(k)), a[k], p[k]) for k in keys)
    return Table(table_id, title, (first, t.gettext("Assessments"), t.gettext("Plans")), rows)


def _service_name(key: str, lang: str) -> str:
    from koto_tui.planning import catalogue

    try:
        names = catalogue().service(key).names
    except KeyError:
        return key
    return names.get(lang) or names["fi"]


def _stats_rows(label: str, s: Stats) -> tuple[Cell, ...]:
    return (label, s.count, s.mean, s.median, s.minimum, s.maximum)


def _reviews(store: Store, plans: list[Plan], today: date, lang: str) -> Table:
    t = translation(lang)
    horizon = today + timedelta(days=REVIEW_HORIZON_DAYS)
    due = sorted((p.next_review, paper_id(store, "plan", p.id, p.document_id)) for p in plans
                 if status(p) is PlanStatus.IN_FORCE and p.next_review is not None
                 and p.next_review <= horizon)
    return Table("reviews", t.ngettext("Plans due for review (within {n} day or overdue)",
                                       "Plans due for review (within {n} days or overdue)",
                                       REVIEW_HORIZON_DAYS).format(
        n=REVIEW_HORIZON_DAYS), (t.gettext("Plan"), t.gettext("Review date"), t.gettext("Days left")),
        tuple((doc, format_short_date(day, lang), (day - today).days) for day, doc in due))


def build_report(store: Store, start: date, end: date, today: date,
                 lang: str | None = None) -> FollowUpReport:
    """The follow-up report for *start*–*end* (both days included) as of *today*, its texts in *lang*
    (default: the municipality's document language, as the other printouts)."""
    from koto_tui.municipality import document_language

    lang = lang or document_language()
    t = translation(lang)
    _ = t.gettext
    g = _Gathered(store, start, end)
    a_month = Counter(f"{x.day.year}-{x.day.month:02d}" for x in g.assessments)
    p_month = Counter(f"{x.day.year}-{x.day.month:02d}" for x in g.plans)
    groups: dict[object, str] = {str(k): _(v) for k, v in GROUP_NAMES.items()}
    groups[""] = _(NO_GROUP)
    languages: dict[object, str] = {code: language_name(code, lang) or _("not known")
                                    for code in {x.language for x in g.assessments + g.plans}}
    jobseeker: dict[object, str] = {k: _(v) for k, v in JOBSEEKER.items()}
    statuses = (MeasureStatus.PLANNED, MeasureStatus.ENROLLED, MeasureStatus.ONGOING,
                MeasureStatus.COMPLETED, MeasureStatus.INTERRUPTED)
    services = sorted(((_service_name(k, lang), c) for k, c in g.services.items()),
                      key=lambda x: x[0].casefold())
    tables = (
        Table("months", _("Assessments and plans per month"), (_("Month"), _("Assessments"), _("Plans")),
              tuple((m, a_month[m], p_month[m]) for m in _months(start, end))),
        _cross(_("By target group (KotoL 681/2023 § 14)"), "groups", _("Target group"),
               _by(g.assessments, "groups"), _by(g.plans, "groups"), groups, t),
        _cross(_("By native language"), "languages", _("Language"), _by(g.assessments, "language"),
               _by(g.plans, "language"), languages, t),
        _cross(_("Jobseeker or not"), "jobseekers", _("Jobseeker"), _by(g.assessments, "jobseeker"),
               _by(g.plans, "jobseeker"), jobseeker, t),
        Table("services", _("Services agreed in the plans"),
              (_("Service"), _("Agreed"), _("Planned"), _("Enrolled"), _("Ongoing"), _("Completed"),
               _("Interrupted")),
              tuple((name, sum(c.values()), *(c[str(s)] for s in statuses)) for name, c in services)),
        Table("days", _("Days between steps"),
              (_("Interval"), _("Number"), _("Mean"), _("Median"), _("Shortest"), _("Longest")),
              (_stats_rows(_("From the first permit to the assessment"), Stats.of(g.permit_days)),
               _stats_rows(_("From the assessment to the plan"), Stats.of(g.plan_days)))),
        _reviews(store, g.all_plans, today, lang),
    )
    profile = store.profile()
    return FollowUpReport(start, end, today, profile.municipality, profile.unit, tables, lang=lang)


# --- CSV ---------------------------------------------------------------------------------------------

def csv_cell(value: Cell, threshold: int = 0, lang: str = "fi") -> str:
    """A cell for Finnish spreadsheets: yes/no in *lang*, figures as on paper, text made safe by
    `text.csv_cell`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        t = translation(lang)
        return t.gettext("yes") if value else t.gettext("no")
    return text_cell(value) if isinstance(value, str) else figure(value, True, threshold)


def to_csv(report: FollowUpReport) -> bytes:
    """The report as CSV that opens right with Finnish regional settings (UTF-8 BOM, semicolons)."""
    lang = report.lang
    rows: list[list[Cell]] = [[translation(lang).gettext("Follow-up report of the integration programme"),
                               report.municipality, format_short_date(report.start, lang) + "–"
                               + format_short_date(report.end, lang)]]
    for table in report.tables:
        rows += [[], [table.title], list(table.headers)]
        rows += [[csv_cell(c, report.disclosure_threshold if column else 0, lang)
                  for column, c in enumerate(row)] for row in table.rows]
    return csv_bytes(rows)


# --- PDF ---------------------------------------------------------------------------------------------

def to_pdf(report: FollowUpReport) -> bytes:
    """The report as a PDF with a chart of assessments and plans per month, in the report's language."""
    from koto_tui.printing.report import ReportDocument, ReportTable, render_report

    lang, _ = report.lang, translation(report.lang).gettext
    months = report.table("months")
    period = _("Period: {start}–{end}").format(start=format_short_date(report.start, lang),
                                               end=format_short_date(report.end, lang))
    made = _("Made on {date} from the records on this laptop.").format(
        date=format_short_date(report.made_on, lang))
    return render_report(ReportDocument(
        municipality=report.municipality, unit=report.unit,
        title=_("Follow-up report of the integration programme"), period=period,
        made=made,
        tables=tuple(ReportTable(t.title, t.headers, t.rows) for t in report.tables),
        chart=tuple((str(m), int(a or 0), int(p or 0)) for m, a, p in months.rows),
        chart_legend=(_("Assessments"), _("Plans")), disclosure_threshold=report.disclosure_threshold,
        lang=lang))
