from __future__ import annotations

import sqlite3

import pytest

from netui.db import close_database, migrations, open_database


def test_fresh_database_is_at_the_latest_schema(db_path):
    from netui.db import db

    assert migrations.schema_version(db) == migrations.LATEST
    rows = db.execute_sql("SELECT number, name FROM migration ORDER BY number").fetchall()
    assert [r[0] for r in rows] == [n for n, _, _ in migrations.MIGRATIONS]
    journal = db.execute_sql("PRAGMA journal_mode").fetchone()[0]
    assert journal == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_newer_schema_is_refused_not_guessed(db_path):
    close_database()
    con = sqlite3.connect(db_path)
    con.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    con.close()
    with pytest.raises(migrations.SchemaTooNew, match="newer netui"):
        open_database(db_path)


def test_pending_migration_backs_up_first(db_path, monkeypatch):
    from netui.db import db

    db.execute_sql("INSERT INTO meta (key, value) VALUES ('marker', 'kept')")
    close_database()
    ran = []
    steps = migrations.MIGRATIONS + [(migrations.LATEST + 1, "test step", lambda d: ran.append(True))]
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    monkeypatch.setattr(migrations, "LATEST", migrations.LATEST + 1)
    open_database(db_path)
    assert ran == [True]
    backups = list((db_path.parent / "backups").glob("*pre-migration*.db"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT value FROM meta WHERE key = 'marker'").fetchone() == ("kept",)
    assert con.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST - 1
