"""The log of real interactions: what happened with whom, and when it happened.

An interaction with several people (a dinner with three) is one row per person, the rows tied by the
same ``share`` key: each person's timeline, cadence, plan and score read their own row as before, and
the interaction counts once per person. Editing one row edits them all; deleting asks which.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from peewee import fn

from netui.core import derived, lookup
from netui.core.dates import as_datetime
from netui.core.errors import ContactError, NotFound
from netui.core.text import sanitize
from netui.core.vocab import INTERACTION_KINDS, KEEP_IN_TOUCH
from netui.db import db
from netui.db.models import Contact, Interaction, Reminder

KIND_ALIASES = {
    "meeting": "in-person", "met": "in-person", "inperson": "in-person", "in person": "in-person",
    "coffee": "in-person", "lunch": "in-person", "phone": "call", "mail": "email", "text": "message",
    "sms": "message", "chat": "message", "like": "social", "comment": "social", "zoom": "video",
}


class InteractionRow(NamedTuple):
    id: int
    contact_id: int
    occurred_at: dt.datetime
    kind: str
    summary: str
    note: str
    share: str | None = None  # the key the rows of one interaction with several people share


def parse_kind(text: str) -> str:
    key = (text or "").strip().lower()
    kind = KIND_ALIASES.get(key, key)
    if kind not in INTERACTION_KINDS:
        raise ContactError(f"unknown kind {text!r} (use one of {', '.join(INTERACTION_KINDS)})")
    return kind


class Closed(NamedTuple):
    """A reminder a log closed (or, after an edit or delete, reopened)."""

    reminder_id: int
    kind: str
    words: str  # "48 h follow-up", "30-day call", "reminder: ask about the move"


class Logged(NamedTuple):
    """What a log, an edit or a delete did: the interaction's id and the reminders it closed or reopened."""

    id: int
    closed: tuple[Closed, ...] = ()
    reopened: tuple[Closed, ...] = ()


def check_when(occurred_at: dt.datetime, now: dt.datetime) -> dt.datetime:
    """``occurred_at`` to the second, or ``ContactError`` if it is after ``now`` (what is logged has happened)."""
    when = occurred_at.replace(microsecond=0)
    if when > now:
        raise ContactError(
            f"{when:%Y-%m-%d %H:%M} is in the future (now is {now:%Y-%m-%d %H:%M}): log what has happened"
        )
    return when


def _plan_rows(contact_id: int) -> dict[int, tuple[str, str, bool]]:
    """The contact's own reminders: id -> (kind, note, open)."""
    rows = Reminder.select(Reminder.id, Reminder.kind, Reminder.note, Reminder.next_due_at).where(
        (Reminder.contact == contact_id) & Reminder.introduction.is_null() & (Reminder.kind != KEEP_IN_TOUCH)
    )
    return {r.id: (r.kind, r.note or "", r.next_due_at is not None) for r in rows}


def _changes(before: dict, after: dict) -> tuple[tuple[Closed, ...], tuple[Closed, ...]]:
    from netui.core import reminders  # start-up: the first frame logs nothing

    closed: list[Closed] = []
    reopened: list[Closed] = []
    for rid, (kind, note, was_open) in before.items():
        now_open = after.get(rid, (kind, note, False))[2]
        if was_open != now_open:
            (reopened if now_open else closed).append(Closed(rid, kind, reminders.step_words(kind, note)))
    return tuple(closed), tuple(reopened)


def _answer_dated(contact_id: int, kind: str, occurred_at: dt.datetime, now: dt.datetime) -> None:
    """Mark done the birthday and custom reminders due by now that this log answers (the rule in ``answers``)."""
    from netui.core import reminders  # start-up: as in ``_changes``

    due = Reminder.select(Reminder.id, Reminder.kind, Reminder.next_due_at).where(
        (Reminder.contact == contact_id) & Reminder.introduction.is_null() & Reminder.next_due_at.is_null(False)
        & (Reminder.next_due_at <= now)
    )
    for row in list(due):
        if reminders.answers_dated(row.kind, as_datetime(row.next_due_at), kind, occurred_at):
            reminders.done(row.id, now, force=True)


