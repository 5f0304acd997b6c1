"""The log of real interactions: what happened with whom, and when it happened."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from peewee import fn

from netui.core import derived, lookup
from netui.core.dates import as_datetime
from netui.core.errors import ContactError, NotFound
from netui.core.text import sanitize
from netui.core.vocab import INTERACTION_KINDS
from netui.db import db
from netui.db.models import Interaction

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


def parse_kind(text: str) -> str:
    key = (text or "").strip().lower()
    kind = KIND_ALIASES.get(key, key)
    if kind not in INTERACTION_KINDS:
        raise ContactError(f"unknown kind {text!r} (use one of {', '.join(INTERACTION_KINDS)})")
    return kind


def log(
    contact_id: int, kind: str, occurred_at: dt.datetime, now: dt.datetime, summary: str = "", note: str = ""
) -> int:
    """Record an interaction as one transaction; the keep-in-touch clock restarts from ``occurred_at``."""
    kind = parse_kind(kind)
    if occurred_at > now + dt.timedelta(days=1):
        raise ContactError("an interaction cannot happen in the future")
    with db.atomic():
        lookup.get(contact_id)
        row = Interaction.create(
            contact=contact_id, occurred_at=occurred_at.replace(microsecond=0), kind=kind,
            summary=sanitize(summary), note=sanitize(note, multiline=True), created_at=now,
        )
        derived.refresh(contact_id, now)
    return row.id


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


def delete(interaction_id: int, now: dt.datetime) -> None:
    """Remove an interaction; the cadence moves back to the one before it."""
    with db.atomic():
        row = Interaction.get_or_none(Interaction.id == interaction_id)
        if row is None:
            raise NotFound(f"there is no interaction #{interaction_id}")
        contact_id = row.contact_id
        row.delete_instance()
        derived.refresh(contact_id, now)


def recent(contact_id: int, limit: int = 50) -> list[InteractionRow]:
    rows = (
        Interaction.select()
        .where(Interaction.contact == contact_id)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .limit(limit)
    )
    return [
        InteractionRow(r.id, r.contact_id, as_datetime(r.occurred_at), r.kind, r.summary, r.note)
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
