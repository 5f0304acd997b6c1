"""The journal: dated entries of what you learnt about someone ("she moved to the London office").

Beside the contact's free note (the "about" text), each entry has the day it is about, never in the
future, and its text, which the search finds (the full-text row of the person includes it). Every
write is one transaction and brings the person's search row up to date.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from netui.core import lookup, search
from netui.core.dates import as_date
from netui.core.errors import JournalError as JournalError
from netui.core.text import sanitize
from netui.db import db
from netui.db.models import Journal

MAX_TEXT = 4000


class Entry(NamedTuple):
    """One entry as the pane and the CLI show it."""

    id: int
    contact_id: int
    on: dt.date
    text: str


def _text(text: str) -> str:
    clean = sanitize(text, multiline=True, limit=MAX_TEXT)
    if not clean:
        raise JournalError("a journal entry needs some text: what did you learn?")
    return clean


def _day(on: dt.date | dt.datetime | None, now: dt.datetime) -> dt.date:
    day = as_date(on) if on is not None else now.date()
    assert day is not None
    if day > now.date():
        raise JournalError(f"{day} is in the future (today is {now.date()}): note what you have learnt")
    return day


def add(contact_id: int, text: str, now: dt.datetime, *, on: dt.date | dt.datetime | None = None) -> int:
    """A new entry about ``contact_id`` on ``on`` (default: today); returns its id."""
    body, day = _text(text), _day(on, now)
    with db.atomic():
        lookup.get(contact_id)
        row = Journal.create(contact=contact_id, noted_on=day, text=body, created_at=now)
        search.reindex([contact_id])
    return row.id


def get(entry_id: int) -> Entry:
    row = Journal.get_or_none(Journal.id == entry_id)
    if row is None:
        raise JournalError(f"there is no journal entry #{entry_id}")
    return _entry(row)


def _entry(row: Journal) -> Entry:
    day = as_date(row.noted_on)
    assert day is not None
    return Entry(row.id, row.contact_id, day, row.text)


def edit(entry_id: int, now: dt.datetime, *, text: str | None = None, on: dt.date | dt.datetime | None = None) -> bool:
    """Change an entry's text or day; True if anything changed."""
    with db.atomic():
        row = Journal.get_or_none(Journal.id == entry_id)
        if row is None:
            raise JournalError(f"there is no journal entry #{entry_id}")
        changes: dict = {}
        if text is not None and _text(text) != row.text:
            changes["text"] = _text(text)
        if on is not None and _day(on, now) != as_date(row.noted_on):
            changes["noted_on"] = _day(on, now)
        if changes:
            Journal.update(**changes).where(Journal.id == entry_id).execute()
            search.reindex([row.contact_id])
    return bool(changes)


def delete(entry_id: int) -> Entry:
    """Remove one entry; returns what it was."""
    with db.atomic():
        entry = get(entry_id)
        Journal.delete().where(Journal.id == entry_id).execute()
        search.reindex([entry.contact_id])
    return entry


def of(contact_id: int, limit: int | None = None) -> list[Entry]:
    """A person's entries, newest day first."""
    query = Journal.select().where(Journal.contact == contact_id).order_by(Journal.noted_on.desc(), Journal.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return [_entry(row) for row in query]


def of_many(contact_ids: list[int]) -> dict[int, list[Entry]]:
    """``of`` for many contacts, one query per 500 (the JSON list and the backup)."""
    out: dict[int, list[Entry]] = {}
    ids = sorted(set(contact_ids))
    for start in range(0, len(ids), 500):
        rows = Journal.select().where(Journal.contact.in_(ids[start : start + 500])).order_by(
            Journal.contact, Journal.noted_on.desc(), Journal.id.desc())
        for row in rows:
            out.setdefault(row.contact_id, []).append(_entry(row))
    return out


def as_dict(entry: Entry) -> dict:
    """One entry in the JSON (``show``, ``list``, ``notes``, the backup): ``{on, text}``."""
    return {"on": entry.on.isoformat(), "text": entry.text}
