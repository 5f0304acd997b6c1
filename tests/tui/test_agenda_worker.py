"""The Agenda reads what is due on a worker thread, never on the UI thread, when it opens and after
every change; the test waits on the worker, not on time."""

from __future__ import annotations

import datetime as dt
import threading

from netui.core import contacts, reminders
from netui.core.contacts import ContactInput
from netui.tui.screens.agenda import AgendaScreen

from .helpers import screen_text, settle, wait_for, workers_finished


async def test_the_agenda_is_read_off_the_ui_thread(make_app, now, monkeypatch):
    cid = contacts.create(ContactInput(name="Ada Lovelace"), now)
    reminders.add_custom(cid, now - dt.timedelta(days=2), on=(now - dt.timedelta(days=1)).date(), note="call about the book")
    threads: list[threading.Thread] = []
    real = reminders.agenda

    def agenda(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(reminders, "agenda", agenda)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        ui = threading.current_thread()  # the test runs on the app's event loop thread
        await pilot.press("r")
        assert isinstance(app.screen, AgendaScreen)
        await workers_finished(pilot)
        await settle(pilot)
        assert "Ada Lovelace" in screen_text(app) and "OVERDUE" in screen_text(app)
        assert len(threads) == 1
        await pilot.press("s")  # snoozed: the write announces itself and the agenda is read again
        await workers_finished(pilot)
        await settle(pilot)
        assert await wait_for(pilot, lambda: "Snoozed Ada Lovelace" in " ".join(str(n.message) for n in app._notifications))
        assert "Agenda" in screen_text(app)
    assert len(threads) >= 2
    assert all(t is not ui for t in threads), threads
