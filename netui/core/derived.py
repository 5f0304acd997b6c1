"""Everything cached about a contact, and the one place that keeps it true.

A contact row carries values derived from other rows, so that lists of 100,000 people sort on an index
instead of recomputing: ``last_contact_at`` (any kind but ``social``), ``last_in_person_at``,
``next_due_at`` (the keep-in-touch date: the last interaction, else the meeting, else the creation,
plus the cadence), the cached strength (``strength``, ``strength_tier``, ``strength_prev``,
``strength_at``). Beside them live the reminders that follow from the data (the meeting plan, the
birthday, a keep-in-touch snooze) and the full-text search row.

Every write in the core calls ``refresh`` for each contact it touched, inside its own transaction, so
these can never disagree with the rows they summarise. A bulk load calls ``refresh_bulk`` once instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from peewee import fn

from netui.core import formats, imported, search
from netui.core import settings as settings_mod
from netui.core.dates import as_datetime
from netui.core.lookup import get
from netui.db import db
from netui.db.models import Contact, Interaction


def cadence_days(contact: Contact) -> int:
    """Days between keep-in-touch dates: the contact's own cadence, else its circle's."""
    return settings_mod.current().cadence_for(contact.circle, contact.cadence_days)


def refresh(contact_id: int, now: dt.datetime, *, created: bool = False) -> None:
    """Recompute everything derived from a contact's data, in the caller's transaction.

    last contact (any kind but ``social``), last in-person meeting, next keep-in-touch due date
    (from the date the last interaction *happened*), the cached strength, the reminders that follow
    from the data, and the search index.
    """
    contact = get(contact_id)
    last = last_in_person = None  # a contact just created has nothing logged yet
    if not created:
        last = (
            Interaction.select(fn.MAX(Interaction.occurred_at))
            .where((Interaction.contact == contact_id) & (Interaction.kind != "social"))
            .scalar()
        )
        last_in_person = (
            Interaction.select(fn.MAX(Interaction.occurred_at))
            .where((Interaction.contact == contact_id) & (Interaction.kind == "in-person"))
            .scalar()
        )
    next_due = next_due_at(contact, last)
    Contact.update(
        last_contact_at=as_datetime(last),
        last_in_person_at=as_datetime(last_in_person),
        next_due_at=next_due,
    ).where(Contact.id == contact_id).execute()
    from netui.core import reminders, strength  # start-up: the app's first frame reads, it does not write

    reminders.sync_contact(contact_id, now, created=created)
    if not created:  # a new contact scores 0, "cold": the column defaults
        strength.refresh(contact_id, now)
    search.reindex([contact_id])


def next_due_at(contact: Contact, last: dt.date | str | None = None) -> dt.datetime | None:
    """The keep-in-touch date of a contact whose last interaction (not ``social``) was ``last``: from
    it, else from the meeting, else from the creation, plus the cadence; None when archived or an
    organisation."""
    if contact.archived or contact.kind == "org":
        return None
    anchor = as_datetime(last) or as_datetime(contact.met_on) or as_datetime(contact.created_at)
    return anchor + dt.timedelta(days=cadence_days(contact))


def forget(contact_ids: Iterable[int]) -> None:
    """Drop what is kept about contacts outside their own rows, before they are deleted (the search rows,
    the import's memory)."""
    contact_ids = list(contact_ids)
    search.unindex(contact_ids)
    imported.forget(contact_ids)


def refresh_all(now: dt.datetime, cfg: settings_mod.Settings | None = None) -> None:
    """Recompute last contact and next due dates for every contact, in bulk SQL."""
    cfg = cfg or settings_mod.current()
    cases = " ".join(f"WHEN '{circle}' THEN {days}" for circle, days in cfg.cadence.items())
    db.execute_sql(
        "UPDATE contact SET "
        "last_contact_at = (SELECT max(occurred_at) FROM interaction i WHERE i.contact_id = contact.id AND i.kind != 'social'), "
        "last_in_person_at = (SELECT max(occurred_at) FROM interaction i WHERE i.contact_id = contact.id AND i.kind = 'in-person')"
    )
    db.execute_sql(
        "UPDATE contact SET next_due_at = CASE WHEN archived OR kind = 'org' THEN NULL ELSE "
        "datetime(coalesce(last_contact_at, met_on, created_at), "
        f"'+' || coalesce(cadence_days, CASE circle {cases} ELSE {cfg.cadence.get('regular', 90)} END) || ' days') END"
    )


def refresh_bulk(now: dt.datetime, first_id: int = 0, cfg: settings_mod.Settings | None = None) -> None:
    """What ``refresh`` does, for a whole bulk load at once (in the caller's transaction).

    Every contact's dates, the reminders of the contacts from ``first_id`` on, every strength and the
    whole search index, each set-based instead of one ``refresh`` per contact.
    """
    from netui.core import reminders, strength  # start-up: as in ``refresh``

    refresh_all(now, cfg)
    reminders.bulk_sync(now, first_id)
    strength.refresh_all(now)
    search.rebuild()


# --- the keep-in-touch clock, in words ------------------------------------------------------------


class CadenceState(NamedTuple):
    state: str  # on-track | due | overdue | archived
    days: int  # days until due (on-track) or overdue by (overdue)
    words: str


def cadence_state(contact: Contact, now: dt.datetime) -> CadenceState:
    """On track / due today / overdue by N days, in words."""
    due = as_datetime(contact.next_due_at)
    if contact.archived or due is None:
        return CadenceState("archived", 0, "archived: no keep-in-touch reminders")
    days = (due.date() - now.date()).days
    if days > 0:
        return CadenceState("on-track", days, f"on track: next touch due in {formats.days(days)}")
    if days == 0:
        return CadenceState("due", 0, "due today")
    return CadenceState("overdue", -days, f"overdue by {formats.days(-days)}")
