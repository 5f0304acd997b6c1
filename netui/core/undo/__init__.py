"""Undo that reverses exactly the rows an action wrote, and nothing anybody else wrote.

``capture(label, contact_ids)`` before an action records every row those contacts own (BEFORE);
``UndoStack.push(snapshot)`` after it records the same rows again (AFTER). What a contact owns is not
listed by hand: it is read from the models' foreign keys (``Contact._meta.backrefs``, recursively), so
their methods, tags, jobs, interactions, introductions (as ``a``, ``b`` or ``requested_by``), gives and
reminders are covered, and so is any table added later. Rows of shared tables the owned rows point at
(a tag) are recorded too.

On undo every recorded row is compared three ways, BEFORE, AFTER, and what the database holds now
(CURRENT):

- BEFORE equals AFTER: the action did not write it; left alone, whoever changed it since.
- CURRENT equals AFTER: it is as the action left it and gets its BEFORE state back (deleted if the
  action added it, inserted again if the action removed it).
- CURRENT equals BEFORE: it is already back; nothing to do.
- Otherwise someone else changed it since the action: ``UndoConflict``, and nothing is changed.
  ``force=True`` then reverts only the rows still as the action left them, and in a row changed since,
  only the columns the action changed and nobody changed after it (an organisation edited here beside a
  title edited elsewhere); it never deletes another writer's row (nor a row another writer's rows now
  point at) or overwrites a value another writer wrote.

The writes go in an order no UNIQUE index (a tag link, a photo, a uid) or reused row id can trip on,
however the action shuffled its rows between those slots: its added rows go first, its changed rows
then leave their slots, and only then does every row get its BEFORE state back. A slot still taken after
that holds another writer's row: a conflict like the rest.

Rows the action never recorded (an interaction another process logged) are never touched. Derived
values are not compared and not put back: the cached columns of a contact (``DERIVED``), and the
reminders that follow from the data while the user has not touched them (the meeting plan and the
birthday). ``derived.refresh`` recomputes them for every contact the undo changed. Everything happens
in one transaction.

The package: ``snapshot`` (what a contact owns, read raw), ``revert`` (the comparison and the writes),
and here the session's ``UndoStack`` and the import ``Journal``.

An import is one step: a ``Journal`` records the contacts an import created and captures a contact's
rows just before the import first merges into it; ``finish()`` gives the snapshot to push.
"""

from __future__ import annotations

import datetime as dt

from netui.core.errors import CannotUndo as CannotUndo
from netui.core.errors import UndoConflict as UndoConflict
from netui.core.errors import UndoError as UndoError
from netui.core.undo.revert import restore
from netui.core.undo.snapshot import (
    DERIVED,
    Snapshot,
    blocked,
    capture,
    largest_ids,
    owned_models,
    people_in,
    read_owned,
    shared_models,
    strengths,
)

__all__ = [
    "DERIVED", "MAX_JOURNAL", "CannotUndo", "Journal", "Snapshot", "UndoConflict", "UndoError", "UndoStack",
    "blocked", "capture", "owned_models", "restore", "shared_models",
]

MAX_JOURNAL = 20_000  # contacts an import may touch and still be undoable (both states stay in memory)


class UndoStack:
    """The session's undo history: ``capture`` before an action, ``push`` after it, ``undo`` the newest."""

    def __init__(self, limit: int = 200):
        self._stack: list[Snapshot] = []
        self.limit = limit

    def push(self, snap: Snapshot) -> None:
        """Keep ``snap``, recording the AFTER state of its rows (unless it carries it already, as a journal's does)."""
        if snap.after is None and not snap.blocked:
            snap.record_after()
        self._stack.append(snap)
        del self._stack[: -self.limit]

    def __len__(self) -> int:
        return len(self._stack)

    def peek(self) -> Snapshot | None:
        return self._stack[-1] if self._stack else None

    def undo(self, *, force: bool = False, now: dt.datetime | None = None) -> Snapshot | None:
        """Undo the newest step; returns it (its label says what was undone) or None when there is none.

        On ``UndoConflict`` or ``CannotUndo`` the step stays on the stack (``undo(force=True)`` may follow).
        """
        snap = self.peek()
        if snap is None:
            return None
        restore(snap, force=force, now=now)
        self._stack.pop()
        return snap


# --- imports ---------------------------------------------------------------------------------------


class Journal:
    """One import as one undoable step: what it created, and what it merged into (captured first).

    ``touch(cid)`` just before the import first writes to an existing contact; ``created(cid)`` after
    it adds one; ``finish()`` returns the snapshot to push (a blocked one when the import was too large).
    """

    def __init__(self, label: str = "import", limit: int | None = None):
        self.label = label
        self.limit = MAX_JOURNAL if limit is None else limit
        self.snapshot = Snapshot(label, [], baseline=largest_ids())
        self._known: set[int] = set()
        self.too_large = False

    def _room(self, cid: int) -> bool:
        if self.too_large or cid in self._known:
            return False
        if len(self._known) >= self.limit:
            self.too_large = True
            self.snapshot = Snapshot(self.label, [])  # let the memory go: this import cannot be undone
            return False
        self._known.add(cid)
        return True

    def touch(self, contact_id: int) -> None:
        """Capture a contact's rows before the import first changes it (once per contact)."""
        if not self._room(contact_id):
            return
        snap = self.snapshot
        part = Snapshot(snap.label, [contact_id])
        part.columns = snap.columns
        rows = read_owned(part, [contact_id])
        for table, table_rows in rows.items():
            mine = snap.before.setdefault(table, {})
            for pk, row in table_rows.items():
                mine.setdefault(pk, row)
        snap.strength_before.update(strengths({contact_id} | people_in(part, rows)))
        snap.contact_ids.append(contact_id)

    def created(self, contact_id: int) -> None:
        """The import added this contact: undoing it removes them (unless someone wrote to them since)."""
        if self._room(contact_id):
            self.snapshot.created(contact_id)

    def finish(self, label: str | None = None) -> Snapshot:
        """The import's undo step, with its AFTER state recorded here (where the import ran)."""
        label = label or self.label
        if self.too_large:
            return blocked(label, f"it merged into or added more than {self.limit:,} contacts, too many to keep a copy of in memory")
        self.snapshot.label = label
        self.snapshot.contact_ids.sort()
        self.snapshot.record_after()
        return self.snapshot
