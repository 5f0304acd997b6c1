"""Send this to everyone interested in X, in the app: s on the give list picks a tag, lists who has it
(all marked), space unmarks one, ctrl+s logs a message with each one marked and records it as given, in
one undo step."""

from __future__ import annotations

import datetime as dt

from netui.core import contacts, gives
from netui.core.contacts import ContactInput
from netui.db.models import Give, Interaction
from netui.tui.dialogs.send_interest import SendInterestScreen
from netui.tui.screens.gives import GivesScreen

from .helpers import screen_text, settle, type_text, wait_for

SIZE = (100, 30)


def _network(now: dt.datetime) -> dict[str, int]:
    ids = {name.split()[0].lower(): contacts.create(ContactInput(name=name, tags=tags), now - dt.timedelta(days=10))
           for name, tags in (("Ada Obi", ["Rowing"]), ("Bea Li", ["rowing", "jazz"]), ("Cy Twombly", ["rowing"]),
                              ("Dee Jones", ["jazz"]))}
    gary = contacts.create(ContactInput(name="Gary Smith", tags=["HR"]), now - dt.timedelta(days=10))
    gives.add(gary, "introduced me to Mary", now - dt.timedelta(days=2), direction="received")
    return ids


async def _open_dialog(pilot) -> SendInterestScreen:
    await pilot.press("G")
    await settle(pilot)
    assert isinstance(pilot.app.screen, GivesScreen)
    await pilot.press("b")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SendInterestScreen)
    return pilot.app.screen


async def test_pick_a_tag_unmark_one_and_send_as_one_undo_step(make_app, now):
    ids = _network(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await _open_dialog(pilot)
        assert app.focused is dialog.query_one("#send-interest-tag")  # it starts on the interest
        await pilot.press("enter")  # open the tag list: rowing (3) is first, the most shared
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        text = screen_text(app)
        assert "3 of 3 marked to get it" in text and "Ada Obi" in text and "Cy Twombly" in text
        assert "Dee Jones" not in text
        await pilot.press("tab")
        await type_text(pilot, "the Boat Race article")
        dialog.chooser.focus()
        await settle(pilot)
        await pilot.press("down", "space")  # Bea: not this time
        await settle(pilot)
        assert "2 of 3 marked to get it" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GivesScreen)
        for who in ("ada", "cy"):
            (i,) = Interaction.select().where((Interaction.contact == ids[who]) & (Interaction.summary != "met"))
            assert (i.kind, i.summary, i.occurred_at) == ("email", "sent: the Boat Race article", now)
            (g,) = Give.select().where(Give.contact == ids[who])
            assert (g.direction, g.status, g.text) == ("given", "done", "the Boat Race article")
        assert not Give.select().where(Give.contact == ids["bea"]).exists()
        assert await wait_for(pilot, lambda: any("Sent to 2 people interested in rowing" in str(n.message) for n in app._notifications))
        await pilot.press("u")  # one step undoes it for everyone
        await settle(pilot)
        assert not Give.select().where(Give.direction == "given").exists()
        assert not Interaction.select().where(Interaction.summary.startswith("sent:")).exists()


async def test_sending_needs_what_and_someone_marked(make_app, now):
    _network(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await _open_dialog(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Pick an interest first." in screen_text(app)
        await pilot.press("enter", "down", "down", "enter")  # jazz
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Say what you are sending." in screen_text(app)
        await type_text(pilot, "a gig on Friday")
        await pilot.press("ctrl+a")  # everyone marked: ctrl+a unmarks them all
        await settle(pilot)
        assert "0 of 2 marked" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Nobody is marked" in screen_text(app)
        assert isinstance(app.screen, SendInterestScreen) and dialog.is_attached
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, GivesScreen)
        assert not Interaction.select().where(Interaction.summary.startswith("sent:")).exists()


async def test_the_give_list_shows_whom_you_owe_with_their_ideas(make_app, now):
    _network(now)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        text = screen_text(app)
        assert "You owe  1" in text and "Gary Smith  introduced me to Mary" in text
        assert "→  send something about HR" in text


async def test_hostile_names_and_tags_are_shown_as_text(make_app, now):
    contacts.create(ContactInput(name="[b]Eve[/b] [@click=app.quit]x[/] \x1b[31mred", organization="[red]Org[/red]",
                                 tags=["[i]poetry[/i]"]), now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _open_dialog(pilot)
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        text = screen_text(app)
        assert "[i]poetry[/i] · 1" in text
        assert "[b]Eve[/b] [@click=app.quit]x[/] red  [red]Org[/red]" in text and "\x1b" not in text
        assert app.is_running
