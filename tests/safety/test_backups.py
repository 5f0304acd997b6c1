"""Rolling backups: taken with the backup API, named by time and kind, thinned, restored safely."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3

import pytest

from netui.core import contacts
from netui.core.contacts import ContactInput
from netui.db import backups, close_database, migrations, open_database
from netui.db.backups import Backup

from .conftest import overwrite_pages, run_netui, sha256, table_pages


def names_in(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM contact ORDER BY name")]
    finally:
        conn.close()


def test_a_backup_is_a_complete_self_contained_copy(db_path, now):
    contacts.create(ContactInput(name="Ada Lovelace", note="kept"), now)
    path = backups.take(db_path, "manual", now=now)
    assert path.parent == db_path.parent / "backups"
    assert path.name == "netui-20261121-100000-manual.db"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert not list(path.parent.glob(".*part"))
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file, no WAL beside it
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    conn.close()
    assert names_in(path) == ["Ada Lovelace"]
    assert backups.list_backups(db_path) == [Backup(path, dt.datetime(2026, 11, 21, 10), "manual")]


def test_backup_sees_uncheckpointed_writes_of_an_open_connection(db_path, db, now):
    """The app keeps the file open in WAL mode; a backup taken meanwhile holds the latest write."""
    db.execute_sql("PRAGMA wal_autocheckpoint = 0")
    contacts.create(ContactInput(name="Only In The WAL"), now)
    assert os.path.getsize(f"{db_path}-wal") > 0
    path = backups.take(db_path, now=now)
    assert names_in(path) == ["Only In The WAL"]


def test_backup_to_a_path_refuses_to_overwrite(db_path, tmp_path, now):
    target = tmp_path / "copy.db"
    assert backups.take(db_path, target=target, now=now) == target
    with pytest.raises(backups.BackupError, match="already exists"):
        backups.take(db_path, target=target, now=now)
    into_folder = backups.take(db_path, target=tmp_path, now=now)
    assert into_folder == tmp_path / "netui-20261121-100000.db"


def test_same_second_backups_do_not_overwrite_each_other(db_path, now):
    first = backups.take(db_path, "pre-migration", now=now, note="v1")
    second = backups.take(db_path, "pre-migration", now=now, note="v1")
    assert first != second and first.exists() and second.exists()
    assert backups.list_backups(db_path)[0].path == second  # newest first, by file time on a tie


def fake_backup(db_path, when: dt.datetime, kind: str = "daily"):
    folder = db_path.parent / "backups"
    folder.mkdir(exist_ok=True)
    path = folder / f"{db_path.stem}-{when:%Y%m%d-%H%M%S}-{kind}.db"
    path.write_bytes(b"")
    return path


def test_thinning_keeps_7_daily_4_weekly_6_monthly(db_path):
    start = dt.datetime(2026, 11, 21, 9, 0)
    made = [fake_backup(db_path, start - dt.timedelta(days=d, hours=h)) for d in range(400) for h in (0, 5)]
    for n in range(5):
        fake_backup(db_path, start - dt.timedelta(days=30 * n, minutes=1), "pre-migration")
    other = db_path.parent / "backups" / "other-20200101-000000-daily.db"
    other.write_bytes(b"")
    backups.thin(db_path)
    kept = backups.list_backups(db_path)
    rolling = [b.taken_at for b in kept if b.kind == "daily"]
    days = {t.date() for t in rolling}
    # the newest of each of the last 7 days ...
    assert {start.date() - dt.timedelta(days=d) for d in range(7)} <= days
    assert all(t.hour == 9 for t in rolling)  # the newest of its day, never the earlier one
    # ... of each of the last 4 ISO weeks (Sat 21 Nov 2026 is in week 47) and of the last 6 months
    weekly = {dt.date(2026, 11, 8), dt.date(2026, 11, 1)}  # weeks 45 and 44; 47 and 46 are already in
    monthly = {dt.date(2026, 10, 31), dt.date(2026, 9, 30), dt.date(2026, 8, 31), dt.date(2026, 7, 31),
               dt.date(2026, 6, 30)}
    assert days == {start.date() - dt.timedelta(days=d) for d in range(7)} | weekly | monthly
    assert len([b for b in kept if b.kind == "pre-migration"]) == 3
    assert other.exists()  # another database's backups are not ours to thin
    assert made[0].exists()


def test_daily_backup_once_a_day_and_only_when_the_data_changed(db_path, now):
    assert backups.daily(db_path, now) is None  # an empty database is not worth a backup
    contacts.create(ContactInput(name="Ada"), now)
    first = backups.daily(db_path, now)
    assert first is not None
    assert backups.daily(db_path, now + dt.timedelta(hours=3)) is None  # at most once a day
    # the next day, with the file untouched since: nothing to back up
    old = first.stat().st_mtime + 10
    for p in (db_path, f"{db_path}-wal"):
        if os.path.exists(p):
            os.utime(p, (old - 100, old - 100))
    assert backups.daily(db_path, now + dt.timedelta(days=1)) is None
    contacts.create(ContactInput(name="Babbage"), now)  # a write touches the WAL
    os.utime(first, (old - 200, old - 200))
    second = backups.daily(db_path, now + dt.timedelta(days=1))
    assert second is not None and second.name == "netui-20261122-100000-daily.db"
    assert names_in(second) == ["Ada", "Babbage"]


def test_restore_backs_up_the_current_file_first(db_path, now):
    contacts.create(ContactInput(name="Before"), now)
    saved = backups.take(db_path, now=now)
    contacts.create(ContactInput(name="After"), now)
    close_database()
    previous = backups.restore(saved, db_path, now + dt.timedelta(minutes=1))
    assert previous is not None and "pre-restore" in previous.name
    assert names_in(previous) == ["After", "Before"]
    assert not os.path.exists(f"{db_path}-wal")
    open_database(db_path)
    assert [c["name"] for c in map(contacts.contact_dict, [1])] == ["Before"]
    assert contacts.count() == 1


def test_restore_refuses_a_damaged_or_foreign_backup_and_changes_nothing(db_path, tmp_path, now):
    contacts.create(ContactInput(name="Current", note="x" * 3000), now)
    for i in range(60):
        contacts.create(ContactInput(name=f"Filler {i}", note="y" * 3000), now)
    bad = backups.take(db_path, now=now)
    close_database()
    overwrite_pages(bad, table_pages(bad, "contact")[1:3])
    before = sha256(db_path)
    with pytest.raises(backups.BackupError, match="cannot be restored"):
        backups.restore(bad, db_path, now)
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(backups.BackupError, match="not a netui database"):
        backups.restore(foreign, db_path, now)
    newer = backups.take(db_path, target=tmp_path / "newer.db", now=now)
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    with pytest.raises(backups.BackupError, match="newer netui"):
        backups.restore(newer, db_path, now)
    assert sha256(db_path) == before
    assert [b.kind for b in backups.list_backups(db_path)] == ["manual"]


def test_restore_over_a_damaged_file_keeps_its_bytes(db_path, now):
    for i in range(80):
        contacts.create(ContactInput(name=f"Person {i}", note="z" * 2000), now)
    good = backups.take(db_path, now=now)
    close_database()
    overwrite_pages(db_path, table_pages(db_path, "contact")[2:4])
    damaged = sha256(db_path)
    kept = backups.restore(good, db_path, now)
    assert kept is not None and "damaged" in kept.name and sha256(kept) == damaged
    assert backups.newest_good(db_path).path == good  # a damaged copy is never offered
    assert len(names_in(db_path)) == 80


def damaged_file(db_path, now, people: int = 80) -> None:
    """The open database filled, closed, and pages of its contact table overwritten."""
    for i in range(people):
        contacts.create(ContactInput(name=f"Person {i:03d}", note="z" * 2000), now)
    close_database()
    overwrite_pages(db_path, table_pages(db_path, "contact")[2:4])


def test_a_backup_of_a_damaged_file_is_kept_aside_and_never_pushes_out_the_good_one(db_path, now):
    contacts.create(ContactInput(name="Good"), now)
    good = backups.take(db_path, "daily", now=now - dt.timedelta(days=1))
    open_database(db_path)
    damaged_file(db_path, now)
    # the rolling policy would keep only the newest of each day: a damaged copy must not take the good one's place
    taken = [backups.take(db_path, "daily", now=now + dt.timedelta(days=d)) for d in range(10)]
    assert all("-damaged" in p.name for p in taken)
    assert good.exists()
    assert backups.newest_good(db_path).path == good
    assert all(b.kind == "damaged" for b in backups.list_backups(db_path) if b.path != good)


def test_thinning_never_deletes_the_newest_good_backup(db_path, now):
    good = backups.take(db_path, "daily", now=now - dt.timedelta(days=400))
    start = now - dt.timedelta(days=30)
    for d in range(30):  # newer rolling backups, all unreadable (damaged on disk after they were taken)
        fake_backup(db_path, start + dt.timedelta(days=d)).write_bytes(b"not a database" * 100)
    backups.thin(db_path)
    assert good.exists()
    assert backups.newest_good(db_path).path == good


def test_netui_backup_of_a_damaged_file_says_so(db_path, tmp_path, now):
    damaged_file(db_path, now)
    result = run_netui(db_path, tmp_path, "backup")
    assert result.returncode == 1
    assert "-damaged.db" in result.stdout and "fails its check" in result.stdout
