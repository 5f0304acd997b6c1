"""A give idea is marked given from where it is shown: Today (d) and the call reminder in the Agenda (g).
Each is one undo step; the card or reminder then shows the ideas left."""

from __future__ import annotations

import datetime as dt

from netui.core import contacts, gives, interactions
from netui.core.contacts import ContactInput
from netui.db.models import Give
from netui.tui.screens.agenda import AgendaScreen
from netui.tui.screens.today import TodayScreen

from .helpers import screen_text, settle, wait_for, workers_finished

D = dt.timedelta
SIZE = (100, 40)


def _call_due(now) -> int:
    """Met 30 days ago at a conference: the plan's call is due today, with two ideas written down."""
    met = now - D(days=30)
    cid = contacts.create(ContactInput(name="Gary Smith", met_on=met.date(), how_met="the HR summit",
                                       reason="he knows everyone in HR at XYZ"), met)
    interactions.log(cid, "in-person", met, met)
    gives.add(cid, "send him the rowing article", now - D(days=20))
    gives.add(cid, "introduce him to Sam", now - D(days=10))
    return cid


def _status(cid: int) -> list[tuple[str, str]]:
    return [(g.text, g.status) for g in Give.select().where(Give.contact == cid).order_by(Give.id)]


async def test_d_on_today_gives_the_first_idea_and_keeps_the_card(make_app, now):
    cid = _call_due(now)
    app = make_app(start="today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen) and app.screen.current == f"person-{cid}"
        assert "give ideas: send him the rowing article; introduce him to Sam" in " ".join(screen_text(app).split())
        await pilot.press("d")
        await settle(pilot)
        assert _status(cid) == [("send him the rowing article", "done"), ("introduce him to Sam", "open")]
        assert Give.get(Give.text == "send him the rowing article").done_on == now.date()
        assert app.screen.current == f"person-{cid}"  # the call is still to make: the card stays open
        text = " ".join(screen_text(app).split())
        assert "give ideas: introduce him to Sam" in text and "rowing article;" not in text
        await pilot.press("u")
        await settle(pilot)
        assert _status(cid) == [("send him the rowing article", "open"), ("introduce him to Sam", "open")]


async def test_d_on_today_without_an_idea_says_so(make_app, now):
    cid = _call_due(now)
    Give.delete().execute()
    app = make_app(start="today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.current == f"person-{cid}"
        await pilot.press("d")
        await settle(pilot)
        assert await wait_for(pilot, lambda: any("No open give idea for Gary Smith" in str(n.message) for n in app._notifications))
        assert len(app.undo_stack) == 0


async def test_g_on_a_call_reminder_gives_its_first_idea(make_app, now):
    cid = _call_due(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        assert await wait_for(pilot, lambda: isinstance(app.screen, AgendaScreen) and app.screen.current is not None)
        await settle(pilot)
        while app.screen.current.kind != "call":
            await pilot.press("down")
            await settle(pilot)
        assert "give ideas: send him the rowing article · introduce him to Sam" in screen_text(app)
        assert "G Gave" in screen_text(app)
        await pilot.press("G")
        await workers_finished(pilot)  # the agenda is read again on a worker
        await settle(pilot)
        assert _status(cid)[0] == ("send him the rowing article", "done")
        assert await wait_for(pilot, lambda: "give ideas: introduce him to Sam" in screen_text(app))
        await pilot.press("u")
        await workers_finished(pilot)
        await settle(pilot)
        assert _status(cid)[0] == ("send him the rowing article", "open")
