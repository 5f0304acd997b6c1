"""`netui check`: SQLite's integrity and foreign-key checks in plain words, changing nothing."""

from __future__ import annotations

import os
import sqlite3

from netui.core import contacts, interactions, search
from netui.core.contacts import ContactInput
from netui.db import backups, check, close_database, migrations, open_database

from .conftest import overwrite_pages, run_netui, sha256, table_pages


def fill(now, n: int = 120) -> None:
    for i in range(n):
        cid = contacts.create(ContactInput(name=f"Person {i:03d}", note=f"note {i} " + "n" * 1500), now)
        interactions.log(cid, "call", now, now, summary=f"call {i}")


def test_a_healthy_database(db_path, tmp_path, now):
    fill(now, 5)
    close_database()
    result = run_netui(db_path, tmp_path, "check")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "netui.db is healthy: 5 contacts, 5 interactions; no damage found and every link between records is intact."
    ]


def test_overwritten_pages_are_found_reported_and_the_file_untouched(db_path, tmp_path, now):
    fill(now)
    good = backups.take(db_path, now=now)
    close_database()
    assert not os.path.exists(f"{db_path}-wal")  # checkpointed on close: the damage goes to the file itself
    overwrite_pages(db_path, table_pages(db_path, "contact")[3:5])
    before = sha256(db_path)
    result = run_netui(db_path, tmp_path, "check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    # SQLite either lists what it found or stops at the first unreadable row: both say "damaged"
    assert lines[0].startswith("netui.db is damaged: SQLite ")
    assert lines[0].endswith(". Nothing was changed.")
    assert f"The newest good backup is from Sat 21 Nov 2026 10:00 (manual): {good}" in lines
    assert lines[-1] == f"Restore it with: netui restore {good}"
    assert sha256(db_path) == before
    assert not os.path.exists(f"{db_path}-wal") or os.path.getsize(f"{db_path}-wal") == 0
    # the quick check the app runs finds it too
    assert not check.quick_check(db_path).ok
    assert sha256(db_path) == before


def test_broken_links_between_records(db_path, tmp_path, now):
    fill(now, 3)
    close_database()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO interaction (contact_id, occurred_at, kind, summary, note, created_at) "
                 "VALUES (999, '2026-01-01', 'call', '', '', '2026-01-01')")
    conn.commit()
    conn.close()
    result = run_netui(db_path, tmp_path, "check")
    assert result.returncode == 1
    assert result.stdout.startswith(
        "netui.db has broken links between records (1 interaction row points to a missing contact). "
        "The file itself is sound. Nothing was changed."
    )
    assert "No good backup was found" in result.stdout


def test_not_a_database_and_no_database(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(8192))
    before = sha256(junk)
    result = run_netui(junk, tmp_path, "check")
    assert result.returncode == 1
    assert result.stdout.startswith(
        "junk.db is not a database SQLite can read (file is not a database): the wrong file, or damaged beyond "
        "reading. Nothing was changed.\n")
    assert sha256(junk) == before
    missing = run_netui(tmp_path / "nothing.db", tmp_path, "check")
    assert missing.returncode == 1
    assert missing.stdout.startswith(f"There is no database at {tmp_path / 'nothing.db'}.")
    assert not (tmp_path / "nothing.db").exists()


def test_opening_a_damaged_file_for_a_command_says_so_in_one_line(db_path, tmp_path, now):
    fill(now)
    close_database()
    overwrite_pages(db_path, table_pages(db_path, "contact"))
    result = run_netui(db_path, tmp_path, "list")
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert "is damaged" in result.stderr and "netui check" in result.stderr


def test_check_remembers_damage_and_later_writes_are_refused_with_the_way_out(db_path, tmp_path, now):
    fill(now)
    close_database()
    overwrite_pages(db_path, table_pages(db_path, "interaction")[1:3])
    before = sha256(db_path)
    found = run_netui(db_path, tmp_path, "check")
    assert found.returncode == 1 and "refuses to write to it" in found.stdout
    for args in (("add", "Somebody"), ("log", "Person 001", "--kind", "call")):
        refused = run_netui(db_path, tmp_path, *args)
        assert refused.returncode == 1, refused.stdout
        assert len(refused.stderr.splitlines()) == 1
        assert "`netui check` found it damaged" in refused.stderr and "netui check --repair" in refused.stderr
    assert "Person 001" in run_netui(db_path, tmp_path, "show", "Person 001").stdout  # reading still works
    assert sha256(db_path) == before


def test_repair_copies_out_what_can_be_read_and_keeps_the_damaged_file(db_path, tmp_path, now):
    fill(now)
    close_database()
    pages = table_pages(db_path, "contact")
    overwrite_pages(db_path, pages[3:5])
    damaged = sha256(db_path)
    assert run_netui(db_path, tmp_path, "check").returncode == 1
    result = run_netui(db_path, tmp_path, "check", "--repair")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Repaired {db_path}: everything SQLite could read was copied into a new file."
    kept = next(backups.folder(db_path).glob("*-damaged.db"))
    assert lines[1] == f"The damaged file is kept as {kept}." and sha256(kept) == damaged
    contact_line = next(line for line in lines if line.strip().startswith("contact:"))
    recovered = int(contact_line.split(":")[1].split()[0])
    assert 0 < recovered < 120 and "unreadable ids" in contact_line
    interaction_line = next(line for line in lines if line.strip().startswith("interaction:"))
    assert "dropped because what they belonged to was lost" in interaction_line
    healthy = run_netui(db_path, tmp_path, "check")
    assert healthy.returncode == 0, healthy.stdout
    assert f"{recovered} contacts, {recovered} interactions" in healthy.stdout
    assert run_netui(db_path, tmp_path, "add", "After The Repair").returncode == 0  # writes are allowed again
    open_database(db_path)  # the search index was rebuilt: every recovered contact is found by name
    assert search.count(search.Query("person")) == recovered
    close_database()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
