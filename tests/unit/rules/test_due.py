"""Each due-date rule at its edge dates: the day before, the day of, the day after, and a leap day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from koto_tui.rules.due import (
    COORDINATORS,
    IMPORT_SHOWN_DAYS,
    NO_CLIENT,
    AssessmentFacts,
    ClientFacts,
    ConsentFacts,
    Due,
    Facts,
    ImportFacts,
    Kind,
    MeetingFacts,
    PlanFacts,
    Target,
    due_items,
)
from koto_tui.rules.eligibility import WINDOW_WARNING_DAYS
from koto_tui.worklist import Group, group_of, is_for

TODAY = date(2026, 11, 27)  # a Friday
ONE = timedelta(days=1)

ASSESSMENT = AssessmentFacts(
    interview_id=11, client_id=1, form_id="assessment", counsellor_id="maija", completed_on=None,
    last_change=TODAY, window_event_date=None, window_exempt=False, plan_needed=None, planned_plan_date=None,
    jobseeker=None, plan_made=False, exported=True, newest=True)
PLAN = PlanFacts(
    plan_id=21, client_id=1, creator_id="maija", drafter_id="maija", first_plan=False,
    start=date(2026, 6, 1), end=date(2027, 5, 31), next_review=None, in_force=True, submitted_on=None,
    returned_on=None, measures_not_started=0)


def items(today: date = TODAY, **facts: object) -> list[Due]:
    """The rules' items for these facts, as of *today*."""
    return due_items(Facts(today=today, **facts))  # type: ignore[arg-type]


def kinds(found: list[Due]) -> list[Kind]:
    return [item.kind for item in found]


# --- § 14: the three-year window --------------------------------------------------------------------

@pytest.mark.parametrize(("today", "group", "text"), [
    (date(2026, 11, 26), Group.WEEK, "1 päivä jäljellä"),    # the day before the window's last day
    (date(2026, 11, 27), Group.TODAY, "0 päivää jäljellä"),  # its last day: still inside
    (date(2026, 11, 28), Group.OVERDUE, "päättyi"),          # the day after: closed
])
def test_the_window_closing_is_listed_around_its_last_day(today: date, group: Group, text: str) -> None:
    started = replace(ASSESSMENT, window_event_date=date(2023, 11, 27))
    [item] = items(today, assessments=(started,))
    assert item.kind is Kind.WINDOW_CLOSING and item.due == date(2026, 11, 27)
    assert group_of(item.due, today) is group
    assert text in item.what and item.section == "KotoL 681/2023 § 14"
    assert (item.target, item.target_id) == (Target.INTERVIEW, 11)


def test_a_window_started_on_a_leap_day_ends_on_28_february() -> None:
    started = replace(ASSESSMENT, window_event_date=date(2024, 2, 29), last_change=date(2027, 2, 1))
    [item] = items(date(2027, 2, 1), assessments=(started,))
    assert item.due == date(2027, 2, 28)


def test_the_window_is_listed_only_in_its_last_90_days() -> None:
    end = TODAY + timedelta(days=WINDOW_WARNING_DAYS)
    far = replace(ASSESSMENT, window_event_date=end.replace(year=end.year - 3))
    near = replace(far, window_event_date=far.window_event_date - ONE)  # type: ignore[operator]
    assert items(assessments=(far,)) == []
    assert kinds(items(assessments=(near,))) == [Kind.WINDOW_CLOSING]


def test_no_window_item_for_a_finalised_exempt_or_older_assessment() -> None:
    started = replace(ASSESSMENT, window_event_date=date(2023, 12, 1))
    assert kinds(items(assessments=(started,))) == [Kind.WINDOW_CLOSING]
    assert Kind.WINDOW_CLOSING not in kinds(items(assessments=(replace(started, completed_on=TODAY),)))
    assert items(assessments=(replace(started, window_exempt=True),)) == []
    assert items(assessments=(replace(started, newest=False),)) == []


# --- § 16: the plan -----------------------------------------------------------------------------------

def test_a_plan_the_assessment_found_needed_is_due_on_the_planned_day() -> None:
    done = replace(ASSESSMENT, completed_on=date(2026, 11, 20), plan_needed=True,
                   planned_plan_date=date(2026, 12, 4))
    [item] = items(assessments=(done,))
    assert (item.kind, item.due, item.target) == (Kind.PLAN_TO_DRAW_UP, date(2026, 12, 4), Target.CLIENT)
    assert group_of(item.due, TODAY) is Group.LATER
    assert items(assessments=(replace(done, plan_made=True),)) == []
    assert items(assessments=(replace(done, plan_needed=False),)) == []


