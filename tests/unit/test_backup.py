"""The JSON backup restores exactly what was exported."""

from __future__ import annotations

import io
import json

from netui.core import contacts, demo
from netui.db import close_database, open_database
from netui.interop import backup


def _export_without_time(now) -> dict:
    data = backup.export(now)
    for c in data["contacts"]:
        c.pop("id")
    return data


def test_round_trip_is_exact(db, db_path, tmp_path, now):
    demo.generate(60, now=now)
    contacts.update(1, contacts.ContactInput(organization="Changed Inc"), now)  # some org history too
    original = _export_without_time(now)
    assert original["format"] == "netui-backup" and original["version"] == 1
    text = io.StringIO()
    backup.write(text, now)
    close_database()
    open_database(tmp_path / "restored.db")
    stats = backup.restore(json.loads(text.getvalue()), now)
    assert stats == {"new": 60, "updated": 0, "unchanged": 0}
    assert _export_without_time(now) == original
    # importing it again changes nothing, merged or replaced
    assert backup.restore(json.loads(text.getvalue()), now) == {"new": 0, "updated": 0, "unchanged": 60}
    assert _export_without_time(now) == original
    assert backup.restore(json.loads(text.getvalue()), now, replace=True) == {"new": 0, "replaced": 60}
    assert _export_without_time(now) == original


def test_not_a_backup_is_refused(db, now):
    import pytest

    with pytest.raises(backup.BackupError, match="not a netui backup"):
        backup.restore({"contacts": []}, now)
    with pytest.raises(backup.BackupError, match="version"):
        backup.restore({"format": "netui-backup", "version": 99}, now)


def test_restoring_beside_other_leads_never_merges_them(db, now):
    from netui.core import gives
    from netui.core.contacts import ContactInput
    from netui.db.models import Give

    a = contacts.create(ContactInput(name="Ada"), now)
    b = contacts.create(ContactInput(name="Bob"), now)
    lead = gives.add_lead([a, b], "head of HR role", now)
    data = backup.export(now)
    data["contacts"] = [c for c in data["contacts"] if c["name"] == "Bob"]
    data["contacts"][0]["uid"] = "someone-else"  # a different person with a lead of the same number
    contacts.delete(b)
    backup.restore(data, now)
    numbers = {g.contact.name: g.lead for g in Give.select()}
    assert numbers["Ada"] == lead and numbers["Bob"] != lead


def test_an_introduction_to_someone_missing_is_skipped_not_a_crash(db, now):
    data = {
        "format": "netui-backup", "version": 1, "contacts": [],
        "introductions": [{"a": "nobody", "b": "nobody-else", "proposed_on": "2026-01-01", "reminders": []}],
    }
    assert backup.restore(data, now) == {"new": 0, "updated": 0, "unchanged": 0, "skipped_introductions": 1}
