"""The app's automatic sync: the remembered folders, at most every so many minutes, and the record of
the last run that the app shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from netui.db import db
from netui.interop.sync.contacts import ContactsReport, sync_contacts
from netui.interop.sync.reminders import RemindersReport, sync_reminders
from netui.interop.sync.state import LAST_KEY, folders, last_sync, set_meta
from netui.interop.sync.status import record_failure


def record_last(now: dt.datetime, contacts_report: ContactsReport | None, reminders_report: RemindersReport | None) -> None:
    """Remember when the last sync ran and what it did, for the app to show."""
    with db.atomic():
        set_meta(LAST_KEY, {
            "at": now.isoformat(sep=" "), "ok": True, "message": "",
            "contacts": contacts_report.counts() if contacts_report else None,
            "reminders": {"written": reminders_report.written, "deleted": reminders_report.deleted} if reminders_report else None,
        })


def sync_if_due(now: dt.datetime, every_minutes: int) -> tuple[ContactsReport | None, RemindersReport | None] | None:
    """The app's automatic sync: the remembered folders, at most every ``every_minutes``.

    Returns the reports when it ran, None when nothing was due or no folder is set up yet.
    """
    last = last_sync()
    # A last sync "in the future" was recorded by a clock that ran ahead: it does not hold this one back.
    if last and dt.timedelta(0) <= now - dt.datetime.fromisoformat(last["at"]) < dt.timedelta(minutes=every_minutes):
        return None
    where = folders()
    if not where["contacts"] and not where["reminders"]:
        return None
    try:
        contacts_report = sync_contacts(Path(where["contacts"]), now) if where["contacts"] else None
        reminders_report = sync_reminders(Path(where["reminders"]), now) if where["reminders"] else None
    except (OSError, ValueError) as exc:  # what the app shows; the header and `netui sync --status` say it too
        record_failure(now, str(exc))
        raise
    record_last(now, contacts_report, reminders_report)
    return contacts_report, reminders_report
