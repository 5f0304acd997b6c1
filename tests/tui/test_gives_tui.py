"""The give list (G) and the give pane, driven by keys: order, acting from the list, paging, undo, 80x24."""

from __future__ import annotations

import datetime as dt

from textual import events

from netui.core import contacts, gives, interactions, introductions
from netui.core.contacts import ContactInput
from netui.db.models import Give
from netui.tui.dialogs.introduce import IntroduceScreen
from netui.tui.screens.gives import GiveListView, GivesScreen
from netui.tui.screens.main import MainScreen
from netui.tui.widgets.contact_list import ContactList
from netui.tui.widgets.panes import GiveItems

from .helpers import screen_text, settle, wait_for

SIZE = (100, 30)


def _add(name: str, now: dt.datetime, **kw) -> int:
    return contacts.create(ContactInput(name=name, **kw), now)


def _network(now: dt.datetime) -> dict[str, int]:
    """Four people with one open idea each, needing it in a known order; one archived person too."""
    ids = {
        "olu": _add("Olu Overdue", now),  # regular, last call 100 days ago: overdue by 10 days
        "ines": _add("Ines Inner", now, circle="inner"),  # close, recently in touch, still weak
        "rui": _add("Rui Regular", now),  # due in 70 days
        "ada": _add("Ada Archived", now),
    }
    interactions.log(ids["olu"], "call", now - dt.timedelta(days=100), now)
    interactions.log(ids["ines"], "message", now - dt.timedelta(days=3), now)
    interactions.log(ids["rui"], "call", now - dt.timedelta(days=20), now)
    gives.add(ids["rui"], "lend him 'The Dispossessed'", now, kind="gift")
    gives.add(ids["ines"], "article about the Arsenal youth team", now, kind="article")
    gives.add(ids["olu"], "referral for the data role", now, kind="referral")
    gives.add(ids["ada"], "never shown: archived", now)
    contacts.set_archived(ids["ada"], True, now)
    return ids


def toasts(app) -> list[str]:
    """The notifications on screen, whole (a toast wraps long lines)."""
    return [n.message for n in app._notifications]


def _rows(text: str) -> list[str]:
    """The give list's lines: under the title, above the rule that starts the detail."""
    lines = text.splitlines()[1:]
    rows = lines[: next(i for i, ln in enumerate(lines) if ln.startswith("─"))]
    return [ln for ln in rows if ln.strip()]


async def _open_gives(pilot) -> GiveListView:
    await pilot.press("G")
    await settle(pilot)
    assert isinstance(pilot.app.screen, GivesScreen)
    return pilot.app.screen.query_one(GiveListView)


