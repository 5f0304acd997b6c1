"""What is due: the reminder rows and the keep-in-touch dates, as ``DueItem``, a window at a time.

Every open reminder row stores its next due time in ``next_due_at``, and every contact its keep-in-touch
date in ``Contact.next_due_at``: each question here is a range scan of an index, joined to the contact
by its key. No function walks all contacts or expands a recurrence rule to answer it.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from peewee import JOIN, SQL

from netui.core import formats
from netui.core import settings as settings_mod
from netui.core.dates import as_datetime, day_start
from netui.core.errors import NotFound, ReminderError
from netui.core.reminders.plan import deadline_of
from netui.core.reminders.rules import describe_rule
from netui.core.vocab import KEEP_IN_TOUCH
from netui.db import db
from netui.db.models import Contact, Give, Reminder


class DueItem(NamedTuple):
    """One thing that is (or will be) due: a reminder row, or a contact's keep-in-touch date."""

    contact_id: int | None
    name: str
    kind: str  # a reminder kind, or "keep-in-touch"
    due: dt.datetime
    why: str  # in words: what to do and why
    reminder_id: int | None = None  # None for keep-in-touch
    gives: tuple[str, ...] = ()  # the open give ideas shown on a call reminder
    rule: str | None = None  # the RRULE of a recurring reminder
    snoozed: bool = False
    note: str = ""  # the reminder's own note, if it has one
    snoozed_until: dt.datetime | None = None  # set while a snooze holds it (then ``due`` is that time)
    deadline: dt.datetime | None = None  # a plan step: when it is too late (it is due from ``due``)

    @property
    def key(self) -> str:
        """How the CLI names it: ``r12`` for reminder 12, ``c5`` for contact 5's keep-in-touch."""
        return f"r{self.reminder_id}" if self.reminder_id is not None else f"c{self.contact_id}"


class Filter(NamedTuple):
    """Which due things to keep: by kind (a reminder kind or ``keep-in-touch``), circle, or person."""

    kinds: tuple[str, ...] = ()
    circles: tuple[str, ...] = ()
    contact_id: int | None = None
    contact_ids: frozenset[int] | None = None  # only these people (Today reads the few it may show)

    def apply(self, rq, cq):
        if self.kinds:
            rq = rq.where(Reminder.kind.in_(self.kinds))
            if KEEP_IN_TOUCH not in self.kinds:
                cq = cq.where(Contact.id.is_null())  # no keep-in-touch dates at all
        if self.circles:
            rq, cq = rq.where(Contact.circle.in_(self.circles)), cq.where(Contact.circle.in_(self.circles))
        if self.contact_id is not None:
            rq, cq = rq.where(Reminder.contact == self.contact_id), cq.where(Contact.id == self.contact_id)
        if self.contact_ids is not None:  # one JSON array, however many: no limit on SQL variables
            among = SQL("(SELECT value FROM json_each(?))", (json.dumps(sorted(self.contact_ids)),))
            rq, cq = rq.where(Reminder.contact.in_(among)), cq.where(Contact.id.in_(among))
        return rq, cq


class AgendaGroup(NamedTuple):
    title: str  # overdue | today | this week | later
    items: list[DueItem]
    total: int  # how many there are in all (items holds at most the agenda's limit)


def when_words(due: dt.datetime, now: dt.datetime) -> str:
    """"overdue by 3 days", "due today", "due tomorrow at 09:00", "due in 5 days"."""
    at = f" at {due:%H:%M}" if due.time() != dt.time() else ""
    if due <= now:
        days = (now.date() - due.date()).days
        if days == 0:
            return "due today"
        return f"overdue by {formats.days(days)}"
    days = (due.date() - now.date()).days
    if days == 0:
        return f"due today{at}"
    if days == 1:
        return f"due tomorrow{at}"
    return f"due in {formats.days(days)}"


