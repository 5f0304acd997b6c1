"""Triage, driven by keys: walk a fixed queue, act with single keys, undo every kind of action."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.core import contacts, gives, interactions, reminders, triage
from netui.core.contacts import ContactInput
from netui.db.models import Contact, Give, Interaction, Reminder
from netui.tui.screens.main import MainScreen
from netui.tui.screens.triage import TriageScreen

from .helpers import screen_text, settle, type_text

SIZE = (100, 40)
D = dt.timedelta


def person(now, name, created_days_ago=0, **fields) -> int:
    return contacts.create(ContactInput(name=name, **fields), now - D(days=created_days_ago))


@pytest.fixture
def queue(db_path, now):
    """Five people in a known order (see test_triage.py in unit/ for the formula)."""
    ids = {}
    ids["bea"] = person(now, "Bea Both", 400, circle="regular", organization="Helix Bio", title="CTO",
                        tags=["chess", "climbing"], note="prefers mornings")
    reminders.add_custom(ids["bea"], now - D(days=5), on=(now - D(days=2)).date(), note="ask about the new job")
    for days, kind, summary in ((300, "email", "intro email"), (250, "call", "catch-up call"),
                                (200, "in-person", "lunch near the office"), (160, "message", "WhatsApp chat")):
        interactions.log(ids["bea"], kind, now - D(days=days), now, summary=summary)
    gives.add(ids["bea"], "send the pricing deck", now)
    ids["ada"] = person(now, "Ada Ace", 200, circle="ace")
    interactions.log(ids["ada"], "call", now - D(days=20), now)
    ids["olga"] = person(now, "Olga Outer", 400, circle="outer")
    ids["mateo"] = person(now, "Mateo Met", circle="regular", met_on=(now - D(days=3)).date(),
                          how_met="PyCon Lisbon", reason="hiring data engineers")
    ids["fatima"] = person(now, "Fatima Fading", 300, circle="inner", cadence_days=60)
    for _ in range(5):
        interactions.log(ids["fatima"], "video", now - D(days=35), now)
    person(now, "Felix Fine", circle="regular")  # nothing due
    order = [r.contact_id for r in triage.queue_page(now, 0, 10)]
    assert order == [ids[k] for k in ("bea", "ada", "olga", "mateo", "fatima")]
    return ids


def state(cid) -> tuple[dict, dict]:
    """Everything about a contact: the documented JSON shape and the raw row (cached columns too)."""
    return contacts.contact_dict(cid), Contact.select().where(Contact.id == cid).dicts().get()


def states(ids) -> dict:
    return {cid: state(cid) for cid in ids}


def progress(app) -> str:
    return app.screen.session.progress()


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_t_opens_the_most_urgent_card_with_progress(make_app, queue):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", "w")  # t walks today's queue; w everyone due or fading
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
        text = screen_text(app)
        assert "Triage  1 of 5" in text and "Bea Both" in text
        assert "c Call" in text and "s Snooze" in text  # the footer names the keys


async def test_the_card_shows_every_section(make_app, queue, now):
    app = make_app(start="triage-all")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        lines = [ln.strip() for ln in text.splitlines()]
        assert "Bea Both   CTO · Helix Bio" in lines
        assert "circle     regular · keep in touch every 90 days · overdue by 70 days" in lines
        assert "Why now" in lines
        day = lambda n: f"{now - D(days=n):%d %b %Y}"  # noqa: E731
        assert f"• overdue by 70 days: keep in touch every 90 days; last contact {day(160)}" in lines
        assert "• custom overdue by 2 days: ask about the new job" in lines
        assert "interests  chess · climbing" in lines
        assert f"{day(160)}  ✎ message   WhatsApp chat" in lines
        assert f"{day(200)}  ● in-person lunch near the office" in lines
        assert f"{day(250)}  ☎ call      catch-up call" in lines
        assert "… and 1 earlier" in lines and "intro email" not in text
        assert "give ideas d: the first given" in lines and "○ send the pricing deck" in lines
        score = triage.card(queue["bea"], now).strength
        assert f"strength   {score.score}/100 {score.tier}" in text
        for factor in score.factors:
            assert factor in lines
        assert "note" in lines and "prefers mornings" in lines
        # The meeting card: where, when and why you met, and the follow-up's words.
        await pilot.press("j", "j", "j")
        await settle(pilot)
        text = screen_text(app)
        assert "Triage  4 of 5" in text and "Mateo Met" in text
        assert "met        18 Nov 2026 at PyCon Lisbon" in text and "why        hiring data engineers" in text
        assert "• follow-up overdue by 1 day: follow up on meeting at PyCon Lisbon" in text
        assert "in-person met at PyCon Lisbon" in text and "none yet: g notes one" in text  # the meeting, logged


@pytest.mark.slow  # one of the longest runs of the suite
async def test_every_action_changes_the_database_and_u_restores_it_exactly(make_app, queue, now):
    bea = queue["bea"]
    before = state(bea)
    app = make_app(start="triage-all")

    async def undo_and_check(pilot, label):
        await pilot.press("u")
        await settle(pilot)
        assert state(bea) == before, label
        assert progress(app) == "1 of 5" and app.screen.session.actions == {}, label

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, kind in (("c", "call"), ("p", "in-person"), ("at", "email"), ("m", "message")):
            await pilot.press(key)
            await settle(pilot)
            (row,) = Interaction.select().where((Interaction.contact == bea) & (Interaction.occurred_at == now))
            assert (row.kind, contacts.as_datetime(row.occurred_at)) == (kind, now)
            c = contacts.get(bea)
            assert contacts.as_datetime(c.next_due_at) == now + D(days=90)  # the cadence restarted
            custom = Reminder.get((Reminder.contact == bea) & (Reminder.kind == "custom"))
            assert custom.next_due_at is None and contacts.as_datetime(custom.done_at) == now
            assert progress(app) == "2 of 5"  # moved on
            await undo_and_check(pilot, key)

        await pilot.press("C")  # shift: a one-line note first
        await settle(pilot)
        await type_text(pilot, "talked about Lisbon")
        await pilot.press("enter")
        await settle(pilot)
        row = Interaction.get((Interaction.contact == bea) & (Interaction.occurred_at == now))
        assert (row.kind, row.summary) == ("call", "talked about Lisbon")
        await undo_and_check(pilot, "C")

        await pilot.press("s")
        await settle(pilot)
        assert contacts.as_datetime(contacts.get(bea).next_due_at) == now + D(weeks=1)
        custom = Reminder.get((Reminder.contact == bea) & (Reminder.kind == "custom"))
        assert contacts.as_datetime(custom.next_due_at) == now + D(weeks=1)
        await undo_and_check(pilot, "s")

        await pilot.press("S")
        await settle(pilot)
        await type_text(pilot, "1m")
        await pilot.press("enter")
        await settle(pilot)
        assert contacts.as_datetime(contacts.get(bea).next_due_at) == dt.datetime(2026, 12, 21, 10, 0)
        await undo_and_check(pilot, "S")

        await pilot.press("f")  # how often: the cadence
        await settle(pilot)
        await type_text(pilot, "30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert contacts.get(bea).cadence_days == 30
        assert progress(app) == "1 of 5"  # stays on the card
        await undo_and_check(pilot, "f")

        await pilot.press("g")
        await settle(pilot)
        await type_text(pilot, "intro to a designer")
        await pilot.press("enter")
        await settle(pilot)
        assert [g.text for g in gives.open_ideas(bea)] == ["send the pricing deck", "intro to a designer"]
        assert "○ intro to a designer" in screen_text(app)
        await undo_and_check(pilot, "g")

        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "new dog")
        await pilot.press("enter")
        await settle(pilot)
        assert contacts.get(bea).note == "prefers mornings\n2026-11-21: new dog"
        await undo_and_check(pilot, "n")

        await pilot.press("x")
        await settle(pilot)
        assert contacts.get(bea).archived and contacts.get(bea).next_due_at is None
        assert bea not in [r.contact_id for r in triage.queue_page(now, 0, 10)]
        assert progress(app) == "2 of 5"
        await undo_and_check(pilot, "x")
        assert not contacts.get(bea).archived


@pytest.mark.slow  # one of the longest runs of the suite
async def test_several_undos_in_a_row_restore_everyone(make_app, queue, now):
    before = states(queue.values())
    gives_before = Give.select().count()
    app = make_app(start="triage-all")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")  # Bea: call
        await pilot.press("s")  # Ada: snoozed a week
        await pilot.press("x")  # Olga: let go
        await pilot.press("g")  # Mateo: a give idea (stays on the card)
        await settle(pilot)
        await type_text(pilot, "intro to Lisbon founders")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("p")  # Mateo: met in person
        await settle(pilot)
        assert progress(app) == "5 of 5"
        assert contacts.get(queue["olga"]).archived and Give.select().count() == gives_before + 1
        assert contacts.as_datetime(contacts.get(queue["ada"]).next_due_at) == now + D(weeks=1)
        # The last three actions (meeting, give idea, archive), one u each, newest first.
        await pilot.press("u")
        await settle(pilot)
        assert progress(app) == "4 of 5" and state(queue["mateo"]) != before[queue["mateo"]]
        await pilot.press("u")
        await settle(pilot)
        assert state(queue["mateo"]) == before[queue["mateo"]]
        await pilot.press("u")
        await settle(pilot)
        assert progress(app) == "3 of 5" and state(queue["olga"]) == before[queue["olga"]]
        await pilot.press("u", "u")
        await settle(pilot)
        assert states(queue.values()) == before and Give.select().count() == gives_before
        assert progress(app) == "1 of 5"
        await pilot.press("u")  # nothing of this walk left to undo
        await settle(pilot)
        assert states(queue.values()) == before


async def test_the_set_is_fixed_and_the_walk_ends_with_a_summary(make_app, queue, now):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", "w")
        await settle(pilot)
        await pilot.press("m")  # Bea leaves the live queue...
        await settle(pilot)
        assert triage.queue_count(now) == 4
        assert progress(app) == "2 of 5" and "Ada Ace" in screen_text(app)  # ...the walk does not reshuffle
        await pilot.press("k")
        await settle(pilot)
        text = screen_text(app)
        assert "Bea Both" in text and "done       ✓ message" in text and "nothing is due for them any more" in text
        await pilot.press("j", "space", "at", "j")
        await settle(pilot)
        assert progress(app) == "5 of 5"
        await pilot.press("j")
        await settle(pilot)
        text = screen_text(app)
        assert "Triage done" in text and "Triage: 5 of 5 seen. 1 email, 1 message, 3 skipped." in text
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "Triage: 5 of 5 seen. 1 email, 1 message, 3 skipped." in notes(app)


async def test_open_shows_the_contact_and_t_resumes_the_walk(make_app, queue):
    app = make_app(start="triage-all")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "c")  # skip Bea, call Ada
        await settle(pilot)
        await pilot.press("o")  # Olga on the main screen
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.contact_list.current_id == queue["olga"]
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen) and progress(app) == "3 of 5"
        assert "Olga Outer" in screen_text(app)
        await pilot.press("u")  # the call on Ada is still this walk's to undo
        await settle(pilot)
        assert progress(app) == "2 of 5"
        assert Interaction.select().where(Interaction.contact == queue["ada"]).count() == 1


async def test_snoozing_someone_only_fading_changes_nothing_and_says_why(make_app, queue):
    fatima = queue["fatima"]
    before = state(fatima)
    app = make_app(start="triage-all")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "j")
        await settle(pilot)
        assert "Fatima Fading" in screen_text(app) and "• fading: strength" in screen_text(app)
        await pilot.press("s")
        await settle(pilot)
        assert state(fatima) == before and progress(app) == "5 of 5"
        assert any("nothing is due for Fatima Fading" in n for n in notes(app))
        assert len(app.undo_stack) == 0


async def test_a_bad_snooze_date_is_shown_in_the_form(make_app, queue):
    before = state(queue["bea"])
    app = make_app(start="triage-all")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        await type_text(pilot, "yesterday")
        await pilot.press("enter")
        await settle(pilot)
        assert "not after today" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert state(queue["bea"]) == before and progress(app) == "1 of 5"


async def test_an_empty_queue_says_so(make_app, db_path, now):
    person(now, "Felix Fine", circle="regular")
    app = make_app(start="triage-all")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Nobody needs you right now." in text and "0 of 0" in text
        await pilot.press("c", "j")  # nothing to act on: no error
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_help_lists_the_triage_keys(make_app, queue):
    app = make_app(start="triage-all")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
        assert "Logged a call, with a one-line note first" in text
        assert "Let them go: archive them" in text and "Skip to the next person" in text


async def test_names_and_notes_are_never_markup(make_app, db_path, now):
    cid = person(now, "[bold red]Mallory[/] \x1b[31m", 400, note="[link=http://x]click[/link]")
    reminders.add_custom(cid, now - D(days=2), on=(now - D(days=1)).date(), note="[b]$name[/b]")
    app = make_app(start="triage-all")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "[bold red]Mallory[/]" in text and "[link=http://x]click[/link]" in text and "[b]$name[/b]" in text
        await pilot.press("c")
        await settle(pilot)
        assert any("[bold red]Mallory[/]" in n for n in notes(app))


async def test_keys_are_remappable_by_binding_id(make_app, queue, now):
    app = make_app(start="triage-all")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.set_keymap({"triage.log_call": "v", "triage.skip": "l"})
        await pilot.press("l")  # skip Bea
        await pilot.press("v")  # a call with Ada
        await settle(pilot)
        (row,) = Interaction.select().where((Interaction.contact == queue["ada"]) & (Interaction.occurred_at == now))
        assert row.kind == "call" and progress(app) == "3 of 5"


def dump() -> dict:
    """Every row of every table, the full-text index included: 'the database exactly as it was'."""
    from netui.db import db
    from netui.db.models import ALL_MODELS

    out = {m._meta.table_name: list(m.select().order_by(*m._meta.get_primary_keys()).tuples()) for m in ALL_MODELS}
    out["contact_fts"] = db.execute_sql("SELECT rowid, * FROM contact_fts ORDER BY rowid").fetchall()
    return out


async def test_clear_twenty_on_the_demo_network_then_undo_the_last_three(make_app, db_path, now):
    """Issue 5, done when: twenty people cleared from the keyboard, the last three undone, the database as before."""
    from netui.core import demo

    demo.generate(60, now=now)
    total = triage.queue_count(now)
    assert total >= 20
    old = {"x": "m", "e": "at", "m": "p", "a": "x"}  # the keys of the first triage, as they are now
    keys = iter([old.get(k, k) for k in "cxesmcaxecsxmeacxcsemcxe"])  # calls, messages, emails, meetings, snoozes, two let go
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t", "w")
        await settle(pilot)
        screen = app.screen
        states_by_count = {}  # the database before the n-th action of the walk
        while len(screen.history) < 20:
            states_by_count[len(screen.history)] = dump()
            done = len(screen.history)
            await pilot.press(next(keys))
            if len(screen.history) == done:  # someone only fading has nothing to snooze: skip them
                await pilot.press("j")
        await settle(pilot)
        assert len(screen.session.actions) == 20 and screen.session.position >= 20
        eighteenth = screen.history[17].pos
        await pilot.press("u", "u", "u")
        await settle(pilot)
        assert dump() == states_by_count[17]
        assert len(screen.history) == 17 and screen.session.position == eighteenth  # back on that card


async def test_someone_deleted_during_the_walk_is_skipped_not_crashed_on(make_app, queue):
    app = make_app(start="triage-all")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")  # to the main screen, where Bea gets deleted
        await settle(pilot)
        contacts.delete(queue["bea"])
        await pilot.press("t")
        await settle(pilot)
        assert "This person was deleted after triage started." in screen_text(app)
        await pilot.press("c", "s", "x")  # nothing to act on
        await settle(pilot)
        assert progress(app) == "1 of 5" and len(app.undo_stack) == 0
        await pilot.press("escape")  # escape leaves too
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
