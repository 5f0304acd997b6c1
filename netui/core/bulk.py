"""Bulk actions: one change made to many people at once, as one action.

Mark twelve people (in the app, or by a search from the shell) and tag them, untag them, put them in
a circle, give them a cadence, or archive them: each is one transaction over all of them, so a failure
halfway writes nothing and the app undoes the whole of it as one step (the app captures the people
before and pushes the step after, as for any write). A tag is set-based: its links, ``updated_at`` and
the search rows, a few statements per 500 people (no cached column, reminder or score depends on a tag),
so tagging 100,000 people costs seconds. A circle, cadence or archived is set a few hundred at a time,
then each person's cached columns, reminders, score and search rows follow as after an edit. Only the people
the change does something to are written: tagging twelve when three have the tag already writes nine.

``pending`` says who a change would touch without writing anything (the CLI's ``--dry-run``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from netui.core import contacts, derived, formats, search, tags
from netui.core.errors import ContactError
from netui.core.vocab import CIRCLES
from netui.db import db
from netui.db.models import Contact, ContactTag, Tag

FIELDS = ("circle", "cadence", "archived")  # what ``set`` may change
_COLUMNS = {"circle": Contact.circle, "cadence": Contact.cadence_days, "archived": Contact.archived}
DEFAULT_CADENCE = "default"  # a cadence value: back to the circle's own
CHUNK = 500
WALK_FROM = 2000  # more people than this are found in the list's order by walking it (``first_names``)
_YES, _NO = ("yes", "true", "on", "1"), ("no", "false", "off", "0")


class Change(NamedTuple):
    """One bulk change: ``tag`` (``value`` the tag, ``remove`` to untag) or one of ``FIELDS``."""

    field: str  # "tag", "circle", "cadence" (value: days, or None for the circle's), "archived"
    value: str | int | bool | None
    remove: bool = False


def tagging(tag: str, *, remove: bool = False) -> Change:
    """The change that tags (or untags) people with ``tag``; an empty tag is refused."""
    if not tags.clean_tag(tag):
        raise ContactError(f"{tag!r} is not a tag: give a word, like vip or rowing")
    return Change("tag", tag, remove)


def setting(field: str, text: str) -> Change:
    """The change that sets ``field`` to the value ``text`` says; a field or value it cannot be is refused."""
    word = text.strip().lower()
    if field == "circle":
        if word not in CIRCLES:
            raise ContactError(f"unknown circle {text!r} (use one of {', '.join(CIRCLES)})")
        return Change(field, word)
    if field == "cadence":
        if word == DEFAULT_CADENCE:
            return Change(field, None)
        days = word.removesuffix("d").strip()
        if not days.isdigit() or not 1 <= int(days) <= 3650:
            raise ContactError(f"{text!r} is not a cadence: a number of days from 1 to 3650 (30, 30d), or default")
        return Change(field, int(days))
    if field == "archived":
        if word not in _YES + _NO:
            raise ContactError(f"{text!r} is not archived or not: say yes or no")
        return Change(field, word in _YES)
    raise ContactError(f"{field!r} cannot be set for many people at once (use one of {', '.join(FIELDS)})")


def _parts(ids: list[int]) -> Iterator[list[int]]:
    """``ids`` a few hundred at a time: an IN (...) list stays well below SQLite's variable limit."""
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def tag_key(change: Change) -> str:
    return tags.clean_tag(str(change.value))


def pending(contact_ids: Iterable[int], change: Change) -> list[int]:
    """Who among ``contact_ids`` the change would alter (in the order given, once each); writes nothing."""
    ids = list(dict.fromkeys(contact_ids))
    if not ids:
        return []
    if change.field == "tag":
        have = {cid for part in _parts(ids) for (cid,) in ContactTag.select(ContactTag.contact).join(Tag)
                .where((Tag.name == tag_key(change)) & ContactTag.contact.in_(part)).tuples()}
        return [cid for cid in ids if (cid in have) == change.remove]
    column = _COLUMNS[change.field]
    now_values = {cid: value for part in _parts(ids)
                  for cid, value in Contact.select(Contact.id, column).where(Contact.id.in_(part)).tuples()}
    return [cid for cid in ids if cid in now_values and now_values[cid] != change.value]


def _untag(contact_ids: list[int], key: str, now: dt.datetime) -> None:
    """Take one tag off these people, in the caller's transaction, touching no other tag row."""
    tag_id = Tag.select(Tag.id).where(Tag.name == key).scalar()
    for part in _parts(contact_ids):
        ContactTag.delete().where((ContactTag.tag == tag_id) & ContactTag.contact.in_(part)).execute()
        Contact.update(updated_at=now).where(Contact.id.in_(part)).execute()
    search.reindex(contact_ids)


