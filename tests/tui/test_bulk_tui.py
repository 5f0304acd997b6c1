"""Marks and bulk actions on the list, by keys: space marks twelve people, b tags them all in one write,
and one u undoes it for all twelve; esc clears the marks; b with nobody marked acts on the selected."""

from __future__ import annotations

import threading

from netui.core import bulk, contacts
from netui.core.contacts import ContactInput
from netui.db.models import Contact, ContactTag
from netui.tui.dialogs.form import FormScreen
from netui.tui.screens.main import MainScreen

from .helpers import screen_text, settle, type_text, wait_for

SIZE = (100, 30)


def _fourteen(now) -> list[int]:
    return [contacts.create(ContactInput(name=f"Person {n:02}", organization="Quartz"), now) for n in range(14)]


def _top(app) -> str:
    return screen_text(app).splitlines()[0]


async def test_mark_twelve_tag_them_in_one_step_and_one_u_undoes_it(make_app, now):
    ids = _fourteen(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*["space"] * 12)
        await settle(pilot)
        assert app.screen.contact_list.marked == set(ids[:12])
        assert await wait_for(pilot, lambda: "12 marked" in _top(app))
        await pilot.press("b")
        assert await wait_for(pilot, lambda: "Change 12 people: Person 00, Person 01, Person 02 and 9 more" in screen_text(app))
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "vip")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: ContactTag.select().count() == 12)
        assert {link.contact_id for link in ContactTag.select()} == set(ids[:12])
        assert await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and "marked" not in _top(app))
        assert await wait_for(pilot, lambda: any("Tagged 12 people with vip" in str(n.message) for n in app._notifications))
        assert len(app.undo_stack) == 1  # one action, one step
        await pilot.press("u")
        assert await wait_for(pilot, lambda: ContactTag.select().count() == 0)
        assert len(app.undo_stack) == 0


async def test_esc_clears_the_marks_and_b_alone_changes_the_selected(make_app, now):
    ids = _fourteen(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space", "space", "up", "space")  # marks 00 and 01, then unmarks 01
        await settle(pilot)
        assert app.screen.contact_list.marked == {ids[0]}
        assert await wait_for(pilot, lambda: "1 marked" in _top(app))
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.contact_list.marked == set()
        assert await wait_for(pilot, lambda: "marked" not in _top(app))
        await pilot.press("b")  # nobody marked: the selected person (02: space moved down past 01)
        assert await wait_for(pilot, lambda: "Change 1 person: Person 02" in screen_text(app))
        await type_text(pilot, "best")
        await pilot.press("tab", "down")  # open the list of what to do
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # set circle
        await settle(pilot)
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: "unknown circle 'best'" in screen_text(app))
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "inner")  # the bad value is selected: typing replaces it
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: contacts.get(ids[2]).circle == "inner")
        assert [c.id for c in Contact.select().where(Contact.circle == "inner")] == [ids[2]]


async def test_the_change_is_written_on_a_worker_while_the_form_says_so(make_app, now, monkeypatch):
    """The form stays open while the write runs and says so ("Changing 12 people…"; esc waits for it),
    the app drawing meanwhile, and the change lands as one undo step when the worker is done."""
    ids = _fourteen(now)
    release, entered = threading.Event(), threading.Event()
    real = bulk.apply

    def held(*args, **kwargs):
        entered.set()
        assert release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(bulk, "apply", held)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*["space"] * 12, "b")
        assert await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        await type_text(pilot, "vip")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: entered.is_set() and "Changing 12 people…" in screen_text(app))
        await pilot.press("escape")  # the write is one transaction under way: the form waits for it
        await pilot.pause()
        assert isinstance(app.screen, FormScreen) and ContactTag.select().count() == 0
        release.set()
        assert await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and ContactTag.select().count() == 12)
        assert {link.contact_id for link in ContactTag.select()} == set(ids[:12]) and len(app.undo_stack) == 1
        await pilot.press("u")
        assert await wait_for(pilot, lambda: ContactTag.select().count() == 0)


async def test_someone_deleted_since_marking_is_said_in_the_form_and_nothing_is_written(make_app, now):
    ids = _fourteen(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*["space"] * 3, "b")
        assert await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        contacts.delete(ids[1])  # as another process would, after the marks were made
        await type_text(pilot, "vip")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: "Not changed:" in screen_text(app))
        assert isinstance(app.screen, FormScreen) and ContactTag.select().count() == 0
        assert len(app.undo_stack) == 0
