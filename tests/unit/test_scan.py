"""Scanning mail and calendar files: exactly the expected proposals, nothing twice, no body stored."""

from __future__ import annotations

import datetime as dt
import sqlite3
from itertools import chain

import pytest

from netui.core import contacts, scan, settings
from netui.core.contacts import ContactInput, Method
from netui.db.models import Interaction, Reminder, ScanSeen
from netui.interop import mailscan
from tests.scan_files import BODY_MARK, EXPECTED, at, local, write_all


@pytest.fixture
def people(db, now):
    ada = contacts.create(ContactInput(name="Ada Obi", emails=[Method("email", "Ada@Example.com")]), now)
    sam = contacts.create(ContactInput(name="Sam Okafor", emails=[Method("email", "sam@example.org")]), now)
    return {"ada": ada, "sam": sam}


def run(paths, now, **kw) -> scan.ScanResult:
    return scan.propose(chain.from_iterable(mailscan.read(p, now) for p in paths), now, **kw)


def shape(result: scan.ScanResult) -> set[tuple]:
    return {(p.name, p.kind, p.occurred_at, p.summary) for p in result.proposals}


def test_the_files_scan_to_exactly_the_expected_interactions(tmp_path, people, now):
    result = run(write_all(tmp_path / "files"), now)
    assert shape(result) == EXPECTED
    assert len(result.proposals) == len(EXPECTED)  # the message in both mbox and Maildir is one proposal
    assert result.me == ("me@home.net",)  # learnt: the most frequent sender
    assert [(n.name, n.address, n.count) for n in result.new_people] == [("Zed Stranger", "zed@else.where", 3)]
    assert result.left_out == 4  # list, no-reply, bulk, auto-reply
    reasons = {d.where.rsplit("/", 1)[-1]: d.reason for d in result.damaged}
    assert reasons == {"Inbox: message 7": "no From or Date header", "calendar.ics: event 4": reasons["calendar.ics: event 4"]}
    assert "not-a-date" in reasons["calendar.ics: event 4"]
    ids = {p.name: p.contact_id for p in result.proposals}
    assert ids == {"Ada Obi": people["ada"], "Sam Okafor": people["sam"]}
    assert ScanSeen.select().count() == 0 and Interaction.select().count() == 0  # proposing writes nothing


def test_accepting_logs_them_and_a_second_scan_proposes_nothing(tmp_path, people, now, db_path):
    paths = write_all(tmp_path / "files")
    first = run(paths, now)
    assert len(scan.accept(first.proposals, now)) == len(EXPECTED)
    logged = {(r.contact.name, r.kind, r.occurred_at, r.summary) for r in Interaction.select()}
    assert logged == EXPECTED
    again = run(paths, now)
    assert again.proposals == [] and again.already_seen == len(EXPECTED) + 1  # m2 is in two files
    # No body text anywhere in the database file.
    conn = sqlite3.connect(db_path)
    dump = "\n".join(conn.iterdump())
    conn.close()
    assert BODY_MARK not in dump and "looks like a header" not in dump


def test_skipped_proposals_are_not_offered_again(tmp_path, people, now):
    paths = write_all(tmp_path / "files")
    first = run(paths, now)
    sams = [p for p in first.proposals if p.contact_id == people["sam"]]
    scan.skip(sams, now)
    assert Interaction.select().count() == 0
    assert {p.contact_id for p in run(paths, now).proposals} == {people["ada"]}


def test_your_own_addresses_from_the_config_are_never_a_contact(tmp_path, people, now):
    result = run(write_all(tmp_path / "files"), now, me=["ADA@example.com"])
    assert result.me == ("ada@example.com",)
    assert {p.name for p in result.proposals} == {"Sam Okafor"}


def test_since_leaves_out_what_came_before(tmp_path, people, now):
    result = run(write_all(tmp_path / "files"), now, since=dt.date(2026, 11, 16))
    assert shape(result) == {e for e in EXPECTED if e[2].date() >= dt.date(2026, 11, 16)}


