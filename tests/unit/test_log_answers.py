"""One rule for what a log answers, whichever path created the interaction."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from netui.core import contacts, interactions, introductions, reminders, triage
from netui.core.contacts import ContactInput
from netui.db import open_database
from netui.db.models import Reminder
from netui.interop import backup, sync

D = dt.timedelta


def met(now, name="Mary Meyer", days_ago=1, **fields) -> int:
    return contacts.create(ContactInput(name=name, met_on=(now - D(days=days_ago)).date(), **fields), now)


def open_steps(cid) -> set[str]:
    rows = Reminder.select().where((Reminder.contact == cid) & Reminder.next_due_at.is_null(False))
    return {r.kind for r in rows if r.kind in reminders.PLAN_KINDS}


def test_an_email_after_the_meeting_closes_the_follow_up_and_says_so(db, now):
    mary = met(now)
    assert open_steps(mary) == {"follow-up", "call", "face-to-face"}
    logged = interactions.log(mary, "email", now, now)
    assert [c.words for c in logged.closed] == ["48 h follow-up"]
    assert open_steps(mary) == {"call", "face-to-face"}


@pytest.mark.parametrize(
    ("kind", "closed"),
    [
        ("social", set()),
        ("message", {"follow-up"}),
        ("email", {"follow-up"}),
        ("call", {"follow-up", "call"}),
        ("video", {"follow-up", "call"}),
        ("in-person", {"follow-up", "call", "face-to-face"}),
    ],
)
def test_what_each_kind_answers(db, now, kind, closed):
    mary = met(now, days_ago=5)
    logged = interactions.log(mary, kind, now - D(days=1), now)
    assert {c.kind for c in logged.closed} == closed
    assert open_steps(mary) == {"follow-up", "call", "face-to-face"} - closed


def test_a_log_dated_before_the_meeting_closes_nothing(db, now):
    mary = met(now, days_ago=5)
    logged = interactions.log(mary, "in-person", now - D(days=8), now)
    assert logged.closed == ()
    assert open_steps(mary) == {"follow-up", "call", "face-to-face"}


def test_an_in_person_on_the_day_of_the_meeting_is_the_meeting_itself(db, now):
    mary = met(now, days_ago=3)
    logged = interactions.log(mary, "in-person", (now - D(days=3)).replace(hour=18), now)
    assert logged.closed == ()


def test_the_triage_path_closes_by_the_same_rule(db, now):
    mary = met(now, days_ago=5)
    assert triage.log(mary, "email", now) == ["follow-up"]
    assert open_steps(mary) == {"call", "face-to-face"}


def test_the_agenda_path_closes_by_the_same_rule(db, now):
    """The Agenda logs through ``interactions.log`` with the item's person: a call item stays open on an email."""
    mary = met(now, days_ago=31)
    item = next(i for i in reminders.due(now) if i.kind == "call" and i.contact_id == mary)
    interactions.log(item.contact_id, "email", now, now)
    assert "call" in open_steps(mary) and "follow-up" not in open_steps(mary)
    interactions.log(item.contact_id, "video", now, now)
    assert "call" not in open_steps(mary)


def test_a_log_answers_a_due_custom_reminder_and_birthday_but_not_a_future_one(db, now):
    mary = met(now, days_ago=400)
    due = reminders.add_custom(mary, now - D(days=3), on=now - D(days=1), note="ask about the move")
    later = reminders.add_custom(mary, now, on=now + D(days=3), note="send the deck")
    logged = interactions.log(mary, "message", now, now)
    assert [c.words for c in logged.closed] == ["reminder: ask about the move"]
    assert Reminder.get_by_id(due).next_due_at is None and Reminder.get_by_id(later).next_due_at is not None


def test_making_an_introduction_closes_the_follow_ups(db, now):
    ada, ben = met(now, "Ada Obi"), met(now, "Ben Bauer")
    intro = introductions.propose(ada, ben, "both build compilers in Rust", "both build compilers in Rust", now)
    introductions.advance(intro, "made", now)
    assert "follow-up" not in open_steps(ada) and "follow-up" not in open_steps(ben)


def test_a_json_import_closes_what_its_interactions_answer(db, now):
    mary = met(now, days_ago=5)
    out = io.StringIO()
    backup.write(out, now)
    data = json.loads(out.getvalue())
    # A backup whose follow-up is still open though an email after the meeting is in it.
    data["contacts"][0]["interactions"].append(
        {"occurred_at": (now - D(days=1)).isoformat(sep=" "), "kind": "email", "summary": "", "note": ""}
    )
    contacts.delete(mary)
    backup.restore(data, now)
    assert open_steps(contacts.resolve("Mary")) == {"call", "face-to-face"}


def test_a_sync_brings_in_an_interaction_that_closes_the_follow_up(db_path, tmp_path, now):
    folder = tmp_path / "shared"
    a, b = tmp_path / "a" / "netui.db", tmp_path / "b" / "netui.db"
    open_database(b)
    open_database(a)
    met(now, days_ago=2, uid="mary-1")
    sync.sync_contacts(folder, now)
    open_database(b)
    sync.sync_contacts(folder, now)
    assert open_steps(contacts.resolve("Mary")) == {"follow-up", "call", "face-to-face"}
    open_database(a)
    interactions.log(contacts.resolve("Mary"), "email", now, now)
    sync.sync_contacts(folder, now)
    open_database(b)
    sync.sync_contacts(folder, now)
    assert open_steps(contacts.resolve("Mary")) == {"call", "face-to-face"}


def test_a_log_in_the_future_is_refused(db, now):
    mary = met(now)
    with pytest.raises(contacts.ContactError, match="in the future"):
        interactions.log(mary, "call", now + D(hours=2), now)
