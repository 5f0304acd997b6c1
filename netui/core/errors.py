"""Every domain error, under one base class.

A ``NetuiError`` says what was asked and why it cannot be done, in words fit to show the user as they
are: the CLI prints it on one line and exits 2, a form shows it beside the field. It is a ``ValueError``
so code that guards a parse with ``except ValueError`` keeps working. The older names stay importable
from the modules that raise them (``contacts.ContactError``, ``dates.DateError``, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


class NetuiError(ValueError):
    """A request the domain refuses, in words fit for the user."""


class ContactError(NetuiError):
    """A problem with what was asked of a contact (or of what hangs off one)."""


class NotFound(ContactError):
    """No contact (or reminder, interaction) by that id or name."""


class Ambiguous(ContactError):
    """A name that matches several contacts; ``candidates`` holds (id, name) of each."""

    def __init__(self, who: str, candidates: list[tuple[int, str]]):
        self.candidates = candidates
        names = ", ".join(f"{name} (#{cid})" for cid, name in candidates[:10])
        more = f" and {len(candidates) - 10} more" if len(candidates) > 10 else ""
        super().__init__(f"{who!r} matches several contacts: {names}{more}")


@dataclass(frozen=True)
class FieldConflict:
    """One field an edit changed that someone else changed too, to something else."""

    field: str  # a ContactInput name
    theirs: object  # what the database holds now
    mine: object  # what the edit wanted to write


class EditConflict(ContactError):
    """A contact changed elsewhere since a form opened, in fields the form changes too; nothing was written."""

    def __init__(self, contact_id: int, conflicts: list[FieldConflict], words: Mapping[str, str] | None = None):
        """``words``: each field as netui says it (``organisation``, not the attribute ``organization``)."""
        self.contact_id = contact_id
        self.conflicts = conflicts
        names = ", ".join((words or {}).get(c.field) or c.field.replace("_", " ") for c in conflicts)
        super().__init__(f"changed elsewhere since it was opened: {names}")


class ReminderError(ContactError):
    """A reminder request that cannot be done."""


class NotDueYet(ReminderError):
    """``done`` on a repeating reminder before it is due: it would skip an occurrence."""

    def __init__(self, reminder_id: int, due):
        self.reminder_id, self.due = reminder_id, due
        super().__init__(
            f"reminder #{reminder_id} is not due until {due:%Y-%m-%d %H:%M}: marking it done now skips that "
            "occurrence (force it to)"
        )


class GiveError(ContactError):
    """A give note that cannot be written as asked."""


class IntroError(ContactError):
    """An introduction that cannot be recorded or moved as asked."""


class TriageError(ContactError):
    """A triage action that cannot be done."""


class RelationError(ContactError):
    """A relation between two contacts that cannot be recorded or removed as asked."""


class JournalError(ContactError):
    """A journal entry that cannot be written as asked."""


class DateError(NetuiError):
    """A date or birthday netui cannot read; the message fits next to the field."""


class ClockError(NetuiError):
    """``NETUI_NOW`` is set to something that is not a date."""


class UndoError(NetuiError):
    """An undo that cannot be done."""


class UndoConflict(UndoError):
    """Another writer changed rows an action wrote, since the action; ``changes`` says what, in words."""

    def __init__(self, changes: list[str]):
        self.changes = changes
        shown = changes[:6]
        more = f"; and {len(changes) - 6} more" if len(changes) > 6 else ""
        super().__init__("changed elsewhere since: " + "; ".join(shown) + more)


class CannotUndo(UndoError):
    """The newest undo step cannot be undone (the message says why); older steps stay behind it."""


class SettingsError(NetuiError):
    """A config file netui cannot use: which file, which key (or line), and what is wrong."""
