"""A mailbox and a calendar of our own making, for the scan tests (mbox, Maildir, .eml folder and .ics).

Known contacts: Ada (ada@example.com) and Sam (sam@example.org); the user is me@home.net; Zed is a
stranger written to three times; a mailing list, a no-reply sender, a bulk sender and one damaged
message are left out. Every body holds BODY_MARK, which must never reach the database.
"""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime
from pathlib import Path

BODY_MARK = "SECRET-BODY-TEXT"
UTC = dt.UTC


def _mail(msg_id: str | None, sender: str, to: str, subject: str, when: dt.datetime, *extra: str, cc: str = "") -> bytes:
    lines = [f"From: {sender}", f"To: {to}"]
    if cc:
        lines.append(f"Cc: {cc}")
    lines += [f"Subject: {subject}", f"Date: {format_datetime(when)}"]
    if msg_id:
        lines.append(f"Message-ID: <{msg_id}>")
    lines += list(extra)
    return ("\n".join(lines) + f"\n\nHello,\n{BODY_MARK}\nFrom the body: a line that looks like a header\n").encode()


def at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, 0, tzinfo=UTC)


MBOX_MESSAGES = [
    _mail("m1@home.net", "Me <me@home.net>", "Ada Obi <ada@example.com>", "Lunch next week?", at(10),
          cc="Zed Stranger <zed@else.where>"),
    _mail("m2@example.com", "Ada Obi <ada@example.com>", "me@home.net", "Re: Lunch next week?", at(11)),
    _mail("m3@lists", "Ada Obi <ada@example.com>", "team@lists.example.com", "[team] minutes", at(12),
          "List-Id: <team.lists.example.com>"),
    _mail("m4@service", "Service <no-reply@service.com>", "me@home.net, sam@example.org", "Your receipt", at(12)),
    _mail("m5@shop", "Shop <news@shop.com>", "sam@example.org", "Sale!", at(13), "Precedence: bulk"),
    _mail("m6@auto", "Sam <sam@example.org>", "me@home.net", "Out of office", at(13), "Auto-Submitted: auto-replied"),
    b"garbage that is no header at all\n\nmore garbage\n",
    _mail("m8@home.net", "me@home.net", "zed@else.where", "Hello Zed", at(14)),
    _mail("m9@home.net", "me@home.net", "zed@else.where", "Hello again Zed", at(15)),
    _mail("m10@home.net", "me@home.net", "Sam <sam@example.org>", "Q4 \x1b[31mplan", at(16)),
]

# One message also in the mbox (the same Message-ID) and one new.
MAILDIR_MESSAGES = [
    _mail("m2@example.com", "Ada Obi <ada@example.com>", "me@home.net", "Re: Lunch next week?", at(11)),
    _mail("d1@example.org", "Sam <sam@example.org>", "me@home.net", "Intro call notes", at(17)),
]

EML_MESSAGES = [_mail(None, "Sam <sam@example.org>", "me@home.net", "No id here", at(18))]

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//scan//EN
BEGIN:VEVENT
UID:coffee-1
DTSTART:20261112T080000Z
DTEND:20261112T090000Z
SUMMARY:Coffee
LOCATION:Café Nero\\, High Street
ORGANIZER;CN=Me:mailto:me@home.net
ATTENDEE;CN="Obi, Ada";PARTSTAT=ACCEPTED:mailto:ada@example.com
BEGIN:VALARM
ACTION:DISPLAY
TRIGGER:-PT10M
END:VALARM
END:VEVENT
BEGIN:VEVENT
UID:weekly-1
DTSTART:20261102T150000Z
DTEND:20261102T153000Z
RRULE:FREQ=WEEKLY;COUNT=10
EXDATE:20261109T150000Z
SUMMARY:Weekly sync
DESCRIPTION:Join: https://us02web.zoom.us/j/123456
ATTENDEE:mailto:sam@example.org
ORGANIZER:mailto:me@home.net
END:VEVENT
BEGIN:VEVENT
UID:phone-1
DTSTART:20261105T170000
SUMMARY:Phone chat
ATTENDEE:mailto:ADA@example.com
END:VEVENT
BEGIN:VEVENT
UID:broken-1
DTSTART:not-a-date
SUMMARY:Broken
ATTENDEE:mailto:ada@example.com
END:VEVENT
BEGIN:VEVENT
UID:stranger-1
DTSTART:20261103T100000Z
LOCATION:Somewhere
SUMMARY:Meeting a stranger
ATTENDEE:mailto:zed@else.where
END:VEVENT
BEGIN:VEVENT
UID:future-1
DTSTART:20261201T100000Z
LOCATION:Office
SUMMARY:Not yet
ATTENDEE:mailto:ada@example.com
END:VEVENT
END:VCALENDAR
"""


def local(when: dt.datetime) -> dt.datetime:
    return when.astimezone().replace(tzinfo=None) if when.tzinfo else when


# (name, kind, occurred_at, summary) of every proposal the files above give, ada and sam being contacts.
EXPECTED = {
    ("Ada Obi", "email", local(at(10)), "Lunch next week?"),
    ("Ada Obi", "email", local(at(11)), "Re: Lunch next week?"),
    ("Sam Okafor", "email", local(at(16)), "Q4 plan"),
    ("Sam Okafor", "email", local(at(17)), "Intro call notes"),
    ("Sam Okafor", "email", local(at(18)), "No id here"),
    ("Ada Obi", "in-person", local(at(12, 8)), "Coffee"),
    ("Sam Okafor", "video", local(at(2, 15)), "Weekly sync"),
    ("Sam Okafor", "video", local(at(16, 15)), "Weekly sync"),
    ("Ada Obi", "call", dt.datetime(2026, 11, 5, 17, 0), "Phone chat"),
}


def write_all(folder: Path) -> list[Path]:
    """The mbox, the Maildir, the .eml folder and the calendar, in ``folder``; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    mbox = folder / "Inbox"
    with mbox.open("wb") as fp:
        for i, raw in enumerate(MBOX_MESSAGES):
            fp.write(f"From sender@example.com Mon Nov {i + 1:2d} 09:00:00 2026\n".encode())
            fp.write(raw.replace(b"\nFrom ", b"\n>From ") + b"\n")
    maildir = folder / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    for i, raw in enumerate(MAILDIR_MESSAGES):
        (maildir / "cur" / f"17000000{i}.M1P1.host:2,S").write_bytes(raw)
    eml = folder / "eml"
    eml.mkdir()
    for i, raw in enumerate(EML_MESSAGES):
        (eml / f"{i}.eml").write_bytes(raw)
    ics = folder / "calendar.ics"
    ics.write_text(ICS.replace("\n", "\r\n"), encoding="utf-8")
    return [mbox, maildir, eml, ics]