def _tag(contact_ids: list[int], raw: str, now: dt.datetime) -> None:
    """Give these people one tag, in the caller's transaction (``pending`` found they lack it)."""
    tag_id = tags.tag_id(raw)
    for part in _parts(contact_ids):
        ContactTag.insert_many([(cid, tag_id) for cid in part], fields=[ContactTag.contact, ContactTag.tag]) \
            .on_conflict_ignore().execute()
        Contact.update(updated_at=now).where(Contact.id.in_(part)).execute()
    search.reindex(contact_ids)


def _set(contact_ids: list[int], change: Change, now: dt.datetime) -> None:
    """Set a circle, cadence or archived for these people (``pending`` found it differs), in the caller's
    transaction: the column for a few hundred at once, then what follows from it for each, as an edit
    does (``derived.refresh``: the keep-in-touch date, the reminders, the score, the search rows)."""
    column = _COLUMNS[change.field]
    for part in _parts(contact_ids):
        Contact.update({column: change.value, Contact.updated_at: now}).where(Contact.id.in_(part)).execute()
    for cid in contact_ids:
        derived.refresh(cid, now)


def apply(contact_ids: Iterable[int], change: Change, now: dt.datetime) -> list[int]:
    """Make ``change`` to each of ``contact_ids`` it alters, all in one transaction; returns who changed.

    A contact that does not exist (deleted elsewhere since it was marked) is refused: ``NotFound``, and
    nothing is written.
    """
    ids = list(dict.fromkeys(contact_ids))
    if not ids:
        raise ContactError("nobody is marked to change")
    with db.atomic():
        present = {cid for part in _parts(ids) for (cid,) in Contact.select(Contact.id).where(Contact.id.in_(part)).tuples()}
        gone = next((cid for cid in ids if cid not in present), None)
        if gone is not None:
            contacts.get(gone)  # raises NotFound, said as everywhere
        changed = pending(ids, change)
        if change.field == "tag" and change.remove:
            _untag(changed, tag_key(change), now)
        elif change.field == "tag":
            _tag(changed, str(change.value), now)
        else:
            _set(changed, change, now)
    return changed


def names(contact_ids: Iterable[int]) -> list[str]:
    """The names of ``contact_ids``, in the order given (to say who changed)."""
    ids = list(contact_ids)
    found = {cid: name for part in _parts(ids)
             for cid, name in Contact.select(Contact.id, Contact.name).where(Contact.id.in_(part)).tuples()}
    return [found[cid] for cid in ids if cid in found]


def first_names(contact_ids: Iterable[int], count: int) -> list[str]:
    """The first ``count`` names of ``contact_ids`` in the list's order (by name): a few rows of each
    chunk, not every name, so saying who 100,000 marked people are costs what saying who ten are does."""
    ids = list(dict.fromkeys(contact_ids))
    if len(ids) > WALK_FROM:  # many: the list's order walked until enough of them have come by
        wanted, found = set(ids), []
        for cid, name in Contact.select(Contact.id, Contact.name).order_by(Contact.sort_name, Contact.id).tuples():
            if cid in wanted:
                found.append(name)
                if len(found) == count:
                    break
        return found
    rows = [row for part in _parts(ids)
            for row in Contact.select(Contact.sort_name, Contact.id, Contact.name).where(Contact.id.in_(part))
            .order_by(Contact.sort_name, Contact.id).limit(count).tuples()]
    return [name for _, _, name in sorted(rows)[:count]]


def describe(change: Change, count: int, *, done: bool = True) -> str:
    """What the change did to ``count`` people, as a sentence's start: "Tagged 12 people with vip"."""
    people = formats.count(count, "person", "people")
    if change.field == "tag":
        verb = ("Untagged" if done else "Would untag") if change.remove else ("Tagged" if done else "Would tag")
        return f"{verb} {people} {'from' if change.remove else 'with'} {tag_key(change)}"
    if change.field == "archived":
        verb = "Archived" if change.value else "Unarchived"
        return f"{verb} {people}" if done else f"Would {verb.lower().removesuffix('d')} {people}"
    shown = str(change.value)
    if change.field == "cadence":
        shown = f"every {change.value} days" if change.value else "the circle's default"
    return f"{'Set' if done else 'Would set'} the {change.field} of {people} to {shown}"
