"""Reminders both ways through one calendar folder: done and moved elsewhere, done and snoozed here,
deleted on the server (asked, never dropped), a file cut short, clocks that differ."""

from __future__ import annotations

import datetime as dt

from netui.core import contacts, reminders
from netui.core.contacts import ContactInput
from netui.db.models import Reminder
from netui.interop import sync

FOLLOW_UP = "ada-1.follow-up@netui.ics"


def ada(now) -> int:
    return contacts.create(ContactInput(name="Ada Obi", uid="ada-1", met_on=now.date()), now)


def follow_up() -> Reminder:
    return Reminder.get(Reminder.kind == "follow-up")


def edit(path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new))


def test_done_on_machine_a_closes_on_machine_b(machines, tmp_path, now):
    a, b = machines
    folder = tmp_path / "calendar"
    ada(now)
    sync.sync_reminders(folder, now)
    b.use()
    ada(now)  # the same person on B (as contacts sync brings them), with the same plan
    report = sync.sync_reminders(folder, now)
    assert report.written == 0 and report.closed == []  # A's files say what B would write: adopted
    a.use()
    later = now + dt.timedelta(days=2)
    reminders.done(follow_up().id, later)
    report = sync.sync_reminders(folder, later)
    assert report.written == 1 and b"STATUS:COMPLETED" in (folder / FOLLOW_UP).read_bytes()
    b.use()
    report = sync.sync_reminders(folder, later)
    assert report.closed == ["Ada Obi"] and follow_up().done_at is not None and follow_up().next_due_at is None
    again = sync.sync_reminders(folder, later)
    assert again.counts()["written"] == 0 and again.closed == []


def test_a_third_client_completes_or_moves_a_todo(db_path, tmp_path, now):
    ada(now)
    folder = tmp_path / "calendar"
    sync.sync_reminders(folder, now)
    call = folder / "ada-1.call@netui.ics"
    due = Reminder.get(Reminder.kind == "call").next_due_at
    # A phone moves the call a week on (and rings later): netui's reminder moves with it.
    text = call.read_bytes().decode()
    old_due = text.split("DUE:", 1)[1][:15]
    new_due = (dt.datetime.strptime(old_due, "%Y%m%dT%H%M%S") + dt.timedelta(days=7)).strftime("%Y%m%dT%H%M%S")
    edit(call, f"DUE:{old_due}".encode(), f"DUE:{new_due}".encode())
    # ... and another app ticks the follow-up off, the way Thunderbird does (COMPLETED, no STATUS change).
    edit(folder / FOLLOW_UP, b"END:VTODO", b"COMPLETED:20261122T090000Z\r\nEND:VTODO")
    report = sync.sync_reminders(folder, now)
    assert report.closed == ["Ada Obi"] and report.moved == ["Ada Obi"]
    assert follow_up().done_at is not None
    moved = Reminder.get(Reminder.kind == "call")
    assert moved.next_due_at == due + dt.timedelta(days=7) and moved.snoozed_until == moved.next_due_at
    assert sync.sync_reminders(folder, now).counts()["moved"] == 0  # taken once


def test_snoozed_here_moves_it_on_the_other_machine(machines, tmp_path, now):
    a, b = machines
    folder = tmp_path / "calendar"
    ada(now)
    sync.sync_reminders(folder, now)
    b.use()
    ada(now)
    sync.sync_reminders(folder, now)
    a.use()
    target = reminders.snooze(follow_up().id, now, by="1w")
    sync.sync_reminders(folder, now)
    b.use()
    report = sync.sync_reminders(folder, now)
    assert report.moved == ["Ada Obi"] and follow_up().next_due_at == target


def test_a_todo_deleted_on_the_server_is_asked_about_never_dropped(db_path, tmp_path, now):
    ada(now)
    folder = tmp_path / "calendar"
    sync.sync_reminders(folder, now)
    (folder / FOLLOW_UP).unlink()
    report = sync.sync_reminders(folder, now)
    assert report.asked == ["Ada Obi"] and not (folder / FOLLOW_UP).exists()
    assert follow_up().next_due_at is not None  # still open here
    [listed] = sync.conflicts()
    assert listed["kind"] == "reminder-deleted" and "was deleted on the server" in listed["what"]
    assert any("deleted on the server" in line for line in sync.status_lines(sync.status()))
    again = sync.sync_reminders(folder, now)
    assert again.asked == [] and len(sync.conflicts()) == 1 and not (folder / FOLLOW_UP).exists()


def test_a_file_cut_short_is_left_and_read_next_time(db_path, tmp_path, now):
    ada(now)
    folder = tmp_path / "calendar"
    sync.sync_reminders(folder, now)
    path = folder / FOLLOW_UP
    whole = path.read_bytes().replace(b"STATUS:NEEDS-ACTION", b"STATUS:COMPLETED")
    path.write_bytes(whole[: whole.index(b"END:VTODO")])  # vdirsyncer stopped halfway
    report = sync.sync_reminders(folder, now)
    assert report.problems == [f"{FOLLOW_UP} could not be read (cut short?); left as it is for the next sync"]
    assert path.read_bytes() == whole[: whole.index(b"END:VTODO")] and follow_up().next_due_at is not None
    path.write_bytes(whole)
    report = sync.sync_reminders(folder, now)
    assert report.problems == [] and report.closed == ["Ada Obi"]


def test_clocks_that_differ_do_not_matter(machines, tmp_path, now):
    """B's clock is a day behind A's: only what the files say counts, never when they were written."""
    a, b = machines
    folder = tmp_path / "calendar"
    ada(now)
    sync.sync_reminders(folder, now + dt.timedelta(days=1))
    b.use()
    ada(now)
    behind = now - dt.timedelta(hours=20)
    report = sync.sync_reminders(folder, behind)
    assert report.written == 0 and report.moved == [] and report.closed == []
    a.use()
    reminders.done(follow_up().id, now + dt.timedelta(days=2))
    sync.sync_reminders(folder, now + dt.timedelta(days=2))
    b.use()
    assert sync.sync_reminders(folder, behind).closed == ["Ada Obi"]


def test_a_last_sync_in_the_future_does_not_stop_the_automatic_sync(db_path, tmp_path, now):
    ada(now)
    sync.sync_reminders(tmp_path / "calendar", now)
    sync.record_last(now + dt.timedelta(days=3), None, None)  # written by a clock that ran ahead
    assert sync.sync_if_due(now, 15) is not None
