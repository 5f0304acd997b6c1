"""Faults injected into real processes: kill -9 during a migration, a full disk, a held write lock."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from netui.core import contacts
from netui.core.contacts import ContactInput
from netui.db import backups, check, close_database, migrations

from .conftest import ROOT, netui_env, run_netui

# --- kill -9 in the middle of a migration -----------------------------------------------------------

ROWS = 300

# A migration that adds a column and fills it row by row, slowly enough to be killed halfway.
SLOW_MIGRATION = textwrap.dedent(
    """
    import sys, time
    from netui.db import migrations, open_database

    def slow(database):
        database.execute_sql("ALTER TABLE contact ADD COLUMN extra TEXT")
        ids = [r[0] for r in database.execute_sql("SELECT id FROM contact").fetchall()]
        print("migrating", flush=True)
        for i in ids:
            database.execute_sql("UPDATE contact SET extra = 'x' || id WHERE id = ?", (i,))
            time.sleep(0.003)

    migrations.MIGRATIONS.append((migrations.LATEST + 1, "slow", slow))
    migrations.LATEST += 1
    open_database(sys.argv[1])
    print("done", flush=True)
    """
)


def state_of(path) -> tuple[int, set[str], list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        columns = {r[1] for r in conn.execute("PRAGMA table_info(contact)")}
        extra = "extra" if "extra" in columns else "NULL"
        rows = conn.execute(f"SELECT id, name, {extra} FROM contact ORDER BY id").fetchall()
        return version, columns, rows
    finally:
        conn.close()


@pytest.fixture(scope="module")
def populated(tmp_path_factory):
    """A database of ROWS people at the current schema, made once and copied for each run."""
    from netui.db import open_database

    path = tmp_path_factory.mktemp("template") / "netui.db"
    open_database(path)
    for i in range(ROWS):
        contacts.create(ContactInput(name=f"Person {i:03d}"), dt.datetime(2026, 11, 21, 10))
    close_database()
    return path


@pytest.mark.process
@pytest.mark.slow  # kill -9 of real processes
@pytest.mark.parametrize("run", range(6))
def test_kill_9_during_a_migration_leaves_the_old_schema_or_the_new_one_whole(run, populated, db_path, tmp_path):
    close_database()
    shutil.copyfile(populated, db_path)
    rng = random.Random(9000 + run)
    old = migrations.LATEST
    proc = subprocess.Popen([sys.executable, "-c", SLOW_MIGRATION, str(db_path)], stdout=subprocess.PIPE, text=True,
                            env=netui_env(db_path, tmp_path), cwd=ROOT)
    try:
        if run < 2:
            time.sleep(rng.uniform(0.05, 1.5))  # anywhere: start-up, the backup, the migration, after
        else:
            assert proc.stdout.readline().strip() == "migrating"
            time.sleep(rng.uniform(0, ROWS * 0.003))  # certainly inside the transaction
        proc.kill()
    finally:
        proc.wait(timeout=30)
    version, columns, rows = state_of(db_path)
    assert len(rows) == ROWS
    assert [r[1] for r in rows] == [f"Person {i:03d}" for i in range(ROWS)]
    if version == old:
        assert "extra" not in columns
    else:
        assert version == old + 1
        assert all(extra == f"x{cid}" for cid, _name, extra in rows)
    # a backup interrupted halfway is never left looking like a backup
    for b in backups.list_backups(db_path):
        assert check.quick_check(b.path).ok
    # and the next start finishes the job
    done = subprocess.run([sys.executable, "-c", SLOW_MIGRATION, str(db_path)], capture_output=True, text=True,
                          env=netui_env(db_path, tmp_path), cwd=ROOT, timeout=60)
    assert done.stdout.splitlines()[-1] == "done", done.stderr
    version, columns, rows = state_of(db_path)
    assert version == old + 1 and len(rows) == ROWS
    assert all(extra == f"x{cid}" for cid, _name, extra in rows)


# --- a full disk ------------------------------------------------------------------------------------


def contact_names(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return [r[0] for r in conn.execute("SELECT name FROM contact ORDER BY name")]
    finally:
        conn.close()


def test_disk_full_during_a_cli_write(small_disk, tmp_path):
    disk = small_disk(2048)
    path = disk.path / "netui.db"
    for name in ("Ada Lovelace", "Alan Turing"):
        assert run_netui(path, tmp_path, "add", name).returncode == 0
    disk.fill(leave=48 * 1024)  # room to open (the WAL index) but not to write a contact
    result = run_netui(path, tmp_path, "add", "Grace Hopper", "--note", "n" * 15000, "--tag", "navy")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"netui: not saved: the disk holding {path} is full; free some space and try again"
    ]
    listing = run_netui(path, tmp_path, "list")  # reading still works on a full disk
    assert listing.returncode == 0 and "Alan Turing" in listing.stdout
    disk.free()
    assert contact_names(path) == ["Ada Lovelace", "Alan Turing"]
    assert run_netui(path, tmp_path, "add", "Grace Hopper").returncode == 0
    assert contact_names(path) == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]


def write_cards(path, n: int, prefix: str = "card") -> None:
    with open(path, "w", newline="") as out:
        for i in range(n):
            out.write(f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{prefix}-{i:06d}\r\nFN:Person {i:06d}\r\n"
                      f"EMAIL:p{i:06d}@example.org\r\nNOTE:{'note ' * 40}\r\nEND:VCARD\r\n")


def test_disk_full_during_an_import_keeps_whole_batches(small_disk, tmp_path):
    from netui.interop import importer

    disk = small_disk(8192)
    path = disk.path / "netui.db"
    cards = tmp_path / "cards.vcf"
    total = importer.BATCH + importer.BATCH // 2
    write_cards(cards, total)
    assert run_netui(path, tmp_path, "list").returncode == 0  # an empty, migrated database
    disk.fill(leave=800 * 1024)  # room for the first batch of 500 (about 700 KB), not for the rest
    result = run_netui(path, tmp_path, "import", str(cards), timeout=120)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"netui: not saved: the disk holding {path} is full; free some space and try again"
    ]
    kept = contact_names(path)  # integrity_check passes
    assert len(kept) % importer.BATCH == 0 and len(kept) < total
    assert kept == [f"Person {i:06d}" for i in range(len(kept))]  # whole batches, from the start
    disk.free()
    again = run_netui(path, tmp_path, "import", str(cards), timeout=120)
    assert again.returncode == 0, again.stderr
    assert contact_names(path) == [f"Person {i:06d}" for i in range(total)]  # no duplicates


@pytest.fixture
def lock_holder():
    """``hold(path)`` starts a process that holds ``BEGIN IMMEDIATE`` until ``release()``."""
    procs = []

    def hold(path):
        code = textwrap.dedent(
            """
            import sqlite3, sys
            conn = sqlite3.connect(sys.argv[1], isolation_level=None)
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO meta (key, value) VALUES ('held', 'yes')")
            print("locked", flush=True)
            sys.stdin.readline()
            conn.execute("COMMIT")
            print("released", flush=True)
            """
        )
        proc = subprocess.Popen([sys.executable, "-c", code, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                text=True)
        assert proc.stdout.readline().strip() == "locked"
        procs.append(proc)

        def release():
            proc.stdin.write("\n")
            proc.stdin.flush()
            assert proc.stdout.readline().strip() == "released"
            proc.wait(timeout=10)

        return release

    yield hold
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.process
@pytest.mark.slow  # waits out netui's 5 s busy timeout
def test_a_held_lock_makes_a_write_wait_then_report(db_path, tmp_path, lock_holder, now):
    contacts.create(ContactInput(name="Ada Lovelace"), now)
    close_database()
    release = lock_holder(db_path)
    listing = run_netui(db_path, tmp_path, "list")  # readers are never blocked by a writer
    assert listing.returncode == 0 and "Ada Lovelace" in listing.stdout
    result = run_netui(db_path, tmp_path, "add", "Grace Hopper", process=True)  # waits for the busy timeout
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"netui: not saved: {db_path} is busy (another program, perhaps another netui, kept it locked for 5 "
        "seconds); try again"
    ]
    release()
    assert contact_names(db_path) == ["Ada Lovelace"]


def wait_until_blocked(proc: subprocess.Popen, timeout: float = 4.0) -> None:
    """Return once ``proc`` sleeps in SQLite's busy handler (Linux shows it in nanosleep in /proc; nothing
    else in netui sleeps) or has ended; bounded below netui's 5 s busy timeout, which starts later."""
    wchan = Path(f"/proc/{proc.pid}/wchan")
    end = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < end:
        try:
            if "nanosleep" in wchan.read_text():
                return
        except OSError:  # no /proc: the bound is the wait
            pass
        time.sleep(0.01)


@pytest.mark.process
def test_a_write_waiting_for_a_lock_succeeds_once_it_is_released(db_path, tmp_path, lock_holder, now):
    contacts.create(ContactInput(name="Ada Lovelace"), now)
    close_database()
    release = lock_holder(db_path)
    writer = subprocess.Popen([sys.executable, "-m", "netui", "add", "Grace Hopper"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=netui_env(db_path, tmp_path), cwd=ROOT)
    wait_until_blocked(writer)  # the writer is waiting on the lock; either way it must succeed
    release()
    out, err = writer.communicate(timeout=30)
    assert writer.returncode == 0, err
    assert out.startswith("added #2 Grace Hopper")
    assert contact_names(db_path) == ["Ada Lovelace", "Grace Hopper"]