def log(
    contact_id: int, kind: str, occurred_at: dt.datetime, now: dt.datetime, summary: str = "", note: str = "",
    *, share: str | None = None,
) -> Logged:
    """Record an interaction as one transaction and close what it answers (``reminders.answers``).

    The keep-in-touch clock restarts from ``occurred_at``; a time after ``now`` is refused. Returns
    the new row's id and the reminders the log closed. ``share``: this row is one person's part of an
    interaction with several (``log_with``).
    """
    kind = parse_kind(kind)
    when = check_when(occurred_at, now)
    with db.atomic():
        lookup.get(contact_id)
        before = _plan_rows(contact_id)
        row = Interaction.create(
            contact=contact_id, occurred_at=when, kind=kind,
            summary=sanitize(summary), note=sanitize(note, multiline=True), created_at=now, share=share,
        )
        derived.refresh(contact_id, now)
        _answer_dated(contact_id, kind, when, now)
        closed, _ = _changes(before, _plan_rows(contact_id))
    return Logged(row.id, closed)


def log_with(
    contact_ids: Sequence[int], kind: str, occurred_at: dt.datetime, now: dt.datetime, summary: str = "",
    note: str = "",
) -> list[Logged]:
    """One interaction with several people, as one transaction: a row for each through ``log`` (each
    person's clock restarts, their follow-ups close), tied by one ``share`` key. One person: a plain log.
    Returns what each log did, in the order of ``contact_ids`` (a person named twice counts once)."""
    people = list(dict.fromkeys(contact_ids))
    if not people:
        raise ContactError("log with whom? name at least one person")
    share = uuid.uuid4().hex if len(people) > 1 else None
    with db.atomic():
        return [log(cid, kind, occurred_at, now, summary, note, share=share) for cid in people]


def participants(interaction_id: int) -> list[int]:
    """Everyone an interaction was with (its own person first, then by id): one person unless shared."""
    row = get(interaction_id)
    if row.share is None:
        return [row.contact_id]
    others = [cid for (cid,) in Interaction.select(Interaction.contact).where(
        (Interaction.share == row.share) & (Interaction.contact != row.contact_id)).order_by(Interaction.contact).tuples()]
    return [row.contact_id, *dict.fromkeys(others)]


def shared_with(share_keys: Iterable[str | None], contact_id: int) -> dict[str, list[tuple[int, str]]]:
    """For each share key: the other people (id, name) it was with, by name; one query for a whole timeline."""
    keys = sorted({k for k in share_keys if k})
    out: dict[str, list[tuple[int, str]]] = {}
    if not keys:
        return out
    rows = (Interaction.select(Interaction.share, Contact.id, Contact.name).join(Contact)
            .where(Interaction.share.in_(keys) & (Interaction.contact != contact_id))
            .order_by(Contact.sort_name, Contact.id).tuples())
    for share, cid, name in rows:
        people = out.setdefault(share, [])
        if (cid, name) not in people:
            people.append((cid, name))
    return out


class InteractionItem(NamedTuple):
    """An interaction as another copy of the database describes it (sync): when, how, what."""

    occurred_at: dt.datetime
    kind: str
    summary: str = ""
    note: str = ""


def replace(contact_id: int, items: Iterable[InteractionItem], now: dt.datetime) -> bool:
    """Make a contact's interactions exactly ``items``, keeping their dates: what another copy says.

    Rows already there stay (with their ids); one of two identical rows goes, as do rows not in
    ``items``; missing ones are added, even when they happened after ``now`` (another device's clock).
    True when anything changed; the contact is refreshed then. One transaction.
    """
    want = {
        (i.occurred_at.replace(microsecond=0), parse_kind(i.kind), sanitize(i.summary), sanitize(i.note, multiline=True))
        for i in items
    }
    changed = False
    with db.atomic():
        lookup.get(contact_id)
        have: dict[tuple, list[int]] = defaultdict(list)
        for row in Interaction.select().where(Interaction.contact == contact_id).order_by(Interaction.id):
            at = as_datetime(row.occurred_at)
            have[(at, row.kind, row.summary or "", row.note or "")].append(row.id)
        for key, ids in have.items():
            drop = ids if key not in want else ids[1:]  # the same interaction twice is one
            if drop:
                Interaction.delete().where(Interaction.id.in_(drop)).execute()
                changed = True
        for at, kind, summary, note in want - set(have):
            Interaction.create(contact=contact_id, occurred_at=at, kind=kind, summary=summary, note=note, created_at=now)
            changed = True
        if changed:
            derived.refresh(contact_id, now)
    return changed


def log_meeting(contact: Contact, now: dt.datetime) -> bool:
    """Log the day someone was met (``met_on``, not after today) as their first in-person interaction.

    So a person met yesterday is not "last: never", strength 0. An import logs no meeting: a
    "Connected On" date is not one, and the contact stays unscheduled until you decide. The caller
    refreshes the contact; returns whether a meeting was logged.
    """
    met = as_datetime(contact.met_on)
    if met is None or met > now:
        return False
    summary = f"met at {contact.how_met}" if contact.how_met else "met"
    Interaction.create(contact=contact.id, occurred_at=met, kind="in-person", summary=summary, created_at=now)
    return True


