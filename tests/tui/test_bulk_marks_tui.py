"""Marking many people and what the bulk dialog does beyond a change, by keys: shift+down extends the
marks, * marks everyone a filter shows, one interaction is logged with everyone marked (one shared
interaction, a row in each timeline, one u takes it all back), and the marked people are exported to a
private file."""

from __future__ import annotations

import json
import stat

from netui.core import contacts, interactions
from netui.core.contacts import ContactInput
from netui.db.models import Interaction
from netui.tui.dialogs.form import FormScreen
from netui.tui.screens.main import MainScreen

from .helpers import screen_text, settle, type_text, wait_for

SIZE = (100, 30)
LOG, EXPORT = 6, 7  # places of "log one interaction" and "export to a file" in the dialog's list of what to do


def _people(now) -> list[int]:
    """Ten people, five at Quartz (the even ones) and five at Acme, by name Person 00 to Person 09."""
    return [contacts.create(ContactInput(name=f"Person {n:02}", organization="Quartz" if n % 2 == 0 else "Acme"), now)
            for n in range(10)]


def _top(app) -> str:
    return screen_text(app).splitlines()[0]


async def _choose(pilot, place: int) -> None:
    """In the bulk dialog: to the "Do" list, open it, pick the option at ``place``, apply."""
    await pilot.press("tab", "down")
    await settle(pilot)
    await pilot.press(*["down"] * place, "enter")
    await settle(pilot)
    await pilot.press("ctrl+s")


async def test_shift_down_three_times_marks_four_and_shift_up_extends_back(make_app, now):
    ids = _people(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "shift+down", "shift+down", "shift+down")
        assert await wait_for(pilot, lambda: "4 marked" in _top(app))
        assert app.screen.contact_list.marked == set(ids[1:5])
        assert app.screen.contact_list.current_id == ids[4]
        await pilot.press("up", "up", "up", "up", "shift+up")  # from Person 00 up: already the top, marked once
        assert await wait_for(pilot, lambda: "5 marked" in _top(app))
        assert app.screen.contact_list.marked == set(ids[:5])


async def test_star_marks_exactly_what_the_filter_shows_and_the_palette_unmarks_all(make_app, now):
    ids = _people(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "quartz")
        await pilot.press("enter", "asterisk")  # enter keeps the filter and goes back to the list
        assert await wait_for(pilot, lambda: "5 marked" in _top(app))
        assert app.screen.contact_list.marked == set(ids[0::2])
        assert await wait_for(pilot, lambda: any("Marked 5 people: everyone the filter shows" in str(n.message)
                                                 for n in app._notifications))
        await pilot.press("ctrl+p")
        await type_text(pilot, "unmark all")
        assert await wait_for(pilot, lambda: "Unmark all" in screen_text(app))
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: "marked" not in _top(app))
        assert app.screen.contact_list.marked == set()


async def test_log_one_interaction_with_three_marked_and_one_u_takes_it_back(make_app, now):
    ids = _people(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space", "space", "space", "b")
        assert await wait_for(pilot, lambda: "Change 3 people" in screen_text(app))
        await _choose(pilot, LOG)
        assert await wait_for(pilot, lambda: "Log one interaction with 3 people: Person 00, Person 01, Person 02"
                              in screen_text(app))
        assert app.screen.raw_values()["with"] == "Person 01, Person 02"
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: Interaction.select().count() == 3)
        assert await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and "marked" not in _top(app))
        shares = {row.share for row in Interaction.select()}
        assert len(shares) == 1 and None not in shares  # one shared interaction, a row for each person in it
        for cid in ids[:3]:
            assert [row.share for row in interactions.recent(cid)] == list(shares)  # in each of three timelines
        assert all(not interactions.recent(cid) for cid in ids[3:])
        assert await wait_for(pilot, lambda: any("Logged one call with 3 people" in str(n.message) for n in app._notifications))
        assert len(app.undo_stack) == 1
        await pilot.press("u")
        assert await wait_for(pilot, lambda: Interaction.select().count() == 0)
        assert all(contacts.get(cid).last_contact_at is None for cid in ids[:3])


async def test_l_with_marks_logs_with_everyone_marked(make_app, now):
    ids = _people(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space", "down", "space", "l")
        assert await wait_for(pilot, lambda: isinstance(app.screen, FormScreen)
                              and "Log one interaction with 2 people" in screen_text(app))
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: Interaction.select().count() == 2)
        assert {row.contact_id for row in Interaction.select()} == {ids[0], ids[2]}


async def test_export_writes_exactly_the_marked_people_to_a_private_file(make_app, now, db_path):
    ids = _people(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "space", "space", "down", "space", "b")  # 01, 02 and 04
        assert await wait_for(pilot, lambda: "Change 3 people" in screen_text(app))
        await _choose(pilot, EXPORT)
        assert await wait_for(pilot, lambda: "Export 3 people" in screen_text(app))
        folder = db_path.parent / "exports"
        assert app.screen.raw_values()["path"] == str(folder / "marked-2026-11-21.vcf")
        await pilot.press("down")  # open the formats
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # json: the file's suffix follows
        assert await wait_for(pilot, lambda: app.screen.raw_values()["path"].endswith("marked-2026-11-21.json"))
        await pilot.press("ctrl+s")
        target = folder / "marked-2026-11-21.json"
        assert await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and target.exists())
        assert [person["id"] for person in json.loads(target.read_text())] == [ids[1], ids[2], ids[4]]
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert await wait_for(pilot, lambda: any("Exported 3 people" in str(n.message) for n in app._notifications))
        await pilot.press("b")  # nobody marked now: the selected person; the name offered is a new one
        assert await wait_for(pilot, lambda: "Change 1 person" in screen_text(app))
        await _choose(pilot, EXPORT)
        assert await wait_for(pilot, lambda: "Export 1 person" in screen_text(app))
        assert app.screen.raw_values()["path"] == str(folder / "marked-2026-11-21-2.vcf")
        app.screen.set_raw("path", str(target))
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: "marked-2026-11-21.json is there already" in screen_text(app))
        assert [person["id"] for person in json.loads(target.read_text())] == [ids[1], ids[2], ids[4]]
        app.screen.set_raw("path", str(target / "inside-a-file.vcf"))  # cannot be written: said in the form
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: "Not exported:" in screen_text(app)), screen_text(app)
        assert isinstance(app.screen, FormScreen) and not list(folder.glob(".*tmp"))
