"""Reminders one way into a folder: one .ics per item, rewritten only when netui's item changed."""

from __future__ import annotations

import datetime as dt

import vobject

from netui.core import contacts, reminders
from netui.core.contacts import ContactInput
from netui.core.dates import Birthday
from netui.interop import sync


def items(folder) -> dict[str, vobject.base.Component]:
    out = {}
    for path in sorted(folder.glob("*.ics")):
        cal = vobject.readOne(path.read_bytes().decode())
        found = [c for c in cal.getChildren() if c.name in ("VTODO", "VEVENT")]
        if found:
            [out[path.name]] = found
    return out


def test_one_file_per_item_and_only_real_changes(db_path, tmp_path, now):
    ada = contacts.create(ContactInput(name="Ada Obi", uid="ada-1", met_on=now.date(), birthday=Birthday(12, 10)), now)
    custom = reminders.add_custom(ada, now, on=now + dt.timedelta(days=3), note="send the pricing deck")
    folder = tmp_path / "calendar"
    report = sync.sync_reminders(folder, now)
    found = items(folder)
    assert report.written == len(found) >= 4
    assert found["ada-1.birthday@netui.ics"].summary.value == "Ada Obi's birthday"
    assert found["ada-1.follow-up@netui.ics"].due.value == dt.datetime(2026, 11, 23)  # met on the 21st, +48 h
    custom_name = f"ada-1.custom-{custom}@netui.ics"
    assert found[custom_name].summary.value == "Ada Obi: send the pricing deck"
    mtimes = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}

    later = now + dt.timedelta(hours=5)  # a new DTSTAMP alone is no change
    again = sync.sync_reminders(folder, later)
    assert (again.written, again.deleted, again.unchanged) == (0, 0, len(found))
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == mtimes

    (folder / "someone-elses.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    ticked = folder / "ada-1.follow-up@netui.ics"
    ticked.write_bytes(ticked.read_bytes().replace(b"STATUS:NEEDS-ACTION", b"STATUS:COMPLETED"))
    reminders.done(custom, later)
    report = sync.sync_reminders(folder, later)
    # The phone's tick closes the follow-up here; the custom one done here is written as completed.
    assert (report.written, report.deleted, report.closed) == (1, 0, ["Ada Obi"])
    assert b"STATUS:COMPLETED" in (folder / custom_name).read_bytes()
    assert b"STATUS:COMPLETED" in ticked.read_bytes()  # the phone's tick is not overwritten
    assert (folder / "someone-elses.ics").exists()  # never netui's

    contacts.update(ada, ContactInput(name="Ada Obi-Okafor"), later)
    report = sync.sync_reminders(folder, later)
    assert report.written == len(found) - 2  # the two done ones stay done
    assert items(folder)["ada-1.birthday@netui.ics"].summary.value == "Ada Obi-Okafor's birthday"


def test_dry_run_and_folder_checks(db_path, tmp_path, now):
    contacts.create(ContactInput(name="Ada Obi", birthday=Birthday(12, 10)), now)
    folder = tmp_path / "calendar"
    report = sync.sync_reminders(folder, now, dry_run=True)
    assert report.written == 1 and list(folder.iterdir()) == []
    assert sync.folders()["reminders"] is None
    a_file = tmp_path / "file"
    a_file.write_text("x")
    try:
        sync.sync_reminders(a_file, now)
    except sync.SyncError as exc:
        assert str(exc) == f"{a_file} is a file; sync needs a folder"
    else:
        raise AssertionError("a file was accepted as a folder")
