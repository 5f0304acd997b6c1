"""The panes beside the list at speed: drawn once per burst of keys, kept per person until a write
touches them, and read in a bounded number of queries (counted on the connection, never timed)."""

from __future__ import annotations

import datetime as dt
import threading
from contextlib import contextmanager

from netui.core import contacts, gives, interactions, views
from netui.core.contacts import ContactInput, Method
from netui.db import db
from netui.db.database import WORKER_CACHE_KIB
from netui.tui import writes
from netui.tui.widgets.contact_list import ContactList
from netui.tui.widgets.panes import DetailPane, StrengthPane

from .helpers import settle, started

DAY = dt.timedelta(days=1)


@contextmanager
def counted():
    """Every statement this thread's connection runs inside the block, in order."""
    seen: list[str] = []
    conn = db.connection()
    conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        conn.set_trace_callback(None)


def busy_person(now: dt.datetime, name: str, rows: int) -> int:
    data = ContactInput(name=name, organization="Analytical Engines", tags=["chess", "math"],
                        emails=[Method("email", f"{name.split()[0].lower()}@example.org")])
    cid = contacts.create(data, now - 900 * DAY)
    for k in range(rows):
        interactions.log(cid, ("call", "email", "in-person")[k % 3], now - (k + 1) * 3 * DAY, now, summary=f"talk {k}")
        gives.add(cid, f"idea {k}", now - k * DAY)
    return cid


def test_a_pane_reads_each_kind_of_row_once_however_many_rows(db_path, now):
    few, many = busy_person(now, "Ada Few", 2), busy_person(now, "Bea Many", 40)
    for cid in (few, many):
        with counted() as detail_sql:
            view = views.detail(cid)
        with counted() as strength_sql:
            views.strength(cid, now)
        assert len(detail_sql) <= 8  # contact, methods, tags, reminders, past jobs, interactions, card data, people and journal
        assert len(strength_sql) <= 3  # contact, interactions, gives
        assert sum(" FROM \"contact\" " in q or 'FROM "contact" AS' in q for q in detail_sql) == 1
    assert view.total == 40 and len(view.recent) == 30


async def test_ten_moves_before_a_frame_draw_the_pane_once_for_the_last_person(make_app, now, monkeypatch):
    for i in range(15):
        contacts.create(ContactInput(name=f"Person {i:02}"), now)
    loaded: list[int] = []
    load = DetailPane.load

    def spy(self, contact_id, when):
        loaded.append(contact_id)
        return load(self, contact_id, when)

    monkeypatch.setattr(DetailPane, "load", spy)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ContactList)
        loaded.clear()
        for _ in range(10):  # as fast keys arrive: all handled before the next frame
            lst.action_cursor(1)
        await settle(pilot)
        assert loaded == [lst.current_id]
        assert app.screen.query_one(DetailPane).content.plain.startswith("Person 10")
        # Back on someone already drawn: no query, the kept value is drawn again.
        lst.action_cursor(-10)
        await settle(pilot)
        assert loaded == [lst.current_id + 10]
        assert app.screen.query_one(DetailPane).content.plain.startswith("Person 00")


async def test_the_pane_follows_a_write_about_its_person_and_keeps_others(make_app, now, monkeypatch):
    ada = contacts.create(ContactInput(name="Ada Lovelace"), now)
    contacts.create(ContactInput(name="Grace Hopper"), now)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)  # the first tick's write would read as another's and clear the pane's cache
        pane = app.screen.query_one(DetailPane)
        assert "nothing logged yet" in pane.content.plain
        loaded: list[int] = []
        load = DetailPane.load
        monkeypatch.setattr(DetailPane, "load", lambda self, cid, when: loaded.append(cid) or load(self, cid, when))
        writes.write(app, "log", [ada], lambda: interactions.log(ada, "call", now - DAY, now, summary="the engine"),
                     what={writes.INTERACTIONS})
        await settle(pilot)
        await settle(pilot)
        assert "the engine" in pane.content.plain and "1 interaction" in pane.content.plain
        assert set(loaded) == {ada}  # read again for her (a tick landing meanwhile may ask once more)
        before = list(loaded)
        # A write about someone else: the list is redrawn, Ada's pane is not read again.
        grace = contacts.resolve("Grace Hopper")
        writes.write(app, "log", [grace], lambda: interactions.log(grace, "call", now - DAY, now),
                     what={writes.INTERACTIONS})
        await settle(pilot)
        await settle(pilot)
        assert loaded == before
        await pilot.press("2")
        await settle(pilot)
        assert "Ada Lovelace" in app.screen.query_one(StrengthPane).content.plain


async def test_a_cursor_move_reads_a_bounded_number_of_rows(make_app, now):
    for i in range(3):
        busy_person(now, f"Person {i}", 30)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        with counted() as sql:
            await pilot.press("down")
            await settle(pilot)
        assert 0 < len(sql) <= 9, sql  # the pane's seven (people and journal in one), and at most a page of the list


def test_page_caches_are_sized_for_their_use(db_path):
    """The UI's connection keeps 8 MB of pages; a worker's (the tick, the check) 1 MB."""
    assert db.execute_sql("PRAGMA cache_size").fetchone()[0] == -8000
    seen = []

    def worker() -> None:
        with db.connection_context():
            seen.append(db.execute_sql("PRAGMA cache_size").fetchone()[0])

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen == [-WORKER_CACHE_KIB]


async def test_the_pane_is_read_on_a_worker_and_the_list_moves_first(make_app, now, monkeypatch):
    """The cursor's frame never waits for the pane: its rows are read on a thread of its own."""
    for i in range(3):
        contacts.create(ContactInput(name=f"Person {i}"), now)
    threads: list[str] = []
    load = DetailPane.load
    monkeypatch.setattr(DetailPane, "load",
                        lambda self, cid, when: threads.append(threading.current_thread().name) or load(self, cid, when))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        assert app.screen.query_one(DetailPane).content.plain.startswith("Person 1")
    assert threads and threading.main_thread().name not in threads


def test_a_value_read_while_a_write_landed_is_not_kept():
    pane = DetailPane()
    generation = pane.generation
    pane.forget((7,))  # a write about someone: every read started before it may be out of date
    assert not pane.keep(7, object(), generation)
    assert not pane.has_view(7, dt.datetime(2026, 1, 1))
    assert pane.keep(7, object(), pane.generation) and pane.has_view(7, dt.datetime(2026, 1, 1))


async def test_the_strength_and_give_panes_are_made_when_their_tab_is_first_shown(make_app, now):
    contacts.create(ContactInput(name="Ada Lovelace"), now)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not app.screen.query(StrengthPane)
        await pilot.press("2")
        await settle(pilot)
        assert "Ada Lovelace" in app.screen.query_one(StrengthPane).content.plain
