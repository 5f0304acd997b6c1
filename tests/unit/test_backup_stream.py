"""The JSON backup is streamed: the same bytes as one ``json.dump`` of every ``contact_dict``, read in a
number of queries that does not grow with the number of contacts (counted, never timed)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json

import pytest

from netui.core import contacts
from netui.core.contacts import ContactInput, Method
from netui.core.dates import iso
from netui.db import db
from netui.db.models import (
    Contact,
    Give,
    Interaction,
    Introduction,
    IntroNote,
    OrgHistory,
    Photo,
    Reminder,
    ScanSeen,
)
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

    def with_photo(item: dict) -> dict:
        if item["photo"] is not None:  # the backup holds the bytes themselves
            data = Photo.get(Photo.contact == item["id"]).data
            item["photo"]["base64"] = base64.b64encode(bytes(data)).decode("ascii") if data else ""
        return item

    return {
        "format": backup.FORMAT, "version": backup.VERSION, "exported_at": now.isoformat(sep=" "),
        "contacts": [with_photo(contacts.contact_dict(c.id)) for c in Contact.select().order_by(Contact.id)],
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
    # Was about 6 per contact and 2 per introduction (relations, journal: +1 each; the memory map: +3 PRAGMAs).
    assert _statements(now) == few <= 20


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


def _varied(now: dt.datetime) -> list[int]:
    """People with every kind of value a contact holds: card data and a photo, birthdays with and
    without a year, a day met, archived, relations, a journal, text that JSON escapes or a template
    could mistake for its own (quotes, braces, percent signs, control characters, other scripts)."""
    from netui.core import cards, journal, relations
    from netui.core.dates import Birthday

    odd = 'She said "hi" {0} {name} %s %% \\ back\tslash ☃ 𝄞 \u2028'
    ids = []
    for i in range(6):
        card = cards.CardData(
            addresses=[cards.Address("home", f"{i} High St", "London", "", "N1", "UK", i % 2 == 0)],
            dates=[cards.CardDate("anniversary", "--06-20")], profiles=[cards.Profile("github", f"p{i}")],
            photo=cards.PhotoData("image/png", bytes([137, 80, 78, 71, i])) if i % 2 else None,
        ) if i % 3 else None
        ids.append(contacts.create(ContactInput(
            name=f"{odd} {i}", given_name="Ünal" if i % 2 else "", note=odd * (i % 2), reason="{}",
            birthday=Birthday(4, 15, 1990 if i % 2 else None) if i % 4 else None,
            met_on=(now - dt.timedelta(days=30 * i)).date() if i % 3 else None, archived=i == 5,
            emails=[Method("email", f"x{i}@y.org", "work", preferred=True), Method("email", f"z{i}@y.org", "%s")],
            phones=[Method("phone", f"+44 20 7946 000{i}", "cell")], urls=[Method("url", "https://e.x/{i}", "")],
            tags=["Chess", "{x}", "%d"], card=card, circle="inner" if i % 2 else None, cadence_days=10 + i if i % 2 else None,
        ), now))
        Interaction.create(contact=ids[-1], occurred_at=now - dt.timedelta(days=i), kind="call", summary=odd,
                           note="{0}", created_at=now, share=f"s{i}" if i % 2 else None)
        journal.add(ids[-1], f"learnt {odd}", now, on=(now - dt.timedelta(days=i)).date())
        OrgHistory.create(contact=ids[-1], organization="Acme %", title="{title}", until=now - dt.timedelta(days=99))
    relations.add(ids[0], ids[1], "colleague", now, label="{same} team")
    relations.add(ids[2], ids[0], "family", now)
    return ids


def test_a_varied_network_is_written_the_quick_way_with_the_bytes_of_one_dump(db_path, now, monkeypatch):
    """Every part of every chunk is laid out from its rows (none goes the ORM's way), to the same bytes."""
    monkeypatch.setattr(backup_export, "CHUNK", 4)
    _varied(now)
    _people(9, now)
    slow: list[str] = []
    monkeypatch.setattr(backup_export, "chunk_items", lambda chunk: slow.append("contacts") or [])
    original = backup_export.section_dicts
    monkeypatch.setattr(backup_export, "section_dicts",
                        lambda section, chunk: (slow.append(section.key), original(section, chunk))[1])
    text, n = _written(now)
    assert n == 15
    assert slow == ["relations"] * 4  # relations are not one query's rows: always as dicts
    assert text == json.dumps(_one_at_a_time(now), indent=1, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("damage", [
    "UPDATE interaction SET note = x'6869' WHERE id = (SELECT max(id) FROM interaction)",  # bytes in a text column
    "UPDATE interaction SET occurred_at = '٢٠٢٦-11-20 09:30:00' WHERE id = (SELECT min(id) FROM interaction)",
    "UPDATE give SET done_on = 20261120 WHERE id = (SELECT min(id) FROM give)",  # a number in a date column
    "UPDATE contact SET updated_at = '2026-11-20T08:00:00' WHERE id = (SELECT max(id) FROM contact)",
    "UPDATE contact SET met_on = '2026-11-20 08:00:00' WHERE id = (SELECT min(id) FROM contact)",
    "UPDATE contact SET cadence_days = 'often' WHERE id = (SELECT min(id) FROM contact)",
    "UPDATE contact_method SET preferred = 7 WHERE id = (SELECT min(id) FROM contact_method)",
])
def test_values_stored_in_another_form_are_written_as_the_dicts_have_them(db_path, now, monkeypatch, damage):
    """A value that is not as netui stores it sends its part of the chunk the way of the dicts
    (``export``): the same bytes as a dump of those (or the same error, for a value it cannot write)."""
    monkeypatch.setattr(backup_export, "CHUNK", 4)
    _varied(now)
    _people(9, now)
    db.execute_sql(damage)
    try:
        expected = json.dumps(backup.export(now), indent=1, ensure_ascii=False) + "\n"
    except (TypeError, ValueError, AttributeError) as exc:  # what the dicts' way cannot write, nor can the writer
        with pytest.raises(type(exc)):
            _written(now)
        return
    assert _written(now)[0] == expected