def due_words(item: DueItem, now: dt.datetime) -> str:
    """How an item stands, in words: "overdue by 3 days", "due in 5 days", "snoozed until Tue 24 Nov".

    A plan step that is due counts down to its deadline: "36 h left" (the follow-up), "30 days left
    to meet" (the face-to-face check).
    """
    if item.snoozed_until is not None and item.snoozed_until > now:
        at = f" {item.snoozed_until:%H:%M}" if item.snoozed_until.time() != dt.time() else ""
        return f"snoozed until {item.snoozed_until:%a %d %b}{at}"
    deadline = item.deadline
    if deadline is None or item.due > now or deadline == item.due:
        return when_words(item.due, now)
    left = deadline - now
    if left > dt.timedelta(0):
        if item.kind == "face-to-face":
            days = (deadline.date() - now.date()).days
            return f"{formats.days(days)} left to meet" if days else "last day to meet"
        hours = math.ceil(left.total_seconds() / 3600)
        return f"{hours} h left" if hours <= 72 else f"{math.ceil(hours / 24)} days left"
    late = now - deadline
    if late < dt.timedelta(days=1):
        return f"overdue by {max(1, int(late.total_seconds() // 3600))} h"
    return when_words(deadline, now)


def _reminder_query():
    """Open reminders with what their words need, of contacts that are not archived."""
    return (
        Reminder.select(
            Reminder.id.alias("id"), Reminder.kind.alias("kind"), Reminder.note.alias("note"),
            Reminder.rrule.alias("rrule"), Reminder.due_at.alias("due_at"), Reminder.next_due_at.alias("next_due_at"),
            Reminder.snoozed_until.alias("snoozed_until"), Reminder.contact.alias("contact_id"),
            Contact.name.alias("name"), Contact.met_on.alias("met_on"), Contact.how_met.alias("how_met"),
            Contact.reason.alias("reason"), Contact.birthday_year.alias("birthday_year"),
        )
        .join(Contact, JOIN.LEFT_OUTER, on=(Reminder.contact == Contact.id))
        .where(Reminder.next_due_at.is_null(False)
               & (((Contact.archived == False) & (Contact.kind == "person")) | Contact.id.is_null()))  # noqa: E712
    )


def _contact_query():
    """Keep-in-touch dates of contacts that are not archived."""
    return Contact.select(
        Contact.id, Contact.name, Contact.next_due_at, Contact.last_contact_at, Contact.met_on, Contact.created_at,
        Contact.circle, Contact.cadence_days,
    ).where((Contact.archived == False) & (Contact.kind == "person") & Contact.next_due_at.is_null(False))  # noqa: E712


def _open_ideas(contact_ids: Iterable[int]) -> dict[int, list[str]]:
    ids = sorted(set(contact_ids))
    out: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        rows = (
            Give.select(Give.contact, Give.text)
            .where(Give.contact.in_(ids[start : start + 500]) & (Give.status == "open") & (Give.direction == "idea"))
            .order_by(Give.created_on, Give.id)
            .tuples()
        )
        for cid, text in rows:
            out[cid].append(text)
    return out


def _met_words(row: sqlite3.Row) -> str:
    met = as_datetime(row["met_on"])
    place = f" at {row['how_met']}" if row["how_met"] else ""
    return f"{place}{f' on {met:%d %b %Y}' if met else ''}"


def _reminder_why(row: sqlite3.Row, due: dt.datetime, gives: list[str]) -> str:
    kind, note = row["kind"], row["note"] or ""
    if kind == "follow-up":
        why = f"follow up on meeting{_met_words(row)}: a note saying where you met and why you want to stay in touch"
        return why + (f" ({row['reason']})" if row["reason"] else "")
    if kind == "call":
        ideas = f"give ideas: {'; '.join(gives)}" if gives else "no give ideas yet: what could you offer?"
        met = _met_words(row)
        return f"call them{f' (met{met})' if met else ''}; {ideas}"
    if kind == "face-to-face":
        return f"no meeting in person since meeting{_met_words(row)}: meet again face to face before they go cold"
    if kind == "birthday":
        year = row["birthday_year"]
        return f"birthday, turns {due.year - year}" if year else "birthday"
    if kind == "intro-follow-up":
        return note or "how did the introduction go?"
    if kind == "anniversary":  # one of their dates; the note is its label
        return note or kind
    words = note or ("reminder" if kind == "custom" else kind)
    return words + (f" (repeats {describe_rule(row['rrule'])})" if row["rrule"] else "")


