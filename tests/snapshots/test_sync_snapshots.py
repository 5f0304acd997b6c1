"""What the Sync screen looks like: two conflicts (a contact's title, a reminder deleted on the server)
and the state with none, at 80x24 and 120x40 (settled as in test_snapshots.py)."""

from __future__ import annotations

import pytest

from bench.screenshots import NOW, ShotApp, play
from netui.core import contacts
from netui.core.contacts import ContactInput
from netui.interop import sync
from netui.interop.sync.state import CONTACTS_FOLDER_KEY, REMINDERS_FOLDER_KEY, set_meta

SIZES = [(80, 24), (120, 40)]
IDS = [f"{w}x{h}" for w, h in SIZES]


def conflicts(folder) -> None:
    contacts.create(ContactInput(name="Ada Lovelace", uid="ada-1", title="CTO", met_on=NOW.date()), NOW)
    sync.sync_contacts(folder / "cards", NOW)
    sync.sync_reminders(folder / "calendar", NOW)
    path = folder / "cards" / "ada-1.vcf"
    path.write_bytes(path.read_bytes().replace(b"TITLE:CTO", b"TITLE:Chief Engineer"))
    contacts.update(contacts.resolve("Ada"), ContactInput(title="Head of Research"), NOW)
    (folder / "calendar" / "ada-1.follow-up@netui.ics").unlink()
    sync.sync_contacts(folder / "cards", NOW)
    sync.sync_reminders(folder / "calendar", NOW)
    sync.record_last(NOW, None, None)
    shown_folders()


def shown_folders() -> None:
    """The folders as a user's would read (a test's temporary path changes every run)."""
    set_meta(CONTACTS_FOLDER_KEY, "/home/ada/.local/share/vdirsyncer/contacts")
    if sync.folders()["reminders"]:
        set_meta(REMINDERS_FOLDER_KEY, "/home/ada/.local/share/vdirsyncer/calendar")


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_sync_conflicts(size, snap_compare, db_path, tmp_path):
    conflicts(tmp_path)
    app = ShotApp(db_path=db_path, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, ["S"])

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_sync_no_conflicts(size, snap_compare, db_path, tmp_path):
    contacts.create(ContactInput(name="Ada Lovelace", uid="ada-1"), NOW)
    sync.sync_contacts(tmp_path / "cards", NOW)
    sync.record_last(NOW, None, None)
    shown_folders()
    app = ShotApp(db_path=db_path, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, ["S"])

    assert snap_compare(app, terminal_size=size, run_before=run_before)
