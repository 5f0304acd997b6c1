"""The other screens at any size answer a key with a repaint, not a new layout of the whole screen:
the give list's detail strip has a fixed height, and the overview draws each of its lists once.

Counted, never timed: layouts of the screen and the rows drawn (``bench.screens`` times them at 100k).
"""

from __future__ import annotations

import datetime as dt

from netui.core import contacts, demo, gives
from netui.core.contacts import ContactInput
from netui.tui.screens.gives import GivesScreen
from netui.tui.screens.overview import OverviewScreen
from netui.tui.widgets.sections import PeopleList

from .helpers import screen_text, settle, wait_for


async def test_moving_in_the_give_list_repaints_without_a_layout(make_app, now, monkeypatch):
    for n, name in enumerate(("Ada Lovelace", "Alan Turing", "Grace Hopper", "Linus Torvalds")):
        cid = contacts.create(ContactInput(name=name), now)
        gives.add(cid, f"idea number {n} " + "long words " * 12 * (n % 2), now - dt.timedelta(days=n))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GivesScreen)
        layouts = []
        real = type(screen)._refresh_layout

        def counted(self, *args, **kwargs):
            layouts.append(1)
            return real(self, *args, **kwargs)

        monkeypatch.setattr(type(screen), "_refresh_layout", counted)
        for _ in range(3):
            await pilot.press("down")
        assert await wait_for(pilot, lambda: "idea number 3" in screen_text(app).split("─" * 20)[-1])
        await settle(pilot)
        assert layouts == []  # the list repaints two rows, the strip its lines: nothing moves


async def test_the_overview_draws_each_list_once(make_app, now, monkeypatch):
    demo.generate(120, now=now)
    built: list[str] = []
    real = PeopleList._rebuild

    def counted(self):
        built.append(self.id)
        return real(self)

    monkeypatch.setattr(PeopleList, "_rebuild", counted)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("O")
        assert await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen) and app.screen.figures is not None)
        await settle(pilot)
        lists = {lst.id for lst in app.screen.query(PeopleList) if lst.rows}
        assert await wait_for(pilot, lambda: lists <= set(built))
        assert sorted(built) == sorted(lists)  # each drawn once, at its width, not again as the page settles
        focused = app.focused
        assert isinstance(focused, PeopleList) and focused.highlighted == focused.selectable[0]
