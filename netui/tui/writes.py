"""The app's write protocol: every change goes through one door and announces itself.

``write`` runs one core call (one transaction) as an undoable step: the undo snapshot is captured
before, pushed after, and a ``DataChanged`` message tells the app what changed. The app recounts what
is due and passes the message to every screen, which redraws what it shows (at once when on top, else
when it is shown again). ``attempt`` is ``write`` for a single key: a refusal is reported, not raised.

Changes made elsewhere (another netui, the command line, a worker's own connection) arrive the same
way, as ``DataChanged(external=True)``, when the app notices them (``NetuiApp.follow``).

Screens and widgets whose keys act on one contact say which (``ActsOnContact.acting_on``), so the app
checks that the person still exists before the key runs: "#35 was deleted elsewhere", never a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from textual.message import Message

from netui.core import undo
from netui.tui import safety
from netui.tui.safe import notify

T = TypeVar("T")

# What kind of data a write touched (screens may skip what they do not show).
CONTACTS = "contacts"
INTERACTIONS = "interactions"
GIVES = "gives"
INTRODUCTIONS = "introductions"
REMINDERS = "reminders"
EVERYTHING = frozenset({CONTACTS, INTERACTIONS, GIVES, INTRODUCTIONS, REMINDERS})


@dataclass
class DataChanged(Message, bubble=False):
    """Rows changed in the database: redraw what shows them.

    Posted to the app, which recounts what is due and gives each screen its own copy.
    """

    contact_ids: tuple[int, ...] = ()  # the people it was about; empty: anyone may have changed
    what: frozenset[str] = EVERYTHING
    external: bool = False  # written by another process or connection, noticed through data_version

    def about(self, contact_id: int | None) -> bool:
        """Whether this change may concern ``contact_id``."""
        return not self.contact_ids or contact_id in self.contact_ids

    def copy(self) -> DataChanged:
        return DataChanged(self.contact_ids, self.what, self.external)

    def can_replace(self, message: Message) -> bool:
        """A burst redraws once: this change is dropped when the next one waiting covers it (Textual asks)."""
        if not isinstance(message, DataChanged):
            return False
        people = not message.contact_ids or bool(self.contact_ids) and set(self.contact_ids) <= set(message.contact_ids)
        return people and self.what <= message.what and self.external <= message.external


class ActsOnContact:
    """Mixed into a screen or widget whose keys act on one contact.

    ``acting_on(action)`` is the contact that ``action`` would act on right now (None: it acts on no
    one). The app asks before running a key and refuses, with a message, when that person was deleted
    by another process since the screen was drawn.
    """

    def acting_on(self, action: str) -> int | None:
        return None


def announce(app, contact_ids: Iterable[int | None] = (), what: Iterable[str] = EVERYTHING, *,
             external: bool = False) -> None:
    """Say that data changed without an undo step (a sample network, an import, a change found elsewhere)."""
    app.post_message(DataChanged(tuple(i for i in contact_ids if i), frozenset(what), external))


def write(app, label: str, contact_ids: Iterable[int | None], do: Callable[[], T], *,
          what: Iterable[str] = EVERYTHING, creates: bool = False,
          changed: Callable[[T], Any] | None = None) -> T:
    """Run ``do`` as one undoable step about ``contact_ids``, then announce it; return what ``do`` returns.

    ``do`` is one core call (one transaction). What it raises is raised, with no undo step and no
    announcement, so a form can show the error and keep what was typed.
    ``creates``: ``do`` returns the id of a contact it created (undo removes them again).
    ``changed``: called with the result; falsy means nothing was written (no undo step, no message).
    """
    ids = [i for i in contact_ids if i]
    snap = None if creates else undo.capture(label, ids)
    result = do()
    if changed is not None and not changed(result):
        return result
    if creates:
        ids = [result]
        snap = undo.Snapshot(label, ids)  # nothing existed before: undoing removes the new contact
    landed(app, snap, ids, what)
    return result


def landed(app, snap: undo.Snapshot, contact_ids: Iterable[int | None], what: Iterable[str] = EVERYTHING) -> None:
    """A write is in: keep its undo step and announce it (``write``; a worker's write, on the UI thread, once
    it has captured ``snap``, written and recorded the AFTER state on its own connection)."""
    app.undo_stack.push(snap)
    announce(app, contact_ids, what)


class Attempt(NamedTuple):
    ok: bool
    value: Any = None


def attempt(app, label: str, contact_ids: Iterable[int | None], do: Callable[[], object], *,
            what: Iterable[str] = EVERYTHING, refused: str = "", severity: str = "error") -> Attempt:
    """``write`` for a single key: a refusal is shown, not raised.

    A domain error (a ``ValueError``: the reminder was done elsewhere, the person is gone) is shown as
    ``refused`` + its message, and the app looks for changes made elsewhere; a write the database
    refuses (read-only, disk full, busy) is reported as everywhere else (``safety.reported``).
    """
    with safety.reported(app):
        try:
            return Attempt(True, write(app, label, contact_ids, do, what=what))
        except ValueError as exc:  # ContactError and its kin: one transaction, nothing half-done
            notify(app, f"{refused}{exc}", severity=severity)
            app.follow()
    return Attempt(False)
