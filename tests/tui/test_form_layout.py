"""Forms at every size, driven by keys: the title and the buttons stay in sight while only the fields scroll,
dropdowns move on with enter and open inside the dialog, a message goes as soon as its field is fixed, and a
refused value is selected so that typing replaces it."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Input, Select
from textual.widgets._select import SelectOverlay

from netui.core import contacts, demo, interactions, today
from netui.core.contacts import ContactInput
from netui.db.models import Contact, Interaction, Reminder
from netui.tui.dialogs.form import FormScreen

from .helpers import screen_text, settle, type_text, wait_for, workers_finished

D = dt.timedelta
FOUR_ERRORS = ["tab", "tab", "tab", *"foo", "enter", "enter", "enter", *"Feb", "space", *"30", "tab", "tab", "tab", "tab",
               *"xx"]  # Name left empty; Emails "foo"; Met on "Feb 30"; (how met, reason, introduced by) Birthday "xx"


@pytest.fixture
def ada(db_path, now) -> int:
    return contacts.create(ContactInput(name="Ada Lovelace", organization="Analytical"), now)


async def open_add_form(app, pilot) -> FormScreen:
    await workers_finished(pilot)
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(app.screen, FormScreen)
    return app.screen


def in_sight(text: str, *words: str) -> None:
    for word in words:
        assert word in text, f"{word!r} is not on the screen:\n{text}"


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_with_four_errors_the_title_and_the_buttons_stay_in_sight(make_app, ada, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        form = await open_add_form(app, pilot)
        text = screen_text(app)
        in_sight(text, "New contact", "Save", "Cancel", "esc cancel")
        assert form.query_one("#form-fields").max_scroll_y > 0  # the fields do not all fit: they scroll
        await pilot.press(*FOUR_ERRORS, "ctrl+s")
        await settle(pilot)
        assert app.screen is form and Contact.select().count() == 1  # refused: nothing written
        assert sum(label.has_class("-invalid") for label in form.query(".form-error")) == 4
        text = screen_text(app)
        in_sight(text, "New contact", "Name is required", "Save", "Cancel", "esc cancel")
        assert app.focused is form.widget_for("name")
        lines = text.splitlines()
        title = next(i for i, line in enumerate(lines) if "New contact" in line)
        assert title < next(i for i, line in enumerate(lines) if "Name is required" in line)
        assert any("netui" in line for line in lines[:title])  # nor the screen's header: the dialog is below it
        last = form.widget_for(form.spec.fields[-1].name)
        while app.focused is not last:  # down to the last field: the fields scroll, the rest stays
            await pilot.press("tab")
        await settle(pilot)
        text = screen_text(app)
        in_sight(text, "New contact", form.spec.fields[-1].label, "Save", "Cancel", "esc cancel")
        assert "Name is required" not in text  # scrolled away, under the fixed title


async def test_every_field_of_the_add_form_can_be_reached_and_saved_at_60x20(make_app, ada):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        form = await open_add_form(app, pilot)
        await pilot.press("shift+tab")  # back from the first field: the scrolling box is no stop of its own
        assert app.focused is form.query_one("#form-cancel")
        await pilot.press("tab")
        assert app.focused is form.widget_for("name")
        await type_text(pilot, "Grace Hopper")
        last = form.spec.fields[-1].name
        while app.focused is not form.widget_for(last):
            await pilot.press("tab")
        await settle(pilot)
        in_sight(screen_text(app), "New contact", form.spec.fields[-1].label, "Save", "Cancel")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        assert Contact.select().where(Contact.name == "Grace Hopper").count() == 1


async def test_enter_on_a_dropdown_moves_on_and_space_or_alt_down_opens_it(make_app, ada, now):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_finished(pilot)
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen) and app.focused is form.widget_for("kind")
        select = form.query_one("#field-kind", Select)
        dialog = form.query_one("#form")
        closed = dialog.region.height
        await pilot.press("enter")  # closed: on to the next field, as in every field
        await settle(pilot)
        assert app.focused is form.widget_for("when") and not select.expanded
        await pilot.press("shift+tab", "space")
        await settle(pilot)
        assert select.expanded
        overlay = select.query_one(SelectOverlay)
        assert dialog.region.contains_region(overlay.region)  # the list opens inside the dialog, grown for it
        in_sight(screen_text(app), "in-person", "video", "social")
        await pilot.press("down", "enter")  # call -> video, picked: the list closes
        await settle(pilot)
        assert not select.expanded and select.value == "video" and app.focused is select
        await pilot.press("alt+down")
        await settle(pilot)
        assert select.expanded
        await pilot.press("escape")  # closes the list, not the form
        await settle(pilot)
        assert not select.expanded and app.screen is form
        assert dialog.region.height == closed  # and back to its size once the list is closed
        await pilot.press("enter", "enter", *"lunch", "enter", "enter")  # Kind -> When -> Summary -> With -> saved
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        row = Interaction.get(Interaction.contact == ada)
        assert (row.kind, row.summary) == ("video", "lunch")


async def test_a_long_dropdown_opens_inside_the_dialog_after_scrolling(make_app, ada):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        form = await open_add_form(app, pilot)
        while app.focused is not form.widget_for("circle"):
            await pilot.press("tab")
        await pilot.press("space")
        await settle(pilot)
        select = form.query_one("#field-circle", Select)
        assert select.expanded
        fields = form.query_one("#form-fields").content_region
        assert fields.contains_region(select.query_one(SelectOverlay).region)
        in_sight(screen_text(app), "inner", "outer", "Save", "Cancel")


async def test_a_message_goes_as_soon_as_its_field_is_fixed(make_app, ada):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_add_form(app, pilot)
        await pilot.press(*FOUR_ERRORS, "ctrl+s")
        await settle(pilot)
        assert "Name is required" in screen_text(app)
        await type_text(pilot, "Grace")  # the name is typed: its message goes at once, the others stay
        await settle(pilot)
        text = screen_text(app)
        assert "Name is required" not in text and "not a birthday" in text and "it has no @" in text
        assert not form.query_one("#error-name").has_class("-invalid")
        await pilot.press("tab", "tab", "tab", "end", "@")  # still not an address: still said
        await settle(pilot)
        emails = form.query_one("#error-emails")
        assert emails.has_class("-invalid")
        await type_text(pilot, "x.org")  # now it is: the message goes, before any save
        await settle(pilot)
        assert not emails.has_class("-invalid") and "foo@x.org" not in str(emails.render())
        assert Contact.select().count() == 1


async def test_an_edit_error_goes_when_the_field_is_put_back(make_app, ada):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_finished(pilot)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press("backspace", "ctrl+s")  # the name (selected on opening) emptied: refused
        await settle(pilot)
        assert "Name is required" in screen_text(app)
        await type_text(pilot, "Ada Lovelace")  # as it was: unchanged, so nothing to check
        await settle(pilot)
        assert "Name is required" not in screen_text(app)


@pytest.fixture
def morning(db_path, now):
    demo.generate(300, seed=1, now=now)
    return today.today(now)


async def test_a_refused_snooze_is_selected_so_typing_replaces_it(make_app, morning, now):
    first = morning.items[0].contact_id
    app = make_app(start="today")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")  # snooze, as on Triage and the Agenda
        await settle(pilot)
        field = app.screen.query_one("#field-when", Input)
        assert field.value == "1w" and field.selected_text == "1w"  # focused: typing replaces it
        await pilot.press(*"soon", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen) and field.value == "soon"
        assert field.selected_text == "soon"  # refused: selected, so the next key starts again
        await type_text(pilot, "3d")
        assert field.value == "3d"
        await settle(pilot)
        assert not app.screen.query_one("#error-when").has_class("-invalid")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        until = f"until {now + D(days=3):%a %d %b %Y}"
        assert await wait_for(pilot, lambda: any(until in str(n.message) and n.message.startswith("Snoozed") for n in app._notifications))
        assert app.screen.current != f"person-{first}"  # done with them: on to the next


async def test_the_snooze_in_the_agenda_replaces_its_value_too(make_app, now, clock):
    cid = contacts.create(ContactInput(name="Ada Lovelace", met_on=now.date(), how_met="PyCon"), now)
    interactions.log(cid, "email", now, now)
    clock.advance(days=31)  # the 30-day call is due
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_finished(pilot)
        await settle(pilot)
        await pilot.press("r")
        await workers_finished(pilot)
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        field = app.screen.query_one("#field-when", Input)
        await type_text(pilot, "2d")
        assert field.value == "2d"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        row = Reminder.get((Reminder.contact == cid) & (Reminder.kind == "call"))
        assert row.snoozed_until == clock() + D(days=2)


async def test_an_introduction_reason_message_goes_once_it_is_specific(make_app, ada, now):
    contacts.create(ContactInput(name="Bea Both", organization="Helix Bio"), now)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_finished(pilot)
        await settle(pilot)
        await pilot.press("I")
        await settle(pilot)
        await type_text(pilot, "Bea")
        await settle(pilot)
        await pilot.press("enter", "ctrl+s")  # Bea picked; no reasons yet: both refused
        await settle(pilot)
        screen = app.screen
        reason_a, reason_b = screen.query_one("#error-reason-a"), screen.query_one("#error-reason-b")
        assert reason_a.has_class("-invalid") and reason_b.has_class("-invalid")
        await type_text(pilot, "Bea is hiring a mathematician for the engine")
        await settle(pilot)
        assert not reason_a.has_class("-invalid") and reason_b.has_class("-invalid")
        assert "what Ada Lovelace gains from meeting Bea Both" in screen_text(app)
        in_sight(screen_text(app), "Introduce Ada Lovelace", "Propose", "Cancel")
