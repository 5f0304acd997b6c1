"""Names and notes from anywhere are inert: shown literally, never markup, never an action."""

from __future__ import annotations

import pytest

from netui.core import contacts, interactions
from netui.core.contacts import ContactInput
from netui.db.models import Contact
from netui.tui.widgets.contact_list import ContactList

from .helpers import screen_text, settle, type_text, wait_for

HOSTILE = [
    "Eve [/]",
    "[@click=app.quit]Mallory[/]",
    "[link=https://evil.example]Trent[/link]",
    "Oscar \x1b[31mRED\x1b[0m \x1b]0;title\x07",
    "Bidi \u202eevil\u202c Name",
    "[bold red]Loud[/]",
    "Zoë 🎉 שלום עליכם",
    "$text-error ${danger}",
]


@pytest.mark.slow  # one of the longest runs of the suite
async def test_hostile_names_are_shown_literally_everywhere(make_app, now):
    ids = [
        contacts.create(ContactInput(name=name, organization="[b]Org[/b]", note="[@click=app.quit]note[/]\n\x1b[2J"), now)
        for name in HOSTILE
    ]
    for cid in ids:
        interactions.log(cid, "call", now, now, summary="[red]summary[/red]")
    app = make_app()
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Eve [/]" in text
        assert "[@click=app.quit]Mallory[/]" in text
        assert "[link=https://evil.example]Tren" in text  # cut to the list's width, not parsed
        assert "Oscar RED" in text
        assert "\x1b" not in text
        app.screen.query_one(ContactList)  # the list is on screen
        for _ in range(len(HOSTILE)):
            for pane in ("1", "2", "3"):
                await pilot.press(pane)
                await settle(pilot)
            await pilot.press("down")
        await pilot.press("1")
        await settle(pilot)
        assert "[red]summary[/red]" in screen_text(app) or "[b]Org[/b]" in screen_text(app)
        # clicking on a name that holds @click markup does nothing but select it
        await pilot.click(ContactList, offset=(3, 1))
        await settle(pilot)
        assert app.is_running
        # the palette lists hostile names as text
        await pilot.press("ctrl+p")
        await type_text(pilot, "mallory")
        assert await wait_for(pilot, lambda: "[@click=app.quit]Mallory[/]" in screen_text(app))
        await pilot.press("escape")
        await settle(pilot)
        # delete a hostile contact: the confirm and the notification show the name as text
        await pilot.press("home", "delete")
        await settle(pilot)
        assert "Delete" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert app.is_running
        assert Contact.select().count() == len(HOSTILE) - 1
