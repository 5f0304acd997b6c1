"""The Organisation screen: `w` on a person lists everyone at their organisation, past and present,
with strength and last contact; enter opens one of them on the main screen."""

from __future__ import annotations

import datetime as dt

from netui.core import contacts, interactions
from netui.core.contacts import ContactInput
from netui.tui.app import NetuiApp
from netui.tui.screens.main import MainScreen
from netui.tui.screens.org import OrgScreen

from .helpers import screen_text, started, type_text, wait_for


async def test_w_lists_everyone_at_the_organisation_and_enter_opens_one(db_path, clock, now):
    ada = contacts.create(ContactInput(name="Ada Obi", organization="Quartz", title="CTO"), now)
    bob = contacts.create(ContactInput(name="Bob Lee", organization="Quartz", title="Engineer"), now)
    contacts.create(ContactInput(name="Cal Moss", organization="Acme"), now)
    interactions.log(ada, "call", now - dt.timedelta(days=3), now)
    contacts.update(bob, ContactInput(organization="Acme"), now)  # Bob left Quartz
    app = NetuiApp(db_path=db_path, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("w")
        assert await wait_for(pilot, lambda: isinstance(app.screen, OrgScreen) and "there now" in screen_text(app))
        text = screen_text(app)
        assert "Organisation  Quartz" in text and "1 there now, 1 before" in text
        assert "Ada Obi" in text and "last 18 Nov 2026" in text and "Bob Lee" in text and "left 21 Nov 2026" in text
        assert "Cal Moss" not in text
        await pilot.press("down", "enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, MainScreen)
                              and app.screen.contact_list.current_id == bob)


async def test_w_on_someone_without_an_organisation_says_so(db_path, clock, now):
    contacts.create(ContactInput(name="Zed Nobody"), now)
    app = NetuiApp(db_path=db_path, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("w")
        assert await wait_for(pilot, lambda: any("No organisation here" in str(n.message) for n in app._notifications))
        assert isinstance(app.screen, MainScreen)


def _at_quartz(now) -> dict[str, int]:
    return {
        "ada": contacts.create(ContactInput(name="Ada Obi", organization="Quartz Labs", title="CTO"), now),
        "bob": contacts.create(ContactInput(name="Bob Lee", organization="Quartz Labs"), now),
        "cal": contacts.create(ContactInput(name="Cal Moss", organization="Rose Quartz"), now),
        "dee": contacts.create(ContactInput(name="Dee Quartz", organization="Acme"), now),
    }


async def test_org_alone_in_the_filter_offers_the_organisation_view_on_enter(db_path, clock, now):
    ids = _at_quartz(now)
    app = NetuiApp(db_path=db_path, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("slash")
        await type_text(pilot, "org:quartz")
        assert await wait_for(pilot, lambda: "enter: organisation view" in screen_text(app))
        assert app.screen.contact_list.total == 3  # plain filtering as before: Dee's name is not her org
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, OrgScreen) and "there now" in screen_text(app))
        text = screen_text(app)
        # Two organisations match: the one with more people, named in the title with the other.
        assert "Organisation  Quartz Labs  for org:quartz, the closest of 2; also Rose Quartz" in text
        assert "Ada Obi" in text and "Bob Lee" in text and "Cal Moss" not in text and "2 there now" in text
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, MainScreen)
                              and app.screen.contact_list.current_id == ids["ada"])


async def test_other_searches_keep_enter_as_it_was_and_show_no_hint(db_path, clock, now):
    _at_quartz(now)
    app = NetuiApp(db_path=db_path, now=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("slash")
        await type_text(pilot, "org:quartz ada")
        assert await wait_for(pilot, lambda: app.screen.contact_list.total == 1)
        assert "organisation view" not in screen_text(app)
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: app.screen.contact_list.has_focus)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("slash", *["backspace"] * 4)  # org:quartz alone again: the hint, while typing
        assert await wait_for(pilot, lambda: "enter: organisation view" in screen_text(app))
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: "organisation view" not in screen_text(app))
        await pilot.press("slash")
        await type_text(pilot, "org:nowhere")
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: any("No organisation matches org:nowhere" in str(n.message)
                                                 for n in app._notifications))
        assert isinstance(app.screen, MainScreen)
