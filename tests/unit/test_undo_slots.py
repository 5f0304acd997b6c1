"""Undo and the slots rows hold: a UNIQUE index (a tag link, a photo, a uid) and a reminder's kind.

An action may leave one of its rows in the slot another of its rows held before (an edit that reorders
tags reuses the freed row ids the other way round). Undo puts every row back all the same, and still
refuses when the slot now holds a row somebody else wrote.
"""

from __future__ import annotations

import datetime as dt

import pytest

from netui.core import cards, contacts, reminders, undo
from netui.core.contacts import ContactInput, Method
from netui.core.errors import UndoConflict
from netui.core.undo.snapshot import foreign_keys, owned_models, unique_columns
from netui.db import db as database
from netui.db.models import Contact, ContactMethod, ContactTag, Photo, Reminder, Tag
from tests.unit.test_undo_exact import dump


def _undo_restores(label: str, ids: list[int], action, now: dt.datetime) -> None:
    before = dump(database)
    stack = undo.UndoStack()
    snap = undo.capture(label, ids)
    action()
    stack.push(snap)
    assert dump(database) != before
    assert stack.undo(now=now).label == label
    assert dump(database) == before


def test_tag_links_that_trade_places_in_one_edit_come_back(db, now):
    """Replacing chess, golf with jazz, chess frees links 1 and 2 and reuses 1 for jazz, 2 for chess."""
    ada = contacts.create(ContactInput(name="Ada", add_tags=["chess", "golf"]), now)
    assert [(r.id, r.tag.name) for r in ContactTag.select().order_by(ContactTag.id)] == [(1, "chess"), (2, "golf")]

    def edit() -> None:
        contacts.update(ada, ContactInput(tags=["jazz", "chess"]), now)
        assert [(r.id, r.tag.name) for r in ContactTag.select().order_by(ContactTag.id)] == [(1, "jazz"), (2, "chess")]

    _undo_restores("edit Ada", [ada], edit, now)


def test_a_photo_whose_row_went_to_another_person_in_one_action_comes_back(db, now):
    """One step over two people (an import): Ada's photo goes, Bob's is replaced and reuses row 1."""
    ada = contacts.create(ContactInput(name="Ada"), now)
    bob = contacts.create(ContactInput(name="Bob"), now)
    cards.write(ada, cards.CardData(photo=cards.PhotoData("image/png", b"ada")))
    cards.write(bob, cards.CardData(photo=cards.PhotoData("image/png", b"bob")))

    def import_() -> None:
        cards.write(ada, cards.CardData(photo=False))
        cards.write(bob, cards.CardData(photo=cards.PhotoData("image/jpeg", b"bob again")))
        assert [(p.id, p.contact_id) for p in Photo.select()] == [(1, bob)]

    _undo_restores("import", [ada, bob], import_, now)


def test_methods_reordered_and_replaced_after_a_delete_come_back(db, now):
    """A method has no UNIQUE index (one address per person is the editor's rule), but its rows move all the
    same: Bob's delete frees the last ids, and Ada's new order and new address take them."""
    ada = contacts.create(ContactInput(name="Ada", add_methods=[Method("email", "a@x.org"), Method("email", "b@x.org")]), now)
    bob = contacts.create(ContactInput(name="Bob", add_methods=[Method("email", "bob@x.org")]), now)
    stack = undo.UndoStack()
    states = [dump(database)]
    for label, ids, act in (
        ("delete Bob", [bob], lambda: contacts.delete(bob)),
        ("edit Ada", [ada], lambda: contacts.update(ada, ContactInput(emails=[Method("email", "c@x.org"), Method("email", "a@x.org")]), now)),
    ):
        snap = undo.capture(label, ids)
        act()
        stack.push(snap)
        states.append(dump(database))
    assert [r.id for r in ContactMethod.select()] == [1, 3]  # c@x.org took Bob's row id
    for label in ("edit Ada", "delete Bob"):
        states.pop()
        assert stack.undo(now=now).label == label
        assert dump(database) == states[-1]


def test_two_people_who_traded_uids_in_one_action_get_their_own_back(db, now):
    """A uid is UNIQUE on the contact, a table every other points at: it cannot be taken out and put back."""
    ada = contacts.create(ContactInput(name="Ada"), now)
    bob = contacts.create(ContactInput(name="Bob"), now)
    uids = {c.id: c.uid for c in Contact.select()}

    def sync() -> None:
        contacts.set_uid(ada, "moving")
        contacts.set_uid(bob, uids[ada])
        contacts.set_uid(ada, uids[bob])

    _undo_restores("sync", [ada, bob], sync, now)


