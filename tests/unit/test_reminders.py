"""The reminder engine: the meeting plan, keep-in-touch, birthdays, snooze/done, notifications, the due queries."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.core import contacts, gives, interactions, reminders, settings
from netui.core.contacts import ContactInput
from netui.core.dates import Birthday
from netui.db import close_database, db, open_database
from netui.db.models import Contact, Reminder

D = dt.timedelta


def person(now, name="Ada Lovelace", **fields) -> int:
    return contacts.create(ContactInput(name=name, **fields), now)


def rows(contact_id: int) -> dict[str, Reminder]:
    found = Reminder.select().where(Reminder.contact == contact_id).order_by(Reminder.id)
    return {r.kind: r for r in found}


def plan(contact_id: int) -> dict[str, tuple]:
    return {kind: (r.due_at, r.next_due_at) for kind, r in rows(contact_id).items() if kind in reminders.PLAN_KINDS}


# --- the meeting plan ----------------------------------------------------------------------------


def test_meeting_someone_sets_the_48h_30d_90d_plan(db_path, now):
    met = dt.date(2026, 11, 20)
    ada = person(now, met_on=met, how_met="PyCon Lisbon", reason="hiring data engineers next year")
    anchor = dt.datetime(2026, 11, 20)
    # Due from the meeting (the follow-up), on day 30 (the call), from day 60 (the face-to-face check).
    assert plan(ada) == {
        "follow-up": (anchor, anchor),
        "call": (anchor + D(days=30), anchor + D(days=30)),
        "face-to-face": (anchor + D(days=60), anchor + D(days=60)),
    }
    # "Met yesterday": the follow-up is due since the meeting, its 48 hours running down.
    (follow_up,) = reminders.due(now, within_days=1)
    assert (follow_up.kind, follow_up.due, follow_up.name) == ("follow-up", anchor, "Ada Lovelace")
    assert follow_up.deadline == anchor + D(hours=48) and reminders.due_words(follow_up, now) == "14 h left"
    assert "PyCon Lisbon" in follow_up.why and "hiring data engineers next year" in follow_up.why
    assert reminders.due(now) == [follow_up] and reminders.due_count(now) == 1
    assert reminders.due_words(follow_up, anchor + D(hours=50)) == "overdue by 2 h"
    # The face-to-face check warns a month before it is too late, and counts the days down.
    check = next(i for i in reminders.due(anchor + D(days=60)) if i.kind == "face-to-face")
    assert reminders.due_words(check, anchor + D(days=60, hours=9)) == "30 days left to meet"
    assert reminders.due_words(check, anchor + D(days=91)) == "overdue by 1 day"
    # The meeting itself is the first in-person interaction: not "last: never", strength 0.
    c = contacts.get(ada)
    assert contacts.as_datetime(c.last_contact_at) == anchor and c.strength > 0
    assert [(i.kind, i.occurred_at, i.summary) for i in interactions.recent(ada)] == [
        ("in-person", anchor, "met at PyCon Lisbon")]


def test_the_call_reminder_shows_the_open_give_ideas(db_path, now):
    ada = person(now, met_on=dt.date(2026, 11, 20))
    gives.add(ada, "send the Adichie interview", now)
    gives.add(ada, "intro to a hiring manager", now)
    done = gives.add(ada, "lend 'The Dispossessed'", now)
    gives.mark_done(done, now)
    gives.add(ada, "reviewed my CV", now, direction="received")
    later = now + D(days=31)
    call = next(i for i in reminders.due(later) if i.kind == "call")
    assert call.gives == ("send the Adichie interview", "intro to a hiring manager")
    assert call.why.endswith("give ideas: send the Adichie interview; intro to a hiring manager")


def test_the_settings_change_the_plan(db_path, now):
    settings.use(settings.Settings(follow_up_hours=24, call_days=14, face_to_face_days=60))
    ada = person(now, met_on=now.date())
    today = dt.datetime.combine(now.date(), dt.time())
    assert {k: due for k, (due, _) in plan(ada).items()} == {
        "follow-up": today, "call": today + D(days=14), "face-to-face": today + D(days=30),
    }


def test_a_first_in_person_meeting_starts_the_plan_for_someone_new(db_path, now):
    sam = person(now, name="Sam Okafor")
    assert plan(sam) == {}
    met = now - D(hours=16)  # yesterday evening
    interactions.log(sam, "in-person", met, now, summary="met at the meetup")
    assert {k: due for k, (due, _) in plan(sam).items()} == {
        "follow-up": met, "call": met + D(days=30), "face-to-face": met + D(days=60),
    }
    # A later call changes nothing: the plan exists once.
    interactions.log(sam, "call", now, now)
    assert len(rows(sam)) == 3


def test_someone_met_in_person_long_ago_gets_no_new_plan(db_path, now):
    old = person(now, name="Old Friend")
    interactions.log(old, "in-person", now - D(days=400), now)
    interactions.log(old, "in-person", now - D(days=1), now)
    assert plan(old) == {}


def test_the_face_to_face_check_clears_itself_and_comes_back(db_path, now):
    ada = person(now, met_on=dt.date(2026, 11, 20))
    # Logging the meeting itself (same day) is not a second meeting.
    interactions.log(ada, "in-person", dt.datetime(2026, 11, 20, 19, 0), now)
    assert rows(ada)["face-to-face"].next_due_at == dt.datetime(2027, 1, 19)

    coffee = interactions.log(ada, "in-person", dt.datetime(2026, 12, 10, 9, 0), now + D(days=19)).id
    check = rows(ada)["face-to-face"]
    assert check.next_due_at is None and check.done_at is None
    assert not [i for i in reminders.due(dt.datetime(2027, 3, 1)) if i.kind == "face-to-face"]

    interactions.delete(coffee, now + D(days=20))  # logged by mistake
    assert rows(ada)["face-to-face"].next_due_at == dt.datetime(2027, 1, 19)
    assert [i.kind for i in reminders.due(dt.datetime(2027, 3, 1)) if i.kind == "face-to-face"] == ["face-to-face"]


def test_a_face_to_face_check_done_by_hand_stays_done(db_path, now):
    ada = person(now, met_on=now.date())
    check = rows(ada)["face-to-face"]
    reminders.done(check.id, now)
    meeting = interactions.log(ada, "in-person", now + D(days=3), now + D(days=3)).id
    interactions.delete(meeting, now + D(days=4))
    assert rows(ada)["face-to-face"].next_due_at is None
    assert rows(ada)["face-to-face"].done_at == now


def test_plan_steps_follow_the_meeting_date_until_touched(db_path, now):
    ada = person(now, met_on=dt.date(2026, 11, 20))
    snoozed_to = reminders.snooze(rows(ada)["call"].id, now, until=dt.date(2026, 12, 24))
    contacts.update(ada, ContactInput(met_on=dt.date(2026, 11, 18)), now)
    anchor = dt.datetime(2026, 11, 18)
    assert plan(ada) == {
        "follow-up": (anchor, anchor),
        "call": (dt.datetime(2026, 12, 20), snoozed_to),  # the user's snooze is theirs
        "face-to-face": (anchor + D(days=60), anchor + D(days=60)),
    }
    assert [i.occurred_at for i in interactions.recent(ada)] == [anchor]  # the logged meeting moved too
    contacts.update(ada, ContactInput(met_on=False), now)  # it was not a meeting after all
    assert plan(ada) == {"call": (dt.datetime(2026, 12, 20), snoozed_to)}
    contacts.update(ada, ContactInput(met_on=dt.date(2026, 11, 19)), now)
    assert set(plan(ada)) == {"follow-up", "call", "face-to-face"}


def test_meetings_long_past_do_not_bury_the_user_in_ancient_follow_ups(db_path, now):
    assert reminders.PLAN_GRACE_DAYS == 14
    recent = person(now, name="Recent", met_on=(now - D(days=10)).date())
    month = person(now, name="A Month Ago", met_on=(now - D(days=40)).date())
    quarter = person(now, name="A Quarter Ago", met_on=(now - D(days=100)).date())
    ancient = person(now, name="Ancient", met_on=(now - D(days=700)).date())
    assert set(plan(recent)) == {"follow-up", "call", "face-to-face"}  # follow-up 8 days late: still useful
    assert set(plan(month)) == {"call", "face-to-face"}
    assert set(plan(quarter)) == {"face-to-face"}
    assert plan(ancient) == {}
    # Editing an old contact does not bring the missing steps back.
    contacts.update(ancient, ContactInput(note="still at Lumen"), now)
    assert plan(ancient) == {}


def test_sync_is_idempotent(db_path, now):
    ada = person(now, met_on=now.date(), birthday=Birthday(9, 11))
    before = list(Reminder.select().order_by(Reminder.id).dicts())
    with db.atomic():
        reminders.sync_contact(ada, now)
        reminders.sync_contact(ada, now + D(days=3))
    assert list(Reminder.select().order_by(Reminder.id).dicts()) == before


# --- keep in touch -------------------------------------------------------------------------------


def test_a_backdated_interaction_moves_the_cadence_from_when_it_happened(db_path, now):
    ada = person(now, circle="inner")  # 30 days
    last_week = now - D(days=7)
    call = interactions.log(ada, "call", last_week, now).id
    assert Contact.get_by_id(ada).next_due_at == last_week + D(days=30)
    due_at = last_week + D(days=30)
    assert [(i.kind, i.due) for i in reminders.due(due_at) if i.contact_id == ada] == [("keep-in-touch", due_at)]
    assert reminders.due(due_at - D(seconds=1)) == []
    interactions.delete(call, now)
    assert Contact.get_by_id(ada).next_due_at == now + D(days=30)  # back to "since added"


def test_cadence_by_circle_and_override(db_path, now):
    settings.use(settings.Settings(cadence={"ace": 7, "inner": 21, "regular": 60, "outer": 120}))
    people = {
        circle: person(now, name=f"Someone {circle}", circle=circle) for circle in ("ace", "inner", "regular", "outer")
    }
    custom = person(now, name="Custom Cadence", circle="outer", cadence_days=10)
    for cid in [*people.values(), custom]:
        interactions.log(cid, "email", now, now)
    expected = {people["ace"]: 7, people["inner"]: 21, people["regular"]: 60, people["outer"]: 120, custom: 10}
    for cid, days in expected.items():
        due = [i for i in reminders.upcoming_for(cid, now) if i.kind == "keep-in-touch"]
        assert [i.due for i in due] == [now + D(days=days)]
        assert f"every {days} days" in due[0].why
    assert {i.contact_id for i in reminders.due(now + D(days=21))} == {people["ace"], people["inner"], custom}
    contacts.update(custom, ContactInput(cadence_days=False), now)  # back to the circle's 120 days
    assert Contact.get_by_id(custom).next_due_at == now + D(days=120)


def test_a_social_like_does_not_count_as_keeping_in_touch(db_path, now):
    ada = person(now, circle="ace")
    interactions.log(ada, "social", now, now)
    assert Contact.get_by_id(ada).next_due_at == now + D(days=14)  # still from when she was added
    assert Contact.get_by_id(ada).last_contact_at is None


def test_snoozing_keep_in_touch_lasts_until_you_get_in_touch(db_path, now):
    ada = person(now, circle="ace")
    interactions.log(ada, "call", now - D(days=20), now)  # due 6 days ago
    assert [i.kind for i in reminders.due(now)] == ["keep-in-touch"]
    until = reminders.snooze_contact(ada, now, by="1w")
    assert until == now + D(weeks=1)
    assert Contact.get_by_id(ada).next_due_at == until and reminders.due(now) == []
    contacts.update(ada, ContactInput(note="likes chess"), now)  # any write recomputes the date...
    assert Contact.get_by_id(ada).next_due_at == until  # ...and the snooze holds
    again = reminders.snooze_contact(ada, now, by="1d")  # from the snoozed date
    assert again == until + D(days=1)
    interactions.log(ada, "message", now, now)  # getting in touch makes the snooze moot
    assert Contact.get_by_id(ada).next_due_at == now + D(days=14)
    assert reminders.KEEP_IN_TOUCH not in rows(ada)


def test_archived_contacts_have_nothing_due(db_path, now):
    ada = person(now, met_on=now.date(), birthday=Birthday(11, 21))
    assert reminders.due_count(now) == 2  # her birthday is today, and the follow-up of meeting her
    contacts.set_archived(ada, True, now)
    later = now + D(days=400)
    assert reminders.due(later) == [] and reminders.due_count(later) == 0 and reminders.newly_due(later) == []
    assert reminders.upcoming_for(ada, now) == []
    with pytest.raises(reminders.ReminderError, match="archived"):
        reminders.add_custom(ada, now, on=now + D(days=1))
    contacts.set_archived(ada, False, now)
    assert reminders.due_count(now) == 2


# --- birthdays -----------------------------------------------------------------------------------


def test_feb_29_birthdays_fall_on_feb_28_in_common_years(db_path, now):
    ada = person(now, birthday=Birthday(2, 29, 2000))
    bday = rows(ada)["birthday"]
    assert (bday.rrule, bday.next_due_at) == ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", dt.datetime(2027, 2, 28))
    assert reminders.item(bday.id).why == "birthday, turns 27"
    feb28 = dt.datetime(2027, 2, 28, 8, 0)
    assert reminders.done(bday.id, feb28) == dt.datetime(2028, 2, 29)
    assert reminders.done(bday.id, dt.datetime(2028, 2, 29, 8, 0)) == dt.datetime(2029, 2, 28)


def test_yearless_birthdays_and_changes(db_path, now):
    ada = person(now, birthday=Birthday(9, 11))
    assert rows(ada)["birthday"].next_due_at == dt.datetime(2027, 9, 11)
    assert reminders.item(rows(ada)["birthday"].id).why == "birthday"
    contacts.update(ada, ContactInput(birthday=Birthday(11, 21)), now)  # today
    assert rows(ada)["birthday"].next_due_at == dt.datetime(2026, 11, 21)
    assert [i.kind for i in reminders.due(now)] == ["birthday"]
    assert Reminder.select().where(Reminder.kind == "birthday").count() == 1
    contacts.update(ada, ContactInput(birthday=False), now)
    assert "birthday" not in rows(ada)


# --- custom reminders, snooze, done --------------------------------------------------------------


def test_snooze_by_a_month_handles_month_ends(db_path):
    jan31 = dt.datetime(2027, 1, 31, 10, 0)
    ada = person(jan31)
    rid = reminders.add_custom(ada, jan31, on=dt.datetime(2027, 1, 31, 9, 0), note="send the article")
    assert reminders.snooze(rid, jan31, by="1m") == dt.datetime(2027, 2, 28, 10, 0)
    leap = dt.datetime(2028, 1, 31, 10, 0)
    rid = reminders.add_custom(ada, leap, on=dt.datetime(2028, 1, 31, 9, 0))
    assert reminders.snooze(rid, leap, by="1m") == dt.datetime(2028, 2, 29, 10, 0)
    assert Reminder.get_by_id(rid).next_due_at == dt.datetime(2028, 2, 29, 10, 0)


def test_snooze_by_day_week_or_to_a_date(db_path, now):
    ada = person(now)
    rid = reminders.add_custom(ada, now, on=now - D(hours=2))  # due earlier today
    assert reminders.snooze(rid, now, by="1d") == now + D(days=1)
    # Not due yet: the snooze pushes it back from when it is due.
    assert reminders.snooze(rid, now, by="1w") == now + D(days=8)
    assert reminders.snooze(rid, now, until=dt.date(2026, 12, 25)) == dt.datetime(2026, 12, 25)
    row = Reminder.get_by_id(rid)
    assert (row.snoozed_until, row.next_due_at) == (dt.datetime(2026, 12, 25), dt.datetime(2026, 12, 25))
    assert reminders.item(rid).snoozed
    with pytest.raises(reminders.ReminderError, match="after now"):
        reminders.snooze(rid, now, until=now - D(days=1))
    with pytest.raises(reminders.ReminderError, match="1d, 1w or 1m"):
        reminders.snooze(rid, now, by="soon")
    assert Reminder.get_by_id(rid).next_due_at == dt.datetime(2026, 12, 25)


def test_done_closes_a_one_off_and_advances_a_recurring_reminder(db_path, now):
    ada = person(now)
    once = reminders.add_custom(ada, now, on=now + D(days=2), note="send the deck")
    assert reminders.done(once, now) is None
    row = Reminder.get_by_id(once)
    assert (row.next_due_at, row.done_at) == (None, now)
    with pytest.raises(reminders.ReminderError, match="closed"):
        reminders.done(once, now)
    with pytest.raises(contacts.NotFound):
        reminders.snooze(999, now)

    monthly = reminders.add_custom(ada, now, on=dt.datetime(2026, 11, 10, 9, 0), rule="monthly")
    assert Reminder.get_by_id(monthly).next_due_at == dt.datetime(2026, 12, 10, 9, 0)
    # Done early is refused, saying when it is due; forced, it handles this occurrence. Done late
    # skips what was missed.
    with pytest.raises(reminders.ReminderError, match="not due until 2026-12-10 09:00"):
        reminders.done(monthly, now)
    assert reminders.done(monthly, now, force=True) == dt.datetime(2027, 1, 10, 9, 0)
    assert reminders.done(monthly, dt.datetime(2027, 3, 15)) == dt.datetime(2027, 4, 10, 9, 0)


def test_rrules_with_count_and_until_end(db_path, now):
    ada = person(now)
    counted = reminders.add_custom(ada, now, rule="FREQ=WEEKLY;COUNT=2", note="check in")
    first = Reminder.get_by_id(counted).next_due_at
    assert first == dt.datetime(2026, 11, 28)  # a week from today, the rule's first occurrence
    assert reminders.done(counted, first) == first + D(weeks=1)
    assert reminders.done(counted, first + D(weeks=1)) is None
    assert Reminder.get_by_id(counted).next_due_at is None

    until = reminders.add_custom(ada, now, on=dt.date(2026, 11, 23), rule="FREQ=DAILY;UNTIL=20261124")
    assert reminders.item(until).rule == "FREQ=DAILY;UNTIL=20261124T235959"
    assert reminders.done(until, dt.datetime(2026, 11, 23, 8)) == dt.datetime(2026, 11, 24)
    assert reminders.done(until, dt.datetime(2026, 11, 24, 8)) is None


def test_a_daily_time_stays_put_across_daylight_saving_changes(db_path, now, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        before = dt.datetime(2027, 3, 24, 10, 0)  # Europe moves its clocks on 28 March 2027
        ada = person(before)
        rid = reminders.add_custom(ada, before, on=dt.datetime(2027, 3, 26, 9, 0), rule="every 2 days")
        seen = [Reminder.get_by_id(rid).next_due_at]
        for _ in range(3):
            seen.append(reminders.done(rid, seen[-1] + D(minutes=5)))
        assert seen == [dt.datetime(2027, 3, d, 9, 0) for d in (26, 28, 30)] + [dt.datetime(2027, 4, 1, 9, 0)]
        weekly = reminders.add_custom(ada, before, on=dt.datetime(2027, 10, 24, 9, 0), rule="weekly")
        assert reminders.done(weekly, dt.datetime(2027, 10, 24, 9, 30)) == dt.datetime(2027, 10, 31, 9, 0)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_one_off_reminder_must_not_be_in_the_past(db_path, now):
    ada = person(now)
    with pytest.raises(reminders.ReminderError, match="in the past"):
        reminders.add_custom(ada, now, on=dt.date(2026, 11, 20))
    with pytest.raises(reminders.ReminderError, match="say when"):
        reminders.add_custom(ada, now)
    rid = reminders.add_custom(ada, now, on=now.date(), note="today, at any hour")
    assert reminders.item(rid).due == dt.datetime(2026, 11, 21)
    assert Reminder.select().where(Reminder.kind == "custom").count() == 1


# --- notifications -------------------------------------------------------------------------------


def test_notifications_are_raised_once_even_across_a_restart(db_path, now):
    ada = person(now, birthday=Birthday(11, 21))
    rid = reminders.add_custom(ada, now, on=now - D(hours=1), note="call about the role")
    fresh = reminders.newly_due(now)
    assert [(i.kind, i.reminder_id) for i in fresh] == [("birthday", rows(ada)["birthday"].id), ("custom", rid)]
    reminders.mark_notified(fresh)
    assert reminders.newly_due(now) == []

    close_database()  # the app quits...
    open_database(db_path)  # ...and starts again
    assert reminders.newly_due(now + D(minutes=1)) == []
    assert reminders.due_count(now) == 2  # still due, just not announced again

    reminders.snooze(rid, now, by="1d")  # a snoozed reminder is announced when it comes due again
    assert reminders.newly_due(now + D(hours=23)) == []
    (again,) = reminders.newly_due(now + D(days=1))
    assert again.reminder_id == rid


def test_catch_up_after_a_week_closed(db_path, now):
    ada = person(now - D(days=2), met_on=(now - D(days=2)).date(), how_met="the climate meetup")
    reminders.mark_notified(reminders.newly_due(now))  # the follow-up, due since the meeting
    daily = reminders.add_custom(ada, now, on=now + D(days=1), rule="daily", note="water the bonsai she gave you")
    once = reminders.add_custom(ada, now, on=now + D(days=5), note="send the report")
    reminders.mark_notified(reminders.newly_due(now))
    assert reminders.newly_due(now) == []
    close_database()

    week_later = now + D(days=7)
    open_database(db_path)
    caught_up = reminders.newly_due(week_later)
    # Each came-due reminder once: the daily one for its first missed day, not seven times.
    assert [(i.kind, i.reminder_id, i.due) for i in caught_up] == [
        ("custom", daily, now + D(days=1)),
        ("custom", once, now + D(days=5)),
    ]
    reminders.mark_notified(caught_up)
    assert reminders.newly_due(week_later) == []
    overdue, today, week, later = reminders.agenda(week_later)
    assert [i.reminder_id for i in overdue.items] == [rows(ada)["follow-up"].id, daily, once]
    assert reminders.due_count(week_later) == 3
    # Done on the daily one moves it to tomorrow (after now), not through each missed day.
    assert reminders.done(daily, week_later) == dt.datetime(2026, 11, 29, 10, 0)


def test_the_agenda_groups_overdue_today_this_week_and_later(db_path, now):
    ada = person(now, circle="ace", met_on=(now - D(days=5)).date())  # follow-up due for 5 days, 3 overdue
    reminders.add_custom(ada, now, on=now + D(hours=5), note="later today")
    reminders.add_custom(ada, now, on=now + D(days=3), note="this week")
    reminders.add_custom(ada, now, on=now + D(days=40), note="later")
    groups = reminders.agenda(now, limit=10)
    assert [g.title for g in groups] == ["overdue", "today", "this week", "later"]
    assert [[i.note or i.kind for i in g.items] for g in groups] == [
        ["follow-up"],
        ["later today"],
        ["this week"],
        ["keep-in-touch", "call", "later", "face-to-face"],  # ace: 14 days after the meeting
    ]
    assert groups[0].items[0].due == dt.datetime.combine(now.date() - D(days=5), dt.time())
    assert reminders.due_words(groups[0].items[0], now) == "overdue by 3 days"
    assert [g.total for g in reminders.agenda(now, limit=1)] == [len(g.items) for g in groups]
    assert all(len(g.items) <= 1 for g in reminders.agenda(now, limit=1))


# --- the queries stay on indexes -----------------------------------------------------------------


def test_the_due_queries_use_indexes_not_full_scans(db_path, now, monkeypatch):
    for n in range(30):
        cid = person(now, name=f"Person {n}", met_on=(now - D(days=n)).date(), birthday=Birthday(n % 12 + 1, 10))
        interactions.log(cid, "call", now - D(days=n * 3), now)
    contacts.set_archived(cid, True, now)
    db.execute_sql("ANALYZE")

    statements: list[tuple[str, tuple]] = []
    real = db.execute_sql

    def record(sql, params=None, *args, **kwargs):
        statements.append((sql, tuple(params or ())))
        return real(sql, params, *args, **kwargs)

    monkeypatch.setattr(db, "execute_sql", record)
    reminders.due(now, within_days=7)
    reminders.due_count(now)
    reminders.agenda(now, limit=20)
    reminders.newly_due(now)
    reminders.upcoming_for(1, now)
    monkeypatch.undo()

    selects = [(sql, params) for sql, params in statements if sql.lstrip().upper().startswith("SELECT")]
    assert len(selects) >= 10
    for sql, params in selects:
        plan = [row[3] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params)]
        scans = [step for step in plan if step.startswith("SCAN")]
        assert not scans, f"{sql}\n{plan}"
        assert any("USING" in step for step in plan), f"{sql}\n{plan}"