async def test_the_list_puts_the_relationship_that_needs_it_most_first_and_acts_on_it(make_app, now):
    ids = _network(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = await _open_gives(pilot)
        text = screen_text(app)
        assert "3 open ideas" in text
        rows = _rows(text)
        assert len(rows) == 3
        assert "Olu Overdue" in rows[0] and "referral for the data role" in rows[0] and "overdue by 10 days" in rows[0]
        assert "Ines Inner" in rows[1] and "inner circle, strength" in rows[1]
        assert "Rui Regular" in rows[2] and "due in 70 days" in rows[2]
        assert "archived" not in text
        assert "referral: referral for the data role" in text  # the detail line under the list

        # d: Olu's idea given; the next one moves under the cursor
        before = contacts.contact_dict(ids["olu"])
        await pilot.press("d")
        await settle(pilot)
        olu_idea = Give.get(Give.contact == ids["olu"])
        assert (olu_idea.direction, olu_idea.status, olu_idea.done_on) == ("given", "done", now.date())
        assert view.total == 2 and view.current.contact_id == ids["ines"]
        assert "2 open ideas" in screen_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert contacts.contact_dict(ids["olu"]) == before
        assert view.total == 3 and view.current.contact_id == ids["olu"]

        # x on the second row: Ines's idea dropped, kept as history
        await pilot.press("down")
        before = contacts.contact_dict(ids["ines"])
        await pilot.press("x")
        await settle(pilot)
        ines_idea = Give.get(Give.contact == ids["ines"])
        assert (ines_idea.direction, ines_idea.status) == ("idea", "dropped")
        assert [r.contact_id for r in gives.give_list(now)] == [ids["olu"], ids["rui"]]
        await pilot.press("u")
        await settle(pilot)
        assert contacts.contact_dict(ids["ines"]) == before

        # g: another idea for the person under the cursor (Ines)
        before = contacts.contact_dict(ids["ines"])
        await pilot.press("g")
        await settle(pilot)
        app.focused.post_message(events.Paste("tickets for the next home game"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GivesScreen)
        assert [g.text for g in gives.open_ideas(ids["ines"])] == [
            "article about the Arsenal youth team", "tickets for the next home game",
        ]
        assert view.total == 4
        await pilot.press("u")
        await settle(pilot)
        assert contacts.contact_dict(ids["ines"]) == before and view.total == 3

        # enter: open Rui on the main screen, on his give pane
        await pilot.press("end", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(ContactList).current_id == ids["rui"]
        assert "○ lend him 'The Dispossessed'" in screen_text(app)


async def test_the_list_is_fetched_a_window_at_a_time(make_app, now, monkeypatch):
    monkeypatch.setattr(GiveListView, "PAGE", 3)
    for n in range(20):
        cid = _add(f"Person {n:02d}", now)
        interactions.log(cid, "call", now - dt.timedelta(days=80 - n), now)  # Person 00 comes due first
        gives.add(cid, f"idea {n:02d}", now)
    app = make_app()
    async with app.run_test(size=(80, 12)) as pilot:
        await settle(pilot)
        view = await _open_gives(pilot)
        height = view.scrollable_content_region.height
        assert view.total == 20 and height < 10
        assert sorted(view._pages) == list(range((height - 1) // 3 + 1))  # only the rows on screen were read
        await pilot.press("end")
        await settle(pilot)
        assert view.current.text == "idea 19" and "Person 19" in screen_text(app)
        assert 6 in view._pages and 3 not in view._pages  # jumped straight to the last windows
        await pilot.press("pageup")
        await settle(pilot)
        assert view.cursor < 19 and view.current.text == f"idea {view.cursor:02d}"
        assert f"Person {view.cursor:02d}" in screen_text(app)
        await pilot.press("home", "d")
        await settle(pilot)
        assert view.total == 19 and view.current.text == "idea 01"
        assert Give.get(Give.text == "idea 00").status == "done"


async def test_the_give_pane_marks_given_and_drops_from_its_list(make_app, now):
    cid = _add("Ada Lovelace", now)
    other = _add("Charles Babbage", now)
    first = gives.add(cid, "send her the Adichie interview", now, kind="article")
    second = gives.add(cid, "intro to the Royal Society", now, kind="introduction")
    gives.add(cid, "lent me her notes", now, direction="received", kind="favor")
    introductions.propose(cid, other, "he has built the engine she writes programs for",
                          "she can write the programs his engine needs", now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        text = screen_text(app)
        assert "you gave 0 · received 1 · 2 ideas open" in text
        assert "so far only received: what could you give them?" in text
        assert "↔ Charles Babbage  proposed 21 Nov 2026" in text
        assert "← got  lent me her notes" in text
        for _ in range(3):
            if isinstance(app.focused, GiveItems):
                break
            await pilot.press("tab")
        assert isinstance(app.focused, GiveItems)
        before = contacts.contact_dict(cid)
        await pilot.press("x")  # the newest idea is on top
        await settle(pilot)
        assert Give.get_by_id(second).status == "dropped" and Give.get_by_id(first).status == "open"
        pane = " ".join(" ".join(row.split("▕")[-1].split()) for row in screen_text(app).splitlines())
        assert "intro to the Royal Society dropped" in pane  # the line may wrap (hanging) in the narrower pane
        await pilot.press("u")
        await settle(pilot)
        assert contacts.contact_dict(cid) == before
        items = app.focused
        assert items.get_option_at_index(items.highlighted).id == f"idea:{first}"  # took the dropped one's place
        await pilot.press("greater_than_sign")  # on an idea: says which key moves an introduction on
        await settle(pilot)
        assert await wait_for(pilot, lambda: "Highlight an introduction first (> moves an introduction on)." in toasts(app))
        await pilot.press("d")
        await settle(pilot)
        assert Give.get_by_id(first).status == "done" and Give.get_by_id(second).status == "open"
        text = screen_text(app)
        assert "you gave 1 · received 1 · 1 idea open" in text
        assert "only received" not in text
        await pilot.press("up", "d")  # the cursor had moved on to the introduction
        await settle(pilot)
        assert Give.get_by_id(second).status == "done"
        await pilot.press("d")  # on the introduction: d says what it is for, and deletes nothing
        await settle(pilot)
        assert await wait_for(pilot, lambda: "Highlight an open idea first (d marks an idea given)." in toasts(app))
        assert contacts.get(cid).name == "Ada Lovelace" and not isinstance(app.screen, IntroduceScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.focused, ContactList)


async def test_it_fits_80x24(make_app, now):
    ids = _network(now)
    introductions.propose(ids["olu"], ids["rui"], "Rui runs the data team Olu wants to join",
                          "Olu is the data engineer Rui is hiring", now)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        assert len(lines) == 24 and all(len(ln) <= 80 for ln in lines)
        text = "\n".join(lines)
        assert "Ines Inner" in text and "article about the Arsenal youth team" in text  # Ines is first by name
        assert "a Add" in lines[-1]

        view = await _open_gives(pilot)
        lines = screen_text(app).splitlines()
        rows = _rows("\n".join(lines))
        assert [r.split("  ")[0].strip() for r in rows] == ["Olu Overdue", "Ines Inner", "Rui Regular"]
        for row in rows:  # who, what and why all whole on one line
            assert row.rstrip().endswith(("overdue by 10 days", "due in 70 days")) or "inner circle, strength" in row
        assert "referral for the data role" in rows[0]
        assert "d Given" in lines[-1] and "Back" in lines[-1]
        assert view.size.height >= 10

        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("I")
        await settle(pilot)
        text = screen_text(app)
        for part in ("Introduce Ines Inner to", "Who *", "Why Ines *", "Why B *", "Propose", "Cancel"):
            assert part in text, part


async def test_hostile_names_and_ideas_are_shown_as_text(make_app, now):
    """Names, ideas and reasons from anywhere are never markup in the list, the pane or the dialog."""
    mallory = _add("[@click=app.quit]Mallory[/]", now)
    eve = _add("Eve [/] \x1b[31mRED", now)
    gives.add(mallory, "[link=https://evil.example]send[/link] $text-error", now)
    introductions.propose(mallory, eve, "[b]she[/b] hires \x1b]0;x\x07 engineers", "[red]he[/red] builds compilers", now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert app.screen.query_one(ContactList).current_id == mallory  # "[" sorts before letters
        text = screen_text(app)
        assert "[@click=app.quit]Mallory[/]" in text
        assert "[link=https://evil.example]send[/link] $text-error" in text
        assert "[b]she[/b] hires" in text and "[red]he[/red] builds compilers" in text
        assert "\x1b" not in text
        view = await _open_gives(pilot)
        assert view.total == 1
        text = screen_text(app)
        assert "[@click=app.quit]Mallory[/]" in text and "[link=https://evil.example]send[/link]" in text
        await pilot.press("d")  # the toast names them as text too
        await settle(pilot)
        assert await wait_for(pilot, lambda: any("[@click=app.quit]Mallory[/]" in t for t in toasts(app)))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("I")
        await settle(pilot)
        for ch in "eve":
            await pilot.press(ch)
        await settle(pilot)
        assert "Eve [/] RED" in screen_text(app) and app.is_running
