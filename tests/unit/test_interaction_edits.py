"""Correcting and deleting a logged interaction: everything derived follows."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.core import contacts, interactions, reminders
from netui.core.contacts import ContactInput
from netui.db.models import Contact, Reminder

D = dt.timedelta


def met(now, days_ago=40, **fields) -> int:
    return contacts.create(ContactInput(name="Mary Meyer", met_on=(now - D(days=days_ago)).date(), **fields), now)


def open_steps(cid) -> set[str]:
    rows = Reminder.select().where((Reminder.contact == cid) & Reminder.next_due_at.is_null(False))
    return {r.kind for r in rows if r.kind in reminders.PLAN_KINDS}


def derived_of(cid) -> tuple:
    c = Contact.get_by_id(cid)
    return c.last_contact_at, c.last_in_person_at, c.next_due_at, c.strength


def test_deleting_the_only_later_meeting_reopens_the_face_to_face_check(db, now):
    mary = met(now)
    before = derived_of(mary)
    coffee = interactions.log(mary, "in-person", now - D(days=10), now)
    assert "face-to-face" in {c.kind for c in coffee.closed} and "face-to-face" not in open_steps(mary)
    gone = interactions.delete(coffee.id, now)
    assert "face-to-face" in {c.kind for c in gone.reopened}
    assert "face-to-face" in open_steps(mary)
    assert derived_of(mary) == before  # last contact, last meeting, next due and strength as they were


def test_deleting_a_log_reopens_the_steps_it_had_closed(db, now):
    mary = met(now, days_ago=3)
    call = interactions.log(mary, "call", now - D(days=1), now)
    assert {c.kind for c in call.closed} == {"follow-up", "call"}
    interactions.delete(call.id, now)
    assert open_steps(mary) == {"follow-up", "call", "face-to-face"}


def test_a_correction_recomputes_everything(db, now):
    mary = met(now, days_ago=3)
    logged = interactions.log(mary, "social", now - D(days=1), now, summary="liked a post")
    assert logged.closed == () and "follow-up" in open_steps(mary)
    changed = interactions.edit(logged.id, now, kind="call", summary="a long call")
    assert {c.kind for c in changed.closed} == {"follow-up", "call"}
    row = interactions.get(logged.id)
    assert (row.kind, row.summary) == ("call", "a long call")
    c = Contact.get_by_id(mary)
    assert contacts.as_datetime(c.last_contact_at) == now - D(days=1) and c.strength > 0
    # Moved before the meeting, it answers nothing any more.
    moved = interactions.edit(logged.id, now, occurred_at=now - D(days=5))
    assert {c.kind for c in moved.reopened} == {"follow-up", "call"}
    assert open_steps(mary) == {"follow-up", "call", "face-to-face"}
    next_due = contacts.as_datetime(Contact.get_by_id(mary).next_due_at)
    assert next_due == (now - D(days=3)).replace(hour=0) + D(days=90)  # from the meeting, the later of the two


def test_a_correction_into_the_future_and_an_unknown_id_are_refused(db, now):
    mary = met(now)
    logged = interactions.log(mary, "call", now, now)
    with pytest.raises(contacts.ContactError, match="in the future"):
        interactions.edit(logged.id, now, occurred_at=now + D(days=1))
    with pytest.raises(contacts.NotFound, match="no interaction #999"):
        interactions.delete(999, now)
    with pytest.raises(contacts.ContactError, match="unknown kind"):
        interactions.edit(logged.id, now, kind="telepathy")
