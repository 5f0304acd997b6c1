"""Introductions from the keyboard: note a give idea, mark it given, introduce, move it on, and undo.

The issue's "done when": from a contact's screen a user notes "send her the Adichie interview", later
marks it given, introduces her to a hiring manager with a reason for each side, makes it, says how it
went, and sees all of it in her give pane and in the database.
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual import events

from netui.core import contacts, introductions
from netui.core.contacts import ContactInput
from netui.db.models import Give, Interaction, Introduction, Reminder
from netui.tui.dialogs.introduce import IntroduceScreen
from netui.tui.widgets.contact_list import ContactList
from netui.tui.widgets.panes import GiveItems, GivePane

from .helpers import screen_text, settle, type_text

SIZE = (100, 32)
NGOZI = "wants a data role at Acme"
TUNDE = "is hiring a data engineer"


def _add(name: str, now: dt.datetime, **kw) -> int:
    return contacts.create(ContactInput(name=name, **kw), now)


def _people(now):
    ngozi = _add("Ngozi Eze", now, organization="Lagos Data", circle="inner")
    tunde = _add("Tunde Bakare", now, organization="Acme", title="Head of Data")
    _add("Tunmise Ade", now, organization="Elsewhere")  # a second "tun…" to pick past
    return ngozi, tunde


def state(*ids: int) -> dict:
    """Everything an introduction can touch: both people in full, their introductions and intro reminders."""
    intros = Introduction.select().where(Introduction.a.in_(ids) | Introduction.b.in_(ids))
    intro_ids = [i.id for i in intros]
    return {
        "people": [contacts.contact_dict(i) for i in ids],
        "intros": sorted(Introduction.select().where(Introduction.id.in_(intro_ids)).dicts(), key=lambda r: r["id"]),
        "intro_gives": sorted(Give.select().where(Give.introduction.in_(intro_ids)).dicts(), key=lambda r: r["id"]),
        "intro_reminders": sorted(Reminder.select().where(Reminder.introduction.in_(intro_ids)).dicts(), key=lambda r: r["id"]),
    }


async def paste(pilot, text: str) -> None:
    """Paste into the focused field (a terminal's bracketed paste): long texts without a key each."""
    pilot.app.focused.post_message(events.Paste(text))
    await pilot.pause()


def message(app, field: str) -> str:
    """The line shown under a field of the introduce dialog (its error, or its help)."""
    return str(app.screen.query_one(f"#error-{field}").content)


async def focus_give_pane(pilot) -> None:
    """Show the give pane (3) and tab into its list, as a user would."""
    app = pilot.app
    await pilot.press("3")
    await settle(pilot)
    for _ in range(3):
        if isinstance(app.focused, GiveItems):
            return
        await pilot.press("tab")
        await settle(pilot)
    assert isinstance(app.focused, GiveItems), app.focused


async def undo_and_redo(pilot, before: dict, ids: tuple[int, ...], redo) -> None:
    """u puts the database back exactly; then the action is done again to go on."""
    await pilot.press("u")
    await settle(pilot)
    assert state(*ids) == before
    await redo()


@pytest.mark.slow  # one of the longest runs of the suite
async def test_give_then_introduce_through_made_with_an_outcome(make_app, clock, now):
    ngozi, tunde = _people(now)
    ids = (ngozi, tunde)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ContactList)
        assert lst.current_id == ngozi  # first by name

        # g: note the idea
        before = state(*ids)

        async def note():
            await pilot.press("g")
            await settle(pilot)
            await paste(pilot, "send her the Adichie interview")  # the form starts on what to give
            await pilot.press("ctrl+s")
            await settle(pilot)

        await note()
        idea = Give.get(Give.contact == ngozi)
        assert (idea.direction, idea.status, idea.text) == ("idea", "open", "send her the Adichie interview")
        assert "○ send her the Adichie interview" in screen_text(app)
        await undo_and_redo(pilot, before, ids, note)
        idea = Give.get(Give.contact == ngozi)

        # two days later: mark it given from her give pane
        clock.advance(days=2)
        later = clock.value
        await focus_give_pane(pilot)
        before = state(*ids)

        async def given():
            await pilot.press("d")
            await settle(pilot)

        await given()
        idea = Give.get_by_id(idea.id)
        assert (idea.direction, idea.status, str(idea.done_on)) == ("given", "done", str(later.date()))
        text = screen_text(app)
        assert "you gave 1 · received 0" in text and "→ gave send her the Adichie interview" in text
        await undo_and_redo(pilot, before, ids, given)
        assert Give.get_by_id(idea.id).status == "done"

        # I: introduce her to the hiring manager, picked by typing part of his name
        await pilot.press("escape")  # back to the list: Ngozi is still the selected contact
        await settle(pilot)
        before = state(*ids)

        async def introduce():
            await pilot.press("I")
            await settle(pilot)
            assert isinstance(app.screen, IntroduceScreen)
            await type_text(pilot, "tun")
            await settle(pilot)
            assert "Tunde Bakare  Head of Data · Acme" in screen_text(app)
            results = app.screen.results
            offered = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
            assert [o.split("  ")[0] for o in offered] == ["Tunde Bakare", "Tunmise Ade"]  # never A herself
            await pilot.press("enter")  # the first result: Tunde
            await paste(pilot, NGOZI)
            await pilot.press("enter")
            await paste(pilot, TUNDE)
            await pilot.press("enter")  # on the last field: propose
            await settle(pilot)

        await introduce()
        intro = Introduction.get()
        assert (intro.a_id, intro.b_id, intro.reason_a, intro.reason_b, intro.status) == (ngozi, tunde, NGOZI, TUNDE, "proposed")
        assert "↔ Tunde Bakare  proposed" in screen_text(app)
        await undo_and_redo(pilot, before, ids, introduce)
        intro = Introduction.get()

        # a, a, a: asked Ngozi, asked Tunde, made (double opt-in)
        await focus_give_pane(pilot)
        items = app.screen.query_one(GiveItems)
        assert items.get_option_at_index(items.highlighted).id == f"intro:{intro.id}"  # the only row to act on
        for expected, keys in (("asked-a", ()), ("asked-b", ()), ("made", ("space", "down", "enter"))):
            before = state(*ids)  # undone once, after the step that writes the most (made)

            async def advance(keys=keys):
                await pilot.press("greater_than_sign")
                await settle(pilot)
                assert "Introduction of Ngozi Eze and Tunde Bakare" in screen_text(app)
                await pilot.press(*keys)  # the Select: open it, one down, choose
                await pilot.press("ctrl+s")
                await settle(pilot)

            await advance()
            assert Introduction.get_by_id(intro.id).status == expected
        await undo_and_redo(pilot, before, ids, advance)
        assert Introduction.get_by_id(intro.id).status == "made"

        made = Introduction.get_by_id(intro.id)
        assert str(made.made_on) == str(later.date())
        # an email with both, a given introduction for each, a follow-up for A two weeks later
        for me, other in ((ngozi, "Tunde Bakare"), (tunde, "Ngozi Eze")):
            assert [(i.kind, i.summary) for i in Interaction.select().where(Interaction.contact == me)] == [
                ("email", f"introduced to {other}")
            ]
            assert [(g.direction, g.kind, g.text, g.introduction_id) for g in
                    Give.select().where((Give.contact == me) & (Give.kind == "introduction"))] == [
                ("given", "introduction", f"introduced to {other}", intro.id)
            ]
        follow = Reminder.get(Reminder.introduction == intro.id)
        assert (follow.contact_id, follow.kind) == (ngozi, "intro-follow-up")
        assert str(follow.next_due_at) == str(later + dt.timedelta(days=14))

        # h: how it went: it helped
        before = state(*ids)

        async def outcome():
            await pilot.press("h")
            await settle(pilot)
            await pilot.press("ctrl+s")  # helpful is offered first
            await settle(pilot)

        await outcome()
        assert Introduction.get_by_id(intro.id).outcome == "helpful"
        assert Reminder.get_by_id(follow.id).next_due_at is None  # the follow-up is answered
        await undo_and_redo(pilot, before, ids, outcome)

        # all of it in her give pane
        text = screen_text(app)
        assert "you gave 2 · received 0" in text
        assert f"↔ Tunde Bakare  made {later:%d %b %Y} · helpful" in text
        assert f"for Ngozi: {NGOZI}" in text and f"for Tunde: {TUNDE}" in text
        assert "→ gave introduced to Tunde Bakare" in text and "→ gave send her the Adichie interview" in text
        # and in his
        pane = app.screen.query_one(GivePane)
        his = pane.build(tunde, clock.value).plain
        assert "↔ Ngozi Eze" in his and "helpful" in his and "you gave 1 · received 0" in his


