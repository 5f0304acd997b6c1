"""Recurrence rules as people type them: friendly words, RFC 5545 RRULEs, and the ones refused."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.core import contacts, reminders
from netui.core.contacts import ContactInput
from netui.db.models import Reminder

# now is Saturday 21 November 2026, 10:00


@pytest.fixture
def ada(db_path, now) -> int:
    return contacts.create(ContactInput(name="Ada Obi"), now)


@pytest.mark.parametrize(
    "typed, rule, first",
    [
        ("every 3 months", "FREQ=MONTHLY;INTERVAL=3", dt.datetime(2027, 2, 21)),
        ("Every 2 Weeks", "FREQ=WEEKLY;INTERVAL=2", dt.datetime(2026, 12, 5)),
        ("every other month", "FREQ=MONTHLY;INTERVAL=2", dt.datetime(2027, 1, 21)),
        ("every week", "FREQ=WEEKLY", dt.datetime(2026, 11, 28)),
        ("every day", "FREQ=DAILY", dt.datetime(2026, 11, 22)),
        ("daily", "FREQ=DAILY", dt.datetime(2026, 11, 22)),
        ("monthly", "FREQ=MONTHLY", dt.datetime(2026, 12, 21)),
        ("quarterly", "FREQ=MONTHLY;INTERVAL=3", dt.datetime(2027, 2, 21)),
        ("yearly", "FREQ=YEARLY", dt.datetime(2027, 11, 21)),
        ("fortnightly", "FREQ=WEEKLY;INTERVAL=2", dt.datetime(2026, 12, 5)),
        ("every tuesday", "FREQ=WEEKLY;BYDAY=TU", dt.datetime(2026, 11, 24)),
        ("every other friday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", dt.datetime(2026, 11, 27)),
        ("FREQ=MONTHLY;BYDAY=2TU", "FREQ=MONTHLY;BYDAY=2TU", dt.datetime(2026, 12, 8)),
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", dt.datetime(2026, 12, 8)),
        ("rrule:freq=monthly;byday=-1fr", "FREQ=MONTHLY;BYDAY=-1FR", dt.datetime(2026, 11, 27)),
        ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1;COUNT=2", "FREQ=YEARLY;COUNT=2;BYMONTH=3;BYMONTHDAY=1", dt.datetime(2027, 3, 1)),
        ("FREQ=WEEKLY;UNTIL=20261231T000000Z", "FREQ=WEEKLY;UNTIL=20261231T000000", dt.datetime(2026, 11, 28)),
    ],
)
def test_rules_people_type(ada, now, typed, rule, first):
    rid = reminders.add_custom(ada, now, rule=typed, note="check in")
    row = Reminder.get_by_id(rid)
    assert (row.rrule, row.next_due_at, row.due_at) == (rule, first, first)
    assert reminders.item(rid).due == first


@pytest.mark.parametrize(
    "typed, message",
    [
        ("FREQ=SECONDLY", "too often"),
        ("FREQ=MINUTELY;INTERVAL=5", "too often"),
        ("FREQ=HOURLY", "too often"),
        ("FREQ=DAILY;COUNT=0", "COUNT=0 would never come due"),
        ("FREQ=DAILY;UNTIL=20200101", "no occurrence left"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "can never happen"),
        ("FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31", "can never happen"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=9", "can never happen"),
        ("FREQ=FORTNIGHTLY", "not one of DAILY"),
        ("BYDAY=MO", "needs FREQ"),
        ("FREQ=WEEKLY;COLOR=RED", "does not know the rule part COLOR"),
        ("FREQ=WEEKLY;FREQ=DAILY", "given twice"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20271231", "not both"),
        ("FREQ=WEEKLY;COUNT=many", "whole number"),
        ("FREQ=WEEKLY;INTERVAL=0", "between 1 and 1000"),
        ("FREQ=WEEKLY;BYDAY=XX", "not a valid recurrence rule"),
        ("FREQ=WEEKLY;UNTIL=tomorrow", "UNTIL must be a date"),
        ("FREQ=DAILY\nDTSTART:20260101", "not a recurrence rule"),
        ("whenever", "not a recurrence rule netui understands"),
        ("every blue moon", "not a recurrence rule netui understands"),
        ("every 0 weeks", "between 1 and 1000"),
        ("", "say when"),
    ],
)
def test_bad_rules_are_refused_and_nothing_is_stored(ada, now, typed, message):
    with pytest.raises(reminders.ReminderError, match=message):
        reminders.add_custom(ada, now, rule=typed)
    assert Reminder.select().where(Reminder.kind == "custom").count() == 0


def test_monthly_from_the_31st_lands_on_each_month_end(ada):
    jan31 = dt.datetime(2027, 1, 31, 9, 0)
    rid = reminders.add_custom(ada, jan31, on=jan31, rule="monthly")
    seen = [Reminder.get_by_id(rid).next_due_at]
    for _ in range(3):
        seen.append(reminders.done(rid, seen[-1]))
    assert seen == [dt.datetime(2027, m, d, 9, 0) for m, d in ((1, 31), (2, 28), (3, 31), (4, 30))]


def test_every_3_months_from_the_31st_starts_three_months_on(ada):
    jan31 = dt.datetime(2027, 1, 31, 10, 0)
    rid = reminders.add_custom(ada, jan31, rule="every 3 months")
    assert Reminder.get_by_id(rid).next_due_at == dt.datetime(2027, 4, 30)
    assert reminders.done(rid, dt.datetime(2027, 4, 30, 8, 0)) == dt.datetime(2027, 7, 31)


def test_yearly_from_feb_29_falls_on_feb_28(ada):
    leap_day = dt.datetime(2028, 2, 29, 8, 0)
    rid = reminders.add_custom(ada, leap_day, on=leap_day, rule="yearly", note="anniversary")
    assert reminders.done(rid, leap_day) == dt.datetime(2029, 2, 28, 8, 0)


def test_a_rule_with_a_start_date_in_the_past_picks_up_from_today(ada, now):
    rid = reminders.add_custom(ada, now, on=dt.datetime(2026, 1, 6, 9, 0), rule="FREQ=MONTHLY")
    row = Reminder.get_by_id(rid)
    assert (row.due_at, row.next_due_at) == (dt.datetime(2026, 1, 6, 9, 0), dt.datetime(2026, 12, 6, 9, 0))


def test_count_counts_from_the_first_reminder(ada, now):
    rid = reminders.add_custom(ada, now, rule="FREQ=MONTHLY;COUNT=3")
    seen = [Reminder.get_by_id(rid).next_due_at]
    while seen[-1] is not None:
        seen.append(reminders.done(rid, seen[-1]))
    assert seen == [dt.datetime(2026, 12, 21), dt.datetime(2027, 1, 21), dt.datetime(2027, 2, 21), None]


@pytest.mark.parametrize(
    "rule, words",
    [
        (None, "once"),
        ("FREQ=MONTHLY;INTERVAL=3", "every 3 months"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "every other Friday"),
        ("FREQ=MONTHLY;BYDAY=2TU", "monthly on the 2nd Tuesday"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "monthly on the last Friday"),
        ("FREQ=DAILY;COUNT=3", "daily, 3 times"),
        ("FREQ=WEEKLY;UNTIL=20271231T235959", "weekly, until 2027-12-31"),
        ("FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", "monthly on day 31 (or the last day of a shorter month)"),
        ("FREQ=YEARLY;BYWEEKNO=20", "yearly: FREQ=YEARLY;BYWEEKNO=20"),
    ],
)
def test_rules_in_words(rule, words):
    assert reminders.describe_rule(rule) == words


@pytest.mark.parametrize("text, delta", [("1d", (1, 0, 0)), ("1w", (0, 1, 0)), ("1m", (0, 0, 1)), ("3 days", (3, 0, 0)),
                                         ("2W", (0, 2, 0)), ("month", (0, 0, 1))])
def test_snooze_amounts(text, delta):
    days, weeks, months = delta
    r = reminders.parse_snooze(text)
    assert (r.days, r.months) == (days + 7 * weeks, months)


@pytest.mark.parametrize("text", ["", "0d", "1y", "soon", "-1d", "1 fortnight"])
def test_bad_snooze_amounts(text):
    with pytest.raises(reminders.ReminderError, match="1d, 1w or 1m"):
        reminders.parse_snooze(text)
