"""A custom reminder made on another netui is adopted through the calendar: one reminder here, under
the other machine's UID, so done on either closes it on both; a plain third-party to-do is left."""

from __future__ import annotations

import datetime as dt

from netui.core import contacts, reminders
from netui.core.contacts import ContactInput
from netui.db.models import Reminder
from netui.interop import sync


def bea(now) -> int:
    return contacts.create(ContactInput(name="Bea Novak", uid="bea-1"), now)


def custom() -> list[Reminder]:
    return list(Reminder.select().where(Reminder.kind == "custom"))


def test_a_custom_reminder_made_on_a_travels_to_b_and_back(machines, tmp_path, now):
    a, b = machines
    folder = tmp_path / "calendar"
    on = dt.datetime.combine(now.date() + dt.timedelta(days=3), dt.time(9))
    reminders.add_custom(bea(now), now, on=on, note="send the chess book")
    sync.sync_reminders(folder, now)
    [made] = [p for p in folder.glob("*.ics") if ".custom-" in p.name]
    # A plain to-do another app made: no netui UID, nobody's here; left as it is.
    other = folder / "phone-todo.ics"
    other.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nUID:phone-1\r\nSUMMARY:Buy milk\r\n"
                      b"DUE:20261125T090000\r\nEND:VTODO\r\nEND:VCALENDAR\r\n")
    b.use()
    bea(now)  # the contacts sync brought her
    report = sync.sync_reminders(folder, now)
    [mine] = custom()
    assert report.adopted == ["Bea Novak"] and "made on another netui: Bea Novak" in report.text()
    assert (mine.note, mine.next_due_at) == ("send the chess book", on)
    assert sorted(p.name for p in folder.glob("*.ics") if ".custom-" in p.name) == [made.name]  # no second file
    assert other.read_bytes().startswith(b"BEGIN:VCALENDAR") and len(custom()) == 1
    again = sync.sync_reminders(folder, now)
    assert again.adopted == [] and len(custom()) == 1
    # Done on B: the shared file says so, and A closes its own.
    later = now + dt.timedelta(days=4)
    reminders.done(mine.id, later)
    sync.sync_reminders(folder, later)
    assert b"STATUS:COMPLETED" in made.read_bytes()
    a.use()
    report = sync.sync_reminders(folder, later)
    assert report.closed == ["Bea Novak"] and custom()[0].done_at is not None


def test_a_custom_todo_of_someone_not_here_waits_for_them(machines, tmp_path, now):
    a, b = machines
    folder = tmp_path / "calendar"
    reminders.add_custom(bea(now), now, on=now + dt.timedelta(days=1), note="call back")
    sync.sync_reminders(folder, now)
    b.use()
    assert sync.sync_reminders(folder, now).adopted == [] and custom() == []
    bea(now)  # she arrives with the next contacts sync: the reminder follows
    assert sync.sync_reminders(folder, now).adopted == ["Bea Novak"] and len(custom()) == 1
