"""A small mailbox and calendar for the Scan screen's tests and snapshots.

Known contacts: Ada (two emails, one coffee), Sam (an email and a weekly video call) and Zoe, met
yesterday (one email). Zed is a stranger written to three times; a mailing list and one damaged
message are left out. Times are UTC; the tests pin the time zone so the screen shows them as written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from netui.core import contacts
from netui.core.contacts import ContactInput, Method
from tests.scan_files import _mail, at

MBOX = [
    _mail("s1@home.net", "Me <me@home.net>", "Ada Obi <ada@example.com>", "Lunch next week?", at(10)),
    _mail("s2@example.com", "Ada Obi <ada@example.com>", "me@home.net", "Re: Lunch next week?", at(11)),
    _mail("s3@lists", "Ada Obi <ada@example.com>", "team@lists.example.com", "[team] minutes", at(12),
          "List-Id: <team.lists.example.com>"),
    b"garbage that is no header at all\n\nmore garbage\n",
    _mail("s5@home.net", "me@home.net", "Zed Stranger <zed@else.where>", "Hello Zed", at(13)),
    _mail("s6@home.net", "me@home.net", "zed@else.where", "Hello again Zed", at(14)),
    _mail("s7@home.net", "Zed Stranger <zed@else.where>", "me@home.net", "Re: Hello again", at(15)),
    _mail("s8@example.org", "Sam Okafor <sam@example.org>", "me@home.net", "Q4 plan", at(16)),
    _mail("s9@home.net", "me@home.net", "Zoe Park <zoe@example.net>", "Good to meet you", at(20, 18)),
]

ICS = "\r\n".join([
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//scan screen//EN",
    "BEGIN:VEVENT", "UID:coffee-ada", "DTSTART:20261112T080000Z", "SUMMARY:Coffee", "LOCATION:Café Nero",
    "ORGANIZER:mailto:me@home.net", "ATTENDEE;CN=Ada Obi:mailto:ada@example.com", "END:VEVENT",
    "BEGIN:VEVENT", "UID:weekly-sam", "DTSTART:20261102T150000Z", "RRULE:FREQ=WEEKLY;COUNT=2",
    "SUMMARY:Weekly sync", "DESCRIPTION:Join https://meet.google.com/abc-defg-hij",
    "ATTENDEE:mailto:sam@example.org", "END:VEVENT",
    "END:VCALENDAR", "",
])


def people(now: dt.datetime) -> dict[str, int]:
    return {
        "ada": contacts.create(ContactInput(name="Ada Obi", emails=[Method("email", "ada@example.com")]), now),
        "sam": contacts.create(ContactInput(name="Sam Okafor", emails=[Method("email", "sam@example.org")]), now),
        "zoe": contacts.create(ContactInput(name="Zoe Park", met_on=(now - dt.timedelta(days=1)).date(),
                                            emails=[Method("email", "zoe@example.net")]), now),
    }


def write(folder: Path) -> list[Path]:
    """The mbox (``Inbox``) and the calendar (``calendar.ics``) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    mbox = folder / "Inbox"
    with mbox.open("wb") as fp:
        for i, raw in enumerate(MBOX):
            fp.write(f"From sender@example.com Mon Nov {i + 1:2d} 09:00:00 2026\n".encode())
            fp.write(raw.replace(b"\nFrom ", b"\n>From ") + b"\n")
    ics = folder / "calendar.ics"
    ics.write_text(ICS, encoding="utf-8")
    return [mbox, ics]
