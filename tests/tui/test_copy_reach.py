"""The key that copies someone's phone (else email) is the same on Today, Triage and the Agenda: `y`."""

from __future__ import annotations

import datetime as dt

from netui.core import contacts
from netui.core.contacts import ContactInput, Method
from netui.tui.screens.agenda import AgendaScreen
from netui.tui.screens.triage import TriageScreen

from .helpers import settle, wait_for, workers_finished

SIZE = (100, 40)


def met_yesterday(now: dt.datetime, name: str, **methods) -> int:
    """Someone met yesterday: their 48 h follow-up is due, so they lead every queue."""
    return contacts.create(ContactInput(name=name, met_on=(now - dt.timedelta(days=1)).date(), how_met="a meetup",
                                        **methods), now)


async def test_triage_copies_the_phone_of_the_card(make_app, db_path, now):
    met_yesterday(now, "Mary Major", phones=[Method("phone", "+44 20 7946 0000")], emails=[Method("email", "mary@x.org")])
    app = make_app(start="triage")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == "+44 20 7946 0000"
        assert await wait_for(pilot, lambda: any("Copied +44 20 7946 0000" in str(n.message) for n in app._notifications))


async def test_the_agenda_copies_the_email_when_there_is_no_phone(make_app, db_path, now):
    met_yesterday(now, "Sam Minor", emails=[Method("email", "sam@x.org")])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await workers_finished(pilot)
        assert isinstance(app.screen, AgendaScreen)
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == "sam@x.org"


async def test_no_phone_or_email_is_said(make_app, db_path, now):
    met_yesterday(now, "Nobody Known")
    app = make_app(start="triage")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == ""
        assert await wait_for(pilot, lambda: any("No phone or email for Nobody Known" in str(n.message) for n in app._notifications))
