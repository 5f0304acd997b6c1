"""The iCalendar export: valid for vobject, to-dos with DUE and an alarm, yearly birthdays, stable UIDs."""

from __future__ import annotations

import datetime as dt
import io

import vobject

from netui.core import contacts, reminders
from netui.core.contacts import ContactInput
from netui.core.dates import Birthday
from netui.db.models import Contact, Reminder
from netui.interop import ics

D = dt.timedelta


def export(now) -> tuple[int, vobject.base.Component, str]:
    out = io.StringIO()
    n = ics.write(out, now)
    text = out.getvalue()
    return n, vobject.readOne(text), text


def components(cal, name: str) -> dict[str, vobject.base.Component]:
    return {c.uid.value: c for c in cal.getChildren() if c.name == name}


def build(now) -> dict[str, int]:
    ada = contacts.create(ContactInput(name="Ada Obi", met_on=now.date(), birthday=Birthday(2, 29, 1988)), now)
    sam = contacts.create(ContactInput(name="Sam Okafor; CTO, Lumen", birthday=Birthday(9, 11)), now)
    gone = contacts.create(ContactInput(name="Gone Away", birthday=Birthday(1, 1), met_on=now.date()), now)
    contacts.set_archived(gone, True, now)
    monthly = reminders.add_custom(sam, now, on=dt.datetime(2026, 12, 8, 9, 0), rule="FREQ=MONTHLY;BYDAY=2TU",
                                   note="ask about the data team")
    once = reminders.add_custom(sam, now, on=now + D(days=3), note="send the pricing deck")
    closed = reminders.add_custom(ada, now, on=now + D(days=1), note="already handled")
    reminders.done(closed, now)
    return {"ada": ada, "sam": sam, "gone": gone, "monthly": monthly, "once": once}


def test_the_export_is_valid_icalendar_with_todos_and_birthdays(db_path, now):
    ids = build(now)
    n, cal, text = export(now)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and "VERSION:2.0" in text
    todos, events = components(cal, "VTODO"), components(cal, "VEVENT")
    assert n == len(todos) + len(events) == 5 + 2

    ada_uid, sam_uid = Contact.get_by_id(ids["ada"]).uid, Contact.get_by_id(ids["sam"]).uid
    expected = {
        f"{ada_uid}.follow-up@netui": dt.datetime(2026, 11, 23),
        f"{ada_uid}.call@netui": dt.datetime(2026, 12, 21),
        f"{ada_uid}.face-to-face@netui": dt.datetime(2027, 2, 19),
        f"{sam_uid}.custom-{ids['monthly']}@netui": dt.datetime(2026, 12, 8, 9, 0),
        f"{sam_uid}.custom-{ids['once']}@netui": dt.datetime(2026, 11, 24, 10, 0),
    }
    assert {uid: todo.due.value for uid, todo in todos.items()} == expected  # floating local times
    for todo in todos.values():
        assert todo.valarm.action.value == "DISPLAY"
        assert todo.valarm.trigger.value == dt.timedelta(0)
        assert todo.valarm.trigger.params["RELATED"] == ["END"]
        assert todo.dtstamp.value.utcoffset() == dt.timedelta(0)
    deck = todos[f"{sam_uid}.custom-{ids['once']}@netui"]
    assert deck.summary.value == "Sam Okafor; CTO, Lumen: send the pricing deck"  # escaped and read back
    assert todos[f"{ada_uid}.follow-up@netui"].summary.value == "Follow up with Ada Obi"

    leap = events[f"{ada_uid}.birthday@netui"]
    assert leap.dtstart.value == dt.date(1988, 2, 29)
    assert leap.rrule.value == "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"
    assert leap.getrruleset().after(dt.datetime(2027, 1, 1)) == dt.datetime(2027, 2, 28)
    yearless = events[f"{sam_uid}.birthday@netui"]
    assert yearless.dtstart.value == dt.date(2026, 9, 11) and yearless.rrule.value == "FREQ=YEARLY"
    assert yearless.summary.value == "Sam Okafor; CTO, Lumen's birthday"
    assert "Gone Away" not in text  # archived: let go


def test_a_re_export_keeps_uids_and_moves_the_dates(db_path, now):
    ids = build(now)
    _, first, _ = export(now)
    later = now + D(days=20)
    reminders.done(ids["monthly"], later)
    reminders.snooze(Reminder.get((Reminder.contact == ids["ada"]) & (Reminder.kind == "call")).id, later, by="1w")
    _, second, _ = export(later)
    assert set(components(first, "VTODO")) == set(components(second, "VTODO"))
    assert set(components(first, "VEVENT")) == set(components(second, "VEVENT"))
    sam_uid = Contact.get_by_id(ids["sam"]).uid
    monthly = f"{sam_uid}.custom-{ids['monthly']}@netui"
    assert components(second, "VTODO")[monthly].due.value == dt.datetime(2027, 1, 12, 9, 0)
    # Done with the one-off: it leaves the calendar.
    reminders.done(ids["once"], later)
    _, third, _ = export(later)
    assert set(components(third, "VTODO")) == set(components(second, "VTODO")) - {f"{sam_uid}.custom-{ids['once']}@netui"}


def test_an_empty_database_exports_an_empty_calendar(db_path, now):
    n, cal, _ = export(now)
    assert n == 0 and cal.name == "VCALENDAR" and list(components(cal, "VTODO")) == []
