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

from dateutil import tz

from netui import __version__
from netui.core import reminders
from netui.core.dates import Birthday
from netui.db.models import Contact
from netui.interop.vcard import escape, fold

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


def summary(item: reminders.DueItem) -> str:
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


def _text(name: str, value: str) -> str:
    return fold(f"{name}:{escape(value)}")


def _categories(*names: str) -> str:
    return fold("CATEGORIES:" + ",".join(escape(n) for n in names))


def _stamp(now: dt.datetime) -> str:
    return now.astimezone(tz.UTC).strftime("%Y%m%dT%H%M%SZ")  # DTSTAMP must be UTC; ``now`` is local


def todo_block(item: reminders.DueItem, uid: str, stamp: str) -> str:
    """One open reminder as a VTODO: DUE, a VALARM at that moment, and its stable UID."""
    text = summary(item)
    # A plan step is due from item.due until its deadline: DTSTART to DUE.
    end = max(item.deadline, item.due) if item.deadline else item.due
    return "".join([
        "BEGIN:VTODO\r\n",
        _text("UID", uid),
        f"DTSTAMP:{stamp}\r\n",
        _text("SUMMARY", text),
        _text("DESCRIPTION", item.why),
        *([f"DTSTART:{item.due:%Y%m%dT%H%M%S}\r\n"] if end != item.due else []),
        f"DUE:{end:%Y%m%dT%H%M%S}\r\n",  # floating: no time zone, as netui keeps it
        "STATUS:NEEDS-ACTION\r\n",
        _categories("netui", item.kind),
        "BEGIN:VALARM\r\n",
        "ACTION:DISPLAY\r\n",
        _text("DESCRIPTION", text),
        "TRIGGER;RELATED=END:PT0S\r\n",  # at DUE (a VTODO's "end")
        "END:VALARM\r\n",
        "END:VTODO\r\n",
    ])


def todos(now: dt.datetime) -> list[tuple[str, reminders.DueItem, str]]:
    """(UID, item, VTODO text) for every open reminder of a contact who is not archived, soonest first."""
    stamp = _stamp(now)
    items = [i for i in reminders.open_items() if i.kind != "birthday"]  # birthdays are events
    ids = sorted({i.contact_id for i in items if i.contact_id is not None})
    uids: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        uids.update(Contact.select(Contact.id, Contact.uid).where(Contact.id.in_(ids[start : start + 500])).tuples())
    out = []
    for item in items:
        uid = uid_for(item, uids.get(item.contact_id) if item.contact_id is not None else None)
        out.append((uid, item, todo_block(item, uid, stamp)))
    return out


def birthdays(now: dt.datetime) -> list[tuple[str, str]]:
    """(UID, VEVENT text) for the birthday of every contact who is not archived: a yearly all-day event."""
    stamp = _stamp(now)
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
    out = []
    for uid, name, month, day, year in people:
        bday = Birthday(month, day, year)
        # Feb 29 falls on the last day of February in common years, as netui's own reminder does.
        leap_day = (month, day) == (2, 29)
        out.append((f"{uid}.birthday@netui", "".join([
            "BEGIN:VEVENT\r\n",
            _text("UID", f"{uid}.birthday@netui"),
            f"DTSTAMP:{stamp}\r\n",
            _text("SUMMARY", TITLES["birthday"].format(name=name)),
            f"DTSTART;VALUE=DATE:{_birthday_start(bday, now):%Y%m%d}\r\n",
            "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\n" if leap_day else "RRULE:FREQ=YEARLY\r\n",
            "TRANSP:TRANSPARENT\r\n",
            _categories("netui", "birthday"),
            "END:VEVENT\r\n",
        ])))
    return out


HEADER = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + fold(f"PRODID:-//netui//netui {__version__}//EN")


def write(out: TextIO, now: dt.datetime) -> int:
    """Write the calendar to ``out``; returns how many items (to-dos and birthdays) it holds.

    The text is written directly (RFC 5545 escaping and 75-octet folding, as the vCard writer does):
    building vobject components cost about 7 ms an item, minutes for a large network. The tests parse
    the result with vobject.
    """
    blocks = [block for _, _, block in todos(now)] + [block for _, block in birthdays(now)]
    out.write(HEADER + _text("X-WR-CALNAME", "netui reminders") + "".join(blocks) + "END:VCALENDAR\r\n")
    return len(blocks)
