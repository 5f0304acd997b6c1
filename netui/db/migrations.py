"""Numbered schema migrations, recorded in the database, with a backup taken first.

Each migration is a function of the database; ``migrate()`` runs the pending ones in order inside one
transaction, records each in the ``migration`` table, checks the result, and only then sets
``PRAGMA user_version``: all or nothing. A database whose version is newer than this program raises
``SchemaTooNew``: the caller opens it read-only (the app) or refuses (the CLI) instead of guessing at a
schema it does not know.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from peewee import SqliteDatabase

from netui.db import models as m
from netui.db.database import DatabaseError


class SchemaTooNew(Exception):
    """The database was written by a newer netui."""


class MigrationFailed(DatabaseError):
    """A migration did not pass its check; it was rolled back and the database is as it was."""


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
    from netui.db import backups

    if str(path) == ":memory:" or not path.exists() or path.stat().st_size == 0:
        return None
    return backups.take(Path(path), "pre-migration", note=f"v{version}")


def check_in_transaction(database: SqliteDatabase) -> list[str]:
    """What a migration must leave right: every link intact and every page sound (inside its transaction)."""
    problems = [f"{row[0]} row {row[1]} points to a missing {row[2]}"
                for row in database.execute_sql("PRAGMA foreign_key_check").fetchall()]
    problems += [row[0] for row in database.execute_sql("PRAGMA quick_check").fetchall() if row[0] != "ok"]
    return problems


def migrate(database: SqliteDatabase, path: Path) -> list[int]:
    """Apply pending migrations; return the numbers applied.

    All of them run in one transaction that holds the write lock from the start; the version is read
    again under the lock (another netui may have just migrated), and the database is marked upgraded
    (``user_version``) only after the migrated schema passed a check. A crash or a failed check at any
    point leaves the old schema with all its rows.
    """
    current = schema_version(database)
    if current > LATEST:
        raise SchemaTooNew(
            f"{path} was written by a newer netui (schema {current}, this one knows {LATEST})"
        )
    if not [step for step in MIGRATIONS if step[0] > current]:
        return []
    if current > 0:
        backup_before_migration(Path(path), current)
    with database.atomic():
        current = schema_version(database)
        pending = [step for step in MIGRATIONS if step[0] > current]
        for number, name, step in pending:
            step(database)
            m.Migration.insert(number=number, name=name, applied_at=dt.datetime.now()).on_conflict_replace().execute()
        if pending:
            problems = check_in_transaction(database)
            if problems:
                raise MigrationFailed(
                    f"{path}: upgrading to schema {pending[-1][0]} failed its check ({problems[0]}); "
                    "nothing was changed"
                )
            database.execute_sql(f"PRAGMA user_version = {pending[-1][0]}")
    return [number for number, _, _ in pending]
