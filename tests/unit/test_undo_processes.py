"""Undo beside another process: the CLI writes between an action in this process and its undo."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from netui.core import contacts, gives, interactions, introductions, undo
from netui.core.contacts import ContactInput, Method
from netui.db.models import ContactTag, Give, Interaction, Reminder
from tests.unit.test_undo_exact import dump

NETUI = Path(sys.executable).parent / "netui"


def cli(*args: str) -> str:
    """Run the real command line in its own process, on the same database (NETUI_DB, NETUI_NOW)."""
    result = subprocess.run([str(NETUI), *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def ada(db, now) -> int:
    cid = contacts.create(ContactInput(name="Ada Byron", organization="Acme", add_tags=["chess"],
                                       add_methods=[Method("email", "ada@example.org", "work", True)]), now)
    interactions.log(cid, "call", now - dt.timedelta(days=20), now)
    return cid


def test_undo_of_a_log_keeps_everything_another_process_wrote_since(db, now, ada):
    stack = undo.UndoStack()
    snap = undo.capture("log call with Ada", [ada])
    mine = interactions.log(ada, "in-person", now - dt.timedelta(hours=2), now, "coffee").id
    stack.push(snap)

    cli("log", "Ada", "--kind", "call", "--note", "about the move")
    cli("edit", "Ada", "--title", "CTO", "--note", "moving to Lyon")
    cli("give", "Ada", "the Lyon guide book")
    cli("remind", "Ada", "--on", "2026-12-01", "--note", "ask how the move went")

    assert stack.undo(now=now).label == "log call with Ada"
    kinds = sorted(i.kind for i in Interaction.select().where(Interaction.contact == ada))
    assert Interaction.get_or_none(Interaction.id == mine) is None
    assert kinds == ["call", "call"]  # the one from before and the one the other process logged
    c = contacts.get(ada)
    assert (c.title, c.note) == ("CTO", "moving to Lyon")
    assert [g.text for g in Give.select().where(Give.contact == ada)] == ["the Lyon guide book"]
    assert Reminder.select().where((Reminder.contact == ada) & (Reminder.kind == "custom")).count() == 1
    # Derived values follow the rows that are there now: the last contact is the other process's call.
    assert contacts.as_datetime(c.last_contact_at) == now
    assert c.last_in_person_at is None


def test_undo_conflicts_when_another_process_changed_the_same_row_and_force_keeps_their_write(db, now, ada):
    stack = undo.UndoStack()
    snap = undo.capture("edit Ada", [ada])
    contacts.update(ada, ContactInput(title="Engineer", add_tags=["golf"]), now)
    stack.push(snap)

    cli("edit", "Ada", "--title", "CTO")
    cli("give", "Ada", "an intro to Bob", "--done")

    state = dump(db)
    with pytest.raises(undo.UndoConflict) as caught:
        stack.undo(now=now)
    assert "Ada Byron was changed (title)" in str(caught.value)
    assert dump(db) == state  # nothing changed
    assert len(stack) == 1  # still there, to force or to keep

    stack.undo(force=True, now=now)
    assert contacts.get(ada).title == "CTO"  # the other process's write stays
    assert contacts.tags_of(ada) == ["chess"]  # this action's own tag link went
    assert [g.text for g in Give.select().where(Give.contact == ada)] == ["an intro to Bob"]
    assert len(stack) == 0


def test_undo_of_an_add_conflicts_when_another_process_logged_with_the_new_contact(db, now):
    stack = undo.UndoStack()
    cid = contacts.create(ContactInput(name="Bea Quist", add_tags=["jazz"]), now)
    stack.push(undo.Snapshot("add Bea Quist", [cid]))

    cli("log", "Bea", "--kind", "call")

    with pytest.raises(undo.UndoConflict) as caught:
        stack.undo(now=now)
    assert "Bea Quist" in str(caught.value) and "call" in str(caught.value)
    stack.undo(force=True, now=now)
    assert contacts.get(cid).name == "Bea Quist"  # never deleted from under the other process's call
    assert contacts.tags_of(cid) == ["jazz"]  # and what they are stays with them
    assert Interaction.select().where(Interaction.contact == cid).count() == 1
    assert contacts.as_datetime(contacts.get(cid).last_contact_at) == now


def test_a_deleted_contact_whose_number_was_taken_meanwhile_does_not_come_back_onto_the_newcomer(db, now, ada):
    stack = undo.UndoStack()
    snap = undo.capture("delete Ada", [ada])
    contacts.delete(ada)
    stack.push(snap)

    cli("add", "Cleo Park")  # SQLite gives the freed largest id to the next row
    assert contacts.resolve("Cleo") == ada

    with pytest.raises(undo.UndoConflict) as caught:
        stack.undo(now=now)
    assert "Ada Byron cannot come back" in str(caught.value)
    stack.undo(force=True, now=now)
    assert contacts.get(ada).name == "Cleo Park"
    assert contacts.methods_of(ada) == {"email": [], "phone": [], "url": []}
    assert ContactTag.select().where(ContactTag.contact == ada).count() == 0
    assert Interaction.select().where(Interaction.contact == ada).count() == 0


def test_gives_written_elsewhere_for_another_person_survive_an_undo(db, now, ada):
    bob = contacts.create(ContactInput(name="Bob Stone"), now)
    stack = undo.UndoStack()
    snap = undo.capture("give note for Ada", [ada])
    gives.add(ada, "a book", now)
    stack.push(snap)
    cli("give", "Bob", "a ticket")
    stack.undo(now=now)
    assert [g.text for g in Give.select()] == ["a ticket"]
    assert Give.get().contact_id == bob


def test_an_introduction_whose_other_side_was_deleted_elsewhere_is_a_conflict(db, now, ada):
    bob = contacts.create(ContactInput(name="Bob Stone"), now)
    introductions.propose(ada, bob, "Bob is hiring a data engineer", "Ada builds data pipelines", now)
    stack = undo.UndoStack()
    snap = undo.capture("delete Ada", [ada])
    contacts.delete(ada)
    stack.push(snap)
    cli("delete", "Bob")

    state = dump(db)
    with pytest.raises(undo.UndoConflict, match="the introduction of Ada Byron to .* cannot be put back: what it belongs to was deleted"):
        stack.undo(now=now)
    assert dump(db) == state
    stack.undo(force=True, now=now)
    assert contacts.get(ada).name == "Ada Byron"
    assert contacts.tags_of(ada) == ["chess"]
    assert contacts.introductions_of(ada) == []
