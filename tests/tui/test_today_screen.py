"""Today, driven by keys: a morning's queue finished one key per person, the folded and the unscheduled,
where the app opens, the header's count of people, and the one catch-up notification."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.core import contacts, demo, interactions, reminders, today
from netui.core.contacts import ContactInput
from netui.db.models import Contact, Interaction, Reminder
from netui.tui.app import NetuiApp
from netui.tui.screens.main import MainScreen
from netui.tui.screens.today import TodayScreen

from .helpers import CountsTicks, screen_text, settle, type_text, wait_for

D = dt.timedelta
SIZE = (100, 40)
KEYS = {"c": "call", "m": "message", "p": "in-person"}


class CountingApp(CountsTicks, NetuiApp):
    pass


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def open_plan(cid: int) -> set[str]:
    rows = Reminder.select(Reminder.kind).where((Reminder.contact == cid) & Reminder.next_due_at.is_null(False))
    return {r.kind for r in rows}


@pytest.fixture
def morning(db_path, now):
    """The demo network at the pinned clock (seed 1): a morning's queue of ten, let-go and unscheduled."""
    demo.generate(300, seed=1, now=now)
    return today.today(now)


async def test_a_morning_is_finished_with_one_key_per_person(make_app, morning, now):
    assert len(morning.items) == 10 and morning.more > 0
    people = [e.contact_id for e in morning.items]
    follow_ups = [e.contact_id for e in morning.items if "follow-up" in e.kinds]
    assert follow_ups == people[:4]  # this week's new contacts first (the method's order)
    before = {cid: Interaction.select().where(Interaction.contact == cid).count() for cid in people}
    app = make_app(start="today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        text = screen_text(app)
        assert "Today  Sat 21 Nov  0 of 10 done" in text
        first = morning.items[0]
        assert first.name in text and first.phone in text and "follow-up" in text  # reasons and phone on the card
        keys = "cmpcmpcmpc"
        for n, key in enumerate(keys):
            cid = people[n]
            assert app.screen.current == f"person-{cid}"  # the next person is selected after each key
            await pilot.press(key)
            await settle(pilot)
            logged = Interaction.select().where(Interaction.contact == cid).order_by(Interaction.id.desc()).get()
            assert (logged.kind, logged.occurred_at) == (KEYS[key], now)
            assert Interaction.select().where(Interaction.contact == cid).count() == before[cid] + 1
            assert "follow-up" not in open_plan(cid)  # what it answers is closed
            assert Contact.get_by_id(cid).next_due_at > now  # the cadence restarts
            if n == 0:
                assert "Called " + first.name + " · closed: 48 h follow-up" in notes(app)
        text = screen_text(app)
        assert "all 10 done" in text and "✓ called " + first.name in text
        # Nobody of this morning is due any more (a call is not a meeting: face-to-face checks may stay)
        left = {e.contact_id: e.kinds for e in today.people_due(now, fold=False)[0]}
        assert all(set(left.get(cid, ())) <= {"face-to-face"} for cid in people)
        assert app.due_count == today.count(now)


async def test_skip_snooze_copy_and_undo(make_app, morning, now):
    first, second, third = (e.contact_id for e in morning.items[:3])
    app = make_app(start="today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")  # skip for today: nothing written
        await settle(pilot)
        assert app.screen.current == f"person-{second}" and "skipped for today" in screen_text(app)
        assert len(app.undo_stack) == 0
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == morning.items[1].phone
        await pilot.press("s")  # snooze: asks how long
        await settle(pilot)
        await type_text(pilot, "1w")
        await pilot.press("ctrl+s")
        await settle(pilot)
        follow_up = Reminder.get((Reminder.contact == second) & (Reminder.kind == "follow-up"))
        assert follow_up.snoozed_until == now + D(weeks=1)
        assert app.screen.current == f"person-{third}"
        await pilot.press("u")
        await settle(pilot)
        assert Reminder.get_by_id(follow_up.id).snoozed_until is None
        assert app.screen.current == f"person-{second}" and "snoozed" not in screen_text(app)
        await pilot.press("c")  # logged after all
        await settle(pilot)
        assert Interaction.select().where((Interaction.contact == second) & (Interaction.occurred_at == now)).count() == 1
        await pilot.press("u")
        await settle(pilot)
        assert Interaction.select().where((Interaction.contact == second) & (Interaction.occurred_at == now)).count() == 0
        assert "follow-up" in open_plan(second)  # undo brings back what the log closed


def cold(now, name: str, days: int) -> int:
    cid = contacts.create(ContactInput(name=name, circle="outer"), now - D(days=days + 200))
    interactions.log(cid, "message", now - D(days=days), now)
    return cid


@pytest.fixture
def long_cold(db_path, now):
    """Three outer-circle people silent for over a year, nobody else due: Today is one "let go?" entry."""
    ids = [cold(now, name, days) for name, days in (("Omar Old", 900), ("Mira Mute", 800), ("Emeka Gone", 700))]
    day = today.today(now)
    assert not day.items and sorted(p.contact_id for p in day.let_go) == sorted(ids)
    return ids


async def test_let_go_archives_them_all_and_u_brings_them_back(make_app, long_cold):
    app = make_app(start="today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)  # nobody is due (the header's count): the main screen
        await pilot.press("T")
        await settle(pilot)
        text = screen_text(app)
        assert "LET THESE GO?" in text and "Omar Old (720 days)" in text
        await pilot.press("x")
        await settle(pilot)
        assert all(Contact.get_by_id(cid).archived for cid in long_cold)
        assert "let go: archived 3 people" in screen_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert not any(Contact.get_by_id(cid).archived for cid in long_cold)
        assert "x archive them all" in screen_text(app)  # the entry is open again


async def test_keep_them_puts_each_off_by_one_cadence(make_app, long_cold, now):
    app = make_app(start="today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("T", "K")
        await settle(pilot)
        assert {Contact.get_by_id(cid).next_due_at for cid in long_cold} == {now + D(days=180)}
        assert not today.today(now).let_go


async def test_an_unscheduled_contact_is_sorted_into_a_circle(make_app, db_path, now):
    cid = contacts.create(ContactInput(name="Kenji Imported", organization="Yonder"), now - D(days=400))
    assert [u.contact_id for u in today.today(now).unscheduled] == [cid]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("T")
        await settle(pilot)
        assert "NOT SCHEDULED YET" in screen_text(app) and "Kenji Imported" in screen_text(app)
        await pilot.press("f")  # how often: sort into a circle
        await settle(pilot)
        await pilot.press("ctrl+s")  # the form offers their circle (regular)
        await settle(pilot)
        row = Contact.get_by_id(cid)
        assert row.circle == "regular" and row.next_due_at == now + D(days=90)
        assert not today.unscheduled(now)
        assert "sorted Kenji Imported into regular" in screen_text(app)


async def test_the_empty_state_says_what_to_do(make_app, db_path, now):
    contacts.create(ContactInput(name="Felix Fine"), now)  # nothing due, nothing to sort (just met? no: added)
    interactions.log(Contact.get().id, "call", now, now)
    app = make_app(start="today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)  # nothing due: the app opens on the main screen
        await pilot.press("T")
        await settle(pilot)
        text = screen_text(app)
        assert "Nobody needs you today" in text and "a adds someone you just met" in text
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_the_app_opens_on_today_only_when_someone_is_due(make_app, db_path, now):
    cid = contacts.create(ContactInput(name="Ada Met", met_on=(now - D(days=1)).date(), how_met="PyCon"), now)
    app = make_app(start="today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("m")
        await settle(pilot)
        assert "closed: 48 h follow-up" in screen_text(app)
    assert today.count(now) == 0
    again = make_app(start="today")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, MainScreen)
        assert Interaction.select().where(Interaction.contact == cid).count() == 2  # the meeting and the message


async def test_the_header_counts_people_not_reminders(make_app, db_path, now):
    cid = contacts.create(ContactInput(name="Ada Met", met_on=(now - D(days=1)).date(), how_met="PyCon"), now)
    reminders.add_custom(cid, now - D(days=3), on=(now - D(days=1)).date(), note="ask about the move")
    assert reminders.due_count(now) == 2 and today.count(now) == 1
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert await wait_for(pilot, lambda: app.due_count == 1)
        top = screen_text(app).splitlines()[0]
        assert "1 due" in top and "2 due" not in top


async def test_the_catch_up_is_one_short_notification(db_path, clock, now):
    for name in ("Ada Lovelace", "Alan Turing", "Grace Hopper", "Mei Kim"):
        contacts.create(ContactInput(name=name, met_on=now.date(), how_met="PyCon"), now)
    clock.advance(days=31)  # closed for a month: each has a follow-up and a call due
    app = CountingApp(db_path=db_path, now=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await wait_for(pilot, lambda: app.ticks >= 1)
        toasts = list(app._notifications)
        assert len(toasts) == 1
        text = str(toasts[0].message)
        assert text.startswith("While netui was closed, ") and "for 4 people" in text and "1 more" in text
        assert toasts[0].timeout <= NetuiApp.CATCH_UP_SECONDS


async def test_the_palette_finds_today(make_app, db_path, now):
    contacts.create(ContactInput(name="Ada Met", met_on=(now - D(days=1)).date(), how_met="PyCon"), now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "today")
        assert await wait_for(pilot, lambda: "Today: the few people" in screen_text(app))
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
        assert "today.log_call" in text and "Skip them for today" in text  # the help lists the keys by id


async def test_triage_walks_today_by_default_and_everyone_on_request(make_app, morning, now):
    from netui.core import triage
    from netui.tui.screens.triage import TriageScreen

    everyone = triage.queue_count(now)
    assert everyone > len(morning.items)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
        assert "Triage · today  1 of 10" in screen_text(app)
        assert app.screen.current == morning.items[0].contact_id  # in Today's order
        await pilot.press("w")
        await settle(pilot)
        assert f"Triage  1 of {everyone}" in screen_text(app)


def test_the_command_line_opens_today_and_triage_all_on_request():
    from netui.cli import build_parser

    assert not hasattr(build_parser().parse_args([]), "start")  # `netui`: run_app's default, "today"
    assert build_parser().parse_args(["triage"]).start == "triage"
    assert build_parser().parse_args(["triage", "--all"]).start == "triage-all"


async def test_netui_triage_all_walks_everyone(make_app, morning, now):
    from netui.core import triage

    app = make_app(start="triage-all")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert f"Triage  1 of {triage.queue_count(now)}" in screen_text(app)


async def test_what_triage_did_shows_on_today(make_app, morning, now):
    first = morning.items[0]
    app = make_app(start="today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")  # today's queue in triage, from Today
        await settle(pilot)
        await pilot.press("c", "q")  # a call with the first person, then back
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert "nothing is due for them any more" in screen_text(app)
        assert first.phone not in screen_text(app)  # the card folded


async def test_the_list_under_today_waits_until_it_is_seen_again(make_app, morning, monkeypatch):
    """Each key in Today is a write; the main screen under it (covered, not seen) redraws once, when it is
    shown again, not after every key: at 100,000 contacts each redraw re-read the list and its counts."""
    reloads = []
    real = MainScreen.reload
    monkeypatch.setattr(MainScreen, "reload", lambda self, keep=None: reloads.append(keep) or real(self, keep))
    called = morning.items[0]
    app = make_app(start="main")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen) and app.screen.current is not None)
        before = len(reloads)
        await pilot.press("c", "c", "c")
        await wait_for(pilot, lambda: "3 of 10 done" in screen_text(app))
        await settle(pilot)
        assert len(reloads) == before  # three writes, and the covered list was not read again
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and len(reloads) == before + 1)
        await settle(pilot)
        assert len(reloads) == before + 1  # once, on its return
        await type_text(pilot, "/" + called.name)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "next touch due in 180 days" in screen_text(app))
        assert "(last: 21 Nov 2026)" in screen_text(app)  # the call made in Today


async def test_an_undo_in_today_reads_again_only_the_person_it_was_about(make_app, morning, monkeypatch):
    """The undo's announcement names the people of the undone step: Today reads their card again, not
    every card (ten reads at 100,000 contacts, 0.1 s)."""
    read = []
    real = today.entry_for
    monkeypatch.setattr(today, "entry_for", lambda cid, now: read.append(cid) or real(cid, now))
    first = morning.items[0]
    app = make_app(start="today")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: "1 of 10 done" in screen_text(app))
        await settle(pilot)
        read.clear()
        await pilot.press("u")
        await wait_for(pilot, lambda: "0 of 10 done" in screen_text(app))
        await settle(pilot)
        assert set(read) == {first.contact_id}  # the one undone, and nobody else
        assert app.screen.current == f"person-{first.contact_id}"
        assert Interaction.select().where((Interaction.contact == first.contact_id)
                                          & (Interaction.occurred_at == app.now())).count() == 0
