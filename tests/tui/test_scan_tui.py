"""The Scan screen driven by keys: progress, review by person, never for an address, report; nothing twice."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from netui.db.models import Contact, ContactMethod, Interaction, Reminder, ScanSeen
from netui.tui.screens.scan import ScanScreen

from .helpers import screen_text, settle, type_text, wait_for
from .scan_mail import people, write


@pytest.fixture
def utc(monkeypatch):
    """Times on screen and in the database as the files write them (UTC), whatever the machine's zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def files(tmp_path, monkeypatch, utc):
    write(tmp_path)
    monkeypatch.chdir(tmp_path)  # short relative paths, as a user types them
    return "Inbox calendar.ics"


async def scan_from_main(pilot, app, paths: str) -> ScanScreen:
    await pilot.press("M")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ScanScreen)
    await type_text(pilot, paths)
    await pilot.press("enter")
    assert await wait_for(pilot, lambda: screen.phase not in ("pick", "scanning"))
    await settle(pilot)
    return screen


def kinds(contact_id: int) -> list[tuple[str, dt.datetime, str]]:
    """What the scan logged for someone (not the meeting logged when they were added)."""
    rows = Interaction.select().where((Interaction.contact == contact_id) & (Interaction.summary != "met"))
    return [(r.kind, r.occurred_at, r.summary) for r in rows.order_by(Interaction.occurred_at)]


async def test_review_accept_all_never_and_one_then_a_second_scan_proposes_nothing(make_app, db, now, files):
    ids = people(now)
    follow_up = Reminder.get((Reminder.contact == ids["zoe"]) & (Reminder.kind == "follow-up"))
    assert follow_up.next_due_at is not None
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await scan_from_main(pilot, app, files)
        text = screen_text(app)
        assert "Ada Obi" in text and "person 1 of 3" in text and "3 proposals" in text
        assert "Lunch next week?" in text and "Coffee" in text and "[team] minutes" not in text
        assert "Log all" in text and "Never" in text  # the keys, in the footer
        before = Interaction.select().count()  # Zoe's meeting, logged when she was added
        assert before == 1 and ScanSeen.select().count() == 0  # nothing written before a yes

        await pilot.press("L")  # Ada: everything
        await settle(pilot)
        assert kinds(ids["ada"]) == [
            ("email", dt.datetime(2026, 11, 10, 9), "Lunch next week?"),
            ("email", dt.datetime(2026, 11, 11, 9), "Re: Lunch next week?"),
            ("in-person", dt.datetime(2026, 11, 12, 8), "Coffee"),
        ]
        text = screen_text(app)
        assert "Sam Okafor" in text and "person 2 of 3" in text and "3 logged" in text

        await pilot.press("x")  # Sam: never through sam@example.org
        await settle(pilot)
        assert Interaction.select().where(Interaction.contact == ids["sam"]).count() == 0
        assert [(r.source, r.contact_id, r.outcome) for r in ScanSeen.select().where(ScanSeen.outcome == "never")] == \
            [("sam@example.org", 0, "never")]
        assert ScanSeen.select().where((ScanSeen.contact_id == ids["sam"]) & (ScanSeen.outcome == "skipped")).count() == 3

        assert "Zoe Park" in screen_text(app)
        await pilot.press("l")  # Zoe, met yesterday: her one email closes the 48 h follow-up
        await settle(pilot)
        assert kinds(ids["zoe"]) == [("email", dt.datetime(2026, 11, 20, 18), "Good to meet you")]
        assert Reminder.get_by_id(follow_up.id).next_due_at is None

        text = screen_text(app)  # then the stranger written to three times
        assert "New people?" in text and "Zed Stranger" in text and "<zed@else.where>" in text
        await pilot.press("space")
        await settle(pilot)
        text = screen_text(app)
        assert "Scan report" in text
        assert "4 interactions with 2 people; 1 reminder answered" in text
        assert "skipped  3 (not offered again)" in text and "never    sam@example.org" in text
        assert "Inbox: message 4: no From or Date header" in text
        assert Contact.select().count() == 3

        await pilot.press("q")
        await settle(pilot)
        assert not isinstance(app.screen, ScanScreen)

        screen = await scan_from_main(pilot, app, files)  # the same files again
        assert screen.result is not None and screen.result.proposals == []
        assert screen.result.already_seen == 4 and screen.result.never == 3  # Sam: never, not "seen"
        assert screen.phase == "people" and "Zed Stranger" in screen_text(app)  # skipping a stranger is not for good
        await pilot.press("a")
        await settle(pilot)
        zed = Contact.get(Contact.name == "Zed Stranger")
        assert zed.met_on == dt.date(2026, 11, 13)
        assert [m.value for m in ContactMethod.select().where(ContactMethod.contact == zed)] == ["zed@else.where"]
        assert "added    Zed Stranger" in screen_text(app) and "Nothing new to log" in screen_text(app)
        assert Interaction.select().count() == before + 4


async def test_bad_paths_are_said_and_the_import_dialog_hands_mail_over(make_app, db, now, files):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        await type_text(pilot, "nope.mbox")
        await pilot.press("enter")
        await settle(pilot)
        assert "nope.mbox: no such file or folder" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("i")  # the import dialog, given a mailbox, opens the scan with it
        await settle(pilot)
        await type_text(pilot, "Inbox")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ScanScreen)
        assert await wait_for(pilot, lambda: screen.phase == "pick")
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: screen.phase not in ("pick", "scanning"))
        await settle(pilot)
        assert screen.result is not None and screen.result.messages == 8


async def test_leaving_the_review_keeps_what_is_left_for_the_next_scan(make_app, db, now, files):
    ids = people(now)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await scan_from_main(pilot, app, files)
        await pilot.press("j", "l")  # Ada's second proposal only
        await settle(pilot)
        assert kinds(ids["ada"]) == [("email", dt.datetime(2026, 11, 11, 9), "Re: Lunch next week?")]
        await pilot.press("q")
        await settle(pilot)
        assert screen.phase == "report"
        assert "left     6 not reviewed" in screen_text(app)
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("u")  # on the main screen: the log is undone like any other
        await settle(pilot)
        assert kinds(ids["ada"]) == []
    assert ScanSeen.select().count() == 1  # an undone log is not offered again


async def test_the_command_palette_opens_the_scan(make_app, db):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "scan mail and calendar")
        assert await wait_for(pilot, lambda: "Scan mail and calendar files" in screen_text(app))
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ScanScreen))
