"""A reminder of your own from the main screen, by keys: ! opens the dialog about the selected person,
a date and a note then ctrl+s set it (one undo step: u removes it again); Every repeats it; a bad date is
said beside its field and nothing is written."""

from __future__ import annotations

import datetime as dt

from netui.core import contacts
from netui.core.contacts import ContactInput
from netui.db.models import Reminder
from netui.tui.dialogs.form import FormScreen
from netui.tui.screens.main import MainScreen

from .helpers import screen_text, settle, type_text, wait_for

SIZE = (100, 30)


def _custom():
    return list(Reminder.select().where(Reminder.kind == "custom"))


async def test_a_date_and_a_note_set_one_reminder_and_u_removes_it(make_app, now):
    cid = contacts.create(ContactInput(name="Ada Lovelace"), now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("exclamation_mark")
        assert await wait_for(pilot, lambda: "Remind me about Ada Lovelace" in screen_text(app))
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "2026-12-24")
        await pilot.press("tab", "tab")  # past Every: once
        await type_text(pilot, "ask about the engine")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: len(_custom()) == 1)
        row = _custom()[0]
        assert (row.contact_id, row.note, row.rrule) == (cid, "ask about the engine", None)
        assert row.next_due_at == dt.datetime(2026, 12, 24)
        assert await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert await wait_for(pilot, lambda: any("Reminder about Ada Lovelace" in str(n.message)
                                                 for n in app._notifications))
        assert len(app.undo_stack) == 1  # one action, one step
        await pilot.press("u")
        assert await wait_for(pilot, lambda: not _custom())
        assert len(app.undo_stack) == 0


async def test_a_bad_date_is_said_beside_it_and_nothing_is_written_then_every_repeats(make_app, now):
    contacts.create(ContactInput(name="Ada Lovelace"), now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("exclamation_mark")
        assert await wait_for(pilot, lambda: "Remind me about Ada Lovelace" in screen_text(app))
        await type_text(pilot, "someday")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: "'someday' is not a date netui understands" in screen_text(app))
        assert isinstance(app.screen, FormScreen)
        assert not _custom() and len(app.undo_stack) == 0
        await type_text(pilot, "2020-01-01")  # the bad text is selected: typing replaces it
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: "01 Jan 2020 is in the past" in screen_text(app))
        assert not _custom() and isinstance(app.screen, FormScreen)
        await type_text(pilot, "in 2 weeks")
        await pilot.press("tab")
        await type_text(pilot, "3 months")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: len(_custom()) == 1)
        row = _custom()[0]
        assert row.rrule == "FREQ=MONTHLY;INTERVAL=3"
        assert row.next_due_at.date() == (now + dt.timedelta(weeks=2)).date()
        assert len(app.undo_stack) == 1
