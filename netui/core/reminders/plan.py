"""The reminders that follow from a contact's data, kept in step with it after every write.

The meeting plan (follow-up, call and face-to-face steps anchored at the meeting), the yearly birthday
and other yearly dates (``dates``), and a keep-in-touch snooze re-applied after ``Contact.next_due_at`` is recomputed. ``sync_contact`` does
it for one contact (``derived.refresh`` calls it), ``bulk_sync`` for a bulk load, set-based; both give
the same rows. See the package's docstring for the decisions.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict

from netui.core import settings as settings_mod
from netui.core.dates import Birthday, as_datetime, day_start, next_birthday
from netui.core.lookup import birthday_of
from netui.core.reminders.answers import answered_steps
from netui.core.reminders.dates import sync_dates
from netui.core.reminders.rules import birthday_rule
from netui.core.vocab import KEEP_IN_TOUCH, PLAN_KINDS
from netui.db import db
from netui.db.models import Contact, Interaction, Reminder

PLAN_GRACE_DAYS = 14  # plan steps overdue by more than this when the plan is set up are not created


FACE_TO_FACE_WARN_DAYS = 30  # the face-to-face check comes due this long before it is too late


def _plan_offsets(cfg: settings_mod.Settings) -> dict[str, dt.timedelta]:
    """When each step comes due, counted from the meeting.

    The follow-up is due from the moment you meet (its deadline is 48 h later); the call on day 30;
    the face-to-face check warns ``FACE_TO_FACE_WARN_DAYS`` before its deadline (day 60 of 90), when
    there is still time to arrange a meeting.
    """
    return {
        "follow-up": dt.timedelta(0),
        "call": dt.timedelta(days=cfg.call_days),
        "face-to-face": dt.timedelta(days=max(cfg.face_to_face_days - FACE_TO_FACE_WARN_DAYS, 0)),
    }


def plan_deadlines(cfg: settings_mod.Settings) -> dict[str, dt.timedelta]:
    """When each step is too late, counted from the meeting (the call has no window: due is its deadline)."""
    return {
        "follow-up": dt.timedelta(hours=cfg.follow_up_hours),
        "call": dt.timedelta(days=cfg.call_days),
        "face-to-face": dt.timedelta(days=cfg.face_to_face_days),
    }


def deadline_of(kind: str, due_at: dt.datetime, cfg: settings_mod.Settings | None = None) -> dt.datetime | None:
    """A plan step's deadline from its first due time (``Reminder.due_at``); None for other kinds."""
    cfg = cfg or settings_mod.current()
    if kind not in PLAN_KINDS:
        return None
    return due_at - _plan_offsets(cfg)[kind] + plan_deadlines(cfg)[kind]


def _plan_steps(anchor, answered: set[str], now, cfg) -> list[tuple[str, dt.datetime, bool]]:
    """(kind, due, open) for each step worth creating now; the rule shared by one contact and bulk.

    ``answered`` holds the steps the logged interactions already answer (``answers.answered_steps``).
    """
    cutoff = now - dt.timedelta(days=PLAN_GRACE_DAYS)
    deadlines = plan_deadlines(cfg)
    steps = []
    for kind, offset in _plan_offsets(cfg).items():
        due = anchor + offset
        if anchor + deadlines[kind] < cutoff:
            continue
        steps.append((kind, due, kind not in answered))
    return steps


def _meeting_anchor(contact: Contact, *, trust_cache: bool = True) -> dt.datetime | None:
    """When the person was met: ``met_on``, else their first in-person interaction (if any).

    ``trust_cache``: ``last_in_person_at`` is up to date, so a contact without one was never met.
    """
    if contact.met_on:
        return as_datetime(contact.met_on)
    if trust_cache and contact.last_in_person_at is None:
        return None
    first = (
        Interaction.select(Interaction.occurred_at)
        .where((Interaction.contact == contact.id) & (Interaction.kind == "in-person"))
        .order_by(Interaction.occurred_at)
        .limit(1)
        .scalar()
    )
    return as_datetime(first)


def _untouched(row: Reminder) -> bool:
    return row.done_at is None and row.snoozed_until is None