def _reminder_items(rows: list[sqlite3.Row]) -> list[DueItem]:
    ideas = _open_ideas(r["contact_id"] for r in rows if r["kind"] == "call" and r["contact_id"])
    items = []
    for row in rows:
        due = as_datetime(row["next_due_at"])
        gives = ideas.get(row["contact_id"], []) if row["kind"] == "call" else []
        items.append(DueItem(
            row["contact_id"], row["name"] or "", row["kind"], due, _reminder_why(row, due, gives), row["id"],
            tuple(gives), row["rrule"], row["snoozed_until"] is not None, row["note"] or "",
            as_datetime(row["snoozed_until"]), deadline_of(row["kind"], as_datetime(row["due_at"])),
        ))
    return items


def _with_snooze(cq):
    """``cq`` (a ``_contact_query``) with the time each contact's keep-in-touch is snoozed until, from
    its snooze marker (markers are never open: next_due_at IS NULL keeps to the (contact, next_due_at)
    index). One statement, read row by row: asked per 500 ids, the markers of the 18,000 people due at
    100,000 contacts took a third of the day's queue, and holding every row for it 9 MB."""
    marker = Reminder.alias()
    until = (marker.select(marker.snoozed_until)
             .where((marker.contact == Contact.id) & marker.next_due_at.is_null() & (marker.kind == KEEP_IN_TOUCH)
                    & marker.snoozed_until.is_null(False))
             .limit(1))
    return cq.select_extend(until.alias("snoozed_until"))


def _rows(query) -> sqlite3.Cursor:
    """``query``'s rows, one at a time, read by column name, of the stored values (dates as their ISO
    text: ``as_datetime`` reads them). Peewee's conversions of every column, and a dict per row, cost
    more time and memory than the query itself for the 18,000 rows due at 100,000 contacts."""
    cursor = db.execute_sql(*query.sql())
    cursor.row_factory = sqlite3.Row
    return cursor


def _contact_items(rows: Iterable[sqlite3.Row]) -> list[DueItem]:
    """Keep-in-touch dates as due items, from rows of ``_with_snooze(_contact_query())``."""
    cfg = settings_mod.current()
    items = []
    for c in rows:
        cadence = cfg.cadence_for(c["circle"], c["cadence_days"])
        last = as_datetime(c["last_contact_at"])
        if last:
            why = f"keep in touch every {cadence} days; last contact {last:%d %b %Y}"
        else:
            since = as_datetime(c["met_on"]) or as_datetime(c["created_at"])
            why = f"keep in touch every {cadence} days; nothing logged since {since:%d %b %Y}"
        due = as_datetime(c["next_due_at"])
        until = as_datetime(c["snoozed_until"])
        snoozed = until is not None and until == due
        items.append(DueItem(
            c["id"], c["name"], KEEP_IN_TOUCH, due, why, snoozed=snoozed, snoozed_until=until if snoozed else None,
        ))
    return items


def _window(
    lo: dt.datetime | None, hi: dt.datetime | None, limit: int | None = None, *, reminders_only: bool = False,
    only: Filter | None = None,
) -> list[DueItem]:
    """Everything due in [lo, hi), soonest first, at most ``limit`` items."""
    rq, cq = _reminder_query(), _contact_query()
    if only is not None:
        rq, cq = only.apply(rq, cq)
    if lo is not None:
        rq, cq = rq.where(Reminder.next_due_at >= lo), cq.where(Contact.next_due_at >= lo)
    if hi is not None:
        rq, cq = rq.where(Reminder.next_due_at < hi), cq.where(Contact.next_due_at < hi)
    rq, cq = rq.order_by(Reminder.next_due_at, Reminder.id), cq.order_by(Contact.next_due_at, Contact.id)
    if limit is not None:
        rq, cq = rq.limit(limit), cq.limit(limit)
    items = _reminder_items(list(_rows(rq)))
    if not reminders_only:
        items += _contact_items(_rows(_with_snooze(cq)))
    items.sort(key=lambda i: (i.due, i.reminder_id is None, i.reminder_id or 0, i.contact_id or 0))
    return items if limit is None else items[:limit]


