from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee
import pytest

from netui.core import search
from netui.db import close_database, migrations, open_database
from netui.db import models as m


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


# --- frozen history: every old schema upgrades to exactly the fresh one, keeping every row -------------

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SKIP_TABLES = ("sqlite_", "contact_fts_")  # SQLite's own and the full-text index's shadow tables


def schema_of(path: Path) -> list[tuple]:
    """What a database is made of, as SQLite stores it (page numbers left out)."""
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"), key=repr)
    finally:
        conn.close()


def fresh_schema(tmp_path: Path) -> list[tuple]:
    path = tmp_path / "fresh" / "netui.db"
    open_database(path)
    close_database()
    return schema_of(path)


def tables(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")
            if not r[0].startswith(SKIP_TABLES)]


def rows_of(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table (the full-text index too, through its virtual table), by rowid."""
    conn = sqlite3.connect(path)
    try:
        out = {}
        for table in tables(conn):
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            names = ", ".join(["rowid"] + [f'"{c}"' for c in columns])
            out[table] = conn.execute(f'SELECT {names} FROM "{table}" ORDER BY rowid').fetchall()
        return out
    finally:
        conn.close()


def build_at(path: Path, version: int) -> None:
    """A database at ``version``, made by the frozen steps alone (no model is read)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    old = peewee.SqliteDatabase(str(path))
    old.connect()
    with old.atomic():
        for number, name, step in [s for s in migrations.MIGRATIONS if s[0] <= version]:
            step(old)
            old.execute_sql("INSERT INTO migration (number, name, applied_at) VALUES (?, ?, ?)",
                            (number, name, "2026-01-01 00:00:00"))
        old.execute_sql(f"PRAGMA user_version = {version}")
    old.close()


def fill_every_table(path: Path, n: int = 3) -> None:
    """``n`` rows in every table of the schema as it is at that version, each column given a value of its type;
    every link points at row ``i`` of its parent, which exists (parents are created first)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    for table in tables(conn):
        if table == "migration":
            continue
        info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
        for i in range(1, n + 1):
            values = []
            for _cid, column, declared, _notnull, _default, _pk in info:
                declared = (declared or "").upper()
                if table == "contact_fts" or "CHAR" in declared or "TEXT" in declared:
                    values.append(f"{table}.{column} {i} é")
                elif declared == "DATE":
                    values.append(f"2026-11-0{i}")
                elif declared == "DATETIME":
                    values.append(f"2026-11-0{i} 10:0{i}:00")
                else:
                    values.append(i)
            names = ", ".join(f'"{c[1]}"' for c in info)
            rowid = ["rowid"] if table == "contact_fts" else []
            conn.execute(f'INSERT INTO "{table}" ({", ".join(rowid + [names])}) VALUES ({", ".join("?" * (len(values) + len(rowid)))})',
                         ([i] if rowid else []) + values)
    conn.commit()
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


@pytest.mark.parametrize("version", [number for number, _, _ in migrations.MIGRATIONS])
def test_every_historical_version_upgrades_to_the_fresh_schema_keeping_every_row(tmp_path, version):
    path = tmp_path / f"v{version}" / "netui.db"
    build_at(path, version)
    fill_every_table(path)
    before = rows_of(path)
    assert all(before[t] for t in before if t != "migration")  # every table really holds rows
    open_database(path)
    close_database()
    assert schema_of(path) == fresh_schema(tmp_path)
    after = rows_of(path)
    for table, rows in before.items():
        if table == "migration":
            continue
        width = len(rows[0])  # a later step may add columns; the old ones keep their values
        assert [row[:width] for row in after[table]] == rows, table
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    assert [r[0] for r in conn.execute("SELECT number FROM migration ORDER BY number")] == [
        number for number, _, _ in migrations.MIGRATIONS]
    conn.close()


def test_schema_1_is_what_netui_shipped_at_0852edb(tmp_path):
    """The frozen DDL of migration 1 is statement for statement what that release wrote."""
    shipped = sqlite3.connect(":memory:")
    shipped.executescript((FIXTURES / "netui-0852edb.sql").read_text(encoding="utf-8"))
    path = tmp_path / "v1" / "netui.db"
    build_at(path, 1)
    frozen = sqlite3.connect(path)
    query = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
    assert frozen.execute(query).fetchall() == shipped.execute(query).fetchall()


def test_a_database_made_by_0852edb_opens_upgrades_and_matches_a_fresh_one(tmp_path):
    path = tmp_path / "old" / "netui.db"
    path.parent.mkdir()
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "netui-0852edb.sql").read_text(encoding="utf-8"))
    conn.close()
    before = rows_of(path)
    assert len(before["contact"]) == 25 and before["introduction"] and before["give"] and before["reminder"]
    open_database(path)
    assert [r.name for r in search.page(search.Query("birch"), "name", 0, 10)] == ["Anders Lindqvist"]
    close_database()
    assert schema_of(path) == fresh_schema(tmp_path)
    after = rows_of(path)
    for table, rows in before.items():
        if table != "migration" and rows:
            width = len(rows[0])  # a later step may add columns; the old ones keep their values
            assert [row[:width] for row in after[table]] == rows, table
    backups = list((path.parent / "backups").glob("*pre-migration-v1.db"))
    assert len(backups) == 1  # the old file was kept before its schema changed


# --- the models agree with the migrations --------------------------------------------------------------


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple]:
    return [(name, declared, bool(notnull), pk) for _cid, name, declared, notnull, _default, pk
            in conn.execute(f'PRAGMA table_info("{table}")')]


def _indexes(conn: sqlite3.Connection, table: str) -> set[tuple]:
    out = set()
    for _seq, name, unique, origin, _partial in conn.execute(f'PRAGMA index_list("{table}")'):
        if origin == "c":  # made by CREATE INDEX (a primary key's own index is the table's business)
            columns = tuple(r[2] for r in conn.execute(f'PRAGMA index_info("{name}")'))
            out.add((name, bool(unique), columns))
    return out


def test_every_model_matches_its_migrated_table(tmp_path):
    """A field added to a model without its migration (or the other way round) fails here."""
    migrated_path = tmp_path / "migrated" / "netui.db"
    open_database(migrated_path)
    close_database()
    models_path = tmp_path / "models.db"
    from_models = peewee.SqliteDatabase(str(models_path))
    everything = m.ALL_MODELS + [m.Migration]
    with from_models.bind_ctx(everything):
        from_models.create_tables(everything)
    from_models.close()
    migrated, modelled = sqlite3.connect(migrated_path), sqlite3.connect(models_path)
    for model in everything:
        table = model._meta.table_name
        assert _columns(migrated, table) == _columns(modelled, table), table
        assert _indexes(modelled, table) <= _indexes(migrated, table), table
    model_tables = {model._meta.table_name for model in everything}
    assert set(tables(migrated)) - {"contact_fts"} == model_tables


def test_the_fading_test_reads_its_index(db):
    """``strength_prev >= warm AND strength < strength_prev`` among the active: the index of migration 2."""
    plan = db.execute_sql(
        "EXPLAIN QUERY PLAN SELECT count(*) FROM contact WHERE archived = 0 AND strength_prev >= ? "
        "AND strength < strength_prev", [40]).fetchall()
    assert any("contact_archived_strength_prev_strength" in row[-1] for row in plan), plan
