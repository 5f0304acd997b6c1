"""The overview (o): the figures match netui.core.stats, and a person listed opens on the main screen."""

from __future__ import annotations

from netui.core import demo, stats
from netui.tui.widgets.contact_list import ContactList

from .helpers import screen_text, settle, wait_for


async def test_overview_tells_the_networks_shape_and_jumps_to_people(make_app, now):
    demo.generate(120, now=now)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        assert await wait_for(pilot, lambda: "people wide" in screen_text(app))
        figures = stats.overview(now, limit=10)
        text = screen_text(app)
        assert f"{figures.contacts:,} people wide · {figures.deep:,} deep" in text
        for tier in figures.tiers:
            assert any(row.split()[:1] == [tier.tier] and row.split()[-1] == f"{tier.count:,}"
                       for row in text.splitlines() if tier.tier in row)
        assert f"you gave {figures.balance.given:,}, received {figures.balance.received:,}" in text
        assert "Interactions per month" in text and "Fading" in text
        await pilot.press("enter")  # the first person listed
        await settle(pilot)
        assert type(app.screen).__name__ == "MainScreen"
        lst = app.screen.query_one(ContactList)
        first = figures.intros.recent[0].a_id if figures.intros.recent else figures.fading[0].id
        assert lst.current_id == first


async def test_overview_of_an_empty_network(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        assert await wait_for(pilot, lambda: "0 people wide" in screen_text(app))
        await pilot.press("escape")
        await settle(pilot)
        assert "Welcome to netui" in screen_text(app)
