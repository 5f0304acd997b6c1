"""The JSON backup carries what scans already offered and the never-list, so a restored database proposes nothing twice."""

from __future__ import annotations

import io
import json

import pytest
from peewee import JOIN

from netui.core import scan
from netui.db import close_database, open_database
from netui.db.models import Contact, ScanSeen
from netui.interop import backup
from tests.scan_files import write_all
from tests.unit.test_scan import people, run  # noqa: F401 - people is a fixture


def seen_rows() -> set[tuple]:
    query = ScanSeen.select(ScanSeen.source, Contact.uid, ScanSeen.outcome).join(
        Contact, JOIN.LEFT_OUTER, on=(ScanSeen.contact_id == Contact.id)).tuples()
    return set(query)


def test_scan_seen_and_the_never_list_survive_a_backup_and_restore(tmp_path, people, now):  # noqa: F811
    paths = write_all(tmp_path / "files")
    first = run(paths, now)
    ada = [p for p in first.proposals if p.contact_id == people["ada"]]
    scan.accept(ada[:2], now)
    scan.skip(ada[2:], now)
    scan.never(["sam@example.org"], now)
    before = seen_rows()
    assert ("sam@example.org", None, "never") in before and len(before) == len(ada) + 1
    text = io.StringIO()
    backup.write(text, now)
    data = json.loads(text.getvalue())
    assert {"source": "sam@example.org", "contact": None, "outcome": "never", "seen_at": "2026-11-21 10:00:00"} \
        in data["scan_seen"]

    close_database()
    open_database(tmp_path / "restored.db")
    backup.restore(json.loads(text.getvalue()), now)
    assert seen_rows() == before
    assert run(paths, now).proposals == []  # Ada's seen, Sam's address never
    backup.restore(json.loads(text.getvalue()), now)  # again: nothing doubled
    assert ScanSeen.select().count() == len(before)


def test_a_backup_without_scan_seen_still_restores_and_a_bad_row_is_named(db, now):
    assert backup.restore({"format": "netui-backup", "version": 1, "contacts": []}, now) == \
        {"new": 0, "updated": 0, "unchanged": 0}
    bad = {"format": "netui-backup", "version": 1, "contacts": [],
           "scan_seen": [{"source": "<m1@x>", "contact": None, "outcome": "accepted", "seen_at": "2026-11-01 10:00"}]}
    with pytest.raises(backup.BackupError, match="scan_seen 1, field 'contact'"):
        backup.restore(bad, now)
    bad["scan_seen"][0].update(outcome="maybe")
    with pytest.raises(backup.BackupError, match="scan_seen 1, field 'outcome': must be one of accepted, skipped, never"):
        backup.restore(bad, now)
