"""Acting on reminders: snooze (a reminder, or a contact's keep-in-touch date), done, and your own.

Each function is one transaction and says in words why it cannot do what was asked.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil.relativedelta import relativedelta

from netui.core import formats
from netui.core.dates import as_datetime, day_start
from netui.core.errors import NotDueYet, ReminderError
from netui.core.lookup import get
from netui.core.reminders.plan import snooze_markers
from netui.core.reminders.queries import open_row
from netui.core.reminders.rules import names_days, next_occurrence, parse_rule
from netui.core.text import sanitize
from netui.core.vocab import KEEP_IN_TOUCH
from netui.db import db
from netui.db.models import Contact, Reminder

_SNOOZE = re.compile(r"^(\d+)?\s*(d|days?|w|weeks?|m|months?)$")


def parse_snooze(text: str) -> relativedelta:
    """``1d``, ``1w``, ``1m`` (or ``3d``, ``2 weeks``, ``month``) as a relativedelta."""
    match = _SNOOZE.match(" ".join(str(text).lower().split()))
    n = int(match.group(1) or 1) if match else 0
    if not match or not 1 <= n <= 1000:
        raise ReminderError(f"{sanitize(text)!r}: snooze by 1d, 1w or 1m (or a number of days, weeks or months, like 3d)")
    unit = match.group(2)[0]
    unit_name = {"d": "days", "w": "weeks", "m": "months"}[unit]
    return relativedelta(days=n) if unit_name == "days" else relativedelta(weeks=n) if unit_name == "weeks" else relativedelta(months=n)


def _target(current: dt.datetime, now: dt.datetime, by, until) -> dt.datetime:
    if by is not None and until is not None:
        raise ReminderError("snooze either by an amount or until a date, not both")
    if until is not None:
        target = as_datetime(until)
        if target <= now:
            raise ReminderError(f"snooze until a time after now ({formats.moment(target)} has passed)")
        return target
    delta = parse_snooze(by or "1d") if not isinstance(by, relativedelta) else by
    # From now when it is already due, from its due time when it is not: either way, later by `by`.
    return (max(now, current) + delta).replace(microsecond=0)


def snooze(reminder_id: int, now: dt.datetime, by: str | relativedelta | None = None,
           until: dt.datetime | dt.date | None = None) -> dt.datetime:
    """Put a reminder off by 1d/1w/1m (month ends handled: Jan 31 + 1m = Feb 28/29) or until a date.

    Returns the new due time. Without ``by`` or ``until`` it is one day.
    """
    with db.atomic():
        row = open_row(reminder_id)
        target = _target(as_datetime(row.next_due_at), now, by, until)
        Reminder.update(snoozed_until=target, next_due_at=target).where(Reminder.id == reminder_id).execute()
    return target


def snooze_contact(contact_id: int, now: dt.datetime, by: str | relativedelta | None = None,
                   until: dt.datetime | dt.date | None = None) -> dt.datetime:
    """Put off a contact's keep-in-touch date; logging an interaction makes the snooze moot."""
    with db.atomic():
        contact = get(contact_id)
        current = as_datetime(contact.next_due_at)
        if contact.archived or current is None:
            raise ReminderError(f"{contact.name} is archived: there is no keep-in-touch date to snooze")
        target = _target(current, now, by, until)
        markers = snooze_markers(contact_id)
        if markers and as_datetime(markers[0].snoozed_until) == current:
            unsnoozed = as_datetime(markers[0].due_at)  # snoozing again: remember the original date
        else:
            unsnoozed = current
        Reminder.delete().where((Reminder.contact == contact_id) & (Reminder.kind == KEEP_IN_TOUCH)).execute()
        Reminder.create(
            contact=contact_id, kind=KEEP_IN_TOUCH, due_at=unsnoozed, next_due_at=None, snoozed_until=target,
            created_at=now,
        )
        Contact.update(next_due_at=target).where(Contact.id == contact_id).execute()
    return target


def done(reminder_id: int, now: dt.datetime, *, force: bool = False) -> dt.datetime | None:
    """Mark a reminder done: a recurring one moves to its next occurrence after now, a one-off closes.

    Returns the next due time, or None when the reminder is closed. A recurring reminder that is not
    due yet is refused (``NotDueYet``, saying when it is due) unless ``force``: done then skips that
    occurrence, which is seldom what a second press meant.
    """
    with db.atomic():
        row = open_row(reminder_id)
        due = as_datetime(row.next_due_at)
        if row.rrule and due > now and not force:
            raise NotDueYet(reminder_id, due)
        upcoming = None
        if row.rrule:
            base = max(now, as_datetime(row.next_due_at))  # done early: this occurrence counts as handled
            upcoming = next_occurrence(row.rrule, as_datetime(row.due_at), base)
        Reminder.update(next_due_at=upcoming, done_at=now, snoozed_until=None).where(
            Reminder.id == reminder_id
        ).execute()
    return upcoming


def add_custom(contact_id: int, now: dt.datetime, on: dt.datetime | dt.date | None = None,
               rule: str | None = None, note: str = "") -> int:
    """A reminder of your own: once ``on`` a date, or by a ``rule`` (starting ``on``, if given).

    A recurring reminder without ``on`` first comes due one interval from today (``every 3 months``
    means three months from today) or, for a rule that names days (``every other friday``,
    ``FREQ=MONTHLY;BYDAY=2TU``), on the next such day. Nothing is stored if the rule is invalid or
    has no occurrence left. Returns the reminder's id.
    """
    if on is None and not rule:
        raise ReminderError("say when: a date (--on) or a rule (--rule)")
    on = as_datetime(on)
    today = day_start(now)
    with db.atomic():
        contact = get(contact_id)
        if contact.archived:
            raise ReminderError(f"{contact.name} is archived: unarchive them to set reminders")
        text = None
        if rule:
            start = on or today
            text = parse_rule(rule, start)
            if on is not None:
                first = next_occurrence(text, on, today, inc=True)
            else:
                if names_days(text):  # "every other friday" starts this coming Friday, not in two weeks
                    probe = ";".join(p for p in text.split(";") if not p.startswith(("INTERVAL=", "COUNT=", "UNTIL=")))
                    day = next_occurrence(probe, today, now)
                    start = day_start(day) if day else today
                first = next_occurrence(text, start, now)
            if first is None:
                raise ReminderError(f"{sanitize(rule)!r} has no occurrence left after {formats.day(now)}")
            start = on or first  # the rule's DTSTART is its first occurrence: COUNT counts from there
        else:
            assert on is not None  # checked above: without a rule there is a date
            if on < today:
                raise ReminderError(f"{formats.day(on)} is in the past: a reminder needs a date from today on")
            start = first = on
        row = Reminder.create(
            contact=contact_id, kind="custom", note=sanitize(note, multiline=True), rrule=text, due_at=start,
            next_due_at=first, created_at=now,
        )
    return row.id
