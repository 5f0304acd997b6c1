"""The reminder engine (see issue #3). ``sync_contact`` keeps a contact's reminders in step with its data."""

from __future__ import annotations

import datetime as dt


def sync_contact(contact_id: int, now: dt.datetime, *, created: bool = False) -> None:
    """Create or close the reminders that follow from a contact's data (in the caller's transaction)."""


def bulk_sync(now: dt.datetime, first_id: int = 0) -> None:
    """Create the reminders that follow from the data for every contact with id >= first_id (bulk load)."""
