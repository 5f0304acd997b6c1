"""Conflicts as choices: each one the Sync screen and ``netui sync --status`` list, with both values,
and what picking a side does.

A conflict sync found is kept in ``Meta`` (``sync.conflicts``). Each offers one or more *choices*:

- a contact's single value both sides changed (``kind`` "contact", one choice per field): netui's value
  was kept and theirs added to the note as ``from sync conflict: <field>: <value>``. Picking *here*
  keeps netui's and drops that line; *there* takes theirs (and drops the line). The next sync writes it.
- a reminder deleted on the server (``reminder-deleted``): *here* keeps it (written back at the next
  sync), *there* marks it done as the server had it.
- a reminder moved on both sides (``reminder-due``): *here* keeps netui's date, *there* takes theirs.
- anything else (lists united, a deletion turned into archiving): one line to read; either key
  dismisses it, since sync kept both versions already.

Every pick is one transaction; a conflict with no choice left is forgotten.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netui.core import contacts, reminders
from netui.core.contacts import ContactInput
from netui.core.errors import ContactError, NotFound, ReminderError
from netui.core.text import sanitize
from netui.db import db
from netui.db.models import Contact, Reminder
from netui.interop.sync.state import CONFLICTS_KEY, REMINDER_FILES_KEY, conflicts, get_meta, set_meta

SIDES = ("here", "there")


@dataclass(frozen=True)
class Choice:
    """One thing to decide: ``number`` (which conflict, oldest first), ``field`` ("" when the whole
    conflict is one line to read), both values in words."""

    number: int
    name: str
    what: str  # the field in words, or the conflict's line
    here: str
    there: str
    field: str = ""
    contact_id: int | None = None  # the contact a pick changes (undo takes it back)

    @property
    def key(self) -> str:
        return f"{self.number}:{self.field}"


def _words(value: object) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return sanitize(str(value), multiline=True)


def choices() -> list[Choice]:
    """Every open choice, oldest conflict first."""
    out: list[Choice] = []
    listed = conflicts()
    uids = [str(c.get("uid")) for c in listed if c.get("kind") == "contact"]
    ids = dict(Contact.select(Contact.uid, Contact.id).where(Contact.uid.in_(uids)).tuples()) if uids else {}
    for n, c in enumerate(listed):
        name = sanitize(str(c.get("name") or ""))
        kind = c.get("kind")
        if kind == "contact" and c.get("choices"):
            out += [Choice(n, name, sanitize(str(x.get("words") or x.get("field"))), _words(x.get("mine")),
                           _words(x.get("theirs")), str(x.get("field")), ids.get(str(c.get("uid"))))
                    for x in c["choices"]]
        elif kind == "reminder-deleted":
            out.append(Choice(n, name, sanitize(str(c.get("what") or "")), "keep it (the next sync writes it back)",
                              "mark it done", "reminder"))
        elif kind == "reminder-due":
            out.append(Choice(n, name, sanitize(str(c.get("what") or "")), _words(c.get("mine")),
                              _words(c.get("theirs")), "due"))
        else:
            out.append(Choice(n, name, sanitize(str(c.get("what") or "")), "both kept", "both kept"))
    return out


def resolve(choice: Choice, side: str, now: dt.datetime) -> str:
    """Pick ``side`` ("here" or "there") for one choice; returns what was done, in words.

    Raises ContactError when the conflict is gone (picked elsewhere) or what it names no longer exists.
    """
    if side not in SIDES:
        raise ValueError(f"pick here or there, not {side!r}")
    with db.atomic():
        listed = conflicts()
        if choice.number >= len(listed) or sanitize(str(listed[choice.number].get("name") or "")) != choice.name:
            raise ContactError("that conflict was settled elsewhere; the list is read again")
        c = listed[choice.number]
        kind = c.get("kind")
        if kind == "contact" and choice.field:
            done = _contact(c, choice, side, now)
            c["choices"] = [x for x in c.get("choices") or [] if x.get("field") != choice.field]
            if not c["choices"]:
                listed.pop(choice.number)
        else:
            if kind == "reminder-deleted":
                done = _reminder_deleted(c, side, now)
            elif kind == "reminder-due":
                done = _reminder_due(c, side)
            else:
                done = "dismissed: sync had kept both versions"
            listed.pop(choice.number)
        set_meta(CONFLICTS_KEY, listed)
    return done


def _contact(c: dict, choice: Choice, side: str, now: dt.datetime) -> str:
    cid = Contact.select(Contact.id).where(Contact.uid == c.get("uid")).scalar()
    if cid is None:
        raise NotFound(f"{choice.name} is no longer here; the conflict is left for you to dismiss")
    x = next(x for x in c["choices"] if x.get("field") == choice.field)
    line = f"from sync conflict: {x.get('words')}: {_plain_words(x.get('theirs'))}"
    note = contacts.contact_dict(cid).get("note") or ""
    kept = "\n".join(part for part in note.split("\n") if part.strip() != line).strip("\n")
    kept = kept.replace("\n\n\n", "\n\n")
    values: dict[str, object] = {"note": kept}
    if side == "there":
        values[choice.field] = x.get("theirs")
    contacts.update(cid, ContactInput.from_plain(values, new=False), now)
    return f"{choice.name}: {choice.what} is now {_words(values.get(choice.field, x.get('mine')))}"


def _plain_words(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _reminder_deleted(c: dict, side: str, now: dt.datetime) -> str:
    files = get_meta(REMINDER_FILES_KEY, {})
    if isinstance(files, dict):
        files.pop(str(c.get("file") or ""), None)  # forgotten: the next sync writes it back, or finds it done
        set_meta(REMINDER_FILES_KEY, files)
    if side == "here":
        return f"{sanitize(str(c.get('name') or ''))}: the reminder stays; the next sync writes it back"
    try:
        reminders.done(int(c.get("reminder_id") or 0), now, force=True)
    except (ReminderError, NotFound):
        pass  # already closed here
    return f"{sanitize(str(c.get('name') or ''))}: the reminder is done, as the server had it"


def _reminder_due(c: dict, side: str) -> str:
    name = sanitize(str(c.get("name") or ""))
    if side == "here":
        return f"{name}: the reminder keeps this machine's date; the next sync writes it"
    to = dt.datetime.fromisoformat(str(c.get("theirs")))
    Reminder.update(next_due_at=to, snoozed_until=to).where(
        (Reminder.id == int(c.get("reminder_id") or 0)) & Reminder.next_due_at.is_null(False)
    ).execute()
    return f"{name}: the reminder is due {to:%d %b %Y %H:%M}, as the other side had it"
