"""Yearly reminders for a contact's anniversaries and other dates (``netui.core.cards``), made as the
birthday's are: one ``anniversary`` reminder per date, its rule the birthday's yearly rule, its note
the date's label ("anniversary", "first program"), kept in step by ``plan.sync_contact``.
"""

from __future__ import annotations

import datetime as dt

from netui.core.dates import Birthday, day_start, next_birthday
from netui.core.reminders.rules import birthday_rule
from netui.db.models import Contact, ContactDate, Reminder

KIND = "anniversary"


def _wanted(contact_id: int) -> list[tuple[str, str, Birthday]]:
    """(rule, note, date) for each date of the contact, without repeats."""
    out: list[tuple[str, str, Birthday]] = []
    for label, text in ContactDate.select(ContactDate.label, ContactDate.date).where(
        ContactDate.contact == contact_id
    ).order_by(ContactDate.position, ContactDate.id).tuples():
        month, day = int(text[-5:-3]), int(text[-2:])
        year = None if text.startswith("--") else int(text[:4])
        date = Birthday(month, day, year)
        item = (birthday_rule(date), label or KIND, date)
        if all(item[:2] != seen[:2] for seen in out):
            out.append(item)
    return out


def sync_dates(contact: Contact, rows: list[Reminder], now: dt.datetime) -> None:
    """Make the contact's ``anniversary`` reminders match its dates: one per date, each kept as it is
    (snoozed, done this year) while its date and label stay."""
    wanted = _wanted(contact.id)
    keep: set[int] = set()
    for rule, note, date in wanted:
        row = next((r for r in rows if r.rrule == rule and r.note == note and r.id not in keep), None)
        if row is not None:
            keep.add(row.id)
            continue
        due = day_start(next_birthday(date, now.date()))
        keep.add(Reminder.create(contact=contact.id, kind=KIND, note=note, rrule=rule, due_at=due, next_due_at=due,
                                 created_at=now).id)
    stale = [r.id for r in rows if r.id not in keep]
    if stale:
        Reminder.delete().where(Reminder.id.in_(stale)).execute()
