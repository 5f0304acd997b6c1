"""The app follows the file: writes by a real second process show within a look of the opened app
(``watch``), after the next tick, focus or key, and every key about a contact that process deleted says
so instead of crashing."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from textual import events

from netui.core import contacts, gives, reminders, today
from netui.core.contacts import ContactInput
from netui.tui.screens.agenda import AgendaScreen
from netui.tui.screens.gives import GivesScreen
from netui.tui.screens.main import MainScreen
from netui.tui.screens.overview import PeopleList
from netui.tui.screens.triage import TriageScreen

from .helpers import screen_text, settle, started, wait_for, workers_finished
from .test_introduce_tui import focus_give_pane

SIZE = (100, 30)
ROOT = Path(__file__).resolve().parents[2]
D = dt.timedelta


def other_netui(db_path: Path, *args: str) -> str:
    """Run the command line in a second process on the same file, as a user in another terminal would."""
    result = subprocess.run([sys.executable, "-m", "netui", *args, "--db", str(db_path)], capture_output=True,
                            text=True, cwd=ROOT, timeout=180)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return result.stdout


def header(app) -> str:
    return screen_text(app).splitlines()[0]


def toasts(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def people(now, *names: str, **fields) -> list[int]:
    return [contacts.create(ContactInput(name=name, **fields), now) for name in names]


async def test_a_demo_written_by_another_process_shows_after_the_next_tick(make_app, db_path, now):
    people(now, "Ada Lovelace")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert "1 contact " in header(app)
        other_netui(db_path, "demo", "--contacts", "200", "--seed", "5")
        await settle(pilot)
        assert "1 contact " in header(app)  # nothing looked yet
        await app.tick().wait()
        await settle(pilot)
        assert "201 contacts" in header(app)
        assert app.screen.contact_list.total == 201
        due = today.count(now)  # people due, not reminders
        assert due and f"{due} due" in header(app)  # the count the tick announces matches the list


async def test_focus_and_any_key_look_at_the_file_too(make_app, db_path, now):
    people(now, "Ada Lovelace")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        other_netui(db_path, "add", "Grace Hopper")
        app.post_message(events.AppFocus())  # the terminal window is focused again
        await settle(pilot)
        assert "2 contacts" in header(app) and "Grace Hopper" in screen_text(app)
        other_netui(db_path, "add", "Alan Turing")
        await pilot.press("down")  # any key: one PRAGMA first
        await settle(pilot)
        assert "3 contacts" in header(app) and "Alan Turing" in screen_text(app)


async def test_the_opened_app_shows_another_process_writes_without_a_key(make_app, db_path, now):
    """As ``netui`` opens it (looking at the file every ``watch`` seconds): an add and a delete in another
    terminal show on their own, the cursor's person and the pane following, no key pressed."""
    people(now, "Ada Lovelace", "Alan Turing")
    app = make_app(watch=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert "2 contacts" in header(app)
        other_netui(db_path, "add", "Grace Hopper")
        assert await wait_for(pilot, lambda: "Grace Hopper" in screen_text(app) and "3 contacts" in header(app))
        other_netui(db_path, "delete", "Ada Lovelace")
        assert await wait_for(pilot, lambda: "Ada Lovelace" not in screen_text(app) and "2 contacts" in header(app))
        await settle(pilot)
        assert app.screen.contact_list.total == 2
        await pilot.press("down")  # the list answers as usual, about people who exist
        await settle(pilot)
        assert not any("deleted elsewhere" in t for t in toasts(app))


async def test_each_key_on_someone_deleted_elsewhere_says_so(make_app, db_path, now):
    names = [f"Person {n}" for n in range(8)]
    people(now, *names)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        for key in ("e", "l", "g", "x", "delete", "I"):
            screen = app.screen
            assert isinstance(screen, MainScreen)
            cid = screen.contact_list.current_id
            name = contacts.get(cid).name
            assert name in screen_text(app)
            other_netui(db_path, "delete", str(cid))
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, MainScreen), key  # no form, no question, no crash
            assert await wait_for(pilot, lambda cid=cid: any(f"#{cid} was deleted elsewhere" in t for t in toasts(app))), key
            assert name not in screen_text(app), key
            assert screen.contact_list.current_id != cid
        assert f"{len(names) - 6} contacts" in header(app)