def test_repeating_events_stop_at_today_and_skip_exdates(tmp_path, now):
    paths = write_all(tmp_path / "files")
    events = [i for i in mailscan.read(paths[3], now) if isinstance(i, scan.Event) and i.key.startswith("weekly-1")]
    assert [local(e.start) for e in events] == [local(at(2, 15)), local(at(16, 15))]
    assert len({e.key for e in events}) == 2 and all(e.video for e in events)


def test_a_link_as_location_is_video_and_a_place_is_in_person():
    base = dict(key="k", start=dt.datetime(2026, 1, 1), summary="s", addresses=())
    assert scan.event_kind(scan.Event(**base, location="Room 4")) == "in-person"
    assert scan.event_kind(scan.Event(**base, video=True)) == "video"
    assert scan.event_kind(scan.Event(**base)) == "call"


def test_a_file_that_is_neither_mail_nor_calendar_is_refused(tmp_path, now):
    junk = tmp_path / "notes.txt"
    junk.write_text("just some notes\nnothing else\n")
    with pytest.raises(mailscan.ScanError, match="notes.txt: neither a mailbox"):
        list(mailscan.read(junk, now))
    with pytest.raises(mailscan.ScanError, match="no such file"):
        list(mailscan.read(tmp_path / "missing.mbox", now))


def test_headers_only_the_body_is_never_read(tmp_path, now):
    paths = write_all(tmp_path / "files")
    for item in chain.from_iterable(mailscan.read(p, now) for p in paths[:3]):
        assert BODY_MARK not in repr(item)


def test_scan_me_is_read_from_the_config(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[scan]\nme = ["me@home.net", "work@corp.example"]\n', encoding="utf-8")
    assert settings.load(config).scan_me == ("me@home.net", "work@corp.example")
    assert settings.Settings().scan_me == ()


def test_calendar_quirks_declined_attendees_link_locations_and_mixed_until(tmp_path, people, now):
    ics = tmp_path / "quirks.ics"
    ics.write_text("\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0",
        "BEGIN:VEVENT", "UID:declined-1", "DTSTART:20261104T100000Z", "LOCATION:Pub", "SUMMARY:Drinks",
        "ATTENDEE;PARTSTAT=DECLINED:mailto:ada@example.com", "ATTENDEE:mailto:sam@example.org", "END:VEVENT",
        "BEGIN:VEVENT", "UID:link-1", "DTSTART:20261106T100000Z", "SUMMARY:Catch-up",
        "LOCATION:https://meet.google.com/abc-defg-hij", "ATTENDEE:mailto:ada@example.com", "END:VEVENT",
        "BEGIN:VEVENT", "UID:floating-1", "DTSTART:20261101T090000", "RRULE:FREQ=WEEKLY;UNTIL=20261109T000000Z",
        "SUMMARY:Floating weekly", "ATTENDEE:mailto:sam@example.org", "END:VEVENT",
        "BEGIN:VEVENT", "UID:aware-1", "DTSTART;TZID=Europe/Berlin:20261101T090000",
        "RRULE:FREQ=WEEKLY;UNTIL=20261108", "SUMMARY:Berlin weekly", "ATTENDEE:mailto:sam@example.org",
        "END:VEVENT",
        "END:VCALENDAR", ""]), encoding="utf-8")
    result = run([ics], now, me=["me@home.net"])
    assert result.damaged == []
    got = sorted((p.name, p.kind, p.summary, p.source) for p in result.proposals)
    assert got == [
        ("Ada Obi", "video", "Catch-up", "link-1"),
        ("Sam Okafor", "call", "Berlin weekly", "aware-1#20261101T080000Z"),
        ("Sam Okafor", "call", "Berlin weekly", "aware-1#20261108T080000Z"),
        ("Sam Okafor", "call", "Floating weekly", "floating-1#20261101T090000"),
        ("Sam Okafor", "call", "Floating weekly", "floating-1#20261108T090000"),
        ("Sam Okafor", "in-person", "Drinks", "declined-1"),
    ]


