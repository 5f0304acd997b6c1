"""Today: one entry per person, in the method's order, the long-cold folded, the unscheduled apart."""

from __future__ import annotations

import datetime as dt

from netui.core import contacts, interactions, introductions, reminders, settings, today
from netui.core.contacts import ContactInput, Method
from netui.core.dates import Birthday

D = dt.timedelta


def person(now, name, created=None, **fields) -> int:
    return contacts.create(ContactInput(name=name, **fields), created or now)


def talked(cid, kind, when, now) -> None:
    interactions.log(cid, kind, when, now)


def test_day_30_the_call_and_the_cadence_are_one_entry_and_one_call_answers_both(db, now):
    met = (now - D(days=30)).date()
    ines = person(now - D(days=30), "Ines Inner", now - D(days=30), circle="inner", met_on=met,
                  phones=[Method("phone", "+44 7700 900123")], emails=[Method("email", "ines@example.com")])
    (follow_up,) = [i for i in reminders.upcoming_for(ines, now) if i.kind == "follow-up"]
    reminders.done(follow_up.reminder_id, now)  # followed up (by hand)
    entries, _ = today.people_due(now)
    (entry,) = [e for e in entries if e.contact_id == ines]
    assert set(entry.kinds) == {"call", "keep-in-touch"}
    assert (entry.phone, entry.email) == ("+44 7700 900123", "ines@example.com")
    assert sorted(today.log(ines, "call", now)) == ["call", "keep-in-touch"]
    assert today.entry_for(ines, now) is None
    assert today.count(now) == len(today.people_due(now)[0])


def test_the_documented_order(db, now):
    ids = {}
    # rest: a regular with a strong relationship, and one barely known; both overdue.
    ids["strong"] = person(now, "Rita Strong", now - D(days=400))
    for days in (100, 110, 120, 130, 140):
        talked(ids["strong"], "in-person", now - D(days=days), now)
    ids["weak"] = person(now, "Walt Weak", now - D(days=400))
    talked(ids["weak"], "social", now - D(days=390), now)
    talked(ids["weak"], "message", now - D(days=300), now)
    # close: an ace, overdue by a week.
    ids["ace"] = person(now, "Ada Ace", now - D(days=200), circle="ace")
    talked(ids["ace"], "call", now - D(days=21), now)
    # introductions: a made introduction's follow-up, due.
    a = person(now, "Al Intro", now - D(days=300))
    b = person(now, "Bo Intro", now - D(days=300))
    for cid in (a, b):
        talked(cid, "call", now - D(days=20), now)
    intro = introductions.propose(a, b, "both build compilers in Rust", "both build compilers in Rust", now - D(days=20))
    introductions.advance(intro, "made", now - D(days=15))
    ids["intro"] = a
    # today: a birthday today.
    ids["birthday"] = person(now, "Bea Birthday", now - D(days=40), birthday=Birthday(now.month, now.day))
    talked(ids["birthday"], "call", now - D(days=10), now)
    # new: met two days ago, and a month ago (the call).
    ids["new"] = person(now, "Nia New", met_on=(now - D(days=2)).date())
    ids["month"] = person(now - D(days=30), "Max Month", now - D(days=30), met_on=(now - D(days=30)).date())
    talked(ids["month"], "email", now - D(days=29), now)
    entries, _ = today.people_due(now)
    order = [e.contact_id for e in entries]
    assert [e.group for e in entries] == sorted((e.group for e in entries), key=today.GROUPS.index)
    expected = [ids[k] for k in ("new", "month", "birthday", "intro", "ace", "strong", "weak")]
    assert [cid for cid in order if cid in expected] == expected
    assert today.count(now) == len(entries)


def test_the_long_cold_outer_circle_is_folded_into_let_go(db, now):
    gone = person(now, "Olga Outer", now - D(days=900), circle="outer")
    talked(gone, "call", now - D(days=800), now)  # 620 days overdue on a 180-day cadence
    recent = person(now, "Otto Outer", now - D(days=900), circle="outer")
    talked(recent, "call", now - D(days=300), now)  # 120 days overdue: still listed
    entries, let_go = today.people_due(now)
    assert [p.contact_id for p in let_go] == [gone] and let_go[0].overdue_days == 620
    assert [e.contact_id for e in entries] == [recent]
    assert today.count(now) == 1
    assert today.entry_for(gone, now).kinds == ("keep-in-touch",)  # still reachable one by one


def test_an_imported_contact_with_nothing_logged_is_unscheduled_not_overdue(db, now):
    lin = person(now, "Lin Kedin", now - D(days=2000), met_on=dt.date(2020, 1, 1))  # like a LinkedIn row
    for row in interactions.recent(lin):  # imported: no meeting logged by you
        interactions.delete(row.id, now)
    day = today.today(now)
    assert day.items == [] and today.count(now) == 0
    assert [u.contact_id for u in day.unscheduled] == [lin]
    reminders.snooze_contact(lin, now, by="1w")  # deciding later schedules them
    assert today.today(now).unscheduled == []


def test_the_limit_and_more(db, now):
    for i in range(5):
        cid = person(now, f"Person {i}", now - D(days=200))
        talked(cid, "call", now - D(days=100 + i), now)
    day = today.today(now, limit=3)
    assert len(day.items) == 3 and day.more == 2
    settings.use(settings.Settings(today_limit=4))
    assert len(today.today(now).items) == 4


def test_a_snoozed_reason_says_until_when(db, now):
    cid = person(now, "Sam Snooze", now - D(days=200))
    talked(cid, "call", now - D(days=100), now)
    until = reminders.snooze_contact(cid, now, by="3d")
    (item,) = reminders.due(now, within_days=5)
    assert item.snoozed_until == until and reminders.due_words(item, now) == f"snoozed until {until:%a %d %b} 10:00"


def test_due_filters_by_kind_circle_and_person(db, now):
    ace = person(now, "Ada Ace", now - D(days=200), circle="ace")
    talked(ace, "call", now - D(days=21), now)
    reg = person(now, "Rex Regular", now - D(days=200))
    talked(reg, "call", now - D(days=100), now)
    reminders.add_custom(reg, now - D(days=3), on=now - D(days=1), note="ask about the move")
    only = reminders.Filter
    assert {i.contact_id for i in reminders.due(now, only=only(circles=("ace",)))} == {ace}
    assert [i.kind for i in reminders.due(now, only=only(kinds=("custom",)))] == ["custom"]
    assert {i.kind for i in reminders.due(now, only=only(contact_id=reg))} == {"custom", "keep-in-touch"}