def test_a_plan_step_comes_back_beside_another_of_its_kind_that_was_there_before(db, now):
    """Ada has two follow-ups (a backup restored as it was may hold two): one done, one open. Forgetting
    when she was met deletes the open one; undo puts it back although a follow-up of hers is there:
    it was there before too, so it is no follow-up the data made since."""
    met = now - dt.timedelta(days=1)
    ada = contacts.create(ContactInput(name="Ada", met_on=met.date()), now)
    done = Reminder.get((Reminder.contact == ada) & (Reminder.kind == "follow-up"))
    reminders.done(done.id, now, force=True)
    again = Reminder.create(contact=ada, kind="follow-up", due_at=met, next_due_at=met, created_at=now).id

    def forget() -> None:
        contacts.update(ada, ContactInput(met_on=False), now)
        assert [r.id for r in Reminder.select().where(Reminder.contact == ada)] == [done.id]

    _undo_restores("edit Ada", [ada], forget, now)
    assert Reminder.get_by_id(again).next_due_at is not None


def test_a_slot_taken_by_another_writer_since_is_still_a_conflict(db, now):
    """The edit dropped Ada's chess; meanwhile another writer gave chess back to her (a new link)."""
    ada = contacts.create(ContactInput(name="Ada", add_tags=["chess", "golf"]), now)
    before = dump(database)
    stack = undo.UndoStack()
    snap = undo.capture("edit Ada", [ada])
    contacts.update(ada, ContactInput(tags=["golf"]), now)
    stack.push(snap)
    chess = Tag.get(Tag.name == "chess").id
    database.execute_sql("INSERT INTO contact_tag (id, contact_id, tag_id) VALUES (9, ?, ?)", (ada, chess))
    with pytest.raises(UndoConflict) as err:
        stack.undo(now=now)
    assert str(err.value).count("\n") == 0 and "a tag of Ada" in str(err.value)
    assert dump(database) != before and len(stack) == 1
    stack.undo(force=True, now=now)  # their link stays; what was the action's alone goes back
    assert sorted(r.tag.name for r in ContactTag.select().where(ContactTag.contact == ada)) == ["chess", "golf"]
    assert ContactTag.get_or_none(ContactTag.id == 9) is not None


def test_rows_that_cross_another_writers_slot_stay_as_they_are_under_force(db, now):
    """Links 1 and 2 traded places (chess, golf became jazz, chess); another writer then gave Ada golf.
    Link 2 cannot go back to golf, so neither moves; the rest of the step is undone."""
    ada = contacts.create(ContactInput(name="Ada", add_tags=["chess", "golf"]), now)
    stack = undo.UndoStack()
    snap = undo.capture("edit Ada", [ada])
    contacts.update(ada, ContactInput(title="CTO", tags=["jazz", "chess"]), now)
    stack.push(snap)
    golf = Tag.get(Tag.name == "golf").id
    database.execute_sql("INSERT INTO contact_tag (id, contact_id, tag_id) VALUES (9, ?, ?)", (ada, golf))
    links = sorted(ContactTag.select(ContactTag.id, ContactTag.tag).tuples())
    with pytest.raises(UndoConflict, match="a tag of Ada cannot be put back: something in its place was added"):
        stack.undo(now=now)
    assert sorted(ContactTag.select(ContactTag.id, ContactTag.tag).tuples()) == links
    stack.undo(force=True, now=now)
    assert sorted(ContactTag.select(ContactTag.id, ContactTag.tag).tuples()) == links
    assert contacts.get(ada).title == ""


def test_every_unique_index_of_an_owned_table_can_be_moved_aside(db):
    """Each UNIQUE index is on a table nothing points at (its rows are taken out and put back) or holds no
    foreign key (its values are set aside): a new one that is neither must be thought about first."""
    seen = {}
    for model in owned_models() + undo.shared_models():
        table = model._meta.table_name
        keys = {col for col, _ in foreign_keys(model)}
        for cols in unique_columns(table):
            seen[table] = cols
            assert not model._meta.backrefs or not keys & set(cols), f"{table} {cols}"
    assert {"contact", "contact_tag", "photo", "tag"} <= set(seen)
