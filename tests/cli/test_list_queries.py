"""`netui list --json` reads a bounded number of rows: the same JSON as one contact_dict per row,
in three queries per few thousand contacts instead of three per contact (counted, never timed)."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from netui.cli.contacts import cmd_list, cmd_show
from netui.core import contacts, interactions, introductions, strength
from netui.core.contacts import ContactInput, Method
from netui.db import db
from netui.db.models import Contact


def test_list_json_is_the_same_in_a_bounded_number_of_queries(db_path, now, capsys, monkeypatch):
    for i in range(120):
        contacts.create(ContactInput(name=f"Person {i:03}", organization="Acme", tags=[f"t{i % 3}", "all"],
                                     emails=[Method("email", f"p{i}@x.org", "work"), Method("email", f"q{i}@y.org")],
                                     phones=[Method("phone", f"+44 20 7946 {i:04}")] if i % 2 else None), now)
    contacts.create(ContactInput(name="Nobody Much"), now)
    args = argparse.Namespace(db=str(db_path), search="", saved=None, archived=False, sort="name", limit=0, json=True)
    monkeypatch.setattr("netui.cli.contacts.open_db", lambda args: None)  # the test's connection, traced
    seen: list[str] = []
    db.connection().set_trace_callback(seen.append)
    try:
        cmd_list(args)
    finally:
        db.connection().set_trace_callback(None)
    listing = json.loads(capsys.readouterr().out)
    assert len(listing) == 121
    assert 0 < len(seen) <= 10, seen  # was 3 per row: 363
    for row in listing:
        cached = Contact.get_by_id(row["id"])  # the cached score, its level and its direction; relations (none here)
        assert row == contacts.contact_dict(row["id"], full=False) | {
            "strength": cached.strength, "tier": cached.strength_tier,
            "trend": strength.trend_for(cached.strength, cached.strength_prev), "relations": []}
    assert [r["name"] for r in listing][:2] == ["Nobody Much", "Person 000"]


def _show_statements(cid: int, as_json: bool, capsys) -> int:
    args = argparse.Namespace(db=None, who=str(cid), json=as_json)
    seen: list[str] = []
    db.connection().set_trace_callback(seen.append)
    try:
        cmd_show(args)
    finally:
        db.connection().set_trace_callback(None)
    capsys.readouterr()
    return len(seen)


def test_show_reads_as_many_queries_for_many_rows_as_for_a_few(db_path, now, capsys, monkeypatch):
    """`netui show` of someone with many interactions, introductions and reminders reads no more
    queries than of someone with a few (it read one more per introduction)."""
    monkeypatch.setattr("netui.cli.contacts.open_db", lambda args: None)  # the test's connection, traced

    def person(n: int) -> int:
        cid = contacts.create(ContactInput(name=f"Hub {n}", emails=[Method("email", f"hub{n}@x.org")], tags=["t"]), now)
        for i in range(n):
            other = contacts.create(ContactInput(name=f"Other {n}-{i}"), now)
            interactions.log(cid, "call", now - dt.timedelta(days=i + 1), now, summary=f"talk {i}")
            introductions.propose(cid, other, "a shared interest in chess openings", "a shared interest in chess openings", now)
        return cid

    few, many = person(2), person(12)
    for as_json in (False, True):
        assert _show_statements(many, as_json, capsys) == _show_statements(few, as_json, capsys)
