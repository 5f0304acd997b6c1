"""D: the sample network goes into a database of its own (demo.db beside the open one) and is opened,
from the palette at any time; the user's own database is not touched."""

from __future__ import annotations

import sqlite3
import stat

from netui.core import contacts
from netui.core.contacts import ContactInput
from netui.db.database import state
from netui.tui.widgets.contact_list import ContactList

from .helpers import screen_text, settle, type_text, wait_for

SIZE = (100, 30)


def rows_in(path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM contact").fetchone()[0]
    finally:
        con.close()


async def test_the_sample_opens_in_its_own_database_with_people_of_your_own(make_app, db_path, now):
    contacts.create(ContactInput(name="Ada Mine"), now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "sample")
        assert await wait_for(pilot, lambda: "Load the sample network" in screen_text(app) and not list(app.screen.workers))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        demo = db_path.with_name("demo.db")
        assert state.path == demo and app.db_path == demo
        lst = app.screen.query_one(ContactList)
        assert lst.total == 200 and "Ada Mine" not in screen_text(app)
        assert "sample network" in screen_text(app).splitlines()[0]  # the header says which file this is
        said = " ".join(str(n.message) for n in app._notifications)
        assert "Opened a sample network of 200 people in" in said and str(db_path) in said
        assert len(app.undo_stack) == 0
    assert stat.S_IMODE(demo.stat().st_mode) == 0o600 and stat.S_IMODE(demo.parent.stat().st_mode) == 0o700
    assert rows_in(db_path) == 1  # your own database: only Ada
    assert rows_in(demo) == 200


async def test_d_opens_the_sample_again_without_a_second_copy(make_app, db_path, now):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("D")  # the welcome screen's offer, on an empty database
        await settle(pilot)
        assert state.path == db_path.with_name("demo.db") and contacts.count() == 200
        await pilot.press("D")  # already the sample: said, nothing added
        await settle(pilot)
        assert contacts.count() == 200
        assert await wait_for(pilot, lambda: any("This is the sample network already" in str(n.message) for n in app._notifications))
    assert rows_in(db_path) == 0


async def test_the_sample_is_reopened_not_regenerated(make_app, db_path, now):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert contacts.count() == 200
    from netui.db import open_database

    open_database(db_path)  # back to your own database, as netui does on its next start
    contacts.create(ContactInput(name="Ada Mine"), now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert contacts.count() == 200  # the same 200, not 400
        assert await wait_for(pilot, lambda: any("Opened the sample network in" in str(n.message) for n in app._notifications))
