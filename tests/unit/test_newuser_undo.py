"""Undo after another writer changed a different field of the same contact (found trying netui as a user)."""

from __future__ import annotations

import pytest

from netui.core import contacts, undo
from netui.core.contacts import ContactInput


@pytest.fixture
def ana(db, now) -> int:
    return contacts.create(ContactInput(name="Ana Perez", note="met at the book fair"), now)


def test_undo_anyway_puts_back_the_field_this_action_changed_beside_a_field_changed_elsewhere(db, now, ana):
    # The app edits the organisation; meanwhile `netui edit ana --title Boss` runs in another shell.
    stack = undo.UndoStack()
    snap = undo.capture("edit Ana Perez", [ana])
    contacts.update(ana, ContactInput(organization="Acme Org"), now)
    stack.push(snap)
    contacts.update(ana, ContactInput(title="Boss"), now)  # the other writer (the database cannot tell them apart)

    with pytest.raises(undo.UndoConflict) as caught:
        stack.undo(now=now)
    assert "Ana Perez was changed (title)" in str(caught.value)  # still asked first

    stack.undo(force=True, now=now)  # "Undo anyway (only this action's own changes)"
    c = contacts.get(ana)
    assert c.organization == ""  # this action's own change is undone, as the notice says
    assert c.title == "Boss"  # the other writer's change stays
    assert c.note == "met at the book fair"
    assert len(stack) == 0


def test_a_field_changed_both_here_and_elsewhere_keeps_the_other_writers_value_and_the_rest_goes_back(db, now, ana):
    stack = undo.UndoStack()
    snap = undo.capture("edit Ana Perez", [ana])
    contacts.update(ana, ContactInput(organization="Acme Org", title="Engineer"), now)
    stack.push(snap)
    contacts.update(ana, ContactInput(title="Boss"), now)

    stack.undo(force=True, now=now)
    c = contacts.get(ana)
    assert c.title == "Boss"  # the field both changed keeps the other writer's value
    assert c.organization == ""  # the one only this action changed goes back
