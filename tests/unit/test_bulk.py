"""Bulk actions: one change to many people is one transaction, and one undo step puts all of them back."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.core import bulk, contacts, derived, interactions, search, undo
from netui.core.contacts import ContactInput
from netui.core.errors import ContactError, NotFound
from netui.db.models import Contact, Reminder


@pytest.fixture
def twelve(db_path, now):
    ids = [contacts.create(ContactInput(name=f"Person {n:02}", circle="outer"), now) for n in range(12)]
    contacts.update(ids[0], ContactInput(add_tags=["VIP"]), now)  # one has the tag already
    return ids


def _tags(ids):
    return [contacts.tags_of(cid) for cid in ids]


def test_tagging_twelve_is_one_undo_step(twelve, now):
    stack = undo.UndoStack()
    snap = undo.capture("tag 12 with vip", twelve)
    changed = bulk.apply(twelve, bulk.tagging("vip"), now)
    stack.push(snap)
    assert changed == twelve[1:]  # the one who had it is not written
    assert _tags(twelve) == [["VIP"]] * 12
    assert [r.id for r in search.page(search.Query("tag:vip"), limit=20)] == twelve  # the index follows
    assert stack.undo().label == "tag 12 with vip" and len(stack) == 0
    assert _tags(twelve) == [["VIP"]] + [[]] * 11


def test_untag_takes_only_that_tag_off(twelve, now):
    contacts.update(twelve[0], ContactInput(add_tags=["rowing"]), now)
    assert bulk.pending(twelve, bulk.tagging("#vip", remove=True)) == twelve[:1]
    assert bulk.apply(twelve, bulk.tagging("vip", remove=True), now) == twelve[:1]
    assert _tags(twelve[:1]) == [["rowing"]]
    assert contacts.get(twelve[0]).updated_at == now


@pytest.mark.parametrize("field, text, column, value", [
    ("circle", "Inner", "circle", "inner"),
    ("cadence", "45d", "cadence_days", 45),
    ("archived", "yes", "archived", True),
])
def test_set_a_field_for_everyone_and_undo_it(twelve, now, field, text, column, value):
    snap = undo.capture("set", twelve)
    assert bulk.apply(twelve, bulk.setting(field, text), now) == twelve
    assert {getattr(c, column) for c in Contact.select()} == {value}
    stack = undo.UndoStack()
    stack.push(snap)
    stack.undo()
    assert {(c.circle, c.cadence_days, c.archived) for c in Contact.select()} == {("outer", None, False)}


def test_cadence_default_and_unarchive(twelve, now):
    bulk.apply(twelve[:2], bulk.setting("cadence", "30"), now)
    assert bulk.pending(twelve, bulk.setting("cadence", "default")) == twelve[:2]
    bulk.apply(twelve, bulk.setting("archived", "yes"), now)
    assert contacts.get(twelve[0]).next_due_at is None  # archived: no more keep-in-touch
    assert bulk.apply(twelve, bulk.setting("archived", "no"), now) == twelve


def test_a_failure_midway_writes_nothing(twelve, now, monkeypatch):
    real = derived.refresh

    def fail_on_the_sixth(cid, *args, **kwargs):
        if cid == twelve[5]:
            raise OSError("disk full")
        return real(cid, *args, **kwargs)

    monkeypatch.setattr(derived, "refresh", fail_on_the_sixth)
    with pytest.raises(OSError):
        bulk.apply(twelve, bulk.setting("circle", "inner"), now)
    assert {c.circle for c in Contact.select()} == {"outer"}


def test_someone_deleted_since_marking_is_refused(twelve, now):
    contacts.delete(twelve[3])
    with pytest.raises(NotFound):
        bulk.apply(twelve, bulk.tagging("vip"), now)
    assert _tags(twelve[1:3]) == [[], []]


@pytest.mark.parametrize("make, says", [
    (lambda: bulk.tagging(" # "), "is not a tag"),
    (lambda: bulk.setting("circle", "best"), "unknown circle"),
    (lambda: bulk.setting("cadence", "0"), "is not a cadence"),
    (lambda: bulk.setting("cadence", "soon"), "is not a cadence"),
    (lambda: bulk.setting("archived", "maybe"), "say yes or no"),
    (lambda: bulk.setting("name", "Ada"), "cannot be set for many people"),
])
def test_refusals(make, says):
    with pytest.raises(ContactError, match=says):
        make()


def test_nobody_and_the_words(twelve, now):
    with pytest.raises(ContactError, match="nobody"):
        bulk.apply([], bulk.tagging("vip"), now)
    assert bulk.names(twelve[1::-1]) == ["Person 01", "Person 00"]
    assert bulk.describe(bulk.tagging("VIP"), 12) == "Tagged 12 people with vip"
    assert bulk.describe(bulk.tagging("vip", remove=True), 1, done=False) == "Would untag 1 person from vip"
    assert bulk.describe(bulk.setting("archived", "no"), 2, done=False) == "Would unarchive 2 people"
    assert bulk.describe(bulk.setting("cadence", "default"), 2) == "Set the cadence of 2 people to the circle's default"
    assert bulk.describe(bulk.setting("circle", "inner"), 3) == "Set the circle of 3 people to inner"


def _kept(ids):
    """Per person: what a tag must not move (cached dates, the score and when it was worked out, reminders)."""
    cached = {c.id: (c.last_contact_at, c.next_due_at, c.strength, c.strength_at)
              for c in Contact.select().where(Contact.id.in_(ids))}
    reminders = list(Reminder.select(Reminder.id, Reminder.contact, Reminder.due_at).order_by(Reminder.id).tuples())
    return cached, reminders


def test_a_tag_and_its_undo_change_only_the_tags_and_the_search(twelve, now):
    """Tags are written set-based and undone without refreshing everyone: what depends on no tag stays."""
    later = now + dt.timedelta(days=40)  # a refresh at this time would move the scores and reminders
    interactions.log(twelve[2], "call", now - dt.timedelta(days=3), now, "caught up")
    before = _kept(twelve)
    snap = undo.capture("tag", twelve)
    assert bulk.apply(twelve, bulk.tagging("Rowing"), later) == twelve
    assert _tags(twelve[1:2]) == [["Rowing"]] and contacts.get(twelve[1]).updated_at == later
    assert [r.id for r in search.page(search.Query("tag:rowing"), limit=20)] == twelve
    assert _kept(twelve) == before
    stack = undo.UndoStack()
    stack.push(snap)
    stack.undo(now=later)
    assert _tags(twelve) == [["VIP"]] + [[]] * 11
    assert search.count(search.Query("tag:rowing")) == 0 and search.count(search.Query("rowing")) == 0
    assert _kept(twelve) == before


def test_undoing_a_circle_still_refreshes_the_keep_in_touch_date(twelve, now):
    due = contacts.get(twelve[1]).next_due_at
    snap = undo.capture("set", twelve)
    bulk.apply(twelve, bulk.setting("circle", "inner"), now)
    assert contacts.get(twelve[1]).next_due_at != due
    stack = undo.UndoStack()
    stack.push(snap)
    stack.undo(now=now)
    assert contacts.get(twelve[1]).next_due_at == due


def test_a_tag_failing_midway_writes_nothing(twelve, now, monkeypatch):
    def fail(ids):
        raise OSError("disk full")

    monkeypatch.setattr(search, "reindex", fail)
    with pytest.raises(OSError):
        bulk.apply(twelve, bulk.tagging("rowing"), now)
    assert _tags(twelve) == [["VIP"]] + [[]] * 11
    assert {contacts.get(cid).updated_at for cid in twelve[1:]} == {contacts.get(twelve[1]).created_at}


@pytest.mark.parametrize("field, text, edit", [
    ("circle", "inner", ContactInput(circle="inner")),
    ("cadence", "20", ContactInput(cadence_days=20)),
    ("archived", "yes", ContactInput(archived=True)),
])
def test_a_field_set_for_many_leaves_each_as_an_edit_would(db_path, now, field, text, edit):
    """Set a few hundred at a time, then each refreshed: the same cached dates, score and reminders as an edit."""
    met = now - dt.timedelta(days=200)
    twins = [contacts.create(ContactInput(name=name, circle="outer", met_on=met.date()), met) for name in ("A", "B")]
    for cid in twins:
        interactions.log(cid, "call", now - dt.timedelta(days=100), now, "caught up")
    later = now + dt.timedelta(days=30)
    bulk.apply(twins[:1], bulk.setting(field, text), later)
    contacts.update(twins[1], edit, later)

    def state(cid):
        c = contacts.get(cid)
        due = sorted((r.kind, r.due_at) for r in Reminder.select().where(Reminder.contact == cid))
        return (c.circle, c.cadence_days, c.archived, c.next_due_at, c.strength, c.strength_at, c.updated_at, due)

    assert state(twins[0]) == state(twins[1])


def test_counts_are_said_with_thousands_separators():
    assert bulk.describe(bulk.tagging("vip"), 100_000) == "Tagged 100,000 people with vip"
    assert bulk.describe(bulk.setting("archived", "yes"), 1, done=False) == "Would archive 1 person"
