"""The one database object, and how it is opened.

``db`` is created unbound (``SqliteDatabase(None)``) so that importing netui never touches a file;
``open_database(path)`` binds it, sets the pragmas, and runs pending migrations (after a backup).
Peewee keeps one connection per thread, so a worker thread simply uses ``db`` too: it gets its own
connection to the same file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from peewee import SqliteDatabase

from netui.locations import ensure_private_dir

PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "full",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "cache_size": -32000,  # 32 MB page cache: list windows and FTS stay hot
    "temp_store": "memory",
}

db = SqliteDatabase(None)


class DatabaseError(Exception):
    """A database problem explained in plain words (shown to the user as is)."""


def open_database(path: str | os.PathLike[str], *, migrate: bool = True) -> SqliteDatabase:
    """Bind ``db`` to ``path`` (created 0600 in a 0700 directory) and bring its schema up to date."""
    path = Path(path)
    if str(path) != ":memory:":
        ensure_private_dir(path.parent)
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
            os.close(fd)
        try:
            os.chmod(path, 0o600)
        except PermissionError:
            pass
    if not db.is_closed():
        db.close()
    db.init(str(path), pragmas=PRAGMAS, check_same_thread=False)
    try:
        db.connect(reuse_if_open=True)
    except sqlite3.DatabaseError as exc:  # pragma: no cover - exercised by fault tests
        raise DatabaseError(f"cannot open {path}: {exc}") from exc
    if migrate:
        from netui.db.migrations import migrate as run_migrations

        run_migrations(db, path)
    return db


def close_database() -> None:
    if not db.is_closed():
        db.close()
