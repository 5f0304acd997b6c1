"""Start-up's order at the app's side: Today's queue is read before anything else that reads the file
(the due count, the integrity check, the daily backup, the first tick), the queue is read once, and the
header's due count is never counted on the UI thread.

Today's read is held by a gate (``test_screen_reads.Gate``) so that the test sees what runs while it is
read; nothing here sleeps: it waits for what the workers produce.
"""

from __future__ import annotations

import threading

import pytest

from netui.core import contacts, demo, today
from netui.tui import safety
from netui.tui.app import NetuiApp
from netui.tui.screens.today import TodayScreen

from .helpers import CountsTicks, screen_text, settle, started, wait_for
from .test_screen_reads import READING, Gate

SIZE = (100, 40)


class CountingApp(CountsTicks, NetuiApp):
    pass


@pytest.fixture
def gate(db_path, now, monkeypatch):
    demo.generate(120, seed=1, now=now)
    g = Gate(today.today, today.today(now))
    monkeypatch.setattr(today, "today", g)
    yield g
    g.open.set()  # never leave a worker waiting when the app shuts down


async def test_start_up_work_waits_for_todays_first_names(db_path, clock, gate, monkeypatch):
    done: list[str] = []
    check = safety.run_check
    monkeypatch.setattr(safety, "run_check", lambda app: (done.append("check"), check(app)))
    recount = NetuiApp.recount
    monkeypatch.setattr(NetuiApp, "recount", lambda app: (done.append("count"), recount(app)))
    first = gate.before.items[0]
    app = CountingApp(db_path=db_path, now=clock, start="today")
    async with app.run_test(size=SIZE) as pilot:
        assert await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen) and READING in screen_text(app))
        for _ in range(5):  # frames with the reading line go out: nothing else starts meanwhile
            await pilot.pause()
        assert done == [] and app._after_first_frame and gate.started == 1
        gate.open.set()
        assert await wait_for(pilot, lambda: first.name in screen_text(app))
        assert await wait_for(pilot, lambda: app.ticks >= 1)  # then the count, the check and the first tick
        await started(pilot)
        assert done[:2] == ["count", "check"]
        assert gate.started == 1  # what the first tick wrote (reminders announced) did not read the queue again
        assert first.name in screen_text(app)


async def test_the_due_count_is_counted_off_the_ui_thread(make_app, db_path, now, monkeypatch):
    ada = contacts.create(contacts.ContactInput(name="Ada Met", met_on=now.date(), how_met="PyCon"), now)
    threads: list[threading.Thread] = []
    count = today.count
    monkeypatch.setattr(today, "count", lambda at: (threads.append(threading.current_thread()), count(at))[1])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert await wait_for(pilot, lambda: app.due_count == 1)
        contacts.set_archived(ada, True, now)
        app.refresh_due()  # a change announced: the header recounts
        await settle(pilot)
        assert await wait_for(pilot, lambda: app.due_count == 0)
        assert "due" not in screen_text(app).splitlines()[0]
    assert threads and threading.main_thread() not in threads

