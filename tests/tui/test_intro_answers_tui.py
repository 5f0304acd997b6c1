"""From the keyboard: the dialog that moves an introduction on records a side's answer with a note,
the note joins the history (never replacing it), and triage marks a give idea given with one key."""

from __future__ import annotations

import datetime as dt

from netui.core import contacts, gives, introductions
from netui.core.contacts import ContactInput
from netui.db.models import Give, IntroNote

from .helpers import screen_text, settle, type_text, wait_for
from .test_introduce_tui import focus_give_pane, paste
from .test_triage import notes, progress, queue  # noqa: F401 - the five-person triage queue

SIZE = (100, 32)
REASONS = ("Tunde is hiring the data engineer she is", "Ngozi is the data engineer he is hiring")


async def test_the_advance_dialog_records_an_answer_and_adds_its_note(make_app, now):
    ngozi = contacts.create(ContactInput(name="Ngozi Eze"), now)
    tunde = contacts.create(ContactInput(name="Tunde Bakare"), now)
    iid = introductions.propose(ngozi, tunde, *REASONS, now, note="met both at the meetup")
    introductions.advance(iid, "asked-b", now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_give_pane(pilot)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        text = screen_text(app)
        assert "Introduction of Ngozi Eze and Tunde Bakare" in text and "Note" in text
        assert "added to its 1 note (last" in text
        # The choices: the statuses it may go to, then each side's answer; pick "Tunde Bakare accepted".
        select = app.screen.query_one("#field-move")
        offered = [str(o[0]) for o in select._options]
        assert offered[:3] == ["asked Ngozi Eze", "made", "declined"]
        assert "Tunde Bakare accepted" in offered and "Ngozi Eze declined" in offered
        select.value = "Tunde Bakare accepted"
        await pilot.press("tab")
        await paste(pilot, "Tunde: great potential")
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = introductions.get(iid)
        assert [s.state for s in row.sides] == ["not asked", "accepted"]
        assert [h.note for h in row.history] == ["met both at the meetup", "Tunde: great potential"]
        assert await wait_for(pilot, lambda: "Tunde Bakare accepted" in " ".join(str(n.message) for n in app._notifications))
        # u puts it back: no answer, the one note
        await pilot.press("u")
        await settle(pilot)
        row = introductions.get(iid)
        assert row.sides[1].answer == "" and [h.note for h in row.history] == ["met both at the meetup"]
        assert IntroNote.select().count() == 1


async def test_the_advance_key_on_the_give_tab_moves_the_introduction_on(make_app, now):
    ngozi = contacts.create(ContactInput(name="Ngozi Eze"), now)
    tunde = contacts.create(ContactInput(name="Tunde Bakare"), now)
    introductions.propose(ngozi, tunde, *REASONS, now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")  # the give tab, the focus still on the list
        await settle(pilot)
        await pilot.press("greater_than_sign")  # the pane takes the focus: > does what the pane says
        await settle(pilot)
        text = screen_text(app)
        assert "Introduction of Ngozi Eze and Tunde Bakare" in text and "New contact" not in text


async def test_d_in_triage_marks_the_first_give_idea_given(make_app, queue, now):  # noqa: F811
    bea = queue["bea"]
    gives.add(bea, "intro to a designer", now + dt.timedelta(minutes=1))
    app = make_app(start="triage-all")  # everyone due, as before triage walked today's queue
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert "d: the first given" in screen_text(app)
        await pilot.press("d")
        await settle(pilot)
        first = Give.get((Give.contact == bea) & (Give.text == "send the pricing deck"))
        assert (first.direction, first.status, first.done_on) == ("given", "done", now.date())
        assert [g.text for g in gives.open_ideas(bea)] == ["intro to a designer"]
        assert progress(app) == "1 of 5"  # stays on the card
        assert "Gave Bea Both: send the pricing deck" in notes(app)
        assert "○ send the pricing deck" not in screen_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert Give.get_by_id(first.id).status == "open"
        await pilot.press("d", "d")
        await settle(pilot)
        await pilot.press("d")  # nothing left to give: said, nothing written
        await settle(pilot)
        assert gives.open_ideas(bea) == []
        assert any("has no open give idea" in n for n in notes(app))




async def test_the_give_screen_shows_whom_you_owe_and_a_detail_line_that_says_things_once(make_app, now):
    gary = contacts.create(ContactInput(name="Gary Stone", tags=["sailing"]), now)
    ines = contacts.create(ContactInput(name="Ines Inner", circle="inner"), now)
    gives.add(gary, "introduced me to Mary Jones", now, "received", "introduction")
    gives.add(ines, "article about the Arsenal youth team", now, kind="article")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        text = screen_text(app)
        assert "You owe  1  they did something for you, nothing given back since" in text
        assert f"Gary Stone  introduced me to Mary Jones ({now:%d %b})  →  send something about sailing" in text
        detail = [ln for ln in text.splitlines() if ln.strip().startswith("Ines Inner")][-1]
        assert detail.count("inner circle") == 1, detail
        # Giving back to Gary takes him off the list.
        gives.add(gary, "a ticket to the regatta", now, "given")
        app.screen.reload()
        await settle(pilot)
        assert "You owe" not in screen_text(app)


async def test_the_introduce_dialog_warns_about_a_pair_declined_before(make_app, now):
    ngozi = contacts.create(ContactInput(name="Ngozi Eze"), now)
    tunde = contacts.create(ContactInput(name="Tunde Bakare"), now)
    iid = introductions.propose(ngozi, tunde, *REASONS, now)
    introductions.answer(iid, "B", "declined", now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("I")
        await settle(pilot)
        await type_text(pilot, "tunde")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        status = str(app.screen.query_one("#introduce-status").content)
        assert status == (f"Careful: Ngozi Eze and Tunde Bakare were proposed before (#{iid}, {now.date()}) "
                          f"and Tunde Bakare declined on {now.date()}.")
        await paste(pilot, REASONS[0])
        await pilot.press("enter")
        await paste(pilot, REASONS[1])
        await pilot.press("enter")  # still proposed: a warning, not a refusal
        await settle(pilot)
        assert len(introductions.all_intros()) == 2


async def test_the_give_pane_shows_each_side_and_the_last_note(make_app, now):
    """Who was asked, who answered and how, and what was said last (earlier notes counted, not lost)."""
    ngozi = contacts.create(ContactInput(name="Ngozi Eze"), now - dt.timedelta(days=9))
    tunde = contacts.create(ContactInput(name="Tunde Bakare"), now - dt.timedelta(days=9))
    iid = introductions.propose(ngozi, tunde, *REASONS, now - dt.timedelta(days=8))
    introductions.advance(iid, "asked-a", now - dt.timedelta(days=7), note="wrote to Ngozi")
    introductions.answer(iid, "A", "accepted", now - dt.timedelta(days=6), note="great potential")
    introductions.advance(iid, "asked-b", now - dt.timedelta(days=5))
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        text = screen_text(app)
        assert "sides: Ngozi accepted 15 Nov · Tunde asked 16 Nov" in text
        assert "15 Nov: great potential (+1 earlier)" in text