def _count(lo: dt.datetime | None, hi: dt.datetime | None) -> int:
    rq, cq = _reminder_query(), _contact_query()
    if lo is not None:
        rq, cq = rq.where(Reminder.next_due_at >= lo), cq.where(Contact.next_due_at >= lo)
    if hi is not None:
        rq, cq = rq.where(Reminder.next_due_at < hi), cq.where(Contact.next_due_at < hi)
    return rq.count() + cq.count()


def due(now: dt.datetime, within_days: int = 0, *, limit: int | None = None, only: Filter | None = None) -> list[DueItem]:
    """Everything due by ``now + within_days``: reminders and keep-in-touch, overdue first.

    ``only`` keeps some kinds, circles or one person (``netui due --kind/--circle/--who``).
    """
    if within_days < 0:
        raise ReminderError("the number of days ahead must be 0 or more")
    return _window(None, now + dt.timedelta(days=within_days, seconds=1), limit, only=only)


def due_count(now: dt.datetime) -> int:
    """How many things are due now (the header's number)."""
    return _count(None, now + dt.timedelta(seconds=1))


def agenda(now: dt.datetime, limit: int = 50) -> list[AgendaGroup]:
    """Overdue (before today), today, this week (the next 7 days) and later; each at most ``limit`` items."""
    today = day_start(now)
    bounds = [
        ("overdue", None, today),
        ("today", today, today + dt.timedelta(days=1)),
        ("this week", today + dt.timedelta(days=1), today + dt.timedelta(days=8)),
        ("later", today + dt.timedelta(days=8), None),
    ]
    return [AgendaGroup(title, _window(lo, hi, limit), _count(lo, hi)) for title, lo, hi in bounds]


def newly_due(now: dt.datetime) -> list[DueItem]:
    """Reminders due by ``now`` that no notification was raised for yet (this occurrence)."""
    query = (
        _reminder_query()
        .where(
            (Reminder.next_due_at < now + dt.timedelta(seconds=1))
            & (Reminder.notified_for.is_null() | (Reminder.notified_for != Reminder.next_due_at))
        )
        .order_by(Reminder.next_due_at, Reminder.id)
    )
    return _reminder_items(list(_rows(query)))


def mark_notified(items: Iterable[DueItem]) -> None:
    """Remember that these occurrences were announced, so they never are again (also after a restart)."""
    with db.atomic():
        for item in items:
            if item.reminder_id is None:
                continue
            Reminder.update(notified_for=item.due).where(
                (Reminder.id == item.reminder_id) & (Reminder.next_due_at == item.due)
            ).execute()


def upcoming_for(contact_id: int, now: dt.datetime, limit: int = 5) -> list[DueItem]:
    """A contact's open reminders and keep-in-touch date, soonest (or most overdue) first."""
    query = (
        _reminder_query()
        .where(Reminder.contact == contact_id)
        .order_by(Reminder.next_due_at, Reminder.id)
        .limit(limit)
    )
    items = _reminder_items(list(_rows(query)))
    items += _contact_items(_rows(_with_snooze(_contact_query().where(Contact.id == contact_id))))
    items.sort(key=lambda i: (i.due, i.reminder_id is None, i.reminder_id or 0))
    return items[:limit]


def open_items() -> list[DueItem]:
    """Every open reminder row of a contact that is not archived, soonest first (the .ics export)."""
    return _window(None, None, reminders_only=True)


def item(reminder_id: int) -> DueItem:
    """One open reminder as a DueItem."""
    open_row(reminder_id)  # says why not: no such reminder, or closed
    rows = list(_rows(_reminder_query().where(Reminder.id == reminder_id)))
    if not rows:
        raise ReminderError(f"reminder #{reminder_id} belongs to an archived contact")
    return _reminder_items(rows)[0]


def open_row(reminder_id: int) -> Reminder:
    """The reminder row, if it is open; else why not (no such reminder, or closed)."""
    row = Reminder.get_or_none(Reminder.id == reminder_id)
    if row is None or row.kind == KEEP_IN_TOUCH:
        raise NotFound(f"there is no reminder #{reminder_id}")
    if row.next_due_at is None:
        raise ReminderError(f"reminder #{reminder_id} ({row.kind}) is closed: nothing to do")
    return row
