"""A dinner with three, by keys: logged once from the log form's "with" field (names completed as they
are typed), shown "with ..." in each timeline, edited for everyone, deleted for one person or for all,
and each step undone with u."""

from __future__ import annotations

import re

from netui.core import contacts, interactions
from netui.core.contacts import ContactInput
from netui.db.models import Interaction
from netui.tui.dialogs.interaction import EditInteractionScreen, WhichScreen
from netui.tui.widgets.panes import DetailPane

from .helpers import screen_text, settle, type_text, wait_for

SIZE = (110, 32)


def unwrapped(pane) -> str:
    """The pane's text with its wrapped lines joined again (a long line hangs under its text)."""
    return re.sub(r"\n +", " ", pane.content.plain)


def people(now) -> tuple[int, int, int]:
    return tuple(contacts.create(ContactInput(name=n), now) for n in ("Ada Byron", "Bob Kahn", "Cy Young"))


def rows() -> list[tuple[int, str, str | None]]:
    return sorted((r.contact_id, r.summary, r.share) for r in Interaction.select())


async def test_log_a_dinner_with_three_from_the_form_by_keys(make_app, now):
    ada, bob, cy = people(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", "tab", "enter")  # kind call; when: now; on to the summary
        await type_text(pilot, "dinner at Rita's")
        await pilot.press("enter")  # on to "with"
        await type_text(pilot, "bo")
        box = app.screen.query_one("#field-with")
        assert await wait_for(pilot, lambda: box._suggestion == "Bob Kahn")
        await pilot.press("right")  # takes the suggestion
        await type_text(pilot, ", c")
        assert await wait_for(pilot, lambda: box._suggestion == "Bob Kahn, Cy Young")
        await pilot.press("right")
        assert box.value == "Bob Kahn, Cy Young"
        await pilot.press("enter")
        await settle(pilot)
        logged = rows()
        assert [(cid, s) for cid, s, _ in logged] == [(ada, "dinner at Rita's"), (bob, "dinner at Rita's"), (cy, "dinner at Rita's")]
        assert len({share for _, _, share in logged}) == 1 and logged[0][2] is not None
        assert "with Bob Kahn, Cy Young" in unwrapped(app.screen.query_one(DetailPane))
        assert await wait_for(pilot, lambda: any("Logged call with Ada Byron, Bob Kahn, Cy Young" in str(n.message) for n in app._notifications))
        await pilot.press("u")
        await settle(pilot)
        assert rows() == []  # one undo step for the whole dinner


async def test_a_name_that_matches_nobody_is_said_beside_the_field(make_app, now):
    people(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", "tab", "enter", "enter")
        await type_text(pilot, "Zed")
        await pilot.press("enter")
        await settle(pilot)
        assert "no contact matches 'Zed'" in screen_text(app)
        assert rows() == []


async def test_edit_for_everyone_and_delete_for_one_or_all_by_keys_and_undo(make_app, now):
    ada, bob, cy = people(now)
    interactions.log_with([ada, bob, cy], "in-person", now.replace(hour=8), now, summary="breakfast")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(DetailPane)
        assert "breakfast  with Bob Kahn, Cy Young" in unwrapped(pane)
        await pilot.press("enter", "e")
        await settle(pilot)
        assert isinstance(app.screen, EditInteractionScreen)
        assert app.screen.spec.title == "Edit the in-person of 21 Nov 2026 with Ada Byron (and Bob Kahn, Cy Young: changed for everyone)"
        assert "changed for everyone" in screen_text(app)
        await pilot.press("tab", "tab", "ctrl+u")
        await type_text(pilot, "breakfast at Ada's")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert {s for _, s, _ in rows()} == {"breakfast at Ada's"}

        await pilot.press("delete")  # still in the timeline, on the breakfast
        await settle(pilot)
        assert isinstance(app.screen, WhichScreen)
        assert "Take Ada Byron out of it (p), or delete it for everyone (a)?" in app.screen.question.plain
        await pilot.press("p")
        await settle(pilot)
        assert [cid for cid, _, _ in rows()] == [bob, cy]
        assert contacts.get(ada).last_contact_at is None
        await pilot.press("u")
        await settle(pilot)
        assert [cid for cid, _, _ in rows()] == [ada, bob, cy] and contacts.get(ada).last_contact_at is not None

        await pilot.press("enter", "delete")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert rows() == [] and contacts.get(cy).last_contact_at is None
        await pilot.press("u")
        await settle(pilot)
        assert [cid for cid, _, _ in rows()] == [ada, bob, cy] and len({s for _, _, s in rows()}) == 1

        await pilot.press("enter", "delete", "escape")  # keep it
        await settle(pilot)
        assert len(rows()) == 3