def test_encoded_words_and_raw_utf8_headers_are_decoded(tmp_path, now):
    folder = tmp_path / "eml"
    folder.mkdir()
    (folder / "a.eml").write_bytes(
        b"From: =?utf-8?q?Jos=C3=A9_Mart=C3=ADn?= <jose@example.com>\n"
        b"To: \"Obi, Ada\" <ada@example.com>\n"
        b"Subject: =?utf-8?b?Q2Fmw6kgb24gVHVlc2RheT8=?=\n"
        b"Date: Tue, 10 Nov 2026 09:00:00 +0000\nMessage-ID: <enc@x>\n\nbody\n")
    (folder / "b.eml").write_bytes(
        "From: Zoë <zoe@example.com>\nTo: ada@example.com\nSubject: Grüße\n"
        "Date: Tue, 10 Nov 2026 10:00:00 +0000\n\nbody\n".encode())
    a, b = mailscan.read(folder, now)
    assert (a.sender, a.to, a.subject) == (("José Martín", "jose@example.com"), (("Obi, Ada", "ada@example.com"),),
                                           "Café on Tuesday?")
    assert b.subject == "Grüße" and b.sender[1] == "zoe@example.com" and b.key.startswith("<no-id-")


def test_one_message_from_a_contact_is_proposed_you_are_the_other_address(tmp_path, people, now):
    """A most-frequent-sender guess would take Ada for the user here and hide her message."""
    eml = tmp_path / "one.eml"
    eml.write_bytes(b"From: Ada Obi <ada@example.com>\nTo: me@home.net\nSubject: Great to meet you\n"
                    b"Date: Fri, 20 Nov 2026 18:00:00 +0000\nMessage-ID: <one@x>\n\nhi\n")
    result = run([eml], now)
    assert result.me == ("me@home.net",) and result.learnt_me
    assert [(p.name, p.summary) for p in result.proposals] == [("Ada Obi", "Great to meet you")]


def test_accepted_proposals_go_through_the_one_logging_path_in_batches(tmp_path, people, now, monkeypatch):
    calls = []
    real = scan.interactions.log
    monkeypatch.setattr(scan.interactions, "log", lambda *a, **kw: calls.append(a) or real(*a, **kw))
    monkeypatch.setattr(scan, "BATCH", 4)
    proposals = run(write_all(tmp_path / "files"), now).proposals
    assert len(scan.accept(proposals, now)) == len(EXPECTED)
    assert len(calls) == len(EXPECTED)
    assert ScanSeen.select().where(ScanSeen.outcome == "accepted").count() == len(EXPECTED)


def test_an_empty_mailbox_file_is_read_as_no_messages(tmp_path, now):
    empty = tmp_path / "Trash"
    empty.write_bytes(b"")
    assert list(mailscan.read(empty, now)) == []


def test_accepting_an_email_from_someone_met_yesterday_closes_their_48h_follow_up(tmp_path, db, now):
    zoe = contacts.create(ContactInput(name="Zoe Park", met_on=(now - dt.timedelta(days=1)).date(),
                                       emails=[Method("email", "zoe@example.net")]), now)
    follow_up = Reminder.get((Reminder.contact == zoe) & (Reminder.kind == "follow-up"))
    assert follow_up.next_due_at is not None
    eml = tmp_path / "thanks.eml"
    eml.write_bytes(b"From: me@home.net\nTo: Zoe Park <zoe@example.net>\nSubject: Good to meet you\n"
                    b"Date: Fri, 20 Nov 2026 18:00:00 +0000\nMessage-ID: <thanks@x>\n\nhi\n")
    result = run([eml], now, me=["me@home.net"])
    [logged] = scan.accept(result.proposals, now)
    assert [c.kind for c in logged.closed] == ["follow-up"]
    assert Reminder.get_by_id(follow_up.id).next_due_at is None