def test_without_a_planned_day_the_plan_is_due_from_the_assessment() -> None:
    done = replace(ASSESSMENT, completed_on=date(2026, 11, 20), plan_needed=True)
    [item] = items(assessments=(done,))
    assert item.due == date(2026, 11, 20) and group_of(item.due, TODAY) is Group.OVERDUE


def test_a_first_plan_is_due_at_its_end_or_its_twelve_months_whichever_comes_first() -> None:
    first = replace(PLAN, first_plan=True, start=date(2024, 2, 29), end=date(2025, 3, 31))
    [item] = items(date(2025, 2, 1), plans=(first,))
    assert item.kind is Kind.FIRST_PLAN_LIMIT
    assert item.due == date(2025, 2, 28)  # a leap day plus twelve months
    shorter = replace(first, end=date(2025, 2, 27))
    assert items(date(2025, 2, 1), plans=(shorter,))[0].due == date(2025, 2, 27)


def test_a_later_plan_is_due_at_its_end_within_the_lookahead() -> None:
    ending = replace(PLAN, end=TODAY + timedelta(days=60))
    assert kinds(items(plans=(ending,))) == [Kind.PLAN_ENDING]
    assert items(plans=(replace(ending, end=ending.end + ONE),)) == []


@pytest.mark.parametrize(("today", "group"), [
    (date(2027, 5, 31), Group.WEEK), (date(2027, 6, 1), Group.TODAY), (date(2027, 6, 2), Group.OVERDUE),
])
def test_a_review_is_due_on_its_date(today: date, group: Group) -> None:
    reviewed = replace(PLAN, end=date(2027, 12, 31), next_review=date(2027, 6, 1))
    [item] = items(today, plans=(reviewed,))
    assert (item.kind, item.due, item.target_id) == (Kind.REVIEW_DUE, date(2027, 6, 1), 21)
    assert group_of(item.due, today) is group


def test_only_a_plan_in_force_is_reviewed() -> None:
    draft = replace(PLAN, end=date(2027, 12, 31), next_review=TODAY, in_force=False)
    assert items(plans=(draft,)) == []


def test_the_enrolment_target_is_six_months_from_the_start_clamped_to_a_leap_day() -> None:
    plan = replace(PLAN, start=date(2027, 8, 31), end=date(2028, 8, 30), measures_not_started=2)
    [item] = items(date(2028, 2, 1), plans=(plan,))
    assert (item.kind, item.due) == (Kind.ENROLMENT_TARGET, date(2028, 2, 29))
    assert "2 sovittua palvelua" in item.what
    assert items(date(2028, 2, 1), plans=(replace(plan, measures_not_started=0),)) == []


def test_a_submitted_plan_is_for_the_coordinators_and_a_returned_one_for_its_drafter() -> None:
    submitted = replace(PLAN, in_force=False, submitted_on=date(2026, 11, 20))
    returned = replace(PLAN, plan_id=22, in_force=False, drafter_id="liisa", returned_on=date(2026, 11, 25))
    found = items(plans=(submitted, returned))
    assert [(i.kind, i.owner, i.due) for i in found] == [
        (Kind.AWAITING_APPROVAL, COORDINATORS, TODAY), (Kind.RETURNED, "liisa", TODAY)]
    assert is_for(found[0], "kaisa", "coordinator") and not is_for(found[0], "maija", "counsellor")
    assert is_for(found[1], "liisa", "counsellor") and not is_for(found[1], "maija", "counsellor")


# --- the municipality's follow-up -----------------------------------------------------------------------

@pytest.mark.parametrize(("age", "listed"), [(13, False), (14, True), (15, True)])
def test_an_interview_is_listed_once_it_was_left_for_the_set_days(age: int, listed: bool) -> None:
    left = replace(ASSESSMENT, last_change=TODAY - timedelta(days=age))
    assert (kinds(items(assessments=(left,), stale_days=14)) == [Kind.UNFINISHED_INTERVIEW]) is listed


def test_a_finalised_assessment_not_exported_is_listed_unless_the_client_is_a_jobseeker() -> None:
    done = replace(ASSESSMENT, completed_on=date(2026, 11, 20), exported=False)
    assert kinds(items(assessments=(done,))) == [Kind.NOT_EXPORTED]
    assert items(assessments=(replace(done, jobseeker=True),)) == []
    assert items(assessments=(replace(done, exported=True),)) == []


