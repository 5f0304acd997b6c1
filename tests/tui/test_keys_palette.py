"""Keys and commands: the palette finds a command by its name, the help names each for the keymap, one
key means one thing (the logging keys of Today and Triage), the filter box keeps who it found."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.command import CommandPalette
from textual.fuzzy import Matcher

from netui.core import contacts, today
from netui.core.contacts import ContactInput
from netui.db.models import Interaction
from netui.tui import commands
from netui.tui.palette import command_score
from netui.tui.screens.agenda import AgendaScreen
from netui.tui.screens.help import HelpScreen
from netui.tui.screens.main import MainScreen
from netui.tui.screens.overview import OverviewScreen
from netui.tui.screens.today import TodayScreen
from netui.tui.screens.triage import TriageScreen
from netui.tui.widgets.contact_list import ContactList

from .helpers import screen_text, settle, type_text, wait_for

SIZE = (100, 30)


def people(now: dt.datetime, n: int = 30) -> dict[str, int]:
    ids = {f"Person {i:02d}": contacts.create(ContactInput(name=f"Person {i:02d}"), now) for i in range(n)}
    ids["Zora Neale"] = contacts.create(ContactInput(name="Zora Neale", organization="Harlem Books"), now)
    return ids


async def palette_pick(app, pilot, query: str) -> None:
    """Open the palette, type ``query``, wait for every provider's answer, choose the first hit."""
    await pilot.press("ctrl+p")
    await type_text(pilot, query)
    assert await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette) and not list(app.screen.workers)
                          and app.screen.query_one("CommandList").option_count > 0)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("query, screen", [("overview", OverviewScreen), ("agenda", AgendaScreen),
                                           ("triage", TriageScreen), ("today", TodayScreen)])
async def test_the_palette_finds_a_command_by_its_name(make_app, now, query, screen):
    people(now, 3)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette_pick(app, pilot, query)
        assert await wait_for(pilot, lambda: isinstance(app.screen, screen))


async def test_the_palette_finds_a_command_by_its_words_and_shows_its_key(make_app, now):
    people(now, 3)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "shape network")
        assert await wait_for(pilot, lambda: "The shape of your network" in screen_text(app) and not list(app.screen.workers))
        first = str(app.screen.query_one("CommandList").get_option_at_index(0).prompt)
        assert first.startswith("Overview  O  The shape of your network")  # the name, its key, its sentence


async def test_netui_commands_rank_above_textuals_own(make_app, now):
    people(now, 3)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Textual's "Keys: show help for the focused widget" matches too; netui's help (every key) comes first.
        await palette_pick(app, pilot, "keys")
        assert isinstance(app.screen, HelpScreen), screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p")  # the empty palette: this screen's commands first, in their order
        assert await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette) and not list(app.screen.workers)
                              and app.screen.query_one("CommandList").option_count > 0)
        first = str(app.screen.query_one("CommandList").get_option_at_index(0).prompt)
        assert first.startswith("Add  a  Add a contact")


def test_a_word_of_the_name_scores_above_letters_in_order_and_above_textual():
    by_action = {c.action: c for c in commands.MAIN}
    assert command_score(by_action["agenda"], "agenda", 0.5) > command_score(by_action["give"], "agenda", 0.9)
    assert command_score(by_action["give"], "agenda", 0.0) == 0  # "Add a give note" is not found by "agenda"
    assert command_score(by_action["triage"], "triage", 0.9) > command_score(by_action["overview"], "triage", 0.9)
    assert command_score(by_action["quit"], "quit", 1.0) > Matcher("quit").match("Quit")  # above Textual's own "Quit"


def test_every_command_is_found_first_by_its_keymap_name():
    """On each screen, typing a command's name from config.toml [keys] ("gives", "snooze ask") ranks that
    command above the screen's others ("gives" once found the give pane, its "s" dropped)."""
    for scope in commands.SCOPES:
        for cmd in scope:
            name = cmd.action.replace("_", " ")
            best = max(scope, key=lambda other, name=name: command_score(other, name, 0.0))
            assert best is cmd, (cmd.id, best.id)


