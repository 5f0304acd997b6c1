"""`netui org NAME`: everyone at one organisation, past and present, with strength and last contact."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from netui.cli import main
from netui.core import contacts, interactions, orgs
from netui.core.contacts import ContactInput


@pytest.fixture
def quartz(db_path, now, monkeypatch):
    monkeypatch.setattr("netui.cli.people.open_db", lambda args: None)  # the test's open database
    ada = contacts.create(ContactInput(name="Ada Obi", organization="Quartz Labs", title="CTO"), now)
    bob = contacts.create(ContactInput(name="Bob Lee", organization="Quartz", title="Engineer"), now)
    cal = contacts.create(ContactInput(name="Cal Moss", organization="Acme"), now)
    contacts.create(ContactInput(name="Dee Park", organization="Quartzite Mining"), now)
    interactions.log(ada, "call", now - dt.timedelta(days=3), now)
    contacts.update(bob, ContactInput(name="Bob Lee", organization="Acme", title="Lead"), now)  # Bob left Quartz
    return ada, bob, cal


def test_org_lists_present_then_past_with_strength_and_last_contact(quartz, capsys):
    ada, bob, cal = quartz
    assert main(["org", "quartz", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["name"], r["current"]) for r in rows] == [("Ada Obi", True), ("Dee Park", True), ("Bob Lee", False)]
    assert rows[0]["last_contact_at"] == "2026-11-18T10:00" and rows[0]["title"] == "CTO"
    assert rows[2]["organization"] == "Quartz" and rows[2]["title"] == "Engineer" and rows[2]["until"]
    assert {"strength", "tier"} <= rows[0].keys()

    assert main(["org", "Quartz Labs"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and "Ada Obi" in out[0] and "now" in out[0] and "last 18 Nov 2026" in out[0]
    assert all(len(line) <= 100 for line in out)

    assert main(["org", "acme"]) == 0
    assert [line.split()[1] for line in capsys.readouterr().out.splitlines()] == ["Bob", "Cal"]


def test_org_with_nobody_says_so(quartz, capsys):
    assert main(["org", "Initech"]) == 0
    assert "nobody at 'Initech'" in capsys.readouterr().out
    assert orgs.members("   ") == []