def _sync_plan(contact: Contact, rows: dict[str, list[Reminder]], now: dt.datetime) -> None:
    cfg = settings_mod.current()
    anchor = _meeting_anchor(contact)
    if anchor is None:
        for kind in PLAN_KINDS:
            for row in rows.get(kind, []):
                if _untouched(row):
                    row.delete_instance()
        return
    offsets = _plan_offsets(cfg)
    answered = answered_steps(contact.id, anchor)
    wanted = {kind: (due, is_open) for kind, due, is_open in _plan_steps(anchor, answered, now, cfg)}
    for kind in PLAN_KINDS:
        existing = rows.get(kind, [])
        if not existing:
            if kind in wanted:
                due, is_open = wanted[kind]
                Reminder.create(
                    contact=contact.id, kind=kind, due_at=due, next_due_at=due if is_open else None, created_at=now,
                )
            continue
        row = existing[0]
        due = anchor + offsets[kind]
        changed = False
        if _untouched(row) and as_datetime(row.due_at) != due:  # the meeting date changed: the step follows it
            row.due_at = due
            if row.next_due_at is not None:
                row.next_due_at = due
            changed = True
        changed = _follow_answers(row, kind in answered) or changed
        if changed:
            row.save()


def _follow_answers(row: Reminder, answered: bool) -> bool:
    """Close a plan step the data answers, reopen one it no longer does; True if the row changed.

    A step the user marked done stays done. ``next_due_at`` NULL with ``done_at`` NULL is "closed by
    the data": it reopens when the answering interaction is deleted or moved before the meeting.
    """
    if row.done_at is not None:
        return False
    if answered and row.next_due_at is not None:
        row.next_due_at = None
        return True
    if not answered and row.next_due_at is None:
        row.next_due_at = as_datetime(row.snoozed_until) or as_datetime(row.due_at)
        return True
    return False


def answer_plan(contact_id: int) -> None:
    """Close (or reopen) the existing plan steps of a contact by the rule, creating none.

    For a path that writes reminder rows as they were (a JSON import restoring a backup): what its
    interactions answer is closed all the same.
    """
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        return
    anchor = _meeting_anchor(contact, trust_cache=False)
    if anchor is None:
        return
    answered = answered_steps(contact_id, anchor)
    query = Reminder.select().where(
        (Reminder.contact == contact_id) & Reminder.kind.in_(PLAN_KINDS) & Reminder.introduction.is_null()
    )
    for row in query:
        if _follow_answers(row, row.kind in answered):
            row.save()


def _sync_birthday(contact: Contact, rows: list[Reminder], now: dt.datetime) -> None:
    bday = birthday_of(contact)
    if bday is None:
        for row in rows:
            row.delete_instance()
        return
    for extra in rows[1:]:
        extra.delete_instance()
    rule = birthday_rule(bday)
    if rows and rows[0].rrule == rule:
        return
    due = day_start(next_birthday(bday, now.date()))
    if rows:
        Reminder.update(rrule=rule, due_at=due, next_due_at=due, snoozed_until=None, done_at=None).where(
            Reminder.id == rows[0].id
        ).execute()
    else:
        Reminder.create(contact=contact.id, kind="birthday", rrule=rule, due_at=due, next_due_at=due, created_at=now)


def snooze_markers(contact_id: int) -> list[Reminder]:
    """A contact's keep-in-touch snooze (a list, in case an old restore left two)."""
    return list(
        Reminder.select().where((Reminder.contact == contact_id) & (Reminder.kind == KEEP_IN_TOUCH)).order_by(Reminder.id)
    )


def _sync_keep_in_touch(contact: Contact, rows: list[Reminder]) -> None:
    if not rows:
        return
    marker, extras = rows[0], rows[1:]
    for extra in extras:
        extra.delete_instance()
    due, snoozed = as_datetime(contact.next_due_at), as_datetime(marker.snoozed_until)
    if contact.archived or due is None or snoozed is None:
        marker.delete_instance()
    elif due == snoozed:
        return
    elif due == as_datetime(marker.due_at):
        Contact.update(next_due_at=snoozed).where(Contact.id == contact.id).execute()
    else:  # the clock moved (an interaction, a new cadence): the snooze has done its job
        marker.delete_instance()


