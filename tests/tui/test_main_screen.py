"""The main screen, driven by keys: add, filter, log, edit, delete, undo, first run."""

from __future__ import annotations

import datetime as dt

from netui.core import contacts, interactions, search
from netui.core.contacts import ContactInput, Method
from netui.db.models import Contact, Interaction
from netui.tui.widgets.contact_list import ContactList

from .helpers import screen_text, settle, type_text, use_config, wait_for

SIZE = (100, 30)


def _add(name: str, now: dt.datetime, **kw) -> int:
    return contacts.create(ContactInput(name=name, **kw), now)


async def test_first_run_offers_to_add_import_or_load_a_sample(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Welcome to netui" in text
        assert "Add your first contact" in text and "Import a file" in text and "sample network" in text
        await pilot.press("D")
        await settle(pilot)
        assert Contact.select().count() == 200
        assert "Welcome to netui" not in screen_text(app)
        assert app.screen.query_one(ContactList).total == 200


async def test_add_a_contact_from_the_keyboard(make_app, now):
    _add("Someone Else", now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await type_text(pilot, "Grace Hopper")
        await pilot.press("enter")  # to Organisation
        await type_text(pilot, "US Navy")
        await pilot.press("enter", "enter")  # past Title to Emails
        await type_text(pilot, "grace@navy.example")
        await pilot.press("enter", "enter", "enter")  # a new line, done (an empty line), past Phones to Met on
        await type_text(pilot, "yesterday")
        await pilot.press("enter")
        await type_text(pilot, "COBOL meetup")
        await pilot.press("enter")
        await type_text(pilot, "wants compiler people")
        await pilot.press("ctrl+s")
        await settle(pilot)
        grace = Contact.get(Contact.name == "Grace Hopper")
        assert grace.organization == "US Navy"
        assert str(grace.met_on) == "2026-11-20"
        assert grace.how_met == "COBOL meetup" and grace.reason == "wants compiler people"
        assert [m.value for m in grace.methods] == ["grace@navy.example"]
        text = screen_text(app)
        assert "Grace Hopper" in text and "20 Nov 2026 at COBOL meetup" in text
        assert app.screen.query_one(ContactList).current_id == grace.id


async def test_form_shows_errors_next_to_the_field_and_stores_nothing(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await type_text(pilot, "Bad Dates")
        await pilot.press("enter", "enter", "enter", "enter", "enter")  # to Met on
        await type_text(pilot, "Feb 30 2025")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "is not a date" in screen_text(app) or "day is out of range" in screen_text(app)
        assert Contact.select().count() == 0
        await pilot.press("escape")
        await settle(pilot)
        assert Contact.select().count() == 0
        assert "Welcome to netui" in screen_text(app)


async def test_filter_finds_a_person_by_three_letters(make_app, now):
    _add("Ada Lovelace", now, organization="Analytical Engines")
    _add("Alan Turing", now, organization="Bletchley")
    _add("Grace Hopper", now, organization="US Navy", add_tags=["cobol"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "gra")
        await settle(pilot)
        lst = app.screen.query_one(ContactList)
        assert lst.total == 1 and lst.row(0).name == "Grace Hopper"
        assert "filter gra (1)" in screen_text(app)
        await pilot.press("enter")
        await pilot.press("slash")
        await pilot.press(*["backspace"] * 3)
        await type_text(pilot, "tag:cob")
        await settle(pilot)
        assert lst.total == 1 and lst.row(0).name == "Grace Hopper"
        await pilot.press(*["backspace"] * 7)
        await type_text(pilot, '"bletchley* -')  # a quote starts an exact phrase: a whole word
        await settle(pilot)
        assert [lst.row(i).name for i in range(lst.total)] == ["Alan Turing"]
        await type_text(pilot, " AND (")  # FTS5 syntax is just text: no error, no match
        await settle(pilot)
        assert lst.total == 0
        await pilot.press(*["backspace"] * 6)
        await pilot.press("escape")
        await settle(pilot)
        assert lst.total == 3


async def test_log_a_call_and_see_it_in_the_timeline(make_app, now):
    cid = _add("Ada Lovelace", now, circle="inner")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await pilot.press("tab")  # kind stays "call"
        await pilot.press(*["backspace"] * 3)
        await type_text(pilot, "3 days ago")
        await pilot.press("enter")
        await type_text(pilot, "talked about the engine")
        await pilot.press("enter", "enter")  # on to "with" (nobody else), and log
        await settle(pilot)
        rows = list(Interaction.select().where(Interaction.contact == cid))
        assert [(r.kind, r.summary) for r in rows] == [("call", "talked about the engine")]
        c = contacts.get(cid)
        assert str(c.last_contact_at) == "2026-11-18 00:00:00"
        assert str(c.next_due_at) == "2026-12-18 00:00:00"  # inner circle: 30 days from the call
        text = screen_text(app)
        assert "18 Nov 2026" in text and "talked about the engine" in text


async def test_edit_delete_and_undo(make_app, now):
    cid = _add("Ada Lovelace", now, organization="Analytical", add_methods=[Method("email", "ada@x.org")])
    interactions.log(cid, "email", now - dt.timedelta(days=2), now, "sent notes")
    before = contacts.contact_dict(cid)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.press("tab")  # to Organisation
        await pilot.press("ctrl+u")
        await type_text(pilot, "Royal Society")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert contacts.get(cid).organization == "Royal Society"
        assert contacts.contact_dict(cid)["org_history"][0]["organization"] == "Analytical"
        await pilot.press("delete")
        await settle(pilot)
        assert "Delete Ada Lovelace" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert not Contact.select().where(Contact.id == cid).exists()
        assert search.count(search.Query("ada")) == 0
        await pilot.press("u")  # undo the delete
        await settle(pilot)
        assert contacts.get(cid).organization == "Royal Society"
        assert search.count(search.Query("ada")) == 1
        await pilot.press("u")  # undo the edit
        await settle(pilot)
        after = contacts.contact_dict(cid)
        assert after == before
        assert "Analytical" in screen_text(app)


async def test_delete_can_be_declined(make_app, now):
    cid = _add("Ada Lovelace", now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("delete", "n")
        await settle(pilot)
        assert Contact.select().where(Contact.id == cid).exists()


async def test_help_lists_every_main_key(make_app, now):
    _add("Ada Lovelace", now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert "Add a contact (where, when and why you met)" in screen_text(app)
        text = app.screen.query_one("#help-body").text  # the whole (scrollable) help, unwrapped
        from netui.tui.commands import MAIN

        for cmd in MAIN:
            assert cmd.help in text, cmd.help
        await pilot.press("escape")
        await settle(pilot)
        assert "List every key" not in screen_text(app)


async def test_sort_cycles_and_shows_in_the_top_bar(make_app, now):
    a = _add("Zed Old", now)
    _add("Amy New", now)
    interactions.log(a, "call", now - dt.timedelta(hours=1), now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ContactList)
        assert lst.row(0).name == "Amy New"
        await pilot.press("v")
        await settle(pilot)
        assert "sort last-contact" in screen_text(app)
        assert lst.row(0).name == "Zed Old"


async def test_palette_jumps_to_a_contact(make_app, now):
    for i in range(30):
        _add(f"Person {i:02d}", now)
    target = _add("Zora Neale", now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "zora")
        # the palette searches in a worker: wait for its answer before choosing it
        assert await wait_for(pilot, lambda: "Zora Neale" in screen_text(app) and not list(app.workers))
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(ContactList).current_id == target
        assert "Zora Neale" in screen_text(app)


async def test_keys_can_be_remapped_in_the_config(make_app, now, tmp_path):
    cid = _add("Ada Lovelace", now)
    use_config(tmp_path, '[keys]\nlog = "L"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")  # no longer bound
        await settle(pilot)
        assert "Log an interaction" not in screen_text(app)
        await pilot.press("L")
        await settle(pilot)
        assert "Log an interaction with Ada Lovelace" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [i.kind for i in Interaction.select().where(Interaction.contact == cid)] == ["call"]


async def test_a_multi_line_note_survives_an_edit(make_app, now):
    cid = _add("Ada Lovelace", now, note="first line\nsecond line")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert "first line ↵ second line" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert contacts.get(cid).note == "first line\nsecond line"
