"""Undo by snapshot: before an action, capture every row of the contacts it may touch; undo puts them back.

This restores the *exact* previous state (interactions, reminders, cadence, last contact, strength,
tags, gives, introductions) whatever the action did, so new actions need no undo code of their own.
A snapshot of a contact that did not exist yet undoes its creation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from netui.core import search
from netui.db import db
from netui.db.models import (
    Contact,
    ContactMethod,
    ContactTag,
    Give,
    Interaction,
    Introduction,
    OrgHistory,
    Reminder,
)

_CHILDREN = (ContactMethod, ContactTag, OrgHistory, Interaction)


@dataclass
class Snapshot:
    label: str
    contact_ids: list[int]
    rows: dict[str, list[dict]] = field(default_factory=dict)


def capture(label: str, contact_ids: Iterable[int]) -> Snapshot:
    ids = sorted(set(contact_ids))
    snap = Snapshot(label, ids)
    if not ids:
        return snap
    snap.rows["contact"] = list(Contact.select().where(Contact.id.in_(ids)).dicts())
    for model in _CHILDREN:
        snap.rows[model._meta.table_name] = list(model.select().where(model.contact.in_(ids)).dicts())
    intros = list(Introduction.select().where(Introduction.a.in_(ids) | Introduction.b.in_(ids)).dicts())
    intro_ids = [row["id"] for row in intros]
    snap.rows["introduction"] = intros
    snap.rows["give"] = list(
        Give.select().where(Give.contact.in_(ids) | (Give.introduction.in_(intro_ids) if intro_ids else False)).dicts()
    )
    snap.rows["reminder"] = list(
        Reminder.select()
        .where(Reminder.contact.in_(ids) | (Reminder.introduction.in_(intro_ids) if intro_ids else False))
        .dicts()
    )
    return snap


def restore(snap: Snapshot) -> None:
    """Put the captured rows back, as one transaction."""
    ids = snap.contact_ids
    if not ids:
        return
    with db.atomic():
        for name, model in (("give", Give), ("reminder", Reminder), ("introduction", Introduction)):
            row_ids = [row["id"] for row in snap.rows.get(name, [])]
            if row_ids:
                model.delete().where(model.id.in_(row_ids)).execute()
        search.unindex(ids)
        Contact.delete().where(Contact.id.in_(ids)).execute()  # cascades to every child row
        order = [("contact", Contact)] + [(m._meta.table_name, m) for m in _CHILDREN]
        order += [("introduction", Introduction), ("give", Give), ("reminder", Reminder)]
        for name, model in order:
            rows = snap.rows.get(name, [])
            for start in range(0, len(rows), 200):
                model.insert_many(rows[start : start + 200]).execute()
        present = [row["id"] for row in snap.rows.get("contact", [])]
        search.reindex(present)


class UndoStack:
    """The session's undo history: ``run`` an action with a snapshot taken first; ``undo`` the last."""

    def __init__(self, limit: int = 200):
        self._stack: list[Snapshot] = []
        self.limit = limit

    def push(self, snap: Snapshot) -> None:
        self._stack.append(snap)
        del self._stack[: -self.limit]

    def __len__(self) -> int:
        return len(self._stack)

    def peek(self) -> Snapshot | None:
        return self._stack[-1] if self._stack else None

    def undo(self) -> Snapshot | None:
        """Restore the newest snapshot; returns it (its label says what was undone) or None."""
        if not self._stack:
            return None
        snap = self._stack.pop()
        restore(snap)
        return snap
