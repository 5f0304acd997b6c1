"""The JSON backup is streamed: the same bytes as one ``json.dump`` of every ``contact_dict``, read in a
number of queries that does not grow with the number of contacts (counted, never timed)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from netui.core import contacts
from netui.core.contacts import ContactInput, Method
from netui.core.dates import iso
from netui.db import db
from netui.db.models import Contact, Give, Interaction, Introduction, IntroNote, OrgHistory, Reminder, ScanSeen
from netui.interop import backup, backup_export, backup_text


def _people(count: int, now: dt.datetime) -> list[int]:
    """``count`` contacts, each with a row of every kind a backup holds; introductions between them."""
    ids = []
    for i in range(count):
        cid = contacts.create(ContactInput(
            name=f"Zoë Person {i:03}" if i % 7 else f"Nobody {i}", organization="Acme" if i % 2 else None,
            emails=[Method("email", f"p{i}@x.org", "work")] if i % 7 else None, tags=["chess", f"t{i % 3}"] if i % 7 else None,
        ), now)
        ids.append(cid)
        if i % 7 == 0:
            continue  # someone with nothing but a name
        OrgHistory.create(contact=cid, organization="Old Co", title="intern", until=now - dt.timedelta(days=400 + i))
        for days in (3, 40, 40):
            Interaction.create(contact=cid, occurred_at=now - dt.timedelta(days=days), kind="call",
                               summary=f"talk {days} «ü»", note="", created_at=now)
        Give.create(contact=cid, direction="to", kind="idea", text=f"book {i}", status="open", created_on=now.date())
        Reminder.create(contact=cid, kind="custom", note="ring", rrule=None, due_at=now + dt.timedelta(days=i),
                        next_due_at=now + dt.timedelta(days=i), created_at=now)
        ScanSeen.create(source=f"<m{i}@mail.example>", contact_id=cid, outcome="accepted", seen_at=now)
    for a, b in zip(ids[1::2], ids[2::2], strict=False):
        intro = Introduction.create(a=a, b=b, reason_a="x", reason_b="y", status="proposed", proposed_on=now.date())
        Reminder.create(contact=a, kind="intro-follow-up", note="", due_at=now, next_due_at=now, introduction=intro,
                        created_at=now)
        Reminder.create(contact=None, kind="intro-follow-up", note="", due_at=now, next_due_at=now, introduction=intro,
                        created_at=now)
    return ids


def _one_at_a_time(now: dt.datetime) -> dict:
    """The backup as it was built before it was streamed: one ``contact_dict`` per contact."""
    def uid(cid):
        return Contact.get_by_id(cid).uid if cid else None

    return {
        "format": backup.FORMAT, "version": backup.VERSION, "exported_at": now.isoformat(sep=" "),
        "contacts": [contacts.contact_dict(c.id) for c in Contact.select().order_by(Contact.id)],
        "introductions": [
            {"id": i.id, "a": uid(i.a_id), "b": uid(i.b_id), "reason_a": i.reason_a, "reason_b": i.reason_b,
             "status": i.status, "outcome": i.outcome, "requested_by": uid(i.requested_by_id),
             "proposed_on": iso(i.proposed_on), "made_on": iso(i.made_on),
             "outcome_on": iso(i.outcome_on), "note": i.note, "kind": i.kind,
             "sides": [{"asked_on": iso(getattr(i, f"{side}_asked_on")), "answer": getattr(i, f"{side}_answer"),
                        "answered_on": iso(getattr(i, f"{side}_answered_on"))} for side in ("a", "b")],
             "history": [{"on": iso(h.noted_on), "note": h.note} for h in i.history.order_by(IntroNote.id)],
             "reminders": [{"kind": r.kind, "note": r.note, "rrule": r.rrule, "due_at": iso(r.due_at),
                            "next_due_at": iso(r.next_due_at), "snoozed_until": iso(r.snoozed_until),
                            "done_at": iso(r.done_at), "contact": uid(r.contact_id)} for r in i.reminders]}
            for i in Introduction.select().order_by(Introduction.id)
        ],
        "scan_seen": [{"source": s.source, "contact": uid(s.contact_id), "outcome": s.outcome, "seen_at": iso(s.seen_at)}
                      for s in ScanSeen.select().order_by(ScanSeen.id)],
    }


def _written(now: dt.datetime) -> tuple[str, int]:
    out = io.StringIO()
    n = backup.write(out, now)
    return out.getvalue(), n


@pytest.mark.parametrize("people", [0, 1, 30])
def test_the_stream_is_the_bytes_of_one_dump(db_path, now, people, monkeypatch):
    monkeypatch.setattr(backup_export, "CHUNK", 8)  # several chunks, and a chunk boundary inside the data
    _people(people, now)
    text, n = _written(now)
    assert n == people
    assert text == json.dumps(_one_at_a_time(now), indent=1, ensure_ascii=False) + "\n"
    assert backup.export(now) == json.loads(text)


def _statements(now: dt.datetime) -> int:
    seen: list[str] = []
    db.connection().set_trace_callback(seen.append)
    try:
        _written(now)
    finally:
        db.connection().set_trace_callback(None)
    return len(seen)


def test_the_backup_reads_as_many_queries_for_100_people_as_for_10(db_path, now):
    _people(10, now)
    few = _statements(now)
    _people(90, now)
    assert Contact.select().count() == 100
    assert _statements(now) == few <= 17  # was about 6 per contact and 2 per introduction (relations, journal: +1 each)


def test_dates_stored_in_another_form_come_out_as_the_orm_reads_them(db_path, now, monkeypatch):
    """The stream reads stored text itself: a time with microseconds, a bare day in a time column, a
    day that does not exist and a gap where a contact was deleted read as they did through the ORM."""
    monkeypatch.setattr(backup_export, "CHUNK", 4)
    ids = _people(9, now)
    contacts.delete(ids[7])  # someone with nothing but a name, inside the second chunk
    stored = ["2026-11-20 09:30:00.250000", "2026-11-19", "2026-02-30 10:00:00"]
    rows = db.execute_sql("SELECT id FROM interaction ORDER BY id LIMIT 3").fetchall()
    for (row_id,), text in zip(rows, stored, strict=True):
        db.execute_sql("UPDATE interaction SET occurred_at = ? WHERE id = ?", [text, row_id])
    db.execute_sql("UPDATE give SET created_on = '2026-11-20 08:00:00' WHERE id = (SELECT min(id) FROM give)")
    db.execute_sql("UPDATE contact SET created_at = '2026-11-20 08:00:00.5' WHERE id = ?", [ids[1]])
    text, n = _written(now)
    assert n == 8
    assert text == json.dumps(_one_at_a_time(now), indent=1, ensure_ascii=False) + "\n"
    assert '"occurred_at": "2026-11-20 09:30:00"' in text and '"occurred_at": "2026-02-30 10:00:00"' in text


@pytest.mark.parametrize("value", [
    {"a": [{"x": 1, "y": "a},\n  {b"}, {"x": None, "y": '"}'}], "b": [{}], "c": [{"q": True}, {"q": False}]},
    {"tags": ["x", 1, None, True, "\n],"], "empty": [[], ["a"], {}], "deep": [{"q": ["t"]}, {"r": {"s": 1}}]},
    {"mixed": [{"k": "v"}, {"k": [1]}, "s"], "text": "ü\u2028\\", "back": [{"z": "\\"}, {"z": "}"}], "n": 1.5},
    [{"a": 1}], ["x"], [], {},
])
def test_the_json_text_is_json_dumps_with_an_indent_of_one(value):
    """Dicts and lists of plain values are written by the C encoder and laid out after: the same text."""
    for indent in ("", "  "):
        assert backup_text.dumps(value, indent) == json.dumps(value, indent=1, ensure_ascii=False).replace(
            "\n", "\n" + indent)
