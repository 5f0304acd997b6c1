"""Numbered schema migrations, recorded in the database, with a backup taken first.

Each migration is a function of the database; ``migrate()`` runs the pending ones in order inside one
transaction, records each in the ``migration`` table and in ``PRAGMA user_version``. A database whose
version is newer than this program raises ``SchemaTooNew``: the caller opens it read-only instead of
guessing at a schema it does not know.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Callable

from peewee import SqliteDatabase

from netui.db import models as m


class SchemaTooNew(Exception):
    """The database was written by a newer netui."""


def _initial(database: SqliteDatabase) -> None:
    database.create_tables(m.ALL_MODELS + [m.Migration], safe=True)
    database.execute_sql(m.FTS_SQL)
    # The tick asks only for open reminders: a partial index keeps it small at any size.
    database.execute_sql(
        "CREATE INDEX IF NOT EXISTS reminder_open_due ON reminder(next_due_at) WHERE next_due_at IS NOT NULL"
    )


MIGRATIONS: list[tuple[int, str, Callable[[SqliteDatabase], None]]] = [
    (1, "initial schema", _initial),
]

LATEST = MIGRATIONS[-1][0]


def schema_version(database: SqliteDatabase) -> int:
    return database.execute_sql("PRAGMA user_version").fetchone()[0]


def backup_before_migration(path: Path, version: int) -> Path | None:
    """Copy a non-empty database aside with SQLite's backup API before changing its schema."""
    if str(path) == ":memory:" or not path.exists() or path.stat().st_size == 0:
        return None
    from netui.locations import backup_dir, ensure_private_dir

    folder = backup_dir(path)
    ensure_private_dir(folder)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-v{version}-pre-migration-{stamp}.db"
    source = sqlite3.connect(str(path))
    try:
        dest = sqlite3.connect(str(target))
        with dest:
            source.backup(dest)
        dest.close()
    finally:
        source.close()
    target.chmod(0o600)
    return target


def migrate(database: SqliteDatabase, path: Path) -> list[int]:
    """Apply pending migrations; return the numbers applied."""
    current = schema_version(database)
    if current > LATEST:
        raise SchemaTooNew(
            f"{path} was written by a newer netui (schema {current}, this one knows {LATEST})"
        )
    pending = [step for step in MIGRATIONS if step[0] > current]
    if not pending:
        return []
    if current > 0:
        backup_before_migration(Path(path), current)
    with database.atomic():
        for number, name, step in pending:
            step(database)
            m.Migration.insert(number=number, name=name, applied_at=dt.datetime.now()).on_conflict_replace().execute()
        database.execute_sql(f"PRAGMA user_version = {pending[-1][0]}")
    return [number for number, _, _ in pending]
