"""People and the journal in the detail pane, by keys: Sam was introduced by Gary, the pane says so on both
sides, p (or enter on the person) jumps from one to the other and back; journal entries are added with n,
shown in the timeline, edited and deleted there, and every change undoes."""

from __future__ import annotations

import re

from netui.core import contacts, relations
from netui.core.contacts import ContactInput
from netui.db.models import Journal, Relation
from netui.tui.dialogs.confirm import ConfirmScreen
from netui.tui.dialogs.form import FormScreen
from netui.tui.widgets.contact_list import ContactList
from netui.tui.widgets.panes import DetailPane

from .helpers import screen_text, settle, type_text, wait_for

SIZE = (100, 30)


def unwrapped(pane) -> str:
    """The pane's text with its wrapped lines joined again (a long line hangs under its text)."""
    return re.sub(r"\n +", " ", pane.content.plain)


def _people(now) -> tuple[int, int]:
    gary = contacts.create(ContactInput(name="Gary Stone", organization="Quartz"), now)
    sam = contacts.create(ContactInput(name="Sam Hiring"), now)
    relations.add(sam, gary, "introduced-by", now)
    return sam, gary


def _current(app) -> int | None:
    return app.screen.query_one(ContactList).current_id


async def test_p_jumps_from_sam_to_gary_and_back(make_app, now):
    sam, gary = _people(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")  # Gary, then Sam
        await settle(pilot)
        assert _current(app) == sam
        pane = app.screen.query_one(DetailPane)
        assert "People" in unwrapped(pane) and "introduced by  ↗ Gary Stone" in unwrapped(pane)
        assert "introduced by  ↗ Gary Stone" in screen_text(app)
        await pilot.press("p")
        await settle(pilot)
        assert _current(app) == gary
        assert "introduced  ↗ Sam Hiring" in unwrapped(pane)
        await pilot.press("p")
        await settle(pilot)
        assert _current(app) == sam

        # The same from the timeline: enter, up onto the person, enter opens them.
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is pane
        await pilot.press("up", "enter")
        await settle(pilot)
        assert _current(app) == gary and app.focused is app.screen.query_one(ContactList)

        # d on the person removes the relation (asks first); u brings it back.
        await pilot.press("enter", "up", "delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Remove the relation Gary Stone — introduced Sam Hiring?" in app.screen.question.plain
        await pilot.press("y")
        await settle(pilot)
        assert Relation.select().count() == 0
        assert "People" not in unwrapped(pane)
        await pilot.press("escape", "u")
        await settle(pilot)
        assert [(r.type, r.name) for r in relations.of(gary)] == [("introduced", "Sam Hiring")]
        assert "introduced  ↗ Sam Hiring" in unwrapped(pane)


async def test_p_without_relations_says_how(make_app, now):
    contacts.create(ContactInput(name="Ada Obi"), now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert await wait_for(pilot, lambda: any("Nobody is related to them yet" in str(n.message) for n in app._notifications))


async def test_journal_add_edit_delete_and_undo_by_keys(make_app, now):
    sam, _ = _people(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "n")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen) and "Journal: Sam Hiring" in screen_text(app)
        await type_text(pilot, "moved to the London office")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [(str(e.noted_on), e.text) for e in Journal.select()] == [("2026-11-21", "moved to the London office")]
        pane = app.screen.query_one(DetailPane)
        assert "21 Nov 2026  ¶ journal   moved to the London office" in unwrapped(pane)
        assert "1 journal entry" in unwrapped(pane)

        # In the timeline the entry is the newest row: e edits it, a future day is refused beside the field.
        await pilot.press("enter", "e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen) and "Edit the journal entry of 21 Nov 2026 about Sam Hiring" in screen_text(app)
        await pilot.press("ctrl+u")
        await type_text(pilot, "moved to the Paris office")
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "tomorrow")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "in the future" in screen_text(app)
        await pilot.press("ctrl+u")
        await type_text(pilot, "yesterday")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [(str(e.noted_on), e.text) for e in Journal.select()] == [("2026-11-20", "moved to the Paris office")]
        assert "20 Nov 2026  ¶ journal   moved to the Paris office" in unwrapped(pane)

        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert Journal.select().count() == 0 and "Paris" not in unwrapped(pane)
        await pilot.press("u")
        await settle(pilot)
        assert [e.text for e in Journal.select()] == ["moved to the Paris office"]
        await pilot.press("u")  # the edit
        await settle(pilot)
        assert [e.text for e in Journal.select()] == ["moved to the London office"]
        await pilot.press("u")  # the entry itself
        await settle(pilot)
        assert Journal.select().count() == 0


async def test_a_journal_word_in_the_filter_finds_the_person(make_app, now):
    sam, _ = _people(now)
    from netui.core import journal

    journal.add(sam, "training for the Lisbon marathon", now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "marathon")
        await settle(pilot)
        assert _current(app) == sam and app.screen.query_one(ContactList).total == 1


async def test_the_add_form_records_who_introduced_them(make_app, now):
    gary = contacts.create(ContactInput(name="Gary Stone"), now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await type_text(pilot, "Sam Hiring")
        await pilot.press("enter", "enter", "enter", "enter", "enter", "enter", "enter")  # to Why
        await type_text(pilot, "hiring data people")
        await pilot.press("enter")  # to Introduced by
        await type_text(pilot, "nobody")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "no contact matches 'nobody'" in screen_text(app)  # beside the field; nothing stored
        assert contacts.count() == 1
        await pilot.press(*["backspace"] * 6)
        await type_text(pilot, "gary")
        await pilot.press("ctrl+s")
        await settle(pilot)
        sam = contacts.resolve("Sam Hiring")
        assert [(r.type, r.contact_id) for r in relations.of(sam)] == [("introduced-by", gary)]
        assert "introduced by  ↗ Gary Stone" in unwrapped(app.screen.query_one(DetailPane))
        await pilot.press("u")  # one step: the contact and the link go together
        await settle(pilot)
        assert contacts.count() == 1 and Relation.select().count() == 0