def test_a_withdrawn_consent_is_listed_where_the_jobseekers_plan_depends_on_it() -> None:
    jobseeker = replace(ASSESSMENT, completed_on=date(2026, 10, 1), jobseeker=True, plan_made=True)
    withdrawn = ConsentFacts(1, "employment_services", date(2026, 11, 25))
    found = items(assessments=(jobseeker,), plans=(replace(PLAN, end=date(2027, 12, 31)),),
                  consents=(withdrawn,))
    assert kinds(found) == [Kind.CONSENT_WITHDRAWN]
    assert found[0].section == "KotoL 681/2023 § 9" and found[0].target_id == 21
    other = replace(withdrawn, party="associations_projects")
    assert items(assessments=(jobseeker,), plans=(replace(PLAN, end=date(2027, 12, 31)),),
                 consents=(other,)) == []
    assert items(assessments=(replace(jobseeker, jobseeker=False),),
                 plans=(replace(PLAN, end=date(2027, 12, 31)),), consents=(withdrawn,)) == []


def test_a_meeting_is_listed_on_its_day_with_the_interpreter_booked() -> None:
    meeting = MeetingFacts(1, TODAY, "10.00", "Maaherrankatu 9", "Tulkkauspalvelu Oy", "TP-123", "maija")
    [item] = items(meetings=(meeting,))
    assert (item.kind, item.due, group_of(item.due, TODAY)) == (Kind.MEETING, TODAY, Group.TODAY)
    assert "10.00" in item.what and "Tulkkauspalvelu Oy TP-123" in item.what
    assert items(meetings=(replace(meeting, day=TODAY + timedelta(days=61)),)) == []


def test_items_come_soonest_first() -> None:
    found = items(meetings=(MeetingFacts(1, TODAY + 3 * ONE, "", "", "", "", None),
                            MeetingFacts(2, TODAY + ONE, "", "", "", "", None)),
                  assessments=(replace(ASSESSMENT, last_change=TODAY - 30 * ONE),))
    assert [item.due for item in found] == sorted(item.due for item in found)
    assert found[0].kind is Kind.UNFINISHED_INTERVIEW


@pytest.mark.parametrize(("due", "group"), [
    (date(2026, 11, 26), Group.OVERDUE), (date(2026, 11, 27), Group.TODAY),
    (date(2026, 11, 29), Group.WEEK), (date(2026, 11, 30), Group.LATER),  # Sunday ends the week
])
def test_groups_follow_the_calendar_week(due: date, group: Group) -> None:
    assert group_of(due, TODAY) is group


# --- § 14: an assessment not started yet --------------------------------------------------------------

ADDED = ClientFacts(client_id=3, added_on=date(2028, 2, 29), added_by="maija")  # a leap day


@pytest.mark.parametrize(("today", "text"), [
    (date(2028, 2, 28), None),           # the day before the client was added: nothing
    (date(2028, 2, 29), "lisätty tänään"),  # the day of
    (date(2028, 3, 1), "1 päivä sitten"),  # the day after: one day (the leap day counts)
    (date(2029, 2, 28), "365 päivää"),   # a year on: still listed, never dropped
])
def test_an_assessment_to_start_is_listed_from_the_day_the_client_was_added(
        today: date, text: str | None) -> None:
    found = items(today, not_assessed=(ADDED,))
    if text is None:
        assert found == []
        return
    [item] = found
    assert item.kind is Kind.ASSESSMENT_TO_START and item.due == today and text in item.what
    assert item.section == "KotoL 681/2023 § 14" and (item.target, item.target_id) == (Target.CLIENT, 3)
    assert item.owner == "maija" and ("29.2.2028" in item.what or today == ADDED.added_on)


# --- imports with conflicts -----------------------------------------------------------------------------

IMPORTED = ImportFacts(import_id=5, day=date(2028, 2, 29), conflicts=1, user_id="maija")


@pytest.mark.parametrize(("today", "listed"), [
    (date(2028, 2, 28), False),                               # the day before the import
    (date(2028, 2, 29), True),                                # the day of
    (date(2028, 3, 1), True),                                 # the day after
    (date(2028, 2, 29) + timedelta(days=IMPORT_SHOWN_DAYS), True),   # its last day on the list
    (date(2028, 2, 29) + timedelta(days=IMPORT_SHOWN_DAYS + 1), False),
])
def test_an_import_with_conflicts_is_listed_for_a_while(today: date, listed: bool) -> None:
    found = items(today, imports=(IMPORTED,))
    assert bool(found) is listed
    if listed:
        [item] = found
        assert item.kind is Kind.IMPORT_CONFLICTS and item.client_id == NO_CLIENT
        assert (item.target, item.target_id, item.owner) == (Target.IMPORT, 5, "maija")
        assert "1 ristiriita " in item.what and item.due == date(2028, 2, 29)


def test_an_import_counts_its_conflicts_in_plural_and_without_conflicts_is_not_listed() -> None:
    [item] = items(TODAY, imports=(replace(IMPORTED, day=TODAY, conflicts=3),
                                   replace(IMPORTED, import_id=6, day=TODAY, conflicts=0)))
    assert "3 ristiriitaa" in item.what and item.target_id == 5
