"""The timeline in the detail pane, driven by keys: enter it, edit and delete interactions, undo.

Mary was met yesterday (the meeting is her first in-person interaction); an email and a coffee are
logged with ``l``, whose confirmation says what each closed. Everything derived from the timeline
(last contact, next due, the plan's steps) is asserted on the screen and in the database after each
key.
"""

from __future__ import annotations

import datetime as dt
import re

from netui.core import contacts, interactions
from netui.core.contacts import ContactInput
from netui.db.models import Interaction, Reminder
from netui.tui.dialogs.confirm import ConfirmScreen
from netui.tui.dialogs.interaction import EditInteractionScreen
from netui.tui.widgets.contact_list import ContactList
from netui.tui.widgets.panes import DetailPane, StrengthPane

from .helpers import screen_text, settle, type_text, wait_for
from .test_pane_speed import counted

SIZE = (100, 30)


def toasts(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _mary(now: dt.datetime) -> int:
    return contacts.create(ContactInput(name="Mary Major", met_on=(now - dt.timedelta(days=1)).date(), how_met="PyCon",
                                        reason="writes the parser we use"), now)


def _open(contact_id: int, kind: str) -> bool:
    return Reminder.get((Reminder.contact == contact_id) & (Reminder.kind == kind)).next_due_at is not None


async def _log(pilot, kind_keys: list[str], when: str, summary: str) -> None:
    """``l``, the kind chosen in its dropdown, the date typed over "now", a summary, enter, and enter on
    "with" (nobody else)."""
    await pilot.press("l")
    await settle(pilot)
    if kind_keys:
        await pilot.press("space", *kind_keys, "enter")  # space opens the dropdown (enter moves on)
    await pilot.press("tab", *["backspace"] * 3)
    await type_text(pilot, when)
    await pilot.press("enter")
    await type_text(pilot, summary)
    await pilot.press("enter", "enter")
    await settle(pilot)


def _timeline(app) -> list[str]:
    lines = screen_text(app).splitlines()
    start = next(i for i, text in enumerate(lines) if "Timeline" in text)
    return [text.split("▕", 1)[-1].strip() for text in lines[start + 1:start + 4]]


async def test_log_says_what_it_closed(make_app, now):
    cid = _mary(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _log(pilot, ["down", "down"], "2026-11-20 18:00", "thanks for the talk")  # call -> email
        assert Interaction.get((Interaction.contact == cid) & (Interaction.kind == "email")).summary == "thanks for the talk"
        assert await wait_for(pilot, lambda: "Logged email with Mary Major; closed: 48 h follow-up." in toasts(app))
        assert not _open(cid, "follow-up") and _open(cid, "call")


async def test_edit_delete_and_undo_in_the_timeline_by_keys(make_app, now):
    cid = _mary(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _log(pilot, ["down", "down"], "2026-11-20 18:00", "thanks for the talk")  # call -> email
        await _log(pilot, ["up"], "2026-11-21 09:00", "coffee at the station")  # call -> in-person
        assert ("Logged in-person with Mary Major; closed: 30-day call, 90-day face-to-face check."
                in toasts(app))
        assert not _open(cid, "face-to-face")
        assert str(contacts.get(cid).last_contact_at) == "2026-11-21 09:00:00"

        await pilot.press("2")  # the strength pane keeps its value until a write touches Mary
        await settle(pilot)
        assert re.search(r"● in-person +2\b", app.screen.query_one(StrengthPane).content.plain)
        await pilot.press("1")
        await settle(pilot)

        # Into the timeline: the newest row is highlighted; down moves to the email.
        await pilot.press("enter")
        await settle(pilot)
        pane = app.screen.query_one(DetailPane)
        assert app.focused is pane
        await pilot.press("down", "e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditInteractionScreen)
        assert "Edit the email of 20 Nov 2026 with Mary Major" in screen_text(app)

        # A date in the future is refused beside the field; the form stays open, nothing is written.
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "tomorrow")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "is in the future" in str(form.query_one("#error-when").render())
        assert Interaction.get((Interaction.contact == cid) & (Interaction.summary == "thanks for the talk")).kind == "email"

        # Kind email -> call and an earlier hour, by keys.
        await pilot.press("ctrl+u")
        await type_text(pilot, "2026-11-20 17:00")
        await pilot.press("shift+tab", "space", "up", "up", "enter", "ctrl+s")  # space opens the dropdown
        await settle(pilot)
        assert not isinstance(app.screen, EditInteractionScreen)
        email = Interaction.get((Interaction.contact == cid) & (Interaction.summary == "thanks for the talk"))
        assert (email.kind, str(email.occurred_at)) == ("call", "2026-11-20 17:00:00")
        assert await wait_for(pilot, lambda: any(t.startswith("Edited the call of 20 Nov 2026 with Mary Major") for t in toasts(app)))
        assert _timeline(app) == [
            "21 Nov 2026  ● in-person coffee at the station",
            "20 Nov 2026  ☎ call      thanks for the talk",
            "20 Nov 2026  ● in-person met at PyCon",
        ]
        assert app.focused is pane and pane.cursor == 1  # still on the row it edited

        # Delete the only in-person meeting since the first: the face-to-face check is back.
        await pilot.press("up", "delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question.plain.startswith("Delete the in-person of 21 Nov 2026 (coffee at the station) with Mary Major?")
        await pilot.press("y")
        await settle(pilot)
        assert not Interaction.select().where(Interaction.summary == "coffee at the station").exists()
        assert _open(cid, "face-to-face")
        mary = contacts.get(cid)
        assert str(mary.last_contact_at) == "2026-11-20 17:00:00"
        assert ("Deleted the in-person of 21 Nov 2026 with Mary Major; reopened: 90-day face-to-face check."
                " Press u to undo." in toasts(app))
        shown = pane.content.plain  # the pane's text, as drawn before wrapping
        assert "(last: 20 Nov 2026)" in shown
        assert "Reminders" in shown and "face-to-face" in shown
        assert "coffee at the station" not in screen_text(app)
        assert _timeline(app)[0] == "20 Nov 2026  ☎ call      thanks for the talk"
        await pilot.press("2")  # the strength pane counts from the rows as they are now
        await settle(pilot)
        assert re.search(r"● in-person +1\b", app.screen.query_one(StrengthPane).content.plain)
        await pilot.press("1", "enter")
        await settle(pilot)
        assert app.focused is pane

        # u puts it back, and everything derived from it.
        await pilot.press("u")
        await settle(pilot)
        assert Interaction.select().where(Interaction.summary == "coffee at the station").exists()
        assert not _open(cid, "face-to-face")
        assert str(contacts.get(cid).last_contact_at) == "2026-11-21 09:00:00"
        assert "coffee at the station" in screen_text(app)
        assert "(last: 21 Nov 2026)" in pane.content.plain and "face-to-face" not in pane.content.plain

        # Escape leaves the timeline for the list; nothing is highlighted any more.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.focused, ContactList)
        assert pane._cursor_line is None


async def test_timeline_keys_in_footer_and_help(make_app, now):
    _mary(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "del Delete" not in screen_text(app).splitlines()[-1]
        await pilot.press("enter")
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "e Edit" in footer and "del Delete" in footer and "? Help" in footer
        await pilot.press("question_mark")
        await settle(pilot)
        text = app.screen.query_one("#help-body").text  # the whole help, unwrapped, also what is scrolled off
        assert "In the timeline (enter, or tab into the detail pane)" in text
        assert "Edit the highlighted interaction" in text and "timeline.delete_entry" in text


async def test_cancel_and_decline_change_nothing(make_app, now):
    cid = _mary(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "e")
        await settle(pilot)
        await type_text(pilot, "x")  # the kind dropdown has the focus: nothing typed lands anywhere
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "2026-11-19")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, EditInteractionScreen)
        met = Interaction.get(Interaction.contact == cid)
        assert str(met.occurred_at) == "2026-11-20 00:00:00"
        await pilot.press("delete", "n")
        await settle(pilot)
        assert Interaction.select().where(Interaction.contact == cid).count() == 1
        assert len(app.undo_stack) == 0


async def test_the_highlight_scrolls_into_view_and_moving_it_reads_nothing(make_app, now):
    cid = _mary(now)
    for k in range(29):
        interactions.log(cid, ("call", "email", "video")[k % 3], now - dt.timedelta(hours=k + 1), now, summary=f"talk {k}")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pane = app.screen.query_one(DetailPane)
        assert "talk 25" not in screen_text(app)
        with counted() as seen:
            await pilot.press(*["down"] * 25)
            await settle(pilot)
        assert not [q for q in seen if "SELECT" in q.upper()]  # drawn from the value the pane keeps
        assert pane.cursor == 25
        highlighted = [text for text in screen_text(app).splitlines() if "talk 25" in text]
        assert highlighted, "the highlighted row is scrolled into view"
        await pilot.press(*["down"] * 10)  # past the last row: it stays there
        await settle(pilot)
        assert pane.cursor == 29 and "met at PyCon" in screen_text(app)


async def test_an_interaction_deleted_elsewhere_is_said_not_a_crash(make_app, now):
    cid = _mary(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        met = Interaction.get(Interaction.contact == cid)
        interactions.delete(met.id, now)  # as another netui would, after the pane was drawn
        await pilot.press("e")
        await settle(pilot)
        assert not isinstance(app.screen, EditInteractionScreen)
        assert await wait_for(pilot, lambda: f"Not done: there is no interaction #{met.id} (changed elsewhere)." in toasts(app))