def sync_contact(contact_id: int, now: dt.datetime, *, created: bool = False) -> None:
    """Create, move or close the reminders that follow from a contact's data (in the caller's transaction).

    Called by ``derived.refresh`` after every write, once ``last_in_person_at`` and ``next_due_at``
    are up to date. Idempotent: running it twice changes nothing the second time.
    """
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        return
    rows: dict[str, list[Reminder]] = defaultdict(list)
    if not created:  # a contact created this instant has no reminders yet
        query = (
            Reminder.select()
            .where((Reminder.contact == contact_id) & Reminder.introduction.is_null())
            .order_by(Reminder.id)
        )
        for row in query:
            rows[row.kind].append(row)
    _sync_plan(contact, rows, now)
    _sync_birthday(contact, rows.get("birthday", []), now)
    sync_dates(contact, rows.get("anniversary", []), now)
    _sync_keep_in_touch(contact, rows.get(KEEP_IN_TOUCH, []))


def bulk_sync(now: dt.datetime, first_id: int = 0) -> None:
    """Create the reminders that follow from the data for every contact with id >= first_id (bulk load).

    Set-based: one indexed query finds the few contacts met recently enough to get plan steps, one
    finds the birthdays, and rows go in with ``executemany``. The outcome is what ``sync_contact``
    would produce for each contact. Keep-in-touch snoozes of every contact are re-applied, since a bulk
    recompute of ``Contact.next_due_at`` (``derived.refresh_all``) overwrites them.
    """
    cfg = settings_mod.current()
    earliest = now - dt.timedelta(days=PLAN_GRACE_DAYS) - max(plan_deadlines(cfg).values())
    stamp = now.isoformat(sep=" ")
    # Inside a caller's transaction (the demo's bulk load) it simply joins it: a savepoint there makes
    # SQLite's inserts 30 times slower once the load has outgrown the page cache.
    with db.atomic() if not db.in_transaction() else contextlib.nullcontext():
        candidates = db.execute_sql(
            "SELECT id, datetime(met_on), last_in_person_at FROM contact "
            "WHERE id >= ? AND met_on IS NOT NULL AND met_on >= ? "
            "UNION ALL "
            "SELECT c.id, (SELECT min(i.occurred_at) FROM interaction i "
            "WHERE i.contact_id = c.id AND i.kind = 'in-person'), c.last_in_person_at FROM contact c "
            "WHERE c.id >= ? AND c.met_on IS NULL AND c.last_in_person_at >= ?",
            (first_id, earliest.date().isoformat(), first_id, earliest.isoformat(sep=" ")),
        ).fetchall()
        plan_rows = []
        for cid, anchor, _last_in_person in candidates:
            if anchor is None:
                continue
            answered = answered_steps(cid, as_datetime(anchor))
            for kind, due, is_open in _plan_steps(as_datetime(anchor), answered, now, cfg):
                due_text = due.isoformat(sep=" ")
                plan_rows.append((cid, kind, due_text, due_text if is_open else None, stamp, cid, kind))
        births = db.execute_sql(
            "SELECT id, birthday_month, birthday_day FROM contact "
            "WHERE id >= ? AND birthday_month IS NOT NULL AND birthday_day IS NOT NULL",
            (first_id,),
        ).fetchall()
        birthday_rows = []
        for cid, month, day in births:
            bday = Birthday(month, day)
            due_text = day_start(next_birthday(bday, now.date())).isoformat(sep=" ")
            birthday_rows.append((cid, "birthday", birthday_rule(bday), due_text, due_text, stamp, cid, "birthday"))
        cursor = db.cursor()
        cursor.executemany(
            "INSERT INTO reminder (contact_id, kind, note, due_at, next_due_at, created_at) "
            "SELECT ?, ?, '', ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM reminder "
            "WHERE contact_id = ? AND kind = ? AND introduction_id IS NULL)",
            plan_rows,
        )
        cursor.executemany(
            "INSERT INTO reminder (contact_id, kind, note, rrule, due_at, next_due_at, created_at) "
            "SELECT ?, ?, '', ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM reminder "
            "WHERE contact_id = ? AND kind = ? AND introduction_id IS NULL)",
            birthday_rows,
        )
        markers = list(
            Reminder.select(Reminder.contact)
            .where((Reminder.kind == KEEP_IN_TOUCH) & Reminder.introduction.is_null())
            .distinct()
            .tuples()
        )
        for (cid,) in markers:
            _sync_keep_in_touch(Contact.get_by_id(cid), snooze_markers(cid))
