"""The journal and the people of the detail pane, from the app: add, edit or delete a dated entry,
remove a relation. Each is one undoable write through ``writes``; the form says a bad date beside its
field and keeps what was typed. Reading the item, its form and the question before a delete are the
timeline's (``timeline_item``), as for an interaction."""

from __future__ import annotations

import datetime as dt

from netui.core import contacts, journal, relations
from netui.core.dates import parse_date
from netui.db.models import Relation
from netui.tui import writes
from netui.tui.dialogs import timeline_item
from netui.tui.dialogs.form import Field, FormSpec
from netui.tui.forms import line_to_note, note_to_line
from netui.tui.safe import line, notify
from netui.tui.writes import CONTACTS, INTERACTIONS

WHAT = {CONTACTS, INTERACTIONS}  # the pane's timeline shows the journal


def _day(text: str, now: dt.datetime) -> dt.date:
    day = parse_date(text, now)
    if day > now.date():
        raise ValueError(f"{day} is in the future: note what you have learnt")
    return day


def entry_form(name: str, now: dt.datetime, entry: journal.Entry | None = None) -> FormSpec:
    """The fields of one entry: its text (first: typing starts there) and the day it is about."""
    return FormSpec(
        f"Journal: {name}" if entry is None else f"Edit the journal entry of {entry.on:%d %b %Y} about {name}",
        [
            Field("text", "Entry", note_to_line(entry.text) if entry else "", "she moved to the London office",
                  parse=line_to_note, required=True, help="what you learnt about them (↵ for a new line)"),
            Field("on", "On", f"{(entry.on if entry else now.date()):%Y-%m-%d}", "today, yesterday, 2026-11-03",
                  parse=lambda t: _day(t, now), required=True, help="the day it is about, not in the future"),
        ],
        only_changed=entry is not None,
    )


def add(app, contact_id: int) -> None:
    """Ask for an entry about ``contact_id`` and write it."""
    now = app.now()
    name = contacts.get(contact_id).name
    spec = entry_form(name, now)

    def save(values: dict) -> int:
        entry_id = writes.write(app, f"journal entry about {name}", [contact_id],
                                lambda: journal.add(contact_id, values["text"], now, on=values["on"]), what=WHAT)
        notify(app, f"Noted in {name}'s journal. Press u to undo.")
        return entry_id

    timeline_item.open_form(app, spec, save)


def _entry(app, entry_id: int) -> tuple[journal.Entry, str] | None:
    return timeline_item.read(app, lambda: journal.get(entry_id), lambda entry: entry.contact_id)


def edit(app, entry_id: int) -> None:
    """The form for one entry; saving writes what was changed."""
    found = _entry(app, entry_id)
    if found is None:
        return
    entry, name = found
    now = app.now()

    def save(values: dict) -> int:
        if values:
            writes.write(app, f"edit the journal entry about {name}", [entry.contact_id],
                         lambda: journal.edit(entry_id, now, text=values.get("text"), on=values.get("on")),
                         changed=bool, what=WHAT)
            notify(app, f"Edited the journal entry about {name}. Press u to undo.")
        return entry_id

    timeline_item.open_form(app, entry_form(name, now, entry), save)


def delete(app, entry_id: int) -> None:
    """Ask, then delete one entry."""
    found = _entry(app, entry_id)
    if found is None:
        return
    entry, name = found

    def do() -> None:
        if writes.attempt(app, f"delete the journal entry about {name}", [entry.contact_id],
                          lambda: journal.delete(entry_id), what=WHAT, refused="Not deleted: ").ok:
            notify(app, f"Deleted the journal entry of {entry.on:%d %b %Y} about {name}. Press u to undo.")

    asked = timeline_item.question(
        line("Delete the journal entry of ", (f"{entry.on:%d %b %Y}", "bold"), " about ", (name, "bold"), "?"),
        line((entry.text.splitlines()[0][:60] if entry.text else "", "italic")),
        after="u undoes it.")
    timeline_item.confirm(app, asked, "Delete", do)


def unrelate(app, relation_id: int, contact_id: int) -> None:
    """Ask, then remove one relation (seen from ``contact_id``'s side)."""
    row = Relation.get_or_none(Relation.id == relation_id)
    seen = next((r for r in relations.of(contact_id) if r.id == relation_id), None)
    if row is None or seen is None:
        notify(app, "Not done: that relation was removed elsewhere.", severity="warning")
        app.follow()
        return
    name = contacts.get(contact_id).name

    def do() -> None:
        if writes.attempt(app, f"unrelate {name} and {seen.name}", [row.a_id, row.b_id],
                          lambda: relations.delete(relation_id), what={CONTACTS}, refused="Not removed: ").ok:
            notify(app, f"Removed: {name} — {seen.words} {seen.name}. Press u to undo.")

    asked = timeline_item.question(
        line("Remove the relation ", (name, "bold"), f" — {seen.words} ", (seen.name, "bold"), "?"),
        after="Both stay; u undoes it.")
    timeline_item.confirm(app, asked, "Remove", do)