async def test_a_generic_reason_is_refused_beside_its_field_and_nothing_is_stored(make_app, now):
    ngozi, tunde = _people(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("I")
        await settle(pilot)
        await type_text(pilot, "tunde")
        await pilot.press("enter")
        await type_text(pilot, "you should meet")
        await pilot.press("enter")
        await type_text(pilot, "networking")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert message(app, "reason-a").startswith("the reason for Ngozi Eze ('you should meet') is too generic")
        assert message(app, "reason-b").startswith("the reason for Tunde Bakare ('networking') is too generic")
        assert "('you should meet') is too" in screen_text(app)  # on screen, under Ngozi's reason
        assert Introduction.select().count() == 0
        assert isinstance(app.screen, IntroduceScreen)  # still open, with what was typed
        # fixing one side leaves the other's message in place
        await pilot.press("ctrl+u")
        await type_text(pilot, NGOZI)  # the focus went back to the first bad field: Ngozi's
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert message(app, "reason-a") == "what Ngozi Eze gains from meeting Tunde Bakare"
        assert message(app, "reason-b").startswith("the reason for Tunde Bakare ('networking') is too generic")
        assert Introduction.select().count() == 0
        await pilot.press("escape")
        await settle(pilot)
        assert Introduction.select().count() == 0 and len(app.undo_stack) == 0


async def test_introduce_needs_someone_picked(make_app, now):
    ngozi, tunde = _people(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("I")
        await settle(pilot)
        await type_text(pilot, "zzz")
        await settle(pilot)
        assert "nobody matches 'zzz'" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert message(app, "who").startswith("pick who to introduce them to")
        assert Introduction.select().count() == 0


async def test_a_request_needs_both_reasons_before_it_moves_on(make_app, now):
    """A request arrives with the asker's reason only: advancing says so; R fills in the other side."""
    ngozi, tunde = _people(now)
    intro_id = introductions.request(ngozi, tunde, "she wants a data engineering role", now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_give_pane(pilot)
        assert "(no reason yet: R)" in screen_text(app)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Not saved: say why Tunde Bakare should meet Ngozi Eze" in screen_text(app)
        assert Introduction.get_by_id(intro_id).status == "proposed"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        await pilot.press("tab")
        await type_text(pilot, TUNDE)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Introduction.get_by_id(intro_id).reason_b == TUNDE
        await pilot.press("greater_than_sign")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Introduction.get_by_id(intro_id).status == "asked-a"
        assert "asked Ngozi" in screen_text(app)
