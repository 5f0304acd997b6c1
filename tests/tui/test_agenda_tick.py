"""The background tick and the Agenda, with a clock the test moves while the app runs."""

from __future__ import annotations

import datetime as dt

from netui.core import contacts, interactions
from netui.core.contacts import ContactInput
from netui.db.models import Interaction, Reminder
from netui.tui.app import NetuiApp

from .helpers import CountsTicks, screen_text, settle, wait_for, workers_finished


class CountingApp(CountsTicks, NetuiApp):
    pass


class FastTickApp(CountingApp):
    TICK_SECONDS = 0.1


def _met_yesterday(now: dt.datetime, name: str = "Ada Lovelace") -> int:
    return contacts.create(
        ContactInput(name=name, met_on=(now - dt.timedelta(days=1)).date(), how_met="PyCon", reason="hiring"), now
    )


def _toasts(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_tick_announces_a_reminder_once_when_it_comes_due(db_path, clock, now):
    cid = _met_yesterday(now)
    interactions.log(cid, "email", now, now)  # followed up (the follow-up is due from the meeting)
    app = FastTickApp(db_path=db_path, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_for(pilot, lambda: app.ticks >= 1)  # the catch-up tick on start
        assert not any("Ada Lovelace" in t for t in _toasts(app))
        assert "due" not in screen_text(app).splitlines()[0]
        clock.advance(days=29, hours=1)  # the 30-day call is now due
        assert await wait_for(pilot, lambda: any("Ada Lovelace" in t for t in _toasts(app)))
        toasts = [t for t in _toasts(app) if "Ada Lovelace" in t]
        assert len(toasts) == 1
        assert "call them (met at PyCon" in toasts[0]
        assert "1 due" in screen_text(app).splitlines()[0]
        seen = app.ticks
        assert await wait_for(pilot, lambda: app.ticks >= seen + 3)  # more ticks: never twice for the same occurrence
        assert len([t for t in _toasts(app) if "Ada Lovelace" in t]) == 1
        row = Reminder.get((Reminder.contact == cid) & (Reminder.kind == "call"))
        assert row.notified_for == row.next_due_at


async def test_catch_up_on_start_and_not_again_after_a_restart(db_path, clock, now):
    _met_yesterday(now, "Ada Lovelace")
    _met_yesterday(now, "Alan Turing")
    clock.advance(days=7)  # closed for a week
    app = NetuiApp(db_path=db_path, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_for(pilot, lambda: any("Alan Turing" in t for t in _toasts(app)))
        assert await wait_for(pilot, lambda: any("Ada Lovelace" in t for t in _toasts(app)))
    again = CountingApp(db_path=db_path, now=clock)
    async with again.run_test(size=(100, 30)) as pilot:
        assert await wait_for(pilot, lambda: again.ticks >= 1)  # its catch-up tick has run
        assert not any("Ada Lovelace" in t for t in _toasts(again))


async def test_agenda_groups_and_acts_on_reminders(make_app, clock, now):
    cid = _met_yesterday(now)
    clock.advance(days=1, hours=1)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await workers_finished(pilot)  # the agenda is read on a worker
        await settle(pilot)
        text = screen_text(app)
        assert "Agenda" in text and "OVERDUE" in text and "Ada Lovelace" in text  # due since the meeting
        assert "follow-up" in text
        follow_up = Reminder.get((Reminder.contact == cid) & (Reminder.kind == "follow-up"))
        # snooze a week, then undo it
        await pilot.press("s")
        await settle(pilot)
        assert Reminder.get_by_id(follow_up.id).next_due_at == dt.datetime(2026, 11, 29, 11, 0)
        await pilot.press("u")
        await settle(pilot)
        assert Reminder.get_by_id(follow_up.id).next_due_at == dt.datetime(2026, 11, 20, 0, 0)
        # log an email straight from the reminder: the interaction is stored and the reminder closed
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await workers_finished(pilot)  # the agenda is read again on a worker
        await settle(pilot)
        assert [(i.kind, i.occurred_at) for i in Interaction.select()][1:] == [("email", clock())]  # after the meeting
        assert Reminder.get_by_id(follow_up.id).next_due_at is None
        assert "follow-up" not in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "Ada Lovelace" in screen_text(app)


async def test_agenda_done_and_open(make_app, clock, now):
    cid = _met_yesterday(now)
    clock.advance(days=31)  # follow-up and the 30-day call are due
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await workers_finished(pilot)
        await settle(pilot)
        assert "call" in screen_text(app)
        open_before = Reminder.select().where((Reminder.contact == cid) & Reminder.next_due_at.is_null(False)).count()
        await pilot.press("d")
        await workers_finished(pilot)
        await settle(pilot)
        open_after = Reminder.select().where((Reminder.contact == cid) & Reminder.next_due_at.is_null(False)).count()
        assert open_after == open_before - 1
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "MainScreen"
