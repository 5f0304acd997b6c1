"""An event repeating every minute (or hour, or second) is proposed once, at its first occurrence in the
scan's window, and one line says how many more were left out; one repeating several times a day is
proposed once a day. A weekly meeting is still proposed at each occurrence."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.core import contacts, scan
from netui.core.contacts import ContactInput, Method
from netui.interop import mailscan


def _calendar(tmp_path, *events: tuple[str, str, str]):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0"]
    for uid, start, rule in events:
        lines += ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTART:{start}", f"RRULE:{rule}", f"SUMMARY:{uid}",
                  "ATTENDEE:mailto:sam@example.org", "END:VEVENT"]
    path = tmp_path / "cal.ics"
    path.write_text("\r\n".join([*lines, "END:VCALENDAR", ""]), encoding="utf-8")
    return path


@pytest.fixture
def sam(db, now):
    return contacts.create(ContactInput(name="Sam Okafor", emails=[Method("email", "sam@example.org")]), now)


def _scan(path, now, since=None) -> scan.ScanResult:
    return scan.propose(mailscan.read(path, now, since=since), now, since=since)


def test_an_event_every_minute_is_proposed_once_and_the_rest_counted(tmp_path, sam, now):
    start = now - dt.timedelta(days=2)
    path = _calendar(tmp_path, ("ping", f"{start:%Y%m%dT%H%M%S}", "FREQ=MINUTELY"),
                     ("weekly", f"{now - dt.timedelta(days=20):%Y%m%dT%H%M%S}", "FREQ=WEEKLY"))
    result = _scan(path, now)
    pings = [p for p in result.proposals if p.summary == "ping"]
    assert [p.occurred_at for p in pings] == [start]
    assert len([p for p in result.proposals if p.summary == "weekly"]) == 3  # daily or slower: each one
    assert [d.reason for d in result.damaged] == [
        f"{2 * 24 * 60:,} more occurrences left out: it repeats every minute, so only its first in the scan is proposed"]


def test_the_one_proposed_is_the_first_in_the_window(tmp_path, sam, now):
    start = now - dt.timedelta(days=3)
    path = _calendar(tmp_path, ("hourly", f"{start:%Y%m%dT%H%M%S}", "FREQ=HOURLY;INTERVAL=2"))
    since = (now - dt.timedelta(days=1)).date()
    result = _scan(path, now, since)
    assert [p.occurred_at.date() for p in result.proposals] == [since]
    assert "it repeats every 2 hours" in result.damaged[0].reason


def test_an_endless_every_second_event_is_cut_and_said(tmp_path, sam, now):
    path = _calendar(tmp_path, ("tick", f"{now - dt.timedelta(days=30):%Y%m%dT%H%M%S}", "FREQ=SECONDLY"))
    result = _scan(path, now)
    assert len(result.proposals) == 1
    assert result.damaged[0].reason.startswith(f"more than {mailscan.MAX_OCCURRENCES - 1:,} more occurrences left out")


def test_several_a_day_is_once_a_day(tmp_path, sam, now):
    start = now - dt.timedelta(days=3)
    path = _calendar(tmp_path, ("standup", f"{start:%Y%m%dT090000}", "FREQ=DAILY;BYHOUR=9,13,17;COUNT=6"))
    result = _scan(path, now)
    assert len({p.occurred_at.date() for p in result.proposals}) == len(result.proposals) == 2
    assert result.damaged[0].reason.startswith("4 more occurrences left out: it repeats more than once a day")
