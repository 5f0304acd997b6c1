"""What came due is one toast at a time, bottom right and narrow, so the detail pane stays readable; large
numbers are written with thousands separators."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from textual.widgets._toast import Toast

from netui.core import contacts
from netui.core.contacts import ContactInput
from netui.tui.app import NetuiApp, catch_up_words

from .helpers import CountsTicks, screen_text, wait_for


class SlowToastApp(CountsTicks, NetuiApp):
    """Ticks often, and the catch-up stays up long enough for the next tick to meet it."""

    TICK_SECONDS = 0.1
    CATCH_UP_SECONDS = 600.0


def _met(now: dt.datetime, name: str) -> int:
    return contacts.create(ContactInput(name=name, met_on=now.date(), how_met="PyCon"), now)


def _toasts(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def test_large_counts_have_thousands_separators():
    items = [SimpleNamespace(name=f"Person {i}") for i in range(3208)]
    text = catch_up_words(items, True, 3)
    assert text == ("While netui was closed, 3,208 reminders came due for 3,208 people: Person 0, Person 1, "
                    "Person 2 and 3,205 more. T: Today.")


async def test_a_new_due_notice_replaces_the_one_still_up(db_path, clock, now):
    for name in ("Ada Lovelace", "Alan Turing"):
        _met(now, name)
    clock.advance(days=3)  # closed for three days: two follow-ups came due
    app = SlowToastApp(db_path=db_path, now=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await wait_for(pilot, lambda: any("While netui was closed" in t for t in _toasts(app)))
        _met(clock() - dt.timedelta(days=2), "Grace Hopper")  # her follow-up is due at the next tick
        assert await wait_for(pilot, lambda: any("Grace Hopper" in t for t in _toasts(app)))
        toasts = _toasts(app)
        assert len(toasts) == 1 and toasts[0].startswith("Grace Hopper: ")  # the catch-up made way for it


async def test_the_catch_up_sits_bottom_right_flush_and_short_at_80x24(db_path, clock, now):
    for name in ("Ada Lovelace", "Alan Turing", "Grace Hopper", "Mei Kim", "Omar Old"):
        _met(now, name)
    clock.advance(days=3)
    app = SlowToastApp(db_path=db_path, now=clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        assert await wait_for(pilot, lambda: bool(app.screen.query(Toast)) and app.screen.query_one(Toast).region.height > 0)
        await pilot.pause()
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 1
        region = toasts[0].region
        assert region.right == 80 and region.width <= 44 and region.height <= 4  # flush right: nothing beside it
        assert region.bottom <= 23  # above the footer
        lines = screen_text(app).splitlines()
        assert "Ada Lovelace" in lines[3]  # the detail pane's name and first lines stay readable
        for row in range(region.y, region.bottom):
            assert lines[row][region.x - 1] != "▌" and lines[row][region.x] == "▌"  # the toast's own edge only
