"""One interaction with several people: logged once, in every timeline, counted once per person."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from netui.core import contacts, interactions, stats, undo, views
from netui.core.contacts import ContactInput
from netui.core.errors import ContactError
from netui.db import close_database, migrations, open_database
from netui.db.models import Contact, Interaction, Reminder
from netui.interop import backup, backup_export
from tests.unit.test_migrations import build_at, fill_every_table

D = dt.timedelta


def person(now, name: str, days_ago: int | None = None) -> int:
    met = (now - D(days=days_ago)).date() if days_ago is not None else None
    return contacts.create(ContactInput(name=name, met_on=met), now)


def open_kinds(cid) -> set[str]:
    return {r.kind for r in Reminder.select().where((Reminder.contact == cid) & Reminder.next_due_at.is_null(False))}


def test_a_dinner_with_three_is_logged_once_and_shows_in_three_timelines(db, now):
    ada, bob, cy = person(now, "Ada Byron", 2), person(now, "Bob Kahn"), person(now, "Cy Young")
    assert "follow-up" in open_kinds(ada)
    dinner = now - D(hours=3)
    done = interactions.log_with([ada, bob, cy], "in-person", dinner, now, summary="dinner at Rita's")
    assert len(done) == 3 and "follow-up" in {c.kind for c in done[0].closed}  # Ada's 48 h follow-up closed
    assert "follow-up" not in open_kinds(ada)
    shares = {r.share for r in Interaction.select().where(Interaction.summary == "dinner at Rita's")}
    assert len(shares) == 1 and None not in shares and Interaction.select().where(Interaction.share.is_null(False)).count() == 3
    for cid, others in ((ada, ["Bob Kahn", "Cy Young"]), (bob, ["Ada Byron", "Cy Young"]), (cid3 := cy, ["Ada Byron", "Bob Kahn"])):
        detail = views.detail(cid)
        assert detail.total == (2 if cid == ada else 1)  # once per person (Ada: and the day she was met)
        row = detail.recent[0]
        assert (row.kind, row.summary, row.occurred_at) == ("in-person", "dinner at Rita's", dinner)
        assert [n for _, n in detail.shared[row.share]] == others
        c = Contact.get_by_id(cid)
        assert contacts.as_datetime(c.last_in_person_at) == dinner and c.strength > 0
    assert cid3 == cy
    # The month chart counts events: the dinner is one.
    assert stats._months(now.date(), 1)[0].count == 2  # the dinner once, and the day Ada was met
    interactions.log(ada, "call", now - D(hours=1), now)
    assert stats._months(now.date(), 1)[0].count == 3


def test_log_with_one_person_is_a_plain_log_and_nobody_is_refused(db, now):
    ada = person(now, "Ada Byron")
    interactions.log_with([ada, ada], "call", now, now)
    assert [(r.contact_id, r.share) for r in Interaction.select()] == [(ada, None)]
    with pytest.raises(ContactError):
        interactions.log_with([], "call", now, now)


def test_editing_a_shared_interaction_changes_it_for_everyone(db, now):
    ada, bob = person(now, "Ada Byron"), person(now, "Bob Kahn")
    first = interactions.log_with([ada, bob], "call", now - D(days=2), now, summary="a call")[0]
    interactions.edit(first.id, now, kind="video", occurred_at=now - D(days=1), summary="a video call")
    rows = {(r.contact_id, r.kind, r.summary, contacts.as_datetime(r.occurred_at)) for r in Interaction.select()}
    assert rows == {(ada, "video", "a video call", now - D(days=1)), (bob, "video", "a video call", now - D(days=1))}
    assert contacts.as_datetime(Contact.get_by_id(bob).last_contact_at) == now - D(days=1)


def test_deleting_one_person_or_the_whole_interaction_and_undoing_each(db, now):
    ada, bob, cy = person(now, "Ada Byron"), person(now, "Bob Kahn"), person(now, "Cy Young")
    rows = interactions.log_with([ada, bob, cy], "in-person", now - D(days=1), now)
    assert interactions.participants(rows[1].id) == [bob, ada, cy]
    stack = undo.UndoStack()

    snap = undo.capture("remove Bob", interactions.participants(rows[1].id))
    interactions.delete(rows[1].id, now)
    stack.push(snap)
    assert sorted(r.contact_id for r in Interaction.select()) == [ada, cy]
    assert Contact.get_by_id(bob).last_contact_at is None
    assert [n for _, n in views.detail(ada).shared[views.detail(ada).recent[0].share]] == ["Cy Young"]
    stack.undo(now=now)
    assert sorted(r.contact_id for r in Interaction.select()) == [ada, bob, cy]
    assert Contact.get_by_id(bob).last_contact_at is not None

    snap = undo.capture("delete the dinner", interactions.participants(rows[0].id))
    interactions.delete(rows[0].id, now, whole=True)
    stack.push(snap)
    assert Interaction.select().count() == 0
    assert all(Contact.get_by_id(c).last_contact_at is None for c in (ada, bob, cy))
    stack.undo(now=now)
    assert sorted(r.contact_id for r in Interaction.select()) == [ada, bob, cy]
    assert len({r.share for r in Interaction.select()}) == 1


def test_the_backup_keeps_the_share_key_and_show_json_says_with_whom(db, db_path, now, tmp_path):
    ada, bob = person(now, "Ada Byron"), person(now, "Bob Kahn")
    interactions.log_with([ada, bob], "in-person", now - D(days=1), now, summary="lunch")
    share = Interaction.get().share
    assert contacts.contact_dict(ada)["interactions"][0]["share"] == share
    data = backup_export.export(now)
    assert {i["share"] for c in data["contacts"] for i in c["interactions"]} == {share}
    backup.restore(json.loads(json.dumps(data)), now, replace=True)
    assert sorted((r.contact_id, r.share) for r in Interaction.select()) == [(ada, share), (bob, share)]


def test_a_database_at_schema_5_upgrades_its_interactions_to_unshared(tmp_path):
    """Step 7 stands on 5 as well as on 6: every interaction from before is with one person."""
    path = tmp_path / "v5" / "netui.db"
    build_at(path, 5)
    fill_every_table(path)
    open_database(path)
    close_database()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*), count(share) FROM interaction").fetchone() == (3, 0)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    assert "interaction_share_occurred_at" in {r[1] for r in conn.execute("PRAGMA index_list('interaction')")}
    conn.close()
