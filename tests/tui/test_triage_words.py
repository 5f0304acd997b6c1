"""Triage says what it did and what it is about to do: leaving on a card is not a skip, and a form that
asks for a note is titled with what it will log, not as if it were already logged."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.core import contacts
from netui.core.contacts import ContactInput
from netui.db.models import Interaction
from netui.tui.dialogs.form import FormScreen
from netui.tui.screens.main import MainScreen
from netui.tui.screens.triage import TriageScreen

from .helpers import screen_text, settle, type_text

D = dt.timedelta


@pytest.fixture
def two_due(db_path, now) -> list[int]:
    """Two people long out of touch: both in the walk."""
    return [contacts.create(ContactInput(name=name, circle="regular"), now - D(days=400))
            for name in ("Bea Both", "Cy Cold")]


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_leaving_on_the_first_card_is_not_a_skip(make_app, two_due):
    app = make_app(start="triage-all")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        summary = [n for n in notes(app) if n.startswith("Triage:")]
        assert summary == ["Triage: 1 of 2 seen. nothing done."]


async def test_leaving_after_a_skip_counts_that_one_only(make_app, two_due):
    app = make_app(start="triage-all")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "q")  # past the first, leaving on the second
        await settle(pilot)
        assert "Triage: 2 of 2 seen. 1 skipped." in notes(app)


@pytest.mark.parametrize("key, kind, asking", [
    ("P", "in-person", "Log a meeting with"), ("C", "call", "Log a call with"),
    ("E", "email", "Log an email to"), ("M", "message", "Log a message to"),
])
async def test_the_note_form_says_what_it_is_about_to_log(make_app, two_due, key, kind, asking):
    app = make_app(start="triage-all")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        name = contacts.get(app.screen.current).name
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        text = screen_text(app)
        assert f"{asking} {name}" in text and "Logged" not in text
        await type_text(pilot, "lunch")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
        row = Interaction.get(Interaction.summary == "lunch")
        assert row.kind == kind
        assert any(n.startswith("Logged ") and name in n for n in notes(app))  # said once it is done
