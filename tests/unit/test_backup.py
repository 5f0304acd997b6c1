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
    assert stats == {"new": 60, "replaced": 0}
    assert _export_without_time(now) == original
    # importing it again changes nothing
    assert backup.restore(json.loads(text.getvalue()), now) == {"new": 0, "replaced": 60}
    assert _export_without_time(now) == original


def test_not_a_backup_is_refused(db, now):
    import pytest

    with pytest.raises(backup.BackupError, match="not a netui backup"):
        backup.restore({"contacts": []}, now)
    with pytest.raises(backup.BackupError, match="version"):
        backup.restore({"format": "netui-backup", "version": 99}, now)
