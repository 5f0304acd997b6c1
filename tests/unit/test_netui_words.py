"""netui's words in its errors: "organisation" (never the attribute's American spelling), dates as the app
reads them ("01 Jan 2020", never 2020-01-01)."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.core import contacts, reminders
from netui.core.contacts import ContactInput, EditConflict


def test_an_edit_conflict_says_organisation(db, now):
    ada = contacts.create(ContactInput(name="Ada", organization="Analytical"), now)
    opened = contacts.edit_values(ada)
    later = now + dt.timedelta(minutes=5)
    contacts.update(ada, ContactInput(organization="Royal Society", cadence_days=30), later)  # elsewhere
    with pytest.raises(EditConflict) as caught:
        contacts.update(ada, ContactInput(organization="Engines Ltd", cadence_days=60), later,
                        expected={k: opened[k] for k in ("organization", "cadence_days")})
    assert str(caught.value) == "changed elsewhere since it was opened: organisation, cadence (days)"


def test_a_past_date_for_a_reminder_reads_as_the_app_writes_dates(db, now):
    ada = contacts.create(ContactInput(name="Ada"), now)
    with pytest.raises(reminders.ReminderError) as caught:
        reminders.add_custom(ada, now, on=dt.date(2020, 1, 1))
    assert str(caught.value) == "01 Jan 2020 is in the past: a reminder needs a date from today on"