async def test_triage_keys_on_someone_deleted_elsewhere(make_app, db_path, now):
    ada, bea = people(now - D(days=400), "Ada Stale", "Bea Stale")
    app = make_app(start="triage-all")  # never contacted: not in today's queue, in everyone's
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = app.screen
        assert isinstance(screen, TriageScreen)
        first = screen.current
        other_netui(db_path, "delete", str(first))
        await pilot.press("c")  # a call with someone who is gone
        await settle(pilot)
        assert app.screen is screen
        assert await wait_for(pilot, lambda: any(f"#{first} was deleted elsewhere" in t for t in toasts(app)))
        assert "This person was deleted after triage started" in screen_text(app)
        assert not screen.history
        await pilot.press("a")  # archive: not applicable any more, nothing happens
        await pilot.press("j")
        await settle(pilot)
        assert screen.current == ({ada, bea} - {first}).pop()


async def test_agenda_and_give_list_keys_on_someone_deleted_elsewhere(make_app, db_path, now):
    (cid,) = people(now, "Ada Lovelace")
    reminders.add_custom(cid, now - D(days=2), on=(now - D(days=1)).date(), note="call about the book")
    gives.add(cid, "send the Babbage biography", now)
    (other,) = people(now, "Grace Hopper")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("r")
        await workers_finished(pilot)  # the agenda is read on a worker
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen) and "Ada Lovelace" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("G")
        await settle(pilot)
        assert isinstance(app.screen, GivesScreen) and "Ada Lovelace" in screen_text(app)
        other_netui(db_path, "delete", str(cid))
        await pilot.press("d")  # mark given
        await settle(pilot)
        assert isinstance(app.screen, GivesScreen)
        assert await wait_for(pilot, lambda: any(f"#{cid} was deleted elsewhere" in t for t in toasts(app)))
        assert await wait_for(pilot, lambda: "Ada Lovelace" not in screen_text(app))  # the list is read again
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert await wait_for(pilot, lambda: "1 contact " in header(app))


async def test_agenda_done_on_someone_deleted_elsewhere(make_app, db_path, now):
    (cid,) = people(now, "Ada Lovelace")
    reminders.add_custom(cid, now - D(days=2), on=(now - D(days=1)).date(), note="call about the book")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("r")
        await workers_finished(pilot)  # the agenda is read on a worker
        await settle(pilot)
        other_netui(db_path, "delete", str(cid))
        for key in ("d", "l", "o"):
            await pilot.press(key)
            await workers_finished(pilot)
            await settle(pilot)
            assert isinstance(app.screen, AgendaScreen), key
        assert await wait_for(pilot, lambda: any(f"#{cid} was deleted elsewhere" in t for t in toasts(app)))
        assert "Nothing is due" in screen_text(app)


async def test_give_pane_keys_on_someone_deleted_elsewhere(make_app, db_path, now):
    (cid,) = people(now, "Ada Lovelace")
    gives.add(cid, "send the Babbage biography", now)
    people(now, "Grace Hopper")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await focus_give_pane(pilot)  # d there is the pane's (given), not the list's
        assert "send the Babbage biography" in screen_text(app)
        other_netui(db_path, "delete", str(cid))
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert await wait_for(pilot, lambda: any(f"#{cid} was deleted elsewhere" in t for t in toasts(app)))
        assert "Babbage" not in screen_text(app) and "1 contact " in header(app)


async def test_jump_to_someone_deleted_elsewhere_says_so(make_app, db_path, now):
    (cid,) = people(now, "Ada Lovelace")
    people(now, "Grace Hopper")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        other_netui(db_path, "delete", str(cid))
        app.jump_to(cid)  # what the palette's "Jump to Ada Lovelace" calls
        await settle(pilot)
        assert await wait_for(pilot, lambda: any(f"#{cid} was deleted elsewhere" in t for t in toasts(app)))
        assert "Ada Lovelace" not in screen_text(app)


async def test_overview_open_on_someone_deleted_elsewhere(make_app, db_path, now):
    ids = people(now, "Ada Ace", "Bea Ace", circle="ace")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("O")
        await workers_finished(pilot)
        await settle(pilot)
        screen = app.screen
        lists = [w for w in screen.query(PeopleList) if w.selectable]
        lists[0].focus()
        await settle(pilot)
        cid = screen.acting_on("open")
        assert cid in ids
        other_netui(db_path, "delete", str(cid))
        await pilot.press("o")
        await settle(pilot)
        assert app.screen is screen  # stayed, said so
        assert await wait_for(pilot, lambda: any(f"#{cid} was deleted elsewhere" in t for t in toasts(app)))
        assert "ctrl+r recounts" in screen_text(app).splitlines()[-2]  # the figures are older than the data
