"""The edit form writes what the user changed and nothing else, and never reverts another process's change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from netui.core import contacts
from netui.core.contacts import ContactInput, Method
from netui.db import db
from netui.db.models import Contact, ContactMethod
from netui.tui.dialogs.conflict import ConflictScreen
from netui.tui.dialogs.form import FormScreen
from tests.tui.helpers import screen_text, settle, type_text, workers_finished
from tests.unit.test_edit_update import dump

SIZE = (80, 24)
NETUI = Path(sys.executable).with_name("netui")
EMAILS = [Method("email", "ada@example.org", "work", True), Method("email", "ada@home.example", "home")]
PHONES = [Method("phone", "+44 7700 900123", "mobile")]
TO_NOTE = ["tab"] * 12  # from Name, past every field, to Note
# Columns refreshed from the data on every write (the strength is recomputed, so its time moves).
DERIVED = {"last_contact_at", "last_in_person_at", "next_due_at", "strength", "strength_tier", "strength_prev",
           "strength_at"}


def _ada(now) -> int:
    return contacts.create(ContactInput(
        name="Ada Lovelace", organization="Analytical", title="Mathematician", note="likes poetry",
        add_methods=EMAILS + PHONES, add_tags=["math"],
    ), now)


def cli(*args: str) -> str:
    """A real second process: the installed `netui`, on the same database (NETUI_DB from the fixture)."""
    done = subprocess.run([str(NETUI), *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stdout + done.stderr
    return done.stdout


def contact_row(cid: int) -> dict:
    return Contact.select().where(Contact.id == cid).dicts().get()


def method_rows(cid: int) -> list[dict]:
    return list(ContactMethod.select().where(ContactMethod.contact == cid).order_by(ContactMethod.id).dicts())


async def open_form(app, pilot) -> FormScreen:
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(app.screen, FormScreen)
    return app.screen


async def test_saving_unchanged_writes_nothing_and_the_form_shows_labels(make_app, clock, now):
    _ada(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await workers_finished(pilot)
        await settle(pilot)
        before = dump(db)
        clock.advance(hours=2)  # a write now would show in updated_at
        await open_form(app, pilot)
        text = screen_text(app)
        assert "work: ada@example.org *" in text and "home: ada@home.example" in text
        assert "mobile: +44 7700 900123" in text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        assert dump(db) == before  # every row, updated_at included
        await open_form(app, pilot)
        await pilot.press("tab", "tab", "tab")  # to Emails
        await pilot.press("end", "enter", "enter")  # a new line, then an empty line: on to Phones
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert dump(db) == before


async def test_changing_one_label_changes_only_that(make_app, clock, now):
    cid = _ada(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await workers_finished(pilot)
        await settle(pilot)
        contact, methods = contact_row(cid), method_rows(cid)
        clock.advance(hours=2)
        await open_form(app, pilot)
        await pilot.press("tab", "tab", "tab")  # to Emails, at the start of "work: ada@example.org *"
        await pilot.press(*["delete"] * 4)
        await type_text(pilot, "office")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        assert method_rows(cid) == [{**methods[0], "label": "office"}, *methods[1:]]
        changed = {k for k, v in contact_row(cid).items() if v != contact[k]}
        assert changed - DERIVED == {"updated_at"}
        assert "ada@example.org  (office)" in screen_text(app)


async def test_a_second_process_changes_survive_and_a_clash_is_a_choice(make_app, now):
    cid = _ada(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await workers_finished(pilot)
        await settle(pilot)

        # The CLI changes title, note, email and tag while the form is open; the form saves another field.
        await open_form(app, pilot)
        cli("edit", "ada", "--title", "Countess", "--note", "met at the Royal Society", "--email", "ada@rs.example",
            "--tag", "chess")
        await pilot.press("tab", "ctrl+u")  # Organisation
        await type_text(pilot, "Royal Society")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, (FormScreen, ConflictScreen))
        v = contacts.edit_values(cid)
        assert (v["organization"], v["title"], v["note"]) == ("Royal Society", "Countess", "met at the Royal Society")
        assert v["emails"] == EMAILS + [Method("email", "ada@rs.example")]
        assert v["phones"] == PHONES and v["tags"] == ["chess", "math"]

        # Now both change the title and the note: nothing is written until the user chooses.
        await open_form(app, pilot)
        cli("edit", "ada", "--title", "Countess of Lovelace", "--note", "wrote the notes", "--tag", "poetry")
        await pilot.press("tab", "tab", "ctrl+u")  # Title
        await type_text(pilot, "Analyst")
        await pilot.press(*TO_NOTE[2:], "ctrl+u")
        await type_text(pilot, "likes engines")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        text = screen_text(app)
        for shown in ("Countess of Lovelace", "Analyst", "wrote the notes", "likes engines", "theirs", "mine"):
            assert shown in text, shown
        assert (contacts.get(cid).title, contacts.get(cid).note) == ("Countess of Lovelace", "wrote the notes")
        await pilot.press("t", "down", "m")  # title: theirs; note: mine
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, (FormScreen, ConflictScreen))
        v = contacts.edit_values(cid)
        assert (v["title"], v["note"]) == ("Countess of Lovelace", "likes engines")
        assert v["tags"] == ["chess", "math", "poetry"]  # changed elsewhere only: kept
        assert v["emails"] == EMAILS + [Method("email", "ada@rs.example")]
        assert "Countess of Lovelace" in screen_text(app)


async def test_going_back_from_the_conflict_keeps_what_was_typed(make_app, now):
    cid = _ada(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await workers_finished(pilot)
        await settle(pilot)
        form = await open_form(app, pilot)
        contacts.update(cid, ContactInput(title="Countess"), now)  # elsewhere, meanwhile
        await pilot.press("tab", "tab", "ctrl+u")
        await type_text(pilot, "Analyst")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form
        assert form.raw_values()["title"] == "Analyst"
        assert "changed elsewhere since it was opened: title" in screen_text(app)
        assert contacts.get(cid).title == "Countess"
        await pilot.press("ctrl+s")  # asks again
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("enter")  # mine, as chosen by default
        await settle(pilot)
        assert contacts.get(cid).title == "Analyst"


async def test_text_from_another_program_is_shown_inert_and_left_alone_unless_edited(make_app, now):
    cid = _ada(now)
    hostile_label, hostile_value = "\x1b]52;c;QUJD\x07work [b]x[/b]", "ada@example.org\x1b[31m"
    db.execute_sql("UPDATE contact_method SET label = ?, value = ? WHERE contact_id = ? AND value = ?",
                   (hostile_label, hostile_value, cid, "ada@example.org"))
    db.execute_sql("UPDATE contact SET circle = 'vip' WHERE id = ?", (cid,))  # not a circle this netui offers
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await workers_finished(pilot)
        await settle(pilot)
        form = await open_form(app, pilot)
        emails = form.raw_values()["emails"]
        assert emails.splitlines()[0] == "work [b]x[/b]: ada@example.org *"
        assert "\x1b" not in screen_text(app) and "work [b]x[/b]: ada@example.org *" in screen_text(app)
        await pilot.press("tab", "tab", "ctrl+u")
        await type_text(pilot, "Countess")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    c = Contact.get_by_id(cid)
    assert (c.title, c.circle) == ("Countess", "vip")  # the circle was not touched: not written
    assert [(r["label"], r["value"]) for r in method_rows(cid)][0] == (hostile_label, hostile_value)
