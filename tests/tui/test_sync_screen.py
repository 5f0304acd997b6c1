"""The Sync screen: a conflict kept by sync is listed with both values; one key picks each side."""

from __future__ import annotations

import datetime as dt

from netui.core import contacts
from netui.core.contacts import ContactInput
from netui.db.models import Reminder
from netui.interop import sync
from netui.tui.app import NetuiApp

from .helpers import screen_text, settle


def both_changed(tmp_path, now) -> None:
    """Ada's title changed here and in the folder (another device) since they last agreed."""
    folder = tmp_path / "cards"
    contacts.create(ContactInput(name="Ada Lovelace", uid="ada-1", title="CTO", note="likes poetry"), now)
    sync.sync_contacts(folder, now)
    path = folder / "ada-1.vcf"
    path.write_bytes(path.read_bytes().replace(b"TITLE:CTO", b"TITLE:Chief Engineer"))
    contacts.update(contacts.resolve("Ada"), ContactInput(title="Head of Research"), now)
    sync.sync_contacts(folder, now)


async def test_a_conflict_is_listed_with_both_values_and_t_takes_theirs(db_path, clock, now, tmp_path):
    both_changed(tmp_path, now)
    app = NetuiApp(db_path=db_path, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("S")
        await settle(pilot)
        text = screen_text(app)
        assert "1 conflict" in text and "Ada Lovelace" in text
        assert "here   Head of Research" in text and "there  Chief Engineer" in text
        await pilot.press("t")
        await settle(pilot)
        assert "No sync conflicts" in screen_text(app)
    p = contacts.contact_dict(contacts.resolve("Ada"))
    assert p["title"] == "Chief Engineer" and p["note"] == "likes poetry"  # the kept-aside line is gone too
    assert sync.conflicts() == []


async def test_m_keeps_this_machines_value(db_path, clock, now, tmp_path):
    both_changed(tmp_path, now)
    app = NetuiApp(db_path=db_path, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("S")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert "No sync conflicts" in screen_text(app)
    p = contacts.contact_dict(contacts.resolve("Ada"))
    assert p["title"] == "Head of Research" and p["note"] == "likes poetry"


async def test_a_reminder_deleted_on_the_server_is_answered_here(db_path, clock, now, tmp_path):
    contacts.create(ContactInput(name="Ada Obi", uid="ada-1", met_on=now.date()), now)
    folder = tmp_path / "calendar"
    sync.sync_reminders(folder, now)
    (folder / "ada-1.follow-up@netui.ics").unlink()
    sync.sync_reminders(folder, now)
    app = NetuiApp(db_path=db_path, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("S")
        await settle(pilot)
        assert "was deleted on the server" in screen_text(app)
        await pilot.press("m")  # keep it: the next sync writes it back
        await settle(pilot)
    assert Reminder.get(Reminder.kind == "follow-up").next_due_at is not None
    sync.sync_reminders(folder, now + dt.timedelta(minutes=1))
    assert (folder / "ada-1.follow-up@netui.ics").exists() and sync.conflicts() == []
