"""Reminders and birthdays as iCalendar, for any calendar or task app (``netui export --format ics``).

Every open reminder of a contact who is not archived becomes a VTODO with its current ``DUE`` and a
VALARM at that moment; every birthday becomes a yearly all-day VEVENT. Times are floating (no time
zone), as netui keeps them: a reminder at 09:00 stays at 09:00 wherever and whenever it is read.

UIDs are derived from the contact's uid (plan steps and birthdays: one per kind and person), and from
the reminder's id for custom reminders, so importing a newer export updates the same items instead of
adding copies. A recurring reminder is exported as its next occurrence only; marking it done in netui
and exporting again moves that same item to the next date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TextIO

import vobject
from dateutil import tz

from netui import __version__
from netui.core import reminders
from netui.core.dates import Birthday
from netui.db.models import Contact

TITLES = {
    "follow-up": "Follow up with {name}",
    "call": "Call {name}",
    "face-to-face": "Meet {name} in person",
    "birthday": "{name}'s birthday",
    "intro-follow-up": "Ask {name} how the introduction went",
}
ONE_PER_CONTACT = ("follow-up", "call", "face-to-face", "birthday")


def uid_for(item: reminders.DueItem, contact_uid: str | None) -> str:
    """A UID that stays the same from one export to the next."""
    if contact_uid is None:
        return f"netui-reminder-{item.reminder_id}@netui"
    if item.kind in ONE_PER_CONTACT:
        return f"{contact_uid}.{item.kind}@netui"
    return f"{contact_uid}.{item.kind}-{item.reminder_id}@netui"


def _summary(item: reminders.DueItem) -> str:
    template = TITLES.get(item.kind)
    if template:
        return template.format(name=item.name)
    text = item.note.splitlines()[0] if item.note else "reminder"
    return f"{item.name}: {text}" if item.name else text


def _birthday_start(bday: Birthday, now: dt.datetime) -> dt.date:
    """The first day of the yearly event: the birth date, or this year's birthday if the year is unknown."""
    year = bday.year or now.year
    day = min(bday.day, calendar.monthrange(year, bday.month)[1])
    return dt.date(year, bday.month, day)


def write(out: TextIO, now: dt.datetime) -> int:
    """Write the calendar to ``out``; returns how many items (to-dos and birthdays) it holds."""
    stamp = now.astimezone(tz.UTC)  # DTSTAMP must be UTC; ``now`` is local
    cal = vobject.iCalendar()
    cal.add("prodid").value = f"-//netui//netui {__version__}//EN"
    cal.add("x-wr-calname").value = "netui reminders"
    count = 0

    items = [i for i in reminders.open_items() if i.kind != "birthday"]  # birthdays are events below
    ids = sorted({i.contact_id for i in items if i.contact_id is not None})
    uids: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        uids.update(Contact.select(Contact.id, Contact.uid).where(Contact.id.in_(ids[start : start + 500])).tuples())
    for item in items:
        todo = cal.add("vtodo")
        todo.add("uid").value = uid_for(item, uids.get(item.contact_id))
        todo.add("dtstamp").value = stamp
        todo.add("summary").value = _summary(item)
        todo.add("description").value = item.why
        todo.add("due").value = item.due
        todo.add("status").value = "NEEDS-ACTION"
        todo.add("categories").value = ["netui", item.kind]
        alarm = todo.add("valarm")
        alarm.add("action").value = "DISPLAY"
        alarm.add("description").value = _summary(item)
        trigger = alarm.add("trigger")
        trigger.value = dt.timedelta(0)
        trigger.params["RELATED"] = ["END"]  # at DUE (a VTODO's "end")
        count += 1

    people = (
        Contact.select(Contact.uid, Contact.name, Contact.birthday_month, Contact.birthday_day, Contact.birthday_year)
        .where(
            (Contact.archived == False)  # noqa: E712
            & Contact.birthday_month.is_null(False)
            & Contact.birthday_day.is_null(False)
        )
        .order_by(Contact.id)
        .tuples()
    )
    for uid, name, month, day, year in people:
        bday = Birthday(month, day, year)
        event = cal.add("vevent")
        event.add("uid").value = f"{uid}.birthday@netui"
        event.add("dtstamp").value = stamp
        event.add("summary").value = TITLES["birthday"].format(name=name)
        event.add("dtstart").value = _birthday_start(bday, now)
        # Feb 29 falls on the last day of February in common years, as netui's own reminder does.
        leap_day = (month, day) == (2, 29)
        event.add("rrule").value = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1" if leap_day else "FREQ=YEARLY"
        event.add("transp").value = "TRANSPARENT"
        event.add("categories").value = ["netui", "birthday"]
        count += 1

    out.write(cal.serialize())
    return count