async def test_the_help_names_each_command_for_the_keymap(make_app, now):
    people(now, 3)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
        assert "main.overview" in text and "main.agenda" in text and "main.archive" in text
        row = next(r for r in text.splitlines() if "main.overview" in r)
        assert row.replace("│", " ").split()[0] == "O" and "The shape of your network" in row  # key, name, what it does
        help_text = str(app.screen.query_one("#help-body").content)
        assert "The same key on every screen" in help_text and "c m p @" in help_text


async def test_the_logging_keys_are_the_same_on_today_and_in_triage(make_app, now):
    met = (now - dt.timedelta(days=1)).date()
    ada = contacts.create(ContactInput(name="Ada Met", met_on=met, how_met="PyCon"), now)
    bea = contacts.create(ContactInput(name="Bea Met", met_on=met, how_met="PyCon"), now)
    assert {e.contact_id for e in today.today(now).items} == {ada, bea}
    app = make_app(start="today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        first = app.screen.current
        await pilot.press("at")  # @: emailed
        await settle(pilot)
        await pilot.press("t")  # triage on what is left of today's queue
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
        text = screen_text(app)
        assert "c call · m message · p in person · @ email · s snooze · x let go" in text  # the keys, on the card
        await pilot.press("p")  # p: met in person, in triage as on Today
        await settle(pilot)
    kinds = {row.contact_id: row.kind for row in Interaction.select().where(Interaction.occurred_at == now)}
    emailed = ada if first == f"person-{ada}" else bea
    assert kinds == {emailed: "email", ({ada, bea} - {emailed}).pop(): "in-person"}


async def test_escape_clears_the_filter_and_keeps_who_it_found(make_app, now):
    ids = people(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ContactList)
        await pilot.press("slash")
        await type_text(pilot, "zora")
        await settle(pilot)
        assert lst.total == 1 and lst.current_id == ids["Zora Neale"]
        await pilot.press("escape")
        await settle(pilot)
        assert lst.total == len(ids) and lst.current_id == ids["Zora Neale"]  # everyone again, Zora still highlighted
        assert lst.cursor == len(ids) - 1 and "Zora Neale" in screen_text(app)  # scrolled to her, not the top
        assert "filter" not in screen_text(app).splitlines()[0]


async def test_arrows_in_the_filter_box_move_the_list_and_slash_appends(make_app, now):
    ids = people(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ContactList)
        await pilot.press("slash")
        await type_text(pilot, "person")
        await settle(pilot)
        await pilot.press("down", "down", "down", "up")
        await settle(pilot)
        box = app.screen.query_one("#filter")
        assert box.has_focus and lst.current_id == ids["Person 02"]
        await pilot.press("pagedown")
        await settle(pilot)
        assert box.has_focus and lst.cursor > 2
        await pilot.press("enter")  # keep the filter, back to the list
        await settle(pilot)
        assert lst.has_focus
        await pilot.press("slash")
        await type_text(pilot, " 1")
        await settle(pilot)
        assert box.value == "person 1" and lst.total == 10  # appended, not replaced


async def test_empty_states_say_what_happened_and_what_to_do(make_app, now):
    ids = people(now, 2)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("u")  # nothing to undo: said, not silently ignored
        await settle(pilot)
        assert await wait_for(pilot, lambda: any("Nothing to undo yet" in str(n.message) for n in app._notifications))
        await pilot.press("slash")
        await type_text(pilot, "qqq")
        await settle(pilot)
        text = screen_text(app)
        assert 'Nobody matches "qqq".' in text and "esc clears the filter" in text
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("x")  # archive Person 00
        await pilot.press("A")  # the archived view: Person 00
        await settle(pilot)
        lst = app.screen.query_one(ContactList)
        assert lst.total == 1 and lst.current_id == ids["Person 00"]
        await pilot.press("x")  # restore the last archived person
        await settle(pilot)
        assert lst.total == 0 and not contacts.get(ids["Person 00"]).archived
        text = screen_text(app)
        assert "Nobody is archived now." in text and "A shows everyone again" in text


async def test_an_empty_agenda_and_give_list_say_what_to_do(make_app, now):
    app = make_app()  # nobody yet: nothing due, no idea to give
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        ok = await wait_for(pilot, lambda: isinstance(app.screen, AgendaScreen) and "Nothing is due" in screen_text(app))
        assert ok, screen_text(app)
        assert "esc goes back" in screen_text(app)
        await pilot.press("escape", "G")
        await settle(pilot)
        assert "No open give ideas" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