def move_meeting(contact_id: int, met_before, met_after, now: dt.datetime) -> None:
    """The meeting logged for ``met_on`` follows it: moved with the date, gone when the date is.

    In the caller's transaction; the caller refreshes the contact.
    """
    before, after = as_datetime(met_before), as_datetime(met_after)
    if before is None or after == before:
        return
    meeting = Interaction.get_or_none(
        (Interaction.contact == contact_id) & (Interaction.kind == "in-person") & (Interaction.occurred_at == before)
    )
    if meeting is None:
        return
    if after is None or after > now:
        meeting.delete_instance()
    else:
        Interaction.update(occurred_at=after).where(Interaction.id == meeting.id).execute()


def get(interaction_id: int) -> InteractionRow:
    """One interaction, or ``NotFound``."""
    r = Interaction.get_or_none(Interaction.id == interaction_id)
    if r is None:
        raise NotFound(f"there is no interaction #{interaction_id}")
    return InteractionRow(r.id, r.contact_id, as_datetime(r.occurred_at), r.kind, r.summary, r.note, r.share)


def _rows_of(row: InteractionRow) -> list[tuple[int, int]]:
    """(row id, contact id) of every row of the interaction ``row`` belongs to: itself first."""
    if row.share is None:
        return [(row.id, row.contact_id)]
    others = Interaction.select(Interaction.id, Interaction.contact).where(
        (Interaction.share == row.share) & (Interaction.id != row.id)).order_by(Interaction.id).tuples()
    return [(row.id, row.contact_id), *others]


def edit(
    interaction_id: int, now: dt.datetime, *, kind: str | None = None, occurred_at: dt.datetime | None = None,
    summary: str | None = None, note: str | None = None,
) -> Logged:
    """Correct an interaction (``None`` leaves a field as it is); everything derived is recomputed.

    Last contact, next due, strength and the plan's steps follow the corrected row: a step it no
    longer answers reopens, one it now answers closes. A shared interaction changes for everyone it
    was with. Returns what closed and what reopened for the row's own person.
    """
    changes: dict = {}
    if kind is not None:
        changes[Interaction.kind] = parse_kind(kind)
    if occurred_at is not None:
        changes[Interaction.occurred_at] = check_when(occurred_at, now)
    if summary is not None:
        changes[Interaction.summary] = sanitize(summary)
    if note is not None:
        changes[Interaction.note] = sanitize(note, multiline=True)
    with db.atomic():
        row = get(interaction_id)
        rows = _rows_of(row)
        before = _plan_rows(row.contact_id)
        if changes:
            Interaction.update(changes).where(Interaction.id.in_([rid for rid, _ in rows])).execute()
        new = get(interaction_id)
        for _, cid in reversed(rows):  # the others first: the row's own person is the one reported
            derived.refresh(cid, now)
            _answer_dated(cid, new.kind, new.occurred_at, now)
        closed, reopened = _changes(before, _plan_rows(row.contact_id))
    return Logged(interaction_id, closed, reopened)


def delete(interaction_id: int, now: dt.datetime, *, whole: bool = False) -> Logged:
    """Remove an interaction; the cadence moves back to the one before it, the steps it answered reopen.

    A shared interaction loses only this row's person, unless ``whole``: then it goes for everyone.
    """
    with db.atomic():
        row = get(interaction_id)
        rows = _rows_of(row) if whole else [(row.id, row.contact_id)]
        before = _plan_rows(row.contact_id)
        Interaction.delete().where(Interaction.id.in_([rid for rid, _ in rows])).execute()
        for cid in dict.fromkeys(cid for _, cid in rows):
            derived.refresh(cid, now)
        _, reopened = _changes(before, _plan_rows(row.contact_id))
    return Logged(interaction_id, (), reopened)


def recent(contact_id: int, limit: int = 50) -> list[InteractionRow]:
    rows = (
        Interaction.select()
        .where(Interaction.contact == contact_id)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .limit(limit)
    )
    return [
        InteractionRow(r.id, r.contact_id, as_datetime(r.occurred_at), r.kind, r.summary, r.note, r.share)
        for r in rows
    ]


def counts_by_kind(contact_id: int) -> dict[str, int]:
    query = (
        Interaction.select(Interaction.kind, fn.COUNT(Interaction.id))
        .where(Interaction.contact == contact_id)
        .group_by(Interaction.kind)
        .tuples()
    )
    return dict(query)
