"""What a new user met in the app (found trying netui as a user and as a hostile tester)."""

from __future__ import annotations

from netui.core import contacts
from netui.core.contacts import ContactInput
from netui.tui.dialogs.form import FormScreen
from netui.tui.widgets.panes import DetailPane

from .helpers import screen_text, settle, type_text, wait_for


def _pane(app) -> str:
    return app.screen.query_one(DetailPane).content.plain


async def test_a_past_job_reads_its_day_as_every_other_date_for_people(make_app, now):
    cid = contacts.create(ContactInput(name="Ada Byron", organization="Acme"), now)
    contacts.update(cid, ContactInput(organization="Royal Society"), now)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert await wait_for(pilot, lambda: "Previously" in _pane(app)), _pane(app)
        assert f"Acme  until {now:%d %b %Y}" in _pane(app)  # "09 Dec 2026", not "2026-12-09"


async def test_the_add_form_refuses_a_meeting_or_a_birthday_still_to_come(make_app, now):
    # The command line refused `--met-on tomorrow`; the form took it and set a plan from a day to come.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        assert await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        form.widget_for("name").focus()
        await type_text(pilot, "Fay Ture")
        form.widget_for("met_on").focus()
        await type_text(pilot, "tomorrow")
        form.widget_for("birthday").focus()
        await type_text(pilot, "2030-01-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # not saved: both are said beside their fields
        text = screen_text(app)
        assert "in the future: when did you meet?" in text
        assert form.query_one("#error-birthday").has_class("-invalid")
        assert contacts.Contact.select().count() == 0
        form.widget_for("met_on").focus()
        await pilot.press("ctrl+u")
        await type_text(pilot, "yesterday")
        form.widget_for("birthday").focus()
        await pilot.press("ctrl+u")
        await type_text(pilot, "1990-01-01")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: contacts.Contact.select().count() == 1)
