"""Today and triage read their queue on a worker: the screen's frame and a reading line come first, the
cards when the read is back, and a queue read before a write never replaces the one read after it.

The reads are held by a gate (a ``threading.Event``) so that the test sees the frame before the queue;
nothing here sleeps: it waits for what the workers produce.
"""

from __future__ import annotations

import threading

import pytest

from netui.core import contacts, demo, today
from netui.tui.screens.today import TodayScreen
from netui.tui.screens.triage import TriageScreen

from .helpers import screen_text, wait_for

SIZE = (100, 40)
READING = "reading the queue…"


class Gate:
    """Stands in for ``today.today``: each read waits until the gate opens; reads started before
    ``write()`` return the queue as it was before the write (what a slow read would bring back)."""

    def __init__(self, real, before: today.Today) -> None:
        self.real, self.before = real, before
        self.open = threading.Event()
        self.written = False
        self.started = 0
        self.stale_returned = 0

    def __call__(self, now, limit=None):
        self.started += 1
        if self.written:
            return self.real(now, limit)
        self.open.wait(timeout=30)
        self.stale_returned += 1
        return self.before


@pytest.fixture
def gate(db_path, now, monkeypatch):
    demo.generate(120, seed=1, now=now)
    g = Gate(today.today, today.today(now))
    monkeypatch.setattr(today, "today", g)
    yield g
    g.open.set()  # never leave a worker waiting when the app shuts down


def reads_done(app, group: str) -> bool:
    return not [w for w in app.workers if w.group == group and not w.is_finished]


async def test_today_draws_its_frame_then_the_queue(make_app, gate):
    first = gate.before.items[0]
    app = make_app(start="today")
    async with app.run_test(size=SIZE) as pilot:
        assert await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen) and READING in screen_text(app))
        text = screen_text(app)
        assert "Today" in text and first.name not in text  # the bar, no card yet
        assert gate.started >= 1 and app.screen.day is None
        gate.open.set()
        assert await wait_for(pilot, lambda: first.name in screen_text(app))
        text = screen_text(app)
        assert READING not in text and f"0 of {len(gate.before.items)} done" in text
        assert app.screen.current == f"person-{first.contact_id}"


async def test_a_write_while_today_is_read_is_not_overtaken_by_the_older_read(make_app, gate, now):
    first, second = gate.before.items[0], gate.before.items[1]
    app = make_app(start="today")
    async with app.run_test(size=SIZE) as pilot:
        assert await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen) and gate.started >= 1)
        contacts.set_archived(first.contact_id, True, now)  # out of every queue
        gate.written = True
        app.refresh_due()  # what a write announces: the screen reads again
        assert await wait_for(pilot, lambda: second.name in screen_text(app))
        assert first.name not in screen_text(app)
        gate.open.set()  # the older read brings back the queue from before the write
        assert await wait_for(pilot, lambda: gate.stale_returned >= 1 and reads_done(app, "today"))
        await pilot.pause()
        text = screen_text(app)
        assert first.name not in text and second.name in text
        assert all(e.contact_id != first.contact_id for e in app.screen.day.items)


async def test_triage_draws_its_frame_then_the_first_card(make_app, gate):
    first = gate.before.items[0]
    app = make_app(start="triage")
    async with app.run_test(size=SIZE) as pilot:
        assert await wait_for(pilot, lambda: isinstance(app.screen, TriageScreen) and READING in screen_text(app))
        assert first.name not in screen_text(app) and app.screen.session is None
        await pilot.press("j")  # nothing to skip yet: the key does nothing
        gate.open.set()
        assert await wait_for(pilot, lambda: first.name in screen_text(app))
        assert f"1 of {len(gate.before.items)}" in screen_text(app) and app.screen.current == first.contact_id
