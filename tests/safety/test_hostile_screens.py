"""Hostile people on every screen, Pilot-level: what tests/tui/test_hostile.py does not already cover.

The data here includes values written straight into the file (not through netui's sanitising writes):
the screens must still show only inert text. Checked on the rendered screen text, which is what the
driver turns into bytes (the pseudo-terminal test checks the bytes themselves).
"""

from __future__ import annotations

import re

import pytest
from textual.widgets import Input

from netui.core import contacts
from netui.db.models import Contact
from netui.tui.app import NetuiApp
from netui.tui.dialogs.form import FormScreen
from tests.tui.helpers import screen_text, settle, workers_finished

from . import hostile
from .conftest import record_notifications

UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_inert_screen(app) -> None:
    text = screen_text(app)
    assert not UNSAFE.search(text), repr(UNSAFE.search(text).group(0))


async def visit(pilot, app, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
        assert app.is_running
        assert_inert_screen(app)


@pytest.mark.slow  # one of the longest runs of the suite
async def test_every_screen_shows_foreign_hostile_data_as_inert_text(db_path, clock, now):
    hostile.populate(now, raw=True)
    app = NetuiApp(db_path=db_path, now=clock)
    toasts = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_finished(pilot)
        await settle(pilot)
        # notifications for the due follow-ups name the hostile people, as text, never as markup
        assert toasts and all(t.get("markup") is False for t in toasts)
        assert any("[@click=app.quit]Mallory[/]" in t["message"] for t in toasts)
        assert not any(UNSAFE.search(t["message"] + t.get("title", "")) for t in toasts)
        assert_inert_screen(app)
        for _ in range(3):  # the list and the three panes, for the first few (every name is in the list)
            await visit(pilot, app, "1", "2", "3", "down")
        await visit(pilot, app, "end", "1")  # the 100,000-character name and note
        await visit(pilot, app, "home", "r", "escape", "t", "escape")  # agenda, triage
        await visit(pilot, app, "l", "escape", "g", "escape")  # forms titled with the name
        await pilot.click("#list", offset=(3, 2))  # a click on a name holding @click markup only selects it
        await settle(pilot)
        assert app.is_running
    assert Contact.select().count() == len(hostile.NAMES) + 1


async def test_forms_prefilled_with_hostile_values_keep_them_as_text(db_path, clock, now):
    """Values stored through netui are sanitised: markup stays literal, escape sequences are gone."""
    hostile.populate(now, raw=False)
    app = NetuiApp(db_path=db_path, now=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_finished(pilot)
        await settle(pilot)
        names = set()
        for _ in range(2):
            await pilot.press("e")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, FormScreen)
            name = form.query_one("#field-name", Input).value
            names.add(name)
            assert not UNSAFE.search(name)
            assert form.query_one("#field-organization", Input).value == "[b]Org[/b] INJ"
            assert_inert_screen(app)
            await pilot.press("ctrl+s")  # saving unchanged hostile values is a no-op, not a crash
            await settle(pilot)
            assert not isinstance(app.screen, FormScreen)
            await pilot.press("down")
    assert "[@click=app.quit]Mallory[/]" in names or "Eve [/]" in names
    assert {contacts.get(c.id).name for c in Contact.select()} >= {"Eve [/]", "[@click=app.quit]Mallory[/]"}


async def test_the_edit_form_prefilled_from_a_foreign_database_holds_no_control_characters(db_path, clock, now):
    hostile.populate(now, raw=True)
    app = NetuiApp(db_path=db_path, now=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_finished(pilot)
        await settle(pilot)
        for _ in range(3):
            await pilot.press("e")
            await settle(pilot)
            for field in app.screen.query(Input):
                assert not UNSAFE.search(field.value), (field.id, field.value[:80])
            await pilot.press("escape", "down")
            await settle(pilot)
